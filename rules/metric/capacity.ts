/**
 * Shard write capacity and hourly utilization.
 * A shard takes up to 1 MiB/s or 1,000 records/s of writes:
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
import { metric, type MetricSeries } from "../metric-requests";
import type { StreamConfig } from "../model";
import { byTimestamp } from "./series";
import type { MetricLookup } from "./types";
import { memoPerLookup } from "./memo";
import { SHARD_BYTES_PER_SECOND, SHARD_RECORDS_PER_SECOND } from "../lib/shard-limits";

export { SHARD_BYTES_PER_SECOND, SHARD_RECORDS_PER_SECOND, updateShardCountSteps } from "../lib/shard-limits";
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

/** Datapoints of a series that count (status "ok"; a timestamp without a value does not). */
function okPoints(s: MetricSeries | undefined): { readonly t: readonly number[]; readonly v: readonly number[]; readonly n: number } {
  if (!s || s.status !== "ok") return { t: [], v: [], n: 0 };
  return { t: s.timestamps, v: s.values, n: Math.min(s.timestamps.length, s.values.length) };
}

function strictlyAscending(t: readonly number[], n: number): boolean {
  for (let i = 1; i < n; i++) if (!(t[i]! > t[i - 1]!)) return false;
  return true;
}

/**
 * Hourly traffic of an IncomingBytes and an IncomingRecords series (either may be missing or
 * without data), as `hourlyTraffic` computes it, as objects (see mergeHourly).
 */
export function seriesHourlyTraffic(bytes: MetricSeries | undefined, records: MetricSeries | undefined): HourlyTraffic[] {
  const m = mergeHourly(bytes, records);
  const out = new Array<HourlyTraffic>(m.hours.length);
  for (let i = 0; i < m.hours.length; i++) {
    const hour = m.hours[i]!;
    const b = m.bytes[i]!;
    const r = m.records[i]!;
    out[i] = Number.isNaN(b) ? { hour, records: r } : Number.isNaN(r) ? { hour, bytes: b } : { hour, bytes: b, records: r };
  }
  return out;
}

/** Every hour with data in either series, in hour order; NaN where one series has no datapoint that hour. */
export interface HourlyPoints {
  readonly hours: Float64Array;
  readonly bytes: Float64Array;
  readonly records: Float64Array;
}

/**
 * The hours of an IncomingBytes and an IncomingRecords series merged, in typed arrays. The collector
 * stores series in time order, so this is one linear merge; only out-of-order input (a hand-edited
 * snapshot) takes the map-based path. A 1,000-stream fleet has ~6,000 such pairs of 168 hours:
 * Maps, Sets and an object per hour were a third of the analysis' allocations, and epoch seconds
 * are too large for V8's small integers, so each one in a plain array or argument is a heap
 * object (docs/benchmarks.md, P2 memory).
 */
export function mergeHourly(bytes: MetricSeries | undefined, records: MetricSeries | undefined): HourlyPoints {
  const b = okPoints(bytes);
  const r = okPoints(records);
  if (!strictlyAscending(b.t, b.n) || !strictlyAscending(r.t, r.n)) {
    const t = hourlyTraffic(byTimestamp(bytes), byTimestamp(records));
    return {
      hours: Float64Array.from(t, (x) => x.hour),
      bytes: Float64Array.from(t, (x) => x.bytes ?? NaN),
      records: Float64Array.from(t, (x) => x.records ?? NaN),
    };
  }
  // Count first, then fill: no growing arrays.
  let n = 0;
  for (let i = 0, j = 0; i < b.n || j < r.n; n++) {
    const tb = i < b.n ? b.t[i]! : Infinity;
    const tr = j < r.n ? r.t[j]! : Infinity;
    if (tb <= tr) i++;
    if (tr <= tb) j++;
  }
  const out = { hours: new Float64Array(n), bytes: new Float64Array(n).fill(NaN), records: new Float64Array(n).fill(NaN) };
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    const tb = i < b.n ? b.t[i]! : Infinity;
    const tr = j < r.n ? r.t[j]! : Infinity;
    out.hours[k] = Math.min(tb, tr);
    if (tb <= tr) out.bytes[k] = b.v[i++]!;
    if (tr <= tb) out.records[k] = r.v[j++]!;
  }
  return out;
}

/**
 * Every hour with data in either series, in hour order, with the shards' worth of write capacity
 * it needed (shardsNeededFor): two typed arrays instead of mergeHourly's three. The per-shard
 * analyses read ~5,000 shards x 168 hours on a 1,000-stream fleet; typed arrays keep the epoch
 * seconds unboxed (docs/benchmarks.md, P2 round 6).
 */
export function hourlyDemand(bytes: MetricSeries | undefined, records: MetricSeries | undefined): { readonly hours: Float64Array; readonly demand: Float64Array } {
  const m = mergeHourly(bytes, records);
  const demand = m.bytes; // reused in place: each slot is read before it is overwritten
  for (let k = 0; k < m.hours.length; k++) {
    const bv = m.bytes[k]!;
    const rv = m.records[k]!;
    demand[k] = shardsNeededFor(Number.isNaN(bv) ? undefined : bv, Number.isNaN(rv) ? undefined : rv);
  }
  return { hours: m.hours, demand };
}

/** A stream's hourly traffic from its stream-level series (memoized per snapshot: shared, do not modify). */
export const streamHourlyTraffic: (stream: StreamConfig, lookup: MetricLookup) => readonly HourlyTraffic[] = memoPerLookup((stream: StreamConfig, lookup) => {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  return seriesHourlyTraffic(lookup.get(metric.streamIncomingBytes(region, name)), lookup.get(metric.streamIncomingRecords(region, name)));
});

/**
 * Shards' worth of write capacity one hour of traffic needs: max(bytes / (1 MiB/s * 3600 s),
 * records / (1,000/s * 3600 s)). Utilization % of n shards = shardsNeeded / n * 100.
 */
export function shardsNeeded(t: HourlyTraffic): number {
  return shardsNeededFor(t.bytes, t.records);
}

/** shardsNeeded of one hour's bytes and records (either may be missing). */
export function shardsNeededFor(bytes: number | undefined, records: number | undefined): number {
  const byBytes = (bytes ?? 0) / (SHARD_BYTES_PER_SECOND * HOUR);
  const byRecords = (records ?? 0) / (SHARD_RECORDS_PER_SECOND * HOUR);
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

