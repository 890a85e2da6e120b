/** kds-over-provisioned: tests beyond its examples (moved from test/analyze/metric-rules.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../config";
import { metric } from "../metric-requests";
import { US_EAST_1 } from "../pricing";
import { STREAM_METRIC_RULES } from "../metric";
import type { MetricSeries } from "../metric-requests";
import type { ConsumerConfig, StreamConfig } from "../model";
import { REGION, WINDOW, bytesAt, lookupOf, repeat, series, stream } from "../../test/fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}
const bytes = (name: string) => metric.streamIncomingBytes(REGION, name);

describe("kds-over-provisioned", () => {
  it("uses p95 of hourly utilization and prices the idle shards", () => {
    const s = stream("clicks", { shardCount: 8 });
    // p95 (rank 23 of 24) = 15 % -> ceil(8 x 15 / 60) = 2 shards; 6 x $0.015 x 730 = $65.70.
    const f = runStream("kds-over-provisioned", s, [series(bytes("clicks"), [...repeat(20, bytesAt(10, 8)), ...repeat(4, bytesAt(15, 8))])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.monthlyImpactUsd).toBe(65.7);
    expect(f[0]!.data).toMatchObject({ currentShards: 8, recommendedShards: 2, updateShardCountSteps: [4, 2] });
    expect(f[0]!.remediation).toContain("2 calls");
  });
  it("does not flag p95 at 20 % or a single shard", () => {
    const s = stream("clicks", { shardCount: 8 });
    expect(runStream("kds-over-provisioned", s, [series(bytes("clicks"), repeat(24, bytesAt(20, 8)))])).toEqual([]);
    const one = stream("tiny", { shardCount: 1 });
    expect(runStream("kds-over-provisioned", one, [series(bytes("tiny"), repeat(24, bytesAt(1, 1)))])).toEqual([]);
  });
});
