/**
 * kds-under-provisioned: a PROVISIONED stream with >= 24 hours of data whose hourly utilization is
 * above maxUtilizationPercent in at least consistentHoursPercent of those hours ("consistently").
 * Recommends the shard count that brings the PEAK hour to targetUtilizationPercent.
 */
import { isExempt } from "../classify";
import { usd } from "../pricing";
import { updateShardCountSteps } from "./capacity";
import { metricFinding, money } from "./finding";
import { round } from "./stats";
import { MIN_HOURS_WITH_DATA, streamUtilization } from "./utilization";
import type { StreamMetricRule } from "./types";
import { countOf } from "../wording";

export const RULE_ID = "kds-under-provisioned";

export const kdsUnderProvisioned: StreamMetricRule = (stream, ctx) => {
  if (stream.mode !== "PROVISIONED") return [];
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const u = streamUtilization(stream, ctx.metrics);
  if (!u || u.hoursWithData < MIN_HOURS_WITH_DATA) return [];
  const maxUtil = Number(ctx.config.maxUtilizationPercent);
  const share = Number(ctx.config.consistentHoursPercent);
  const target = Number(ctx.config.targetUtilizationPercent);
  const hotHours = u.hourlyPercent.filter((p) => p > maxUtil).length;
  const hotShare = (hotHours / u.hoursWithData) * 100;
  if (hotShare < share) return [];
  const recommended = Math.max(u.shards + 1, Math.ceil((u.shards * u.peakPercent) / target));
  const steps = updateShardCountSteps(u.shards, recommended);
  const addedCost = usd((recommended - u.shards) * ctx.pricing.shardHour * 730);
  const name = String(stream.name);
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "shardCount",
      found: `${countOf(u.shards, "shard")}, > ${maxUtil} % utilized in ${hotHours}/${u.hoursWithData} hours`,
      expected: countOf(recommended, "shard"),
      details: `Stream ${name}: write utilization was above ${maxUtil} % in ${hotHours} of ${u.hoursWithData} hours with data (${round(hotShare, 1)} %, threshold ${share} %); peak ${round(u.peakPercent, 1)} % of ${countOf(u.shards, "shard")}.`,
      remediation: `Raise the shard count from ${u.shards} to ${recommended} (peak ~${round((u.peakPercent * u.shards) / recommended, 1)} %, target ${target} %) with UpdateShardCount (${steps.length} call${steps.length === 1 ? "" : "s"}: ${steps.join(" -> ")}; each call can at most double the count), or switch to on-demand. Adds about $${money(addedCost)}/month.`,
      data: {
        currentShards: u.shards,
        recommendedShards: recommended,
        updateShardCountSteps: steps,
        hotHours,
        hoursWithData: u.hoursWithData,
        peakUtilizationPercent: u.peakPercent,
        projectedPeakUtilizationPercent: (u.peakPercent * u.shards) / recommended,
        addedMonthlyCostUsd: addedCost,
      },
    }),
  ];
};
