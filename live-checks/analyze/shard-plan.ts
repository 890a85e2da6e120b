/**
 * The shard optimization plan: exact SplitShard for hot shards (midpoint hash key), MergeShards for
 * cold adjacent pairs, UpdateShardCount targets for under/over-provisioned streams - each with its
 * AWS CLI command(s) and the projected utilization after the change. The actions are the stream's
 * capacity plan (rules/metric/capacity-plan.ts), the same one the rules' findings come from: a
 * stream gets either an UpdateShardCount or splits and merges, never both.
 */
import { CATALOG, type Rule } from "../../rules/catalog";
import type { Finding, StreamConfig } from "../../rules/model";
import { SHARD_BYTES_PER_SECOND } from "../../rules/metric/capacity";
import { coldUtilizationPercent, streamCapacityPlan, targetPeakPercent, type RuleConfigs } from "../../rules/metric/capacity-plan";
import { percentText } from "../../rules/metric/utilization";
import { HOURS_PER_MONTH, type Pricing } from "../../rules/pricing";
import type { MetricLookup } from "../../rules/metric/types";
import type { ShardPlanEntry } from "../../rules/lib/shard-plan-entries";

export type { ShardAction, ShardPlanEntry } from "../../rules/lib/shard-plan-entries";

const CATALOG_BY_ID = new Map(CATALOG.map((r) => [r.id, r]));

export function shardPlanFor(
  s: StreamConfig,
  findings: readonly Finding[],
  lookup: MetricLookup,
  /** Resolved configs of the enabled rules (the capacity plan's input). */
  ruleConfigs: RuleConfigs,
  windowSeconds: number,
  bytesTotal: number | null,
  pricing: Pricing,
  rules: ReadonlyMap<string, Rule> = CATALOG_BY_ID,
): ShardPlanEntry[] {
  const name = String(s.name);
  const region = String(s.region ?? "");
  const shards = typeof s.shardCount === "number" && s.shardCount > 0 ? s.shardCount : undefined;
  const streamBps = bytesTotal === null ? null : bytesTotal / windowSeconds;
  const avgBps = streamBps !== null && shards ? streamBps / shards : null;
  const out: ShardPlanEntry[] = [];
  let resized = false;
  // Splits and UpdateShardCount: the finding's rule says (its shardPlan hook).
  for (const f of findings) {
    const entries = rules.get(f.ruleId)?.live.shardPlan?.(f, { streamName: name, region, windowSeconds, streamBps, avgBps }) ?? [];
    if (entries.some((e) => e.action === "update_shard_count")) resized = true;
    out.push(...entries);
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
        reason: `adjacent cold shards: peak ${percentText(p.peakPercent)} and ${percentText(p.adjacentPeakPercent)} of one shard's write capacity (< ${Number(coldUtilizationPercent(ruleConfigs))} %)`,
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
