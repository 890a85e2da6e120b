/**
 * Shard-count decisions of kds-under-provisioned and kds-over-provisioned (definitions in
 * docs/analysis.md, "Capacity"). Both size for the window's PEAK demand (the busiest minute where
 * minute peaks were collected, else the busiest hour) at targetPeakUtilizationPercent, and list
 * the UpdateShardCount calls: one call can at most double or halve the open shard count
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
 */
import type { OverProvisionedConfig as OverConfig, UnderProvisionedConfig as UnderConfig } from "./capacity-configs";
import type { StreamConfig } from "../model";
import { updateShardCountSteps } from "./capacity";
import { streamShardDemand, uniformScalingPeak } from "./shard-demand";
import { MIN_HOURS_WITH_DATA, shardsForPeak, streamPeak, streamUtilization, type StreamPeak } from "./utilization";
import type { MetricLookup } from "./types";

/** Why a stream is under-provisioned (any one suffices). */
export type UnderReason = "mean" | "consistent" | "saturated";

export interface UnderProvisioning {
  readonly shards: number;
  readonly hoursWithData: number;
  /** Mean of the hourly utilization over the hours with data (%). */
  readonly meanPercent: number;
  /** Hours whose average utilization is above maxUtilizationPercent. */
  readonly hotHours: number;
  /** Hours at or above 100 % of capacity at the peak resolution (the busiest minute where collected). */
  readonly saturatedHours: number;
  /** Hours the saturation share is taken over (hours with data at either resolution). */
  readonly peakHours: number;
  readonly reasons: readonly UnderReason[];
  readonly peak: StreamPeak;
  /** Peak demand as % of the current shards. */
  readonly peakPercent: number;
  readonly recommended: number;
  readonly steps: readonly number[];
  /** Peak demand as % of the recommended shards. */
  readonly projectedPeakPercent: number;
}

/**
 * kds-under-provisioned: >= 24 hours with data and (mean utilization > maxUtilizationPercent, or
 * hours above it >= consistentHoursPercent of the hours, or hours at or above 100 % >=
 * saturatedHoursPercent of the hours, at least one). Recommends the shard count that carries the
 * peak at targetPeakUtilizationPercent (at least one shard more).
 */
export function underProvisioning(stream: StreamConfig, lookup: MetricLookup, cfg: UnderConfig): UnderProvisioning | undefined {
  if (stream.mode !== "PROVISIONED") return undefined;
  const u = streamUtilization(stream, lookup);
  const peak = streamPeak(stream, lookup);
  if (!u || !peak || u.hoursWithData < MIN_HOURS_WITH_DATA) return undefined;
  const maxUtil = cfg.maxUtilizationPercent;
  const target = cfg.targetPeakUtilizationPercent;
  const hotHours = u.hourlyPercent.filter((p) => p > maxUtil).length;
  let saturatedHours = 0;
  for (const d of peak.demand) if (d >= u.shards) saturatedHours++;
  const reasons: UnderReason[] = [];
  if (u.meanPercent > maxUtil) reasons.push("mean");
  if ((hotHours / u.hoursWithData) * 100 >= cfg.consistentHoursPercent) reasons.push("consistent");
  if (saturatedHours > 0 && (saturatedHours / peak.hours.length) * 100 >= cfg.saturatedHoursPercent) reasons.push("saturated");
  if (reasons.length === 0) return undefined;
  const recommended = Math.max(u.shards + 1, shardsForPeak(peak.shardsNeeded, target));
  return {
    shards: u.shards,
    hoursWithData: u.hoursWithData,
    meanPercent: u.meanPercent,
    hotHours,
    saturatedHours,
    peakHours: peak.hours.length,
    reasons,
    peak,
    peakPercent: (peak.shardsNeeded / u.shards) * 100,
    recommended,
    steps: updateShardCountSteps(u.shards, recommended),
    projectedPeakPercent: (peak.shardsNeeded / recommended) * 100,
  };
}

export interface OverProvisioning {
  readonly shards: number;
  readonly hoursWithData: number;
  readonly percentile: number;
  readonly percentilePercent: number;
  readonly peak: StreamPeak;
  readonly peakPercent: number;
  readonly recommended: number;
  readonly steps: readonly number[];
  /** Peak demand as % of the recommended shards (traffic spread evenly). */
  readonly projectedPeakPercent: number;
  readonly projectedPercentilePercent: number;
  /**
   * With shard-level data: the busiest new shard's peak (% of one shard) after UNIFORM_SCALING,
   * charging each new shard every current shard it overlaps (shard-demand.ts).
   */
  readonly projectedShardPeakPercent?: number;
}

/**
 * kds-over-provisioned: more than one shard, >= 24 hours with data, the percentile of hourly
 * utilization below minUtilizationPercent, and a lower shard count that is safe: the smallest
 * count with the percentile at most targetUtilizationPercent AND the peak at most
 * targetPeakUtilizationPercent (and, with shard-level data, no new shard above it either).
 * Undefined when no reduction is safe.
 */
export function overProvisioning(stream: StreamConfig, lookup: MetricLookup, cfg: OverConfig): OverProvisioning | undefined {
  if (stream.mode !== "PROVISIONED") return undefined;
  const p = cfg.percentile;
  const u = streamUtilization(stream, lookup, p);
  const peak = streamPeak(stream, lookup);
  if (!u || !peak || u.hoursWithData < MIN_HOURS_WITH_DATA || u.shards <= 1) return undefined;
  if (u.percentilePercent >= cfg.minUtilizationPercent) return undefined;
  const targetPeak = cfg.targetPeakUtilizationPercent;
  const byPercentile = shardsForPeak((u.shards * u.percentilePercent) / 100, cfg.targetUtilizationPercent);
  const first = Math.max(byPercentile, shardsForPeak(peak.shardsNeeded, targetPeak));
  const demand = streamShardDemand(stream, lookup);
  for (let m = first; m < u.shards; m++) {
    const shardPeak = demand ? uniformScalingPeak(demand, m) : undefined;
    if (shardPeak !== undefined && shardPeak * 100 > targetPeak) continue;
    return {
      shards: u.shards,
      hoursWithData: u.hoursWithData,
      percentile: p,
      percentilePercent: u.percentilePercent,
      peak,
      peakPercent: (peak.shardsNeeded / u.shards) * 100,
      recommended: m,
      steps: updateShardCountSteps(u.shards, m),
      projectedPeakPercent: (peak.shardsNeeded / m) * 100,
      projectedPercentilePercent: (u.percentilePercent * u.shards) / m,
      ...(shardPeak === undefined ? {} : { projectedShardPeakPercent: shardPeak * 100 }),
    };
  }
  return undefined;
}
