/**
 * Shard write capacity and hourly utilization.
 * A shard takes up to 1 MiB/s or 1,000 records/s of writes:
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
import { metric } from "../metrics";
import type { StreamConfig } from "../model";
import { byTimestamp } from "./series";
import type { MetricLookup } from "./types";

export const SHARD_BYTES_PER_SECOND = 1_048_576;
export const SHARD_RECORDS_PER_SECOND = 1_000;
const HOUR = 3600;

/** One hour of write traffic on a stream (or shard). Either side may be missing for that hour. */
export interface HourlyTraffic {
  /** Hour start, epoch seconds. */
  readonly hour: number;
  readonly bytes?: number;
  readonly records?: number;
}

/**
 * Hourly traffic from the hourly IncomingBytes / IncomingRecords Sum series. An hour "has data" when
 * at least one of the two series has a datapoint for it.
 */
export function hourlyTraffic(bytesByHour: Map<number, number>, recordsByHour: Map<number, number>): HourlyTraffic[] {
  const hours = [...new Set([...bytesByHour.keys(), ...recordsByHour.keys()])].sort((a, b) => a - b);
  return hours.map((hour) => {
    const bytes = bytesByHour.get(hour);
    const records = recordsByHour.get(hour);
    return { hour, ...(bytes === undefined ? {} : { bytes }), ...(records === undefined ? {} : { records }) };
  });
}

/** A stream's hourly traffic from its stream-level series. */
export function streamHourlyTraffic(stream: StreamConfig, lookup: MetricLookup): HourlyTraffic[] {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  return hourlyTraffic(
    byTimestamp(lookup.get(metric.streamIncomingBytes(region, name))),
    byTimestamp(lookup.get(metric.streamIncomingRecords(region, name))),
  );
}

/**
 * Shards' worth of write capacity one hour of traffic needs: max(bytes / (1 MiB/s * 3600 s),
 * records / (1,000/s * 3600 s)). Utilization % of n shards = shardsNeeded / n * 100.
 */
export function shardsNeeded(t: HourlyTraffic): number {
  const byBytes = (t.bytes ?? 0) / (SHARD_BYTES_PER_SECOND * HOUR);
  const byRecords = (t.records ?? 0) / (SHARD_RECORDS_PER_SECOND * HOUR);
  return Math.max(byBytes, byRecords);
}

/** Hourly write utilization (%) of `shards` shards. */
export function utilizationPercent(t: HourlyTraffic, shards: number): number {
  return (shardsNeeded(t) / shards) * 100;
}

/** Open (provisioned) shard count of a stream, when known and positive. */
export function openShardCount(stream: StreamConfig): number | undefined {
  const n = stream.shardCount;
  if (typeof n === "number" && n > 0) return n;
  const open = (stream.shards ?? []).filter((s) => !s.closed).length;
  return open > 0 ? open : undefined;
}

/**
 * UpdateShardCount calls to go from `from` to `to` shards: one call can at most double or halve
 * the count (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
 */
export function updateShardCountSteps(from: number, to: number): number[] {
  const steps: number[] = [];
  let cur = from;
  while (cur !== to) {
    cur = to > cur ? Math.min(to, cur * 2) : Math.max(to, Math.ceil(cur / 2));
    steps.push(cur);
  }
  return steps;
}
