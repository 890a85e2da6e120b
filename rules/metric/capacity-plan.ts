/**
 * One capacity plan per stream. kds-under-provisioned, kds-over-provisioned and kds-hot-shard each
 * report their part of this plan, and the shard plan (live-checks/analyze/shard-plan.ts) renders
 * it, so the findings and shard_optimization_plan.json never disagree. Precedence:
 *
 * 1. Under-provisioned: UpdateShardCount up. A uniform rescale re-cuts every hash range, so no
 *    split or merge is planned next to it (a hot shard is mentioned in the finding).
 * 2. Over-provisioned with a safe reduction: UpdateShardCount down, bounded so that no new shard
 *    exceeds the target peak even with the current skew (provisioning.ts); no split or merge.
 * 3. Otherwise: SplitShard for each hot shard, MergeShards for cold adjacent pairs.
 *
 * A rule that is disabled, or that the stream is exempt from, takes no part in the plan.
 */
import { isExempt } from "../classify";
import type { RuleConfig } from "../types";
import { configDefaults } from "../lib/config-schema";
import {
  HOT_SHARD_CONFIG as HOT_CONFIG,
  OVER_PROVISIONED_CONFIG as OVER_CONFIG,
  UNDER_PROVISIONED_CONFIG as UNDER_CONFIG,
  type HotShardConfig,
  type OverProvisionedConfig as OverConfig,
  type UnderProvisionedConfig as UnderConfig,
} from "./capacity-configs";
import type { StreamConfig } from "../model";
import { overProvisioning, underProvisioning, type OverProvisioning, type UnderProvisioning } from "./provisioning";
import { findHotShards, findMergePairs, type HotShard, type MergePair } from "./reshard";
import { streamShardDemand } from "./shard-demand";
import { memoPerLookup } from "./memo";
import type { MetricLookup, StreamMetricContext } from "./types";

export const UNDER = "kds-under-provisioned";
export const OVER = "kds-over-provisioned";
export const HOT = "kds-hot-shard";

export interface StreamCapacityPlan {
  readonly scaleUp?: UnderProvisioning;
  readonly scaleDown?: OverProvisioning;
  /** Hot shards found, whatever the action. */
  readonly hotShards: readonly HotShard[];
  /** SplitShard actions: the hot shards, when no UpdateShardCount is planned. */
  readonly splits: readonly HotShard[];
  /** MergeShards actions, when no UpdateShardCount is planned. */
  readonly merges: readonly MergePair[];
}

/** Resolved configs of the rules that take part (enabled ones); absent ids take no part. */
export type RuleConfigs = Readonly<Record<string, RuleConfig>>;

let defaults: RuleConfigs | undefined;
/** The three capacity rules at their defaults (from their config declarations: no import of the rules, no cycle). */
function defaultConfigs(): RuleConfigs {
  return { [UNDER]: configDefaults(UNDER_CONFIG), [OVER]: configDefaults(OVER_CONFIG), [HOT]: configDefaults(HOT_CONFIG) };
}
/**
 * The configs a rule plans with: the context's (every enabled rule's config, set by the analysis)
 * or, when a caller runs one rule alone, the capacity rules' defaults with that rule's own config.
 */
export function ruleConfigsOf(ruleId: string, ctx: Pick<StreamMetricContext, "config" | "ruleConfigs">): RuleConfigs {
  if (ctx.ruleConfigs) return ctx.ruleConfigs;
  defaults ??= defaultConfigs();
  return { ...defaults, [ruleId]: ctx.config };
}

/**
 * The config of rule `id` if it takes part for this stream (enabled, stream not exempt), as that
 * rule's config type: `configs` holds each rule's config resolved against its own schema.
 */
function taking<C extends RuleConfig>(id: string, stream: StreamConfig, configs: RuleConfigs): C | undefined {
  const cfg = configs[id] as C | undefined;
  return cfg && isExempt(id, stream.tags, cfg) !== true ? cfg : undefined;
}

/** Target peak utilization of any reduction (merges included): kds-over-provisioned's setting. */
export function targetPeakPercent(configs: RuleConfigs): number {
  defaults ??= defaultConfigs();
  return ((configs[OVER] ?? defaults[OVER]!) as OverConfig).targetPeakUtilizationPercent;
}

/** The cold threshold merges are judged by: kds-hot-shard's setting (merges need that rule enabled). */
export function coldUtilizationPercent(configs: RuleConfigs): number | undefined {
  return (configs[HOT] as HotShardConfig | undefined)?.coldUtilizationPercent;
}

const planMemo = memoPerLookup((_stream: StreamConfig) => new WeakMap<RuleConfigs, StreamCapacityPlan>());

/** The stream's capacity plan (memoized per snapshot, stream and configs). */
export function streamCapacityPlan(stream: StreamConfig, lookup: MetricLookup, configs: RuleConfigs): StreamCapacityPlan {
  const memo = planMemo(stream, lookup);
  let plan = memo.get(configs);
  if (!plan) {
    plan = computePlan(stream, lookup, configs);
    memo.set(configs, plan);
  }
  return plan;
}

function computePlan(stream: StreamConfig, lookup: MetricLookup, configs: RuleConfigs): StreamCapacityPlan {
  const under = taking<UnderConfig>(UNDER, stream, configs);
  const over = taking<OverConfig>(OVER, stream, configs);
  const hot = taking<HotShardConfig>(HOT, stream, configs);
  const scaleUp = under ? underProvisioning(stream, lookup, under) : undefined;
  const scaleDown = !scaleUp && over ? overProvisioning(stream, lookup, over) : undefined;
  const demand = hot ? streamShardDemand(stream, lookup) : undefined;
  const hotShards = hot && demand ? findHotShards(stream, demand, hot) : [];
  const resized = scaleUp !== undefined || scaleDown !== undefined;
  return {
    ...(scaleUp ? { scaleUp } : {}),
    ...(scaleDown ? { scaleDown } : {}),
    hotShards,
    splits: resized ? [] : hotShards,
    merges: resized || !hot || !demand ? [] : findMergePairs(stream, demand, hot, hotShards, targetPeakPercent(configs)),
  };
}
