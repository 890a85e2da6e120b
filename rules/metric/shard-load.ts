/** Per-shard load from shard-level (enhanced monitoring) series: window totals and peak hourly utilization. */
import { metric, type MetricSeries } from "../metric-requests";
import type { ShardInfo, StreamConfig } from "../model";
import { hourlyDemand } from "./capacity";
import { HourlyValues } from "./hourly-values";
import { okSeries } from "./series";
import type { MetricLookup } from "./types";
import { memoPerLookup } from "./memo";
import { hasShardLevelRecords, streamShardDemand, type ShardDemand } from "./shard-demand";

export interface ShardLoad {
  readonly shard: ShardInfo;
  /** Window total of IncomingBytes; undefined when the shard has no data. */
  readonly bytesTotal?: number;
  readonly recordsTotal?: number;
  readonly hoursWithData: number;
  /** Peak / mean hourly utilization (%) of this one shard; undefined without data. */
  readonly peakPercent?: number;
  readonly meanPercent?: number;
  /** Utilization % per hour start (for the heatmap); typed-array backed (hourly-values.ts). */
  readonly hourly: ReadonlyMap<number, number>;
}

/**
 * Load of every open shard of the stream (those without data included, marked by undefined
 * totals). Memoized per snapshot: the hot-shard rule, the merge plan, the analysis and the
 * dashboard all read the same loads, and on a 10,000-shard fleet recomputing them dominates.
 */
export const shardLoads: (stream: StreamConfig, lookup: MetricLookup) => ShardLoad[] = memoPerLookup(computeShardLoads);

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

type MutableLoad = { -readonly [K in keyof ShardLoad]: ShardLoad[K] };

function computeShardLoads(stream: StreamConfig, lookup: MetricLookup): ShardLoad[] {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  // A provisioned stream's per-shard demand (shard-demand.ts) has merged the same series already:
  // reuse its rows instead of merging every shard's series a second time.
  const demand = streamShardDemand(stream, lookup);
  const demandOf = new Map<ShardInfo, ShardDemand>((demand?.shards ?? []).map((d) => [d.shard, d]));
  const recordsEnabled = hasShardLevelRecords(stream);
  return (stream.shards ?? [])
    .filter((s) => !s.closed)
    .map((shard) => {
      const bytes = okSeries(lookup, metric.shardIncomingBytes(region, name, shard.shardId));
      const records = okSeries(lookup, metric.shardIncomingRecords(region, name, shard.shardId));
      const d = demandOf.get(shard);
      // Same inputs as the demand row: known bytes, and the records series it read (it reads them
      // only when shard-level IncomingRecords is enabled); one datapoint per hour.
      const sameInputs = d !== undefined && d.status !== "unknown" && (recordsEnabled || !records) && countOnes(d.hasData) === d.hoursWithData;
      const load: MutableLoad = sameInputs ? fromDemand(shard, demand!.hours, d) : fromSeries(shard, bytes, records);
      if (bytes) load.bytesTotal = sum(bytes.values);
      if (records) load.recordsTotal = sum(records.values);
      return load;
    });
}

function countOnes(a: Uint8Array): number {
  let n = 0;
  for (const x of a) n += x;
  return n;
}

/** Utilization % of this one shard per hour with data (utilizationPercent with 1 shard). */
function fromDemand(shard: ShardInfo, hours: Float64Array, d: ShardDemand): MutableLoad {
  const load: MutableLoad = { shard, hoursWithData: d.hoursWithData, hourly: new HourlyValues(hours, d.hourly, d.hasData, 100) };
  if (d.hoursWithData > 0) {
    let peak = -Infinity;
    let total = 0;
    for (let k = 0; k < hours.length; k++) {
      if (!d.hasData[k]) continue;
      const p = d.hourly[k]! * 100;
      if (p > peak) peak = p;
      total += p;
    }
    load.peakPercent = peak;
    load.meanPercent = total / d.hoursWithData;
  }
  return load;
}

function fromSeries(shard: ShardInfo, bytes: MetricSeries | undefined, records: MetricSeries | undefined): MutableLoad {
  const { hours, demand } = hourlyDemand(bytes, records);
  let peak = -Infinity;
  let total = 0;
  for (let k = 0; k < hours.length; k++) {
    const p = demand[k]! * 100;
    if (p > peak) peak = p;
    total += p;
  }
  const load: MutableLoad = { shard, hoursWithData: hours.length, hourly: new HourlyValues(hours, demand, undefined, 100) };
  if (hours.length) {
    load.peakPercent = peak;
    load.meanPercent = total / hours.length;
  }
  return load;
}
