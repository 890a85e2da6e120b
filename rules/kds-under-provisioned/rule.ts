/**
 * kds-under-provisioned: a PROVISIONED stream with >= 24 hours of data whose window MEAN write
 * utilization is above maxUtilizationPercent (the spec's definition), or that is above it in at
 * least consistentHoursPercent of the hours, or that reaches 100 % of capacity (the busiest minute
 * where collected) in at least saturatedHoursPercent of the hours. Recommends the shard count that
 * carries the window's peak at targetPeakUtilizationPercent, with each UpdateShardCount call.
 * The decision is provisioning.ts's, taken in the stream's capacity plan (capacity-plan.ts).
 */
import { usd, HOURS_PER_MONTH } from "../pricing";
import { countOf } from "../wording";
import { ruleConfigsOf, streamCapacityPlan } from "../metric/capacity-plan";
import { metricFinding } from "../lib/finding-builder";
import { money } from "../lib/text-format";
import type { UnderProvisioning } from "../metric/provisioning";
import { hotShardNote } from "../metric/reshard";
import { peakWording, percentText } from "../metric/utilization";
import type { StreamMetricRule } from "../metric/types";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { CONFIG, type Config } from "./config";
import { capacityChange } from "../lib/remediation-values";
import { updateShardCountEntry } from "../lib/shard-plan-entries";

export const RULE_ID = "kds-under-provisioned";

function why(u: UnderProvisioning, maxUtil: number): string {
  const parts: string[] = [];
  if (u.reasons.includes("mean")) parts.push(`mean write utilization ${percentText(u.meanPercent)} > ${maxUtil} %`);
  if (u.reasons.includes("consistent")) parts.push(`above ${maxUtil} % in ${u.hotHours} of ${u.hoursWithData} hours`);
  if (u.reasons.includes("saturated")) parts.push(`at or above 100 % of capacity in ${u.saturatedHours} of ${u.peakHours} hours (${percentText((u.saturatedHours / u.peakHours) * 100)})`);
  return parts.join("; ");
}

export const kdsUnderProvisioned: StreamMetricRule<Config> = (stream, ctx) => {
  const configs = ruleConfigsOf(RULE_ID, ctx);
  const plan = streamCapacityPlan(stream, ctx.metrics, configs, RULE_ID);
  const u = plan.scaleUp;
  if (!u) return [];
  // configs[RULE_ID] is ctx.config: the plan runs with this rule's own config (ruleConfigsOf).
  const cfg = ctx.config;
  const maxUtil = cfg.maxUtilizationPercent;
  const target = cfg.targetPeakUtilizationPercent;
  const addedCost = usd((u.recommended - u.shards) * ctx.pricing.shardHour * HOURS_PER_MONTH);
  const name = String(stream.name);
  const at = new Date(u.peak.hour * 1000).toISOString().slice(0, 13) + ":00Z";
  const calls = `${countOf(u.steps.length, "call")}: ${u.steps.join(" -> ")}`;
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "shardCount",
      found: `${countOf(u.shards, "shard")}: ${why(u, maxUtil)}`,
      expected: countOf(u.recommended, "shard"),
      details:
        `Stream ${name}: ${why(u, maxUtil)}. Peak ${percentText(u.peakPercent)} of ${countOf(u.shards, "shard")} in the hour of ${at} (${peakWording(u.peak.resolution)}` +
        `${u.peak.resolution === "minute" ? `; the busiest hour's average is ${percentText((u.peak.hourlyShardsNeeded / u.shards) * 100)}` : ""}).` +
        `${u.peakPercent >= 100 ? " Writes beyond 100 % of capacity are throttled." : ` Headroom left at the peak: ${percentText(100 - u.peakPercent)}.`}${hotShardNote(plan.hotShards)}`,
      remediation:
        `Raise the shard count from ${u.shards} to ${u.recommended} so the peak runs at ~${percentText(u.projectedPeakPercent)} (target ${target} %) ` +
        `with UpdateShardCount, ${calls} (each call can at most double the count; wait for ACTIVE between calls), or switch to on-demand. Adds about $${money(addedCost)}/month.`,
      data: {
        currentShards: u.shards,
        recommendedShards: u.recommended,
        updateShardCountSteps: [...u.steps],
        reasons: [...u.reasons],
        meanUtilizationPercent: u.meanPercent,
        hotHours: u.hotHours,
        saturatedHours: u.saturatedHours,
        hoursWithData: u.hoursWithData,
        peakUtilizationPercent: u.peakPercent,
        peakResolution: u.peak.resolution,
        peakHour: u.peak.hour,
        hourlyPeakUtilizationPercent: (u.peak.hourlyShardsNeeded / u.shards) * 100,
        projectedPeakUtilizationPercent: u.projectedPeakPercent,
        targetPeakUtilizationPercent: target,
        addedMonthlyCostUsd: addedCost,
        ...(plan.hotShards.length ? { hotShardIds: plan.hotShards.map((h) => h.demand.shard.shardId) } : {}),
      },
    }),
  ];
};


export default defineRule({
  id: RULE_ID,
  issue: "Under-Provisioned Shards",
  title: "Stream runs near its shard capacity",
  severity: "high",
  category: "reliability",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description:
    "Provisioned stream whose write utilization (the larger of bytes vs shards x 1 MiB/s and records vs shards x 1,000/s) averaged over the window is above the threshold, or is above it in at least the configured share of hours, or reaches 100 % of capacity (the busiest minute of the hour where minute data was collected) in at least the configured share of hours. The recommendation carries the window's peak at the target peak utilization.",
  remediation: "Raise the shard count with UpdateShardCount to the recommended target (at most doubling per call: every call is listed), or switch to on-demand mode.",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html",
  config: CONFIG,
  evaluate: { streamMetric: kdsUnderProvisioned },
  examples,
  live: { remediationValues: (f, input) => {
    const c = input.stream && capacityChange(f, input.stream);
    return c ? { shardChange: c } : {};
  }, shardPlan: (f, input) => updateShardCountEntry(f, input, true) },
});
