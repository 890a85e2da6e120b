/**
 * Per-shard write demand of a provisioned stream with shard-level (enhanced) metrics, for the
 * hot-shard rule, the merge plan and the reduction bound of kds-over-provisioned.
 *
 * CloudWatch publishes nothing for a shard that received nothing: a shard without a datapoint in
 * an hour where the stream had traffic was idle that hour (demand 0), not "no data". Only a series
 * that was not collected or failed leaves a shard unknown. Demand counts records as well as bytes
 * (a shard takes 1 MiB/s or 1,000 records/s, whichever comes first:
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
 */
import { metric, type MetricSeries } from "../metric-requests";
import type { ShardInfo, StreamConfig } from "../model";
import { hourlyDemand, streamHourlyTraffic, shardsNeeded as hourShardsNeeded } from "./capacity";
import { byHashKey } from "./hash-keys";
import { memoPerLookup } from "./memo";
import { streamPeak, type PeakResolution } from "./utilization";
import type { MetricLookup } from "./types";

const HOUR = 3600;
const HASH_SPACE = 1n << 128n;

/** measured: datapoints; idle: collected, none in the window; unknown: not collected or failed. */
export type ShardStatus = "measured" | "idle" | "unknown";

export interface ShardDemand {
  readonly shard: ShardInfo;
  readonly status: ShardStatus;
  /**
   * Shards' worth of write capacity per window hour (aligned with StreamShardDemand.hours): 0 in
   * an hour without a datapoint; empty when the shard is unknown.
   */
  readonly hourly: Float64Array;
  /**
   * 1 in the hours where this shard had a datapoint (aligned with `hourly`; empty when unknown):
   * shard-load.ts reads the shard's own hours from here instead of merging its series again.
   */
  readonly hasData: Uint8Array;
  /** Datapoint hours seen (equals the 1s in `hasData` unless two timestamps fell in one hour). */
  readonly hoursWithData: number;
  /** Sum of `hourly`: shard-hours of write capacity used over the window. */
  readonly load: number;
  /**
   * Peak demand on this one shard (1 = 100 % of a shard): its busiest hour, scaled by the stream's
   * busiest-minute / hourly-average ratio of that hour where minute peaks were collected.
   */
  readonly peak: number;
  /** Window totals (0 for an idle shard; undefined when unknown or that metric is not enabled). */
  readonly bytesTotal?: number;
  readonly recordsTotal?: number;
}

export interface StreamShardDemand {
  /** Hours in which the stream (or any shard) had data, ascending. */
  readonly hours: Float64Array;
  /**
   * Per hour: the stream's busiest minute over its hourly average (>= 1), 1 without minute data.
   * Shard-level minute series are not collected, so a shard's minute peak is estimated as its
   * hourly demand times this ratio (its share of the hour, applied to the busiest minute).
   */
  readonly burst: Float64Array;
  /** "minute" when any hour's burst ratio comes from minute data. */
  readonly resolution: PeakResolution;
  /** Open shards, in hash-key order. */
  readonly shards: readonly ShardDemand[];
  /** Every open shard is measured or idle (none unknown). */
  readonly complete: boolean;
}

export function hasShardLevelBytes(stream: StreamConfig): boolean {
  return Array.isArray(stream.shardLevelMetrics) && (stream.shardLevelMetrics as readonly string[]).includes("IncomingBytes");
}

export function hasShardLevelRecords(stream: StreamConfig): boolean {
  return Array.isArray(stream.shardLevelMetrics) && (stream.shardLevelMetrics as readonly string[]).includes("IncomingRecords");
}

/** A collected series counts ("ok" or "no-data"); a missing or failed one leaves the shard unknown. */
function collected(s: MetricSeries | undefined): boolean {
  return s !== undefined && (s.status === "ok" || s.status === "no-data");
}

function total(s: MetricSeries | undefined): number {
  if (!s || s.status !== "ok") return 0;
  let t = 0;
  for (const v of s.values) t += v;
  return t;
}

/**
 * Per-shard demand of a PROVISIONED stream with shard-level IncomingBytes; undefined otherwise, or
 * when no hour has data (then nothing is known about the shards). Memoized per snapshot.
 */
export const streamShardDemand: (stream: StreamConfig, lookup: MetricLookup) => StreamShardDemand | undefined = memoPerLookup(computeShardDemand);

