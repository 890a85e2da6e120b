/** kds-consumer-lag: per enhanced fan-out consumer, max SubscribeToShardEvent.MillisBehindLatest above the threshold. */
import { isExempt } from "../classify";
import { metric } from "../metrics";
import { metricFinding } from "../lib/finding-builder";
import { fmt } from "../lib/text-format";
import { seriesMax } from "../metric/series";
import type { StreamMetricRule } from "../metric/types";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { KDS_METRICS_DOC, num, ruleConfig } from "../lib/config-schema";

export const RULE_ID = "kds-consumer-lag";

export const kdsConsumerLag: StreamMetricRule<Config> = (stream, ctx) => {
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const max = ctx.config.maxMillisBehindLatest;
  const out = [];
  for (const c of ctx.consumers) {
    const consumer = String(c.name);
    const worst = seriesMax(ctx.metrics, metric.consumerLagMax(region, name, consumer));
    if (worst === undefined || worst <= max) continue;
    out.push(
      metricFinding(RULE_ID, stream.id, {
        property: `consumer ${consumer}`,
        found: `${fmt(worst, 0)} ms behind`,
        expected: `<= ${fmt(max, 0)} ms`,
        details: `Stream ${name}: enhanced fan-out consumer ${consumer} was up to ${fmt(worst, 0)} ms behind the latest record, above ${fmt(max, 0)} ms.`,
        data: { consumer, maxLagMs: worst, thresholdMs: max },
      }),
    );
  }
  return out;
};

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({ maxMillisBehindLatest: num("Maximum lag (ms).", 5000, 1) });

export default defineRule({
  id: RULE_ID,
  issue: "Consumer Lag",
  title: "Enhanced fan-out consumer lags",
  severity: "high",
  category: "reliability",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "An enhanced fan-out consumer's maximum SubscribeToShardEvent.MillisBehindLatest over the window exceeds the threshold.",
  remediation: "Scale the consumer application or speed up its record processing; check for errors that make it re-read.",
  docsUrl: KDS_METRICS_DOC,
  config: CONFIG,
  evaluate: { streamMetric: kdsConsumerLag },
  examples,
});
