/** shard_optimization_plan.json view-model: exact split/merge/update commands and hash keys. */
import type { AuditAnalysis } from "../analyze";
import type { ShardPlanEntry } from "../analyze/shard-plan";
import { countOf } from "../../rules/wording";

export const SHARD_PLAN_FILE = "shard_optimization_plan.json";

export interface ShardOptimizationView {
  readonly stream_name: string;
  /** The stream's account (null when unknown, e.g. a snapshot without ARNs). */
  readonly account_id: string | null;
  readonly region: string;
  readonly shard_id: string | null;
  readonly adjacent_shard_id: string | null;
  readonly action: string;
  readonly reason: string;
  /** Bytes per second (window average). */
  readonly current_throughput: number | null;
  readonly avg_throughput: number | null;
  readonly throughput_unit: "bytes/s";
  readonly projected_improvement: string;
  readonly new_starting_hash_key: string | null;
  readonly target_shard_count: number | null;
  readonly commands: readonly string[];
  readonly rule_id: string | null;
}

export interface ShardPlanReport {
  readonly generated_at: string;
  readonly region: string;
  readonly regions: readonly string[];
  readonly shard_optimizations: readonly ShardOptimizationView[];
  readonly recommended_actions: readonly {
    readonly stream_name: string;
    readonly account_id: string | null;
    readonly region: string;
    readonly action: string;
    readonly priority: "high" | "medium" | "low";
    readonly expected_improvement: string;
    readonly commands: readonly string[];
  }[];
}

const PRIORITY_RANK = { high: 0, medium: 1, low: 2 } as const;

function describe(e: ShardPlanEntry): string {
  if (e.action === "split") return `Split hot shard ${e.shardId ?? ""} at hash key ${e.newStartingHashKey ?? "(cannot split)"}`;
  if (e.action === "merge") return `Merge cold adjacent shards ${e.shardId ?? ""} + ${e.adjacentShardId ?? ""}`;
  return `UpdateShardCount to ${countOf(e.targetShardCount ?? "?", "shard")}`;
}

export function toShardPlanReport(a: AuditAnalysis & { readonly account?: { readonly id: string } }): ShardPlanReport {
  const accountOf = (e: { readonly accountId?: string }) => e.accountId ?? a.account?.id ?? null;
  const plan = [...a.shardPlan].sort(
    (x, y) =>
      PRIORITY_RANK[x.priority] - PRIORITY_RANK[y.priority] ||
      x.streamName.localeCompare(y.streamName) ||
      String(x.shardId).localeCompare(String(y.shardId)) ||
      // Same stream name in several accounts or regions (organization-wide audits): a stable order.
      String(x.accountId ?? "").localeCompare(String(y.accountId ?? "")) ||
      x.region.localeCompare(y.region),
  );
  return {
    generated_at: a.analyzedAt,
    region: a.regions.join(","),
    regions: a.regions,
    shard_optimizations: plan.map((e) => ({
      stream_name: e.streamName,
      account_id: accountOf(e),
      region: e.region,
      shard_id: e.shardId,
      adjacent_shard_id: e.adjacentShardId ?? null,
      action: e.action,
      reason: e.reason,
      current_throughput: e.currentThroughput,
      avg_throughput: e.avgThroughput,
      throughput_unit: "bytes/s",
      projected_improvement: e.projectedImprovement,
      new_starting_hash_key: e.newStartingHashKey ?? null,
      target_shard_count: e.targetShardCount ?? null,
      commands: e.commands,
      rule_id: e.ruleId ?? null,
    })),
    recommended_actions: plan.map((e) => ({
      stream_name: e.streamName,
      account_id: accountOf(e),
      region: e.region,
      action: describe(e),
      priority: e.priority,
      expected_improvement: e.projectedImprovement,
      commands: e.commands,
    })),
  };
}
