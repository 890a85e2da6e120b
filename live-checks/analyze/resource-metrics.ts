/**
 * Per-resource metric summaries for the reports. Every value is `null` when its series had no data
 * (or could not be collected): the reports say "no data", never 0.
 */
import { DESTINATION_METRIC_PREFIX, type ConsumerConfig, type DeliveryStreamConfig, type StreamConfig } from "../../rules/model";
import { metric, type MetricWindow } from "../../rules/metric-requests";
import { seriesMax, seriesSum } from "../../rules/metric/series";
import { streamUtilization, type UtilizationSummary } from "../../rules/metric/utilization";
import { throttleRatePercent } from "../../rules/kds-write-throttling/rule";
import { failureRatePercent } from "../../rules/kdf-delivery-failures/rule";
import type { MetricLookup } from "../../rules/metric/types";

export interface ConsumerLag {
  readonly consumerName: string;
  readonly maxLagMs: number | null;
  readonly avgLagMs: number | null;
  readonly flagged: boolean;
}

export interface StreamMetrics {
  readonly hoursWithData: number;
  readonly incomingBytes: number | null;
  readonly incomingRecords: number | null;
  readonly recordsPerMinute: number | null;
  readonly bytesPerSecond: number | null;
  /**
   * Provisioned streams only (utilization of the current shard count): the stream's
   * UtilizationSummary at p = 95, its percentile named p95Percent.
   */
  readonly utilization: (Pick<UtilizationSummary, "meanPercent" | "peakPercent"> & { readonly p95Percent: number }) | null;
  readonly throttledRecords: number | null;
  readonly throttleRatePercent: number | null;
  readonly maxIteratorAgeMs: number | null;
  readonly consumers: readonly ConsumerLag[];
}

export interface DeliveryStreamMetrics {
  readonly incomingRecords: number | null;
  readonly incomingBytes: number | null;
  readonly recordsPerMinute: number | null;
  readonly successMetric: string | null;
  readonly deliveryAttempts: number | null;
  readonly failureRatePercent: number | null;
}

const nul = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

export function streamMetrics(s: StreamConfig, consumers: readonly ConsumerConfig[], lookup: MetricLookup, window: MetricWindow, maxLagMs: number): StreamMetrics {
  const region = String(s.region ?? "");
  const name = String(s.name);
  const bytes = seriesSum(lookup, metric.streamIncomingBytes(region, name));
  const records = seriesSum(lookup, metric.streamIncomingRecords(region, name));
  const throttled = seriesSum(lookup, metric.streamWriteThrottled(region, name));
  const u = s.mode === "PROVISIONED" ? streamUtilization(s, lookup, 95) : undefined;
  const seconds = window.end - window.start;
  return {
    hoursWithData: u?.hoursWithData ?? 0,
    incomingBytes: nul(bytes),
    incomingRecords: nul(records),
    recordsPerMinute: nul(records === undefined ? undefined : records / (seconds / 60)),
    bytesPerSecond: nul(bytes === undefined ? undefined : bytes / seconds),
    utilization: u ? { meanPercent: u.meanPercent, p95Percent: u.percentilePercent, peakPercent: u.peakPercent } : null,
    throttledRecords: nul(throttled),
    throttleRatePercent: nul(throttleRatePercent(throttled, records)),
    maxIteratorAgeMs: nul(seriesMax(lookup, metric.streamIteratorAgeMax(region, name))),
    consumers: consumers.map((c) => {
      const cname = String(c.name);
      const max = seriesMax(lookup, metric.consumerLagMax(region, name, cname));
      const avg = seriesMax(lookup, metric.consumerLagAvg(region, name, cname));
      return { consumerName: cname, maxLagMs: nul(max), avgLagMs: nul(avg), flagged: max !== undefined && max > maxLagMs };
    }),
  };
}

export function deliveryStreamMetrics(d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow): DeliveryStreamMetrics {
  const region = String(d.region ?? "");
  const name = String(d.name);
  const fromKinesis = d.source.type === "KinesisStreamAsSource";
  const records = seriesSum(lookup, metric.firehoseRecords(region, name, fromKinesis));
  const bytes = seriesSum(lookup, metric.firehoseBytes(region, name, fromKinesis));
  const prefix = typeof d.destination === "string" ? DESTINATION_METRIC_PREFIX[d.destination] : undefined;
  const sum = prefix ? seriesSum(lookup, metric.firehoseSuccessSum(region, name, prefix)) : undefined;
  const count = prefix ? seriesSum(lookup, metric.firehoseSuccessCount(region, name, prefix)) : undefined;
  return {
    incomingRecords: nul(records),
    incomingBytes: nul(bytes),
    recordsPerMinute: nul(records === undefined ? undefined : records / ((window.end - window.start) / 60)),
    successMetric: prefix ? `${prefix}.Success` : null,
    deliveryAttempts: nul(count),
    failureRatePercent: nul(failureRatePercent(sum, count)),
  };
}
