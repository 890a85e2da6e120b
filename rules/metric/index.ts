/** Registry of the metric rules (live audit only: they need CloudWatch data), derived from the catalog. */
import { CATALOG, rulesRunning } from "../catalog";
import type { DeliveryStreamMetricRule, StreamMetricRule } from "./types";

export const STREAM_METRIC_RULES: Readonly<Record<string, StreamMetricRule>> = Object.fromEntries(
  rulesRunning("streamMetric").map((r) => [r.id, r.evaluate.streamMetric!]),
);

/**
 * Metric rules that also judge streams below the traffic filter: they are about the absence of
 * traffic (the live audit skips every other metric rule on a low-traffic stream).
 */
export const LOW_TRAFFIC_STREAM_RULES: ReadonlySet<string> = new Set(CATALOG.filter((r) => r.judgesLowTraffic).map((r) => r.id));

export const DELIVERY_STREAM_METRIC_RULES: Readonly<Record<string, DeliveryStreamMetricRule>> = Object.fromEntries(
  rulesRunning("deliveryStreamMetric").map((r) => [r.id, r.evaluate.deliveryStreamMetric!]),
);

/** The metric rules' judges (active and tag-exempt findings apart, rules/tag-exemption.ts). */
export const STREAM_METRIC_JUDGES = Object.fromEntries(rulesRunning("streamMetric").map((r) => [r.id, r.judge.streamMetric!]));
export const DELIVERY_STREAM_METRIC_JUDGES = Object.fromEntries(rulesRunning("deliveryStreamMetric").map((r) => [r.id, r.judge.deliveryStreamMetric!]));

export type { DeliveryStreamMetricRule, MetricLookup, MetricRuleContext, StreamMetricContext, StreamMetricRule } from "./types";
