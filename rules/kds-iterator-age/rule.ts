/** kds-iterator-age: max GetRecords.IteratorAgeMilliseconds over the window above the threshold. */
import { metric } from "../metric-requests";
import { metricFinding } from "../lib/finding-builder";
import { fmt } from "../lib/text-format";
import { seriesMax } from "../metric/series";
import type { StreamMetricRule } from "../metric/types";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { KDS_METRICS_DOC, num, ruleConfig } from "../lib/config-schema";
import { iteratorAgeSpec } from "../lib/alarm-recommendation";
import { numberOf, numberIn, stubAlarm, type RemediationInput, type RemediationValues } from "../lib/remediation-values";
import type { Finding } from "../model";

export const RULE_ID = "kds-iterator-age";

export const kdsIteratorAge: StreamMetricRule<Config> = (stream, ctx) => {
  const maxAgeMs = ctx.config.maxIteratorAgeMs;
  const worst = seriesMax(ctx.metrics, metric.streamIteratorAgeMax(String(stream.region ?? ""), String(stream.name)));
  if (worst === undefined || worst <= maxAgeMs) return []; // no data: no GetRecords consumer to judge
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "GetRecords.IteratorAgeMilliseconds",
      found: `${fmt(worst, 0)} ms`,
      expected: `<= ${fmt(maxAgeMs, 0)} ms`,
      details: `Stream ${String(stream.name)}: maximum iterator age over the window is ${fmt(worst, 0)} ms (${fmt(worst / 60000, 1)} min), above ${fmt(maxAgeMs, 0)} ms; consumers are falling behind.`,
      data: { maxIteratorAgeMs: worst, thresholdMs: maxAgeMs },
    }),
  ];
};

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({ maxIteratorAgeMs: num("Maximum iterator age (ms).", 60000, 1) });

/** An alarm at the finding's threshold (data, else its `expected` text, else the rule's default). */
function iteratorAgeRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  const t = numberOf(f.data?.thresholdMs) ?? numberIn(f.expected, /^<= ([\d,.]+) ms/) ?? input.config.maxIteratorAgeMs;
  const name = input.resourceName;
  const ref = { resourceName: name, resourceType: "stream" as const, region: input.region, namespace: "AWS/Kinesis" as const, metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: name } };
  return { alarms: [stubAlarm(ref, iteratorAgeSpec(t))] };
}

export default defineRule({
  id: RULE_ID,
  issue: "Iterator Age High",
  title: "Consumers fall behind (iterator age)",
  severity: "high",
  category: "reliability",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "Maximum GetRecords.IteratorAgeMilliseconds over the window exceeds the threshold: records wait too long before they are read, and past the retention period they are lost.",
  remediation: "Scale the consumers (more workers or enhanced fan-out), fix slow record processing, or add shards so consumers can read in parallel.",
  docsUrl: KDS_METRICS_DOC,
  config: CONFIG,
  evaluate: { streamMetric: kdsIteratorAge },
  examples,
  live: {
    remediationValues: iteratorAgeRemediation,
    trendLimits: (config) => [{ metric: "GetRecords.IteratorAgeMilliseconds", value: config.maxIteratorAgeMs, label: "limit" }],
  },
  // The stream's iterator age is the lag of its polling consumers (the consumer lag report's row).
  report: { flagsPollingLag: true },
});
