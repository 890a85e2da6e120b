/**
 * Entries of the live audit's shard optimization plan (shard_optimization_plan.json) that come from
 * a finding: the capacity rules give them through their `live.shardPlan` hook
 * (live-checks/analyze/shard-plan.ts adds the merges of the stream's capacity plan).
 */
import type { Finding } from "../model";
import { shellQuote } from "./shell";
import { percentText } from "./text-format";
import { countOf } from "../wording";

export type ShardAction = "split" | "merge" | "update_shard_count";

export interface ShardPlanEntry {
  readonly streamName: string;
  readonly region: string;
  /** The shard acted on; null for a stream-wide UpdateShardCount. */
  readonly shardId: string | null;
  readonly adjacentShardId?: string;
  readonly action: ShardAction;
  readonly reason: string;
  /** Bytes/s written to this shard (split/merge) or to the whole stream (update), window average. */
  readonly currentThroughput: number | null;
  /** Mean bytes/s per open shard of the stream. */
  readonly avgThroughput: number | null;
  readonly projectedImprovement: string;
  readonly priority: "high" | "medium" | "low";
  readonly newStartingHashKey?: string;
  readonly targetShardCount?: number;
  readonly commands: readonly string[];
  readonly ruleId?: string;
}

/** What a rule's shardPlan hook sees besides the finding: the stream and its window-average throughput. */
export interface ShardPlanInput {
  readonly streamName: string;
  readonly region: string;
  readonly windowSeconds: number;
  /** Bytes/s written to the stream, window average; null without data. */
  readonly streamBps: number | null;
  /** Mean bytes/s per open shard; null without data or shard count. */
  readonly avgBps: number | null;
}

export function regionFlag(region: string): string {
  return region ? ` --region ${shellQuote(region)}` : "";
}

/** kds-hot-shard: split the hot shard at the finding's hash key. */
export function splitEntry(f: Finding, input: ShardPlanInput): ShardPlanEntry[] {
  const d = f.data ?? {};
  const shardBytes = typeof d.shardBytes === "number" ? d.shardBytes : null;
  const key = typeof d.newStartingHashKey === "string" ? d.newStartingHashKey : undefined;
  const peak = Number(d.peakUtilizationPercent ?? 0);
  return [
    {
      streamName: input.streamName,
      region: input.region,
      shardId: String(d.shardId),
      action: "split",
      reason: `hot shard: ${d.allTraffic === true ? "all of the stream's traffic" : `${Number(d.factor).toFixed(1)}x the stream's mean shard load`} (peak ${percentText(peak)} of one shard's write capacity)`,
      currentThroughput: shardBytes === null ? null : shardBytes / input.windowSeconds,
      avgThroughput: typeof d.meanShardBytes === "number" ? d.meanShardBytes / input.windowSeconds : input.avgBps,
      projectedImprovement: key
        ? `peak ~${percentText(peak / 2)} per child shard if the traffic spreads across the shard's hash range (it may not: a single hot partition key stays on one child)`
        : "cannot split a single-key shard: spread partition keys",
      priority: peak > 80 ? "high" : "medium",
      ...(key ? { newStartingHashKey: key } : {}),
      commands: typeof d.command === "string" ? [d.command] : [],
      ruleId: f.ruleId,
    },
  ];
}

/** kds-under-provisioned (`under`) / kds-over-provisioned: UpdateShardCount to the finding's count, step by step. */
export function updateShardCountEntry(f: Finding, input: ShardPlanInput, under: boolean): ShardPlanEntry[] {
  const d = f.data ?? {};
  if (typeof d.recommendedShards !== "number") return [];
  const name = input.streamName;
  const steps = Array.isArray(d.updateShardCountSteps) ? (d.updateShardCountSteps as number[]) : [d.recommendedShards];
  const projected = Number(d.projectedPeakUtilizationPercent);
  const peakWhat = d.peakResolution === "minute" ? "peak (busiest minute)" : "peak (busiest hour)";
  return [
    {
      streamName: name,
      region: input.region,
      shardId: null,
      action: "update_shard_count",
      reason: f.details,
      currentThroughput: input.streamBps,
      avgThroughput: input.avgBps,
      projectedImprovement: under
        ? `${peakWhat} utilization ${percentText(Number(d.peakUtilizationPercent))} -> ~${percentText(projected)} with ${countOf(Number(d.recommendedShards), "shard")}`
        : `${peakWhat} utilization ${percentText(Number(d.peakUtilizationPercent))} -> ~${percentText(projected)} with ${countOf(Number(d.recommendedShards), "shard")} ` +
          `(p${String(d.percentile ?? 95)} ${percentText(Number(d.percentileUtilizationPercent))} -> ~${percentText(Number(d.projectedPercentileUtilizationPercent))}); saves $${(f.monthlyImpactUsd ?? 0).toFixed(2)}/month`,
      priority: under ? "high" : "low",
      targetShardCount: d.recommendedShards,
      commands: steps.map((n) => `aws kinesis update-shard-count --stream-name ${shellQuote(name)} --target-shard-count ${n} --scaling-type UNIFORM_SCALING${regionFlag(input.region)}`),
      ruleId: f.ruleId,
    },
  ];
}
