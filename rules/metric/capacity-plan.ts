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
 * A rule that is disabled, or that the stream is exempt from by tag, takes no part in the plan;
 * except that the rule being judged takes part in the plan it is judged by (streamCapacityPlan's
 * `judging`): the engine sets its finding apart as tag-exempt (rules/tag-exemption.ts) and lists it
 * as suppressed. The other rules' findings and the shard plan are judged by the plan without it.
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
function taking<C extends RuleConfig>(id: string, stream: StreamConfig, configs: RuleConfigs, judging: string | undefined): C | undefined {
  const cfg = configs[id] as C | undefined;
  return cfg && (id === judging || isExempt(id, stream.tags, cfg) !== true) ? cfg : undefined;
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

const planMemo = memoPerLookup((_stream: StreamConfig) => new WeakMap<RuleConfigs, Map<string, StreamCapacityPlan>>());

/**
 * The stream's capacity plan (memoized per snapshot, stream, configs and judged rule). `judging`:
 * the rule asking, which takes part even when the stream is exempt from it by tag (see above).
 */
export function streamCapacityPlan(stream: StreamConfig, lookup: MetricLookup, configs: RuleConfigs, judging?: string): StreamCapacityPlan {
  const memo = planMemo(stream, lookup);
  let plans = memo.get(configs);
  if (!plans) {
    plans = new Map();
    memo.set(configs, plans);
  }
  // Only a rule the stream is exempt from changes the plan by asking: the others share one.
  const own = judging !== undefined && configs[judging] !== undefined && isExempt(judging, stream.tags, configs[judging]) === true ? judging : "";
  let plan = plans.get(own);
  if (!plan) {
    plan = computePlan(stream, lookup, configs, own || undefined);
    plans.set(own, plan);
  }
  return plan;
}

function computePlan(stream: StreamConfig, lookup: MetricLookup, configs: RuleConfigs, judging: string | undefined): StreamCapacityPlan {
  const under = taking<UnderConfig>(UNDER, stream, configs, judging);
  const over = taking<OverConfig>(OVER, stream, configs, judging);
  const hot = taking<HotShardConfig>(HOT, stream, configs, judging);
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
