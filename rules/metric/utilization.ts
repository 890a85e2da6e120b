/** A provisioned stream's hourly write utilization over the window (used by rules, plans and reports). */
import type { StreamConfig } from "../model";
import { openShardCount, streamHourlyTraffic, utilizationPercent, type HourlyTraffic } from "./capacity";
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
