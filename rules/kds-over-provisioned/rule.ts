/**
 * kds-over-provisioned: a PROVISIONED stream with more than one shard and >= 24 hours of data whose
 * p95 hourly write utilization is below minUtilizationPercent, AND that can safely run on fewer
 * shards: the recommended count keeps the window's peak (busiest minute where collected) at most
 * targetPeakUtilizationPercent and p95 at most targetUtilizationPercent; with shard-level data no
 * new shard may exceed the target peak either. No safe reduction -> no finding. The saving is
 * (current - recommended) shard-hours for a 730-hour month. Decision: provisioning.ts, taken in
 * the stream's capacity plan (capacity-plan.ts).
 */
import type { Finding } from "../model";
import { HOURS_PER_MONTH, usd } from "../pricing";
import { countOf } from "../wording";
import { ruleConfigsOf, streamCapacityPlan } from "../metric/capacity-plan";
import { metricFinding } from "../lib/finding-builder";
import { money } from "../lib/text-format";
import { hotShardNote } from "../metric/reshard";
import { peakWording, percentText } from "../metric/utilization";
import type { StreamMetricRule } from "../metric/types";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { CONFIG, type Config } from "./config";
import { capacityChange, numberOf, type RemediationInput, type RemediationValues } from "../lib/remediation-values";
import kdsWriteThrottlingRule from "../kds-write-throttling/rule";
import { updateShardCountEntry } from "../lib/shard-plan-entries";

export const RULE_ID = "kds-over-provisioned";

export const kdsOverProvisioned: StreamMetricRule<Config> = (stream, ctx) => {
  const configs = ruleConfigsOf(RULE_ID, ctx);
  const plan = streamCapacityPlan(stream, ctx.metrics, configs, RULE_ID);
  const o = plan.scaleDown;
  if (!o) return [];
  // configs[RULE_ID] is ctx.config: the plan runs with this rule's own config (ruleConfigsOf).
  const cfg = ctx.config;
  const minUtil = cfg.minUtilizationPercent;
  const targetPeak = cfg.targetPeakUtilizationPercent;
  const saving = usd((o.shards - o.recommended) * ctx.pricing.shardHour * HOURS_PER_MONTH);
  const name = String(stream.name);
  const p = o.percentile;
  const shardBound =
    o.projectedShardPeakPercent === undefined
      ? ""
      : ` With the current per-shard load, the busiest new shard peaks at ~${percentText(o.projectedShardPeakPercent)} (each new shard charged every current shard whose hash range it overlaps).`;
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "shardCount",
      found: `${countOf(o.shards, "shard")}, p${p} utilization ${percentText(o.percentilePercent)}, peak ${percentText(o.peakPercent)}`,
      expected: countOf(o.recommended, "shard"),
      details:
        `Stream ${name}: p${p} hourly write utilization is ${percentText(o.percentilePercent)} of ${countOf(o.shards, "shard")}, below ${minUtil} %; ` +
        `peak ${percentText(o.peakPercent)} (${peakWording(o.peak.resolution)}).${hotShardNote(plan.hotShards)}`,
      remediation:
        `Lower the shard count from ${o.shards} to ${o.recommended}: the peak then runs at ~${percentText(o.projectedPeakPercent)} of capacity (target at most ${targetPeak} %), p${p} at ~${percentText(o.projectedPercentilePercent)}.${shardBound} ` +
        `UpdateShardCount: ${countOf(o.steps.length, "call")} (${o.steps.join(" -> ")}; each call can at most halve the count; wait for ACTIVE between calls). Saves about $${money(saving)}/month.`,
      monthlyImpactUsd: saving,
      data: {
        currentShards: o.shards,
        recommendedShards: o.recommended,
        updateShardCountSteps: [...o.steps],
        percentile: p,
        percentileUtilizationPercent: o.percentilePercent,
        peakUtilizationPercent: o.peakPercent,
        peakResolution: o.peak.resolution,
        hourlyPeakUtilizationPercent: (o.peak.hourlyShardsNeeded / o.shards) * 100,
        projectedPeakUtilizationPercent: o.projectedPeakPercent,
        projectedPercentileUtilizationPercent: o.projectedPercentilePercent,
        ...(o.projectedShardPeakPercent === undefined ? {} : { projectedShardPeakUtilizationPercent: o.projectedShardPeakPercent }),
        targetPeakUtilizationPercent: targetPeak,
        hoursWithData: o.hoursWithData,
        ...(plan.hotShards.length ? { hotShardIds: plan.hotShards.map((h) => h.demand.shard.shardId) } : {}),
      },
    }),
  ];
};

/** The shard reduction; not lowered when the stream's writes were throttled (kds-write-throttling fired too). */
function overProvisionedRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  const c = input.stream && capacityChange(f, input.stream);
  const throttled = input.resourceFindings.find((x) => x.ruleId === kdsWriteThrottlingRule.id);
  const rate = numberOf(throttled?.data?.throttleRatePercent);
  return { ...(c ? { shardChange: c } : {}), ...(throttled ? { blockedByThrottling: rate === undefined ? {} : { throttleRatePercent: rate } } : {}) };
}

export default defineRule({
  id: RULE_ID,
  issue: "Over-Provisioned Shards",
  title: "Stream pays for idle shards",
  severity: "medium",
  category: "cost",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description:
    "Provisioned stream whose p95 hourly write utilization is below the threshold and that can run on fewer shards with the window's peak (busiest minute where collected; with shard-level data, the busiest new shard) at most at the target peak utilization. No safe reduction, no finding.",
  remediation: "Lower the shard count with UpdateShardCount to the recommended target (at most halving per call: every call is listed), or switch to on-demand for spiky, low traffic.",
  docsUrl: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html",
  config: CONFIG,
  evaluate: { streamMetric: kdsOverProvisioned },
  examples,
  live: { remediationValues: overProvisionedRemediation, shardPlan: (f, input) => updateShardCountEntry(f, input, false) },
});
