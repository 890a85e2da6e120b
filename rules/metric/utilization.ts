/** A provisioned stream's hourly write utilization over the window (used by rules, plans and reports). */
import type { StreamConfig } from "../model";
import { openShardCount, shardsNeeded, streamHourlyTraffic, utilizationPercent, type HourlyTraffic } from "./capacity";
import { streamMinutePeaks } from "./minute-peaks";
import { mean, percentile } from "./stats";
import type { MetricLookup } from "./types";
import { memoPerLookup } from "./memo";

export interface UtilizationSummary {
  /** Open shards the utilization is computed against (the current count). */
  readonly shards: number;
  readonly traffic: readonly HourlyTraffic[];
  /** Utilization % per hour with data, in hour order. */
  readonly hourlyPercent: readonly number[];
  readonly hoursWithData: number;
  readonly peakPercent: number;
  readonly meanPercent: number;
  /** Percentile of hourly utilization (the p asked for). */
  readonly percentilePercent: number;
}

/**
 * Utilization against the CURRENT open shard count (a reshard inside the window is not modelled).
 * Undefined when the shard count is unknown or no hour has data.
 */
export function streamUtilization(stream: StreamConfig, lookup: MetricLookup, p = 95): UtilizationSummary | undefined {
  // Memoized per snapshot, stream and percentile: two rules, the resource metrics and the analysis ask.
  const byP = utilizationMemo(stream, lookup);
  if (!byP.has(p)) byP.set(p, computeUtilization(stream, lookup, p));
  return byP.get(p);
}

const utilizationMemo = memoPerLookup((_stream: StreamConfig) => new Map<number, UtilizationSummary | undefined>());

function computeUtilization(stream: StreamConfig, lookup: MetricLookup, p: number): UtilizationSummary | undefined {
  const shards = openShardCount(stream);
  if (shards === undefined) return undefined;
  const traffic = streamHourlyTraffic(stream, lookup);
  if (traffic.length === 0) return undefined;
  const hourlyPercent = traffic.map((t) => utilizationPercent(t, shards));
  return {
    shards,
    traffic,
    hourlyPercent,
    hoursWithData: traffic.length,
    peakPercent: Math.max(...hourlyPercent),
    meanPercent: mean(hourlyPercent) ?? 0,
    percentilePercent: percentile(hourlyPercent, p) ?? 0,
  };
}

/** Minimum hours with data before the capacity rules judge a stream (one full day). */
export const MIN_HOURS_WITH_DATA = 24;

/** Where a peak figure comes from: each hour's busiest minute, or hourly averages only. */
export type PeakResolution = "minute" | "hour";

/**
 * A provisioned stream's write demand per hour at the finest resolution collected, in shards' worth
 * of write capacity (Utilization % of n shards = demand / n x 100).
 */
export interface StreamPeak {
  /** Hour starts with data (hourly or minute series), ascending. */
  readonly hours: Float64Array;
  /** Per hour: its busiest minute's demand where minute peaks were collected, else its average. */
  readonly demand: Float64Array;
  /** Per hour: 1 where demand comes from a minute peak. */
  readonly fromMinute: Uint8Array;
  /** Max of `demand` over the window (the peak the capacity rules size for). */
  readonly shardsNeeded: number;
  /** Hour start of that peak. */
  readonly hour: number;
  readonly resolution: PeakResolution;
  /** The busiest hour's average demand (the hourly peak), for comparison. */
  readonly hourlyShardsNeeded: number;
}

/**
 * Peak write demand of a stream: the busiest minute of each hour where the minute-peak series was
 * collected (streamMinutePeaks), the hourly average elsewhere. A shard's limits are per second
 * (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html), so an hourly
 * average understates what producers hit; the minute is the finest CloudWatch resolution.
 * Undefined when no hour has data. Memoized per snapshot.
 */
export const streamPeak: (stream: StreamConfig, lookup: MetricLookup) => StreamPeak | undefined = memoPerLookup((stream: StreamConfig, lookup) => {
  const traffic = streamHourlyTraffic(stream, lookup);
  const minute = streamMinutePeaks(stream, lookup);
  const mh = minute?.hours ?? new Float64Array(0);
  const mv = minute?.shardsNeeded ?? new Float64Array(0);
  // Both inputs are in hour order: one merge, counting first.
  let n = 0;
  for (let i = 0, j = 0; i < traffic.length || j < mh.length; n++) {
    const a = i < traffic.length ? traffic[i]!.hour : Infinity;
    const b = j < mh.length ? mh[j]! : Infinity;
    if (a <= b) i++;
    if (b <= a) j++;
  }
  if (n === 0) return undefined;
  const hours = new Float64Array(n);
  const demand = new Float64Array(n);
  const fromMinute = new Uint8Array(n);
  let peak = -Infinity;
  let peakAt = 0;
  let hourlyPeak = 0;
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    const a = i < traffic.length ? traffic[i]!.hour : Infinity;
    const b = j < mh.length ? mh[j]! : Infinity;
    const avg = a <= b ? shardsNeeded(traffic[i++]!) : undefined;
    const busiest = b <= a ? mv[j++]! : undefined;
    hours[k] = Math.min(a, b);
    if (avg !== undefined && avg > hourlyPeak) hourlyPeak = avg;
    // The busiest minute is never below the hour's average; max() keeps odd data from lowering a peak.
    demand[k] = Math.max(avg ?? 0, busiest ?? 0);
    fromMinute[k] = busiest !== undefined && busiest >= (avg ?? 0) ? 1 : 0;
    if (demand[k]! > peak) {
      peak = demand[k]!;
      peakAt = k;
    }
  }
  return {
    hours,
    demand,
    fromMinute,
    shardsNeeded: peak,
    hour: hours[peakAt]!,
    resolution: fromMinute[peakAt] ? "minute" : "hour",
    hourlyShardsNeeded: hourlyPeak,
  };
});

/** "busiest minute" / "busiest hour (hourly average; no minute data)" for finding texts. */
export function peakWording(r: PeakResolution): string {
  return r === "minute" ? "busiest minute" : "busiest hour's average; no minute-level data collected";
}

/**
 * Smallest shard count that carries `shardsNeeded` at no more than `targetPercent` % (at least 1).
 * The epsilon keeps float noise (2.0000000001) from adding a shard.
 */
export function shardsForPeak(shardsNeeded: number, targetPercent: number): number {
  return Math.max(1, Math.ceil((shardsNeeded * 100) / targetPercent - 1e-9));
}

export { percentText } from "../lib/text-format";
