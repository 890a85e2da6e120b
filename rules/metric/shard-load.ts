/** Per-shard load from shard-level (enhanced monitoring) series: window totals and peak hourly utilization. */
import { metric } from "../metrics";
import type { ShardInfo, StreamConfig } from "../model";
import { mergeHourly, shardsNeededFor } from "./capacity";
import { HourlyValues } from "./hourly-values";
import { okSeries } from "./series";
import type { MetricLookup } from "./types";
import { memoPerLookup } from "./memo";

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

export function hasShardLevelBytes(stream: StreamConfig): boolean {
  return Array.isArray(stream.shardLevelMetrics) && (stream.shardLevelMetrics as readonly string[]).includes("IncomingBytes");
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

function computeShardLoads(stream: StreamConfig, lookup: MetricLookup): ShardLoad[] {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  return (stream.shards ?? [])
    .filter((s) => !s.closed)
    .map((shard) => {
      const bytes = okSeries(lookup, metric.shardIncomingBytes(region, name, shard.shardId));
      const records = okSeries(lookup, metric.shardIncomingRecords(region, name, shard.shardId));
      // Utilization % of this one shard per hour (utilizationPercent with 1 shard), straight from the series.
      const { hours, bytes: b, records: r } = mergeHourly(bytes, records);
      const percents = new Float64Array(hours.length);
      let peak = -Infinity;
      let total = 0;
      for (let i = 0; i < hours.length; i++) {
        const p = shardsNeededFor(Number.isNaN(b[i]!) ? undefined : b[i], Number.isNaN(r[i]!) ? undefined : r[i]) * 100;
        percents[i] = p;
        if (p > peak) peak = p;
        total += p;
      }
      const load: { -readonly [K in keyof ShardLoad]: ShardLoad[K] } = { shard, hoursWithData: hours.length, hourly: new HourlyValues(hours, percents) };
      if (bytes) load.bytesTotal = sum(bytes.values);
      if (records) load.recordsTotal = sum(records.values);
      if (hours.length) {
        load.peakPercent = peak;
        load.meanPercent = total / hours.length;
      }
      return load;
    });
}
