/**
 * The analysis-time filter of the mission: analyze only resources with more than
 * `minRecordsPerMinute` records per minute. (The tag and name-prefix filters run at collection time
 * and arrive in snapshot.skipped: those resources are not analyzed at all.)
 *
 * - The rate is taken over the minutes WITH DATA, not over the whole window: the hourly records
 *   series tells which hours have a datapoint, and a stream created an hour ago at 15,000
 *   records/min is busy, not quiet. (Hourly datapoints: a stream created mid-hour counts that whole
 *   hour, which only lowers its rate.)
 * - A low-traffic resource skips the metric and cost rules only. The static and stack rules
 *   (security, data loss, configuration) still judge it: an unencrypted PII stream is never
 *   hidden because it is quiet. Metric rules about the absence of traffic (kds-idle-stream) run too.
 * - A records series with no datapoints is low traffic ("no data", never a zero rate); one that
 *   could not be collected ("error") is not: the resource is analyzed with its missing data listed.
 */
import { periodSeconds, metric, type MetricRequest, type MetricWindow } from "../../rules/metric-requests";
import type { DeliveryStreamConfig, StreamConfig } from "../../rules/model";
import type { MetricLookup } from "../../rules/metric/types";
import type { SkippedResource } from "../snapshot";

export type SkipCode = "tag" | "name-prefix" | "low-traffic" | "deleted" | "other";

export interface SkippedEntry extends SkippedResource {
  /** Machine-readable reason category. */
  readonly code: SkipCode;
}

/** What low traffic skips: the metric and cost rules; configuration rules still run. */
export const LOW_TRAFFIC_SKIPS = "metric and cost rules skipped, configuration rules still run";

export interface TrafficVerdict {
  /** Records per minute over the minutes with data; undefined when unknown or without data. */
  readonly recordsPerMinute?: number;
  /** Minutes of the window covered by datapoints (hours with data x 60). */
  readonly minutesWithData?: number;
  /** Set when the resource is low traffic (metric and cost rules skipped). */
  readonly skipReason?: string;
}

function verdict(lookup: MetricLookup, req: MetricRequest, window: MetricWindow, min: number, metricLabel: string): TrafficVerdict {
  const s = lookup.get(req);
  if (!s || s.status === "error") return {}; // could not collect: analyze anyway, listed as missing data
  if (s.status === "no-data" || s.values.length === 0) return { minutesWithData: 0, skipReason: `no ${metricLabel} data in the window: ${LOW_TRAFFIC_SKIPS}` };
  const minutes = (s.values.length * periodSeconds(s, window)) / 60;
  const perMinute = s.values.reduce((a, b) => a + b, 0) / minutes;
  if (perMinute > min) return { recordsPerMinute: perMinute, minutesWithData: minutes };
  const hours = minutes / 60;
  const span = `${hours.toLocaleString("en-US", { maximumFractionDigits: 1 })} h with data`;
  return {
    recordsPerMinute: perMinute,
    minutesWithData: minutes,
    skipReason: `low traffic: ${perMinute.toFixed(1)} records/min over the ${span} (<= ${min}): ${LOW_TRAFFIC_SKIPS}`,
  };
}

export function streamTraffic(s: StreamConfig, lookup: MetricLookup, window: MetricWindow, minRecordsPerMinute: number): TrafficVerdict {
  return verdict(lookup, metric.streamIncomingRecords(String(s.region ?? ""), String(s.name)), window, minRecordsPerMinute, "IncomingRecords");
}

export function deliveryStreamTraffic(d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow, minRecordsPerMinute: number): TrafficVerdict {
  const fromKinesis = d.source.type === "KinesisStreamAsSource";
  const req = metric.firehoseRecords(String(d.region ?? ""), String(d.name), fromKinesis);
  return verdict(lookup, req, window, minRecordsPerMinute, req.metricName);
}

/** Category of a collection-time skip reason (the collector writes free text). */
export function skipCode(reason: string): SkipCode {
  if (/deleted during the audit/i.test(reason)) return "deleted"; // the collector's wording for filter "deleted"
  if (/low.traffic|records\/min|no .*data/i.test(reason)) return "low-traffic";
  if (/prefix/i.test(reason)) return "name-prefix";
  if (/tag|exclude/i.test(reason)) return "tag";
  return "other";
}