function computeShardDemand(stream: StreamConfig, lookup: MetricLookup): StreamShardDemand | undefined {
  if (stream.mode !== "PROVISIONED" || !hasShardLevelBytes(stream)) return undefined;
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const withRecords = hasShardLevelRecords(stream);
  const open = byHashKey((stream.shards ?? []).filter((s) => !s.closed));
  if (open.length === 0) return undefined;

  const raw = open.map((shard) => {
    const bytes = lookup.get(metric.shardIncomingBytes(region, name, shard.shardId));
    // IncomingBytes decides whether the shard is known; IncomingRecords counts where it was collected.
    const rec = withRecords ? lookup.get(metric.shardIncomingRecords(region, name, shard.shardId)) : undefined;
    const records = collected(rec) ? rec : undefined;
    const known = collected(bytes);
    return { shard, bytes, records, known, points: known ? hourlyDemand(bytes, records) : undefined };
  });

  // Window hours: every hour with data on the stream or on any known shard. Index loops over the
  // typed arrays: epoch seconds passed through closures or iterators are boxed, one heap number
  // each, which on 5,000 shards was most of this function's garbage (docs/benchmarks.md, P2 round 6).
  const traffic = streamHourlyTraffic(stream, lookup);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < traffic.length; i++) {
    const h = traffic[i]!.hour;
    if (h < first) first = h;
    if (h > last) last = h;
  }
  for (const r of raw) {
    const hs = r.points?.hours;
    if (!hs || hs.length === 0) continue;
    if (hs[0]! < first) first = hs[0]!; // hours ascending
    if (hs[hs.length - 1]! > last) last = hs[hs.length - 1]!;
  }
  if (first === Infinity) return undefined;
  const span = Math.round((last - first) / HOUR) + 1;
  const slotOf = (h: number) => Math.round((h - first) / HOUR);
  const present = new Uint8Array(span);
  for (let i = 0; i < traffic.length; i++) present[slotOf(traffic[i]!.hour)] = 1;
  for (const r of raw) {
    const hs = r.points?.hours;
    if (hs) for (let i = 0; i < hs.length; i++) present[slotOf(hs[i]!)] = 1;
  }
  const index = new Int32Array(span).fill(-1);
  let n = 0;
  for (let k = 0; k < span; k++) if (present[k]) index[k] = n++;
  const hours = new Float64Array(n);
  for (let k = 0; k < span; k++) if (index[k]! >= 0) hours[index[k]!] = first + k * HOUR;

  // Burst ratio per hour from the stream's minute peaks (1 where none).
  const burst = new Float64Array(n).fill(1);
  let fromMinute = false;
  const peak = streamPeak(stream, lookup);
  if (peak) {
    const avg = new Float64Array(n).fill(NaN);
    for (const t of traffic) avg[index[slotOf(t.hour)]!] = hourShardsNeeded(t);
    for (let i = 0; i < peak.hours.length; i++) {
      if (!peak.fromMinute[i]) continue;
      const slot = slotOf(peak.hours[i]!);
      if (slot < 0 || slot >= span || index[slot]! < 0) continue;
      const a = avg[index[slot]!]!;
      if (a > 0) {
        burst[index[slot]!] = Math.max(1, peak.demand[i]! / a);
        fromMinute = true;
      }
    }
  }

  const shards: ShardDemand[] = raw.map((r) => {
    if (!r.known || !r.points) return { shard: r.shard, status: "unknown", hourly: new Float64Array(0), hasData: new Uint8Array(0), hoursWithData: 0, load: 0, peak: 0 };
    const hourly = new Float64Array(n);
    const hasData = new Uint8Array(n);
    const { hours: hs, demand } = r.points;
    const seen = hs.length;
    let load = 0;
    let top = 0;
    for (let i = 0; i < seen; i++) {
      const k = index[slotOf(hs[i]!)]!;
      const v = demand[i]!;
      hourly[k] = v;
      hasData[k] = 1;
      load += v;
      if (v * burst[k]! > top) top = v * burst[k]!;
    }
    return {
      shard: r.shard,
      status: seen > 0 ? "measured" : "idle",
      hourly,
      hasData,
      hoursWithData: seen,
      load,
      peak: top,
      bytesTotal: total(r.bytes),
      ...(r.records ? { recordsTotal: total(r.records) } : {}),
    };
  });
  return { hours, burst, resolution: fromMinute ? "minute" : "hour", shards, complete: shards.every((s) => s.status !== "unknown") };
}

/**
 * Peak demand (shards' worth) on the busiest shard after UpdateShardCount to `m` shards with
 * UNIFORM_SCALING, which "creates shards of equal size"
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html). Without
 * knowing how keys spread inside a shard, a new shard is charged the whole demand of every current
 * shard whose hash range it overlaps (an upper bound: a hot partition key may land anywhere in its
 * shard's range). Undefined when a shard's demand is unknown.
 */
export function uniformScalingPeak(d: StreamShardDemand, m: number): number | undefined {
  if (!d.complete || m < 1) return undefined;
  const old = d.shards.map((s) => ({ s, start: BigInt(s.shard.startingHashKey), end: BigInt(s.shard.endingHashKey) }));
  const sum = new Float64Array(d.hours.length);
  let worst = 0;
  let i = 0;
  for (let j = 0; j < m; j++) {
    const start = (HASH_SPACE * BigInt(j)) / BigInt(m);
    const end = (HASH_SPACE * BigInt(j + 1)) / BigInt(m) - 1n;
    while (i < old.length && old[i]!.end < start) i++;
    sum.fill(0);
    for (let k = i; k < old.length && old[k]!.start <= end; k++) {
      const h = old[k]!.s.hourly;
      for (let t = 0; t < h.length; t++) sum[t] = sum[t]! + h[t]!;
    }
    for (let t = 0; t < sum.length; t++) worst = Math.max(worst, sum[t]! * d.burst[t]!);
  }
  return worst;
}

/** Peak demand (shards' worth) of two shards merged into one: max over hours of their sum, burst-scaled. */
export function mergedPeak(d: StreamShardDemand, a: ShardDemand, b: ShardDemand): number {
  let worst = 0;
  for (let t = 0; t < d.hours.length; t++) worst = Math.max(worst, ((a.hourly[t] ?? 0) + (b.hourly[t] ?? 0)) * d.burst[t]!);
  return worst;
}
