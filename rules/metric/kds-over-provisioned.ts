/**
 * kds-over-provisioned: a PROVISIONED stream with >= 24 hours of data whose p95 hourly utilization
 * is below minUtilizationPercent. Recommended shards = max(1, ceil(shards * p95 / target)); the
 * saving is (current - recommended) shard-hours for a 730-hour month. A 1-shard stream cannot go
 * lower, so it is never flagged (no action exists).
 */
import { isExempt } from "../classify";
import { HOURS_PER_MONTH, usd } from "../pricing";
import { updateShardCountSteps } from "./capacity";
import { metricFinding, money } from "./finding";
import { round } from "./stats";
import { MIN_HOURS_WITH_DATA, streamUtilization } from "./utilization";
import type { StreamMetricRule } from "./types";
import { countOf } from "../wording";

export const RULE_ID = "kds-over-provisioned";

export function recommendedShardsDown(shards: number, percentileUtil: number, targetPercent: number): number {
  return Math.max(1, Math.ceil((shards * percentileUtil) / targetPercent));
}

export const kdsOverProvisioned: StreamMetricRule = (stream, ctx) => {
  if (stream.mode !== "PROVISIONED") return [];
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const p = Number(ctx.config.percentile);
  const u = streamUtilization(stream, ctx.metrics, p);
  if (!u || u.hoursWithData < MIN_HOURS_WITH_DATA) return [];
  const minUtil = Number(ctx.config.minUtilizationPercent);
  const target = Number(ctx.config.targetUtilizationPercent);
  if (u.percentilePercent >= minUtil) return [];
  const recommended = recommendedShardsDown(u.shards, u.percentilePercent, target);
  if (recommended >= u.shards) return [];
  const steps = updateShardCountSteps(u.shards, recommended);
  const saving = usd((u.shards - recommended) * ctx.pricing.shardHour * HOURS_PER_MONTH);
  const name = String(stream.name);
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "shardCount",
      found: `${countOf(u.shards, "shard")}, p${p} utilization ${round(u.percentilePercent, 2)} %`,
      expected: countOf(recommended, "shard"),
      details: `Stream ${name}: p${p} hourly write utilization is ${round(u.percentilePercent, 2)} % of ${countOf(u.shards, "shard")} (peak ${round(u.peakPercent, 2)} %), below ${minUtil} %.`,
      remediation: `Lower the shard count from ${u.shards} to ${recommended} (p${p} ~${round((u.percentilePercent * u.shards) / recommended, 1)} %, target ${target} %) with UpdateShardCount: ${steps.length} call${steps.length === 1 ? "" : "s"} (${steps.join(" -> ")}; each call can at most halve the count). Saves about $${money(saving)}/month.`,
      monthlyImpactUsd: saving,
      data: {
        currentShards: u.shards,
        recommendedShards: recommended,
        updateShardCountSteps: steps,
        percentile: p,
        percentileUtilizationPercent: u.percentilePercent,
        peakUtilizationPercent: u.peakPercent,
        projectedPercentileUtilizationPercent: (u.percentilePercent * u.shards) / recommended,
        hoursWithData: u.hoursWithData,
      },
    }),
  ];
};
