/**
 * Minute-level write peaks of a provisioned stream. Hourly sums average a burst over 60 minutes; a
 * shard's limits (1 MiB/s, 1,000 records/s:
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html) are per second, so
 * the busiest minute of each hour is the closest CloudWatch gets to what producers hit.
 * The collector fetches IncomingBytes / IncomingRecords at 60 s and keeps each hour's busiest
 * minute (rules/metric-requests.ts, MAX_MINUTE_PER_HOUR).
 */
import { metric } from "../metric-requests";
import type { StreamConfig } from "../model";
import { mergeHourly, SHARD_BYTES_PER_SECOND, SHARD_RECORDS_PER_SECOND } from "./capacity";
import type { MetricLookup } from "./types";

const MINUTE = 60;

/** Per hour with minute data: the busiest minute's demand in shards' worth of write capacity. */
export interface MinutePeaks {
  /** Hour starts, epoch seconds, ascending. */
  readonly hours: Float64Array;
  /** max(bytes / (60 s x 1 MiB/s), records / (60 s x 1,000/s)) of that hour's busiest minute. */
  readonly shardsNeeded: Float64Array;
}

/**
 * The stream's busiest minute per hour, or undefined when no minute-peak series was collected
 * (on-demand streams, snapshots from older versions, or CloudWatch had no data): callers then fall
 * back to hourly averages and say so.
 */
export function streamMinutePeaks(stream: StreamConfig, lookup: MetricLookup): MinutePeaks | undefined {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const bytes = lookup.get(metric.streamIncomingBytesPeakMinute(region, name));
  const records = lookup.get(metric.streamIncomingRecordsPeakMinute(region, name));
  const m = mergeHourly(bytes, records);
  if (m.hours.length === 0) return undefined;
  const shardsNeeded = new Float64Array(m.hours.length);
  for (let i = 0; i < m.hours.length; i++) {
    const b = Number.isNaN(m.bytes[i]!) ? 0 : m.bytes[i]! / (SHARD_BYTES_PER_SECOND * MINUTE);
    const r = Number.isNaN(m.records[i]!) ? 0 : m.records[i]! / (SHARD_RECORDS_PER_SECOND * MINUTE);
    shardsNeeded[i] = Math.max(b, r);
  }
  return { hours: m.hours, shardsNeeded };
}
