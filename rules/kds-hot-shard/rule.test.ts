/** kds-hot-shard: tests beyond its examples (moved from test/analyze/metric-rules.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../config";
import { metric } from "../metric-requests";
import { US_EAST_1 } from "../pricing";
import { STREAM_METRIC_RULES } from "../metric";
import { coldMergePairs } from "./rule";
import type { MetricSeries } from "../metric-requests";
import type { ConsumerConfig, StreamConfig } from "../model";
import { REGION, WINDOW, bytesAt, evenShards, lookupOf, series, stream } from "../../test/fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}

describe("kds-hot-shard", () => {
  const shards = evenShards(4);
  const s = stream("telemetry", { shards, shardCount: 4, shardLevelMetrics: ["IncomingBytes", "IncomingRecords"] });
  const shardBytes = (i: number, v: number[]) => series(metric.shardIncomingBytes(REGION, "telemetry", shards[i]!.shardId), v);
  it("flags a shard above 2x the mean and splits it at its midpoint", () => {
    // one hour at 10, 10, 10, 70 % of a shard -> mean 25 %, threshold 50 % -> shard 3 (2.8x), peak 70 % > the 50 % floor.
    const f = runStream("kds-hot-shard", s, [shardBytes(0, [bytesAt(10, 1)]), shardBytes(1, [bytesAt(10, 1)]), shardBytes(2, [bytesAt(10, 1)]), shardBytes(3, [bytesAt(70, 1)])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ shardId: shards[3]!.shardId, newStartingHashKey: "297747071055821155530452781502797185024" });
    expect(f[0]!.data!.factor).toBeCloseTo(2.8, 12);
    expect(String(f[0]!.data!.command)).toBe(
      `aws kinesis split-shard --stream-name telemetry --shard-to-split ${shards[3]!.shardId} --new-starting-hash-key 297747071055821155530452781502797185024 --region us-east-1`,
    );
  });
  it("needs shard-level IncomingBytes and provisioned mode", () => {
    const plain = stream("telemetry", { shards, shardCount: 4 });
    expect(runStream("kds-hot-shard", plain, [shardBytes(0, [1]), shardBytes(3, [700])])).toEqual([]);
  });
  it("pairs cold adjacent shards for merging, never a hot one", () => {
    // peak hourly utilization: shard 0 5 %, 1 8 %, 2 5 %, 3 hot.
    const m = [shardBytes(0, [bytesAt(5, 1)]), shardBytes(1, [bytesAt(8, 1)]), shardBytes(2, [bytesAt(5, 1)]), shardBytes(3, [bytesAt(90, 1)])];
    const pairs = coldMergePairs(s, lookupOf(m), resolveRuleConfig("kds-hot-shard", undefined));
    expect(pairs.map((p) => [p.shard.shardId, p.adjacent.shardId])).toEqual([[shards[0]!.shardId, shards[1]!.shardId]]);
    expect(pairs[0]!.command).toContain("merge-shards");
  });
});
