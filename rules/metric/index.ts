/** Registry of the metric rules (live audit only: they need CloudWatch data). */
import { kdfDeliveryFailures } from "./kdf-delivery-failures";
import { kdsConsumerLag } from "./kds-consumer-lag";
import { kdsHotShard } from "./kds-hot-shard";
import { kdsIdleStream } from "./kds-idle-stream";
import { kdsIteratorAge } from "./kds-iterator-age";
import { kdsOnDemandSteady } from "./kds-on-demand-steady";
import { kdsOverProvisioned } from "./kds-over-provisioned";
import { kdsUnderProvisioned } from "./kds-under-provisioned";
import { kdsWriteThrottling } from "./kds-write-throttling";
import type { DeliveryStreamMetricRule, StreamMetricRule } from "./types";

export const STREAM_METRIC_RULES: Readonly<Record<string, StreamMetricRule>> = {
  "kds-iterator-age": kdsIteratorAge,
  "kds-write-throttling": kdsWriteThrottling,
  "kds-under-provisioned": kdsUnderProvisioned,
  "kds-over-provisioned": kdsOverProvisioned,
  "kds-consumer-lag": kdsConsumerLag,
  "kds-hot-shard": kdsHotShard,
  "kds-on-demand-steady": kdsOnDemandSteady,
  "kds-idle-stream": kdsIdleStream,
};

/**
 * Metric rules that also judge streams below the traffic filter: they are about the absence of
 * traffic (the live audit skips every other metric rule on a low-traffic stream).
 */
export const LOW_TRAFFIC_STREAM_RULES: ReadonlySet<string> = new Set(["kds-idle-stream"]);

export const DELIVERY_STREAM_METRIC_RULES: Readonly<Record<string, DeliveryStreamMetricRule>> = {
  "kdf-delivery-failures": kdfDeliveryFailures,
};

export type { DeliveryStreamMetricRule, MetricLookup, MetricRuleContext, StreamMetricContext, StreamMetricRule } from "./types";
