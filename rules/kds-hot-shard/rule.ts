/**
 * kds-hot-shard: on a PROVISIONED stream with shard-level IncomingBytes, a shard whose load
 * (shard-hours of write capacity used: bytes or records, whichever is nearer the shard limit each
 * hour) is above hotFactor x the mean over the stream's open shards, or that carries all of the
 * stream's traffic, AND whose peak is above minPeakUtilizationPercent of one shard's capacity ->
 * one finding per hot shard, with the SplitShard at the midpoint of its hash range. Shards without
 * datapoints while the stream had traffic are idle (load 0): they count in the mean and are merge
 * candidates. Cold adjacent pairs go to the shard plan (not findings). Splits are planned only when
 * the stream gets no UpdateShardCount (capacity-plan.ts): one consistent plan per stream.
 */
import type { StreamConfig } from "../model";
import { ruleConfigsOf, streamCapacityPlan, targetPeakPercent } from "../metric/capacity-plan";
import { metricFinding } from "../lib/finding-builder";
import { fmt } from "../lib/text-format";
import { findHotShards, findMergePairs, type HotShard, type MergePair } from "../metric/reshard";
import { streamShardDemand } from "../metric/shard-demand";
import { percentText } from "../metric/utilization";
import type { MetricLookup, StreamMetricRule } from "../metric/types";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { CONFIG, type Config } from "./config";
import { splitEntry } from "../lib/shard-plan-entries";

export const RULE_ID = "kds-hot-shard";
export type { HotShard, MergePair } from "../metric/reshard";

/** Hot shards of a stream by this rule's config alone (empty when the rule does not apply). */
export function hotShards(stream: StreamConfig, lookup: MetricLookup, cfg: Config): HotShard[] {
  const d = streamShardDemand(stream, lookup);
  return d ? findHotShards(stream, d, cfg) : [];
}

/** Adjacent cold pairs by this rule's config, merged peak at most `targetPeak` % (default: kds-over-provisioned's). */
export function coldMergePairs(stream: StreamConfig, lookup: MetricLookup, cfg: Config, targetPeak = targetPeakPercent({})): MergePair[] {
  const d = streamShardDemand(stream, lookup);
  return d ? findMergePairs(stream, d, cfg, findHotShards(stream, d, cfg), targetPeak) : [];
}

function loadWords(h: HotShard): string {
  return h.allTraffic
    ? `carried all of the stream's writes (every other open shard was idle)`
    : `carried ${percentText(h.share * 100)} of the stream's writes, ${h.factor.toFixed(1)}x the mean over the open shards (idle shards count as 0)`;
}

export const kdsHotShard: StreamMetricRule<Config> = (stream, ctx) => {
  const plan = streamCapacityPlan(stream, ctx.metrics, ruleConfigsOf(RULE_ID, ctx), RULE_ID);
  if (plan.splits.length === 0) return [];
  const d = streamShardDemand(stream, ctx.metrics)!;
  const cfg = ctx.config;
  const name = String(stream.name);
  const known = d.shards.filter((s) => s.status !== "unknown");
  const idle = known.filter((s) => s.load === 0).map((s) => s.shard.shardId);
  const meanBytes = known.reduce((a, s) => a + (s.bytesTotal ?? 0), 0) / known.length;
  const peakWords = d.resolution === "minute" ? "estimated busiest minute: the stream's busiest minute of that hour, split as the hour was" : "busiest hour's average";
  return plan.splits.map((h) => {
    const s = h.demand;
    const peakPercent = s.peak * 100;
    return metricFinding(RULE_ID, stream.id, {
      property: `shard ${s.shard.shardId}`,
      found: h.allTraffic ? `all traffic on one shard, peak ${percentText(peakPercent)}` : `${h.factor.toFixed(1)}x the mean shard load, peak ${percentText(peakPercent)}`,
      expected: `<= ${cfg.hotFactor}x the mean, or peak <= ${cfg.minPeakUtilizationPercent} % of one shard`,
      details:
        `Stream ${name}: shard ${s.shard.shardId} ${loadWords(h)}; peak ${percentText(peakPercent)} of one shard's write capacity (${peakWords}), ` +
        `${fmt(s.bytesTotal ?? 0, 0)} bytes over the window.${idle.length ? ` Idle shards (no datapoints while the stream had traffic): ${idle.join(", ")}.` : ""}`,
      remediation: h.command
        ? `Split shard ${s.shard.shardId} at NewStartingHashKey ${h.newStartingHashKey} (the midpoint of its hash range): ${h.command}; or spread partition keys more evenly (a single hot key stays on one child).`
        : `Shard ${s.shard.shardId} covers a single hash key and cannot be split: spread partition keys more evenly.`,
      data: {
        shardId: s.shard.shardId,
        shardBytes: s.bytesTotal,
        meanShardBytes: meanBytes,
        ...(s.recordsTotal === undefined ? {} : { shardRecords: s.recordsTotal }),
        factor: h.factor,
        loadSharePercent: h.share * 100,
        allTraffic: h.allTraffic,
        peakUtilizationPercent: peakPercent,
        peakResolution: d.resolution,
        idleShardIds: idle,
        startingHashKey: s.shard.startingHashKey,
        endingHashKey: s.shard.endingHashKey,
        ...(h.newStartingHashKey ? { newStartingHashKey: h.newStartingHashKey, command: h.command } : {}),
      },
    });
  });
};

export default defineRule({
  id: RULE_ID,
  issue: "Shard Splitting Needed",
  title: "Hot shard (and cold shards to merge)",
  severity: "medium",
  category: "reliability",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description:
    "On a provisioned stream with shard-level metrics, a shard whose load (bytes or records, whichever is nearer the shard limit) is far above the mean over the open shards (idle shards count as 0), or that carries all of the stream's traffic, and whose peak is above a floor of one shard's capacity: split it. Adjacent cold shards (idle ones included) go to the merge plan. No split or merge when the stream gets an UpdateShardCount.",
  remediation: "Split the hot shard (SplitShard at the given NewStartingHashKey) or improve partition key distribution; merge cold adjacent shards (MergeShards).",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding-split.html",
  config: CONFIG,
  evaluate: { streamMetric: kdsHotShard },
  examples,
  // Without the stream's shard list (ids, hash ranges) there is no shard to judge or split.
  live: { blockedBy: [{ api: "Kinesis.ListShards", scope: "resource" }], shardPlan: splitEntry },
  report: { hotShardOf: (f) => String(f.data?.shardId) },
});
