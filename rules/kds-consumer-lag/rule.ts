/** kds-consumer-lag: per enhanced fan-out consumer, max SubscribeToShardEvent.MillisBehindLatest above the threshold. */
import { metric } from "../metric-requests";
import { metricFinding } from "../lib/finding-builder";
import { fmt } from "../lib/text-format";
import { seriesMax } from "../metric/series";
import type { StreamMetricRule } from "../metric/types";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { KDS_METRICS_DOC, num, ruleConfig } from "../lib/config-schema";
import type { AlarmContext } from "../define-rule";
import { AlarmIndex } from "../lib/alarm-index";
import type { AlarmRecommendation } from "../lib/alarm-recommendation";
import { stubAlarmsFor } from "../lib/remediation-values";

export const RULE_ID = "kds-consumer-lag";

export const kdsConsumerLag: StreamMetricRule<Config> = (stream, ctx) => {
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

/**
 * An alarm on every enhanced fan-out consumer without one on its lag, at the rule's threshold
 * (maxMillisBehindLatest): whether or not the consumer lags now.
 */
export function consumerLagAlarmRecommendations(ctx: AlarmContext<Config>): AlarmRecommendation[] {
  const lagMetric = "SubscribeToShardEvent.MillisBehindLatest";
  const index = new AlarmIndex(ctx.alarms, (ns, name) => (ns === "AWS/Kinesis" && name === lagMetric ? name : undefined));
  const streamByArn = new Map(ctx.streams.map((s) => [String(s.arn), s]));
  const out: AlarmRecommendation[] = [];
  for (const c of ctx.consumers) {
    const s = streamByArn.get(String(c.streamArn));
    if (!s) continue;
    const state = index.coverage({ region: s.region, namespace: "AWS/Kinesis", metricKey: lagMetric, dimensionName: "ConsumerName", name: c.name, ref: c.id.ref });
    if (state !== "missing") continue;
    out.push({
      resourceName: `${String(s.name)}/${String(c.name)}`,
      resourceType: "consumer",
      region: String(s.region ?? ""),
      priority: 2,
      namespace: "AWS/Kinesis",
      metricName: lagMetric,
      dimensions: { StreamName: String(s.name), ConsumerName: String(c.name) },
      statistic: "Maximum",
      comparison: "GreaterThanThreshold",
      threshold: ctx.config.maxMillisBehindLatest,
      periodSeconds: 300,
      evaluationPeriods: 1,
      why: "the enhanced fan-out consumer falls behind the stream",
    });
  }
  return out;
}

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
  // Without the stream's consumer list there is no consumer to judge: the rule cannot say "no lag".
  live: {
    blockedBy: [{ api: "Kinesis.ListStreamConsumers", scope: "resource" }],
    alarmRecommendations: consumerLagAlarmRecommendations,
    remediationValues: (f, input) => ({ alarms: stubAlarmsFor(input.alarmRecommendations, ["consumer"]).filter((x) => x.dimensions.ConsumerName === f.data?.consumer) }),
    consumerLagLimitMs: (config) => config.maxMillisBehindLatest,
    trendLimits: (config) => [{ metric: "SubscribeToShardEvent.MillisBehindLatest", value: config.maxMillisBehindLatest, label: "limit" }],
  },
});
