/**
 * The analysis-time filter of the mission: analyze only resources with more than
 * `minRecordsPerMinute` records per minute over the window. (The tag and name-prefix filters run at
 * collection time and arrive in snapshot.skipped.) A resource whose records series has no datapoints
 * is skipped as low-traffic; one whose series could not be collected ("error") is NOT skipped: it is
 * analyzed with its missing data listed, and the audit is incomplete.
 */
import { metric, type MetricWindow } from "../../rules/metrics";
import type { DeliveryStreamConfig, StreamConfig } from "../../rules/model";
import type { MetricLookup } from "../../rules/metric/types";
import type { SkippedResource } from "../snapshot";

export type SkipCode = "tag" | "name-prefix" | "low-traffic" | "deleted" | "other";

export interface SkippedEntry extends SkippedResource {
  /** Machine-readable reason category. */
  readonly code: SkipCode;
}

export interface TrafficVerdict {
  /** Records per minute over the window; undefined when unknown. */
  readonly recordsPerMinute?: number;
  /** Set when the resource is skipped. */
  readonly skipReason?: string;
}

function verdict(lookup: MetricLookup, req: ReturnType<typeof metric.streamIncomingRecords>, window: MetricWindow, min: number, metricLabel: string): TrafficVerdict {
  const s = lookup.get(req);
  if (!s || s.status === "error") return {}; // could not collect: analyze anyway, listed as missing data
  if (s.status === "no-data" || s.values.length === 0) return { skipReason: `no ${metricLabel} data` };
  const minutes = (window.end - window.start) / 60;
  const perMinute = s.values.reduce((a, b) => a + b, 0) / minutes;
  if (perMinute <= min) return { recordsPerMinute: perMinute, skipReason: `low traffic: ${perMinute.toFixed(1)} records/min <= ${min} over the window` };
  return { recordsPerMinute: perMinute };
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
