/**
 * kds-write-throttling: throttled share of write attempts over the window,
 * WriteProvisionedThroughputExceeded / (WriteProvisionedThroughputExceeded + IncomingRecords).
 */
import { metric } from "../metric-requests";
import { metricFinding } from "../lib/finding-builder";
import { fmt } from "../lib/text-format";
import { seriesSum } from "../metric/series";
import { round } from "../metric/stats";
import type { StreamMetricRule } from "../metric/types";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { num, ruleConfig } from "../lib/config-schema";
import { throttlingPlan } from "./throttling-plan";

export const RULE_ID = "kds-write-throttling";

/** Throttled share (%) of write attempts, or undefined when either series has no data. */
export function throttleRatePercent(throttled: number | undefined, incomingRecords: number | undefined): number | undefined {
  if (throttled === undefined || incomingRecords === undefined) return undefined;
  const attempts = throttled + incomingRecords;
  return attempts > 0 ? (throttled / attempts) * 100 : undefined;
}

export const kdsWriteThrottling: StreamMetricRule<Config> = (stream, ctx) => {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const throttled = seriesSum(ctx.metrics, metric.streamWriteThrottled(region, name));
  const records = seriesSum(ctx.metrics, metric.streamIncomingRecords(region, name));
  const rate = throttleRatePercent(throttled, records);
  const max = ctx.config.maxThrottledPercent;
  if (rate === undefined || rate <= max) return [];
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "WriteProvisionedThroughputExceeded",
      found: `${round(rate, 2)} % throttled`,
      expected: `<= ${max} %`,
      details: `Stream ${name}: ${fmt(throttled ?? 0, 0)} of ${fmt((throttled ?? 0) + (records ?? 0), 0)} write attempts (${round(rate, 2)} %) were throttled over the window, above ${max} %.`,
      data: { throttledRecords: throttled, incomingRecords: records, throttleRatePercent: rate },
    }),
  ];
};

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({ maxThrottledPercent: num("Maximum share of throttled records (%).", 1, 0, 100) });


export default defineRule({
  id: RULE_ID,
  issue: "Throttled Records",
  title: "Producers are throttled",
  severity: "high",
  category: "reliability",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "WriteProvisionedThroughputExceeded / (WriteProvisionedThroughputExceeded + IncomingRecords) over the window exceeds the threshold.",
  remediation: "Add shards (UpdateShardCount), switch to on-demand mode, or spread partition keys so writes use every shard.",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/troubleshooting-producers.html",
  config: CONFIG,
  evaluate: { streamMetric: kdsWriteThrottling },
  examples,
  live: { remediationValues: (f, input) => (input.stream ? { throttling: throttlingPlan(f, input.stream, input) } : {}) },
});
