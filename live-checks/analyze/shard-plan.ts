/**
 * The shard optimization plan: exact SplitShard for hot shards (midpoint hash key), MergeShards for
 * cold adjacent pairs, UpdateShardCount targets for under/over-provisioned streams - each with its
 * AWS CLI command(s) and the projected utilization after the change. The actions are the stream's
 * capacity plan (rules/metric/capacity-plan.ts), the same one the rules' findings come from: a
 * stream gets either an UpdateShardCount or splits and merges, never both.
 */
import type { Finding, StreamConfig } from "../../rules/model";
import { SHARD_BYTES_PER_SECOND } from "../../rules/metric/capacity";
import { streamCapacityPlan, targetPeakPercent, type RuleConfigs } from "../../rules/metric/capacity-plan";
import { shellQuote } from "../../rules/metric/shell";
import { percentText } from "../../rules/metric/utilization";
import { HOURS_PER_MONTH, type Pricing } from "../../rules/pricing";
import type { MetricLookup } from "../../rules/metric/types";
import { countOf } from "../../rules/wording";

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

function regionFlag(region: string): string {
  return region ? ` --region ${shellQuote(region)}` : "";
}

export function shardPlanFor(
  s: StreamConfig,
  findings: readonly Finding[],
  lookup: MetricLookup,
  /** Resolved configs of the enabled rules (the capacity plan's input). */
  ruleConfigs: RuleConfigs,
  windowSeconds: number,
  bytesTotal: number | null,
  pricing: Pricing,
): ShardPlanEntry[] {
  const name = String(s.name);
  const region = String(s.region ?? "");
  const shards = typeof s.shardCount === "number" && s.shardCount > 0 ? s.shardCount : undefined;
  const streamBps = bytesTotal === null ? null : bytesTotal / windowSeconds;
  const avgBps = streamBps !== null && shards ? streamBps / shards : null;
  const out: ShardPlanEntry[] = [];
  let resized = false;
  for (const f of findings) {
    const d = f.data ?? {};
    if (f.ruleId === "kds-hot-shard") {
      const shardBytes = typeof d.shardBytes === "number" ? d.shardBytes : null;
      const key = typeof d.newStartingHashKey === "string" ? d.newStartingHashKey : undefined;
      const peak = Number(d.peakUtilizationPercent ?? 0);
      out.push({
        streamName: name,
        region,
        shardId: String(d.shardId),
        action: "split",
        reason: `hot shard: ${d.allTraffic === true ? "all of the stream's traffic" : `${Number(d.factor).toFixed(1)}x the stream's mean shard load`} (peak ${percentText(peak)} of one shard's write capacity)`,
        currentThroughput: shardBytes === null ? null : shardBytes / windowSeconds,
        avgThroughput: typeof d.meanShardBytes === "number" ? d.meanShardBytes / windowSeconds : avgBps,
        projectedImprovement: key
          ? `peak ~${percentText(peak / 2)} per child shard if the traffic spreads across the shard's hash range (it may not: a single hot partition key stays on one child)`
          : "cannot split a single-key shard: spread partition keys",
        priority: peak > 80 ? "high" : "medium",
        ...(key ? { newStartingHashKey: key } : {}),
        commands: typeof d.command === "string" ? [d.command] : [],
        ruleId: f.ruleId,
      });
    }
    if ((f.ruleId === "kds-under-provisioned" || f.ruleId === "kds-over-provisioned") && typeof d.recommendedShards === "number") {
      resized = true;
      const steps = Array.isArray(d.updateShardCountSteps) ? (d.updateShardCountSteps as number[]) : [d.recommendedShards];
      const under = f.ruleId === "kds-under-provisioned";
      const projected = Number(d.projectedPeakUtilizationPercent);
      const peakWhat = d.peakResolution === "minute" ? "peak (busiest minute)" : "peak (busiest hour)";
      out.push({
        streamName: name,
        region,
        shardId: null,
        action: "update_shard_count",
        reason: f.details,
        currentThroughput: streamBps,
        avgThroughput: avgBps,
        projectedImprovement: under
          ? `${peakWhat} utilization ${percentText(Number(d.peakUtilizationPercent))} -> ~${percentText(projected)} with ${countOf(Number(d.recommendedShards), "shard")}`
          : `${peakWhat} utilization ${percentText(Number(d.peakUtilizationPercent))} -> ~${percentText(projected)} with ${countOf(Number(d.recommendedShards), "shard")} ` +
            `(p${String(d.percentile ?? 95)} ${percentText(Number(d.percentileUtilizationPercent))} -> ~${percentText(Number(d.projectedPercentileUtilizationPercent))}); saves $${(f.monthlyImpactUsd ?? 0).toFixed(2)}/month`,
        priority: under ? "high" : "low",
        targetShardCount: d.recommendedShards,
        commands: steps.map((n) => `aws kinesis update-shard-count --stream-name ${shellQuote(name)} --target-shard-count ${n} --scaling-type UNIFORM_SCALING${regionFlag(region)}`),
        ruleId: f.ruleId,
      });
    }
  }
  // Merges come from the same plan as the findings; a resized stream has none (the plan says so too).
  const plan = streamCapacityPlan(s, lookup, ruleConfigs);
  if (!resized) {
    for (const p of plan.merges) {
      out.push({
        streamName: name,
        region,
        shardId: p.shard.shardId,
        adjacentShardId: p.adjacent.shardId,
        action: "merge",
        reason: `adjacent cold shards: peak ${percentText(p.peakPercent)} and ${percentText(p.adjacentPeakPercent)} of one shard's write capacity (< ${Number(ruleConfigs["kds-hot-shard"]?.coldUtilizationPercent)} %)`,
        currentThroughput: null,
        avgThroughput: avgBps,
        projectedImprovement: `one shard at peak ${percentText(p.mergedPeakPercent)} (at most ${targetPeakPercent(ruleConfigs)} %); one shard fewer saves $${(pricing.shardHour * HOURS_PER_MONTH).toFixed(2)}/month`,
        priority: "low",
        commands: [p.command],
      });
    }
  }
  return out;
}

/** Shard capacity in bytes/s, for projections in the reports. */
export const SHARD_CAPACITY_BPS = SHARD_BYTES_PER_SECOND;
