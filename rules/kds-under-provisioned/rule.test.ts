/** kds-under-provisioned: tests beyond its examples (moved from test/analyze/metric-rules.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../config";
import { metric } from "../metric-requests";
import { US_EAST_1 } from "../pricing";
import { STREAM_METRIC_RULES } from "../metric";
import type { MetricSeries } from "../metric-requests";
import type { ConsumerConfig, StreamConfig } from "../model";
import { REGION, WINDOW, bytesAt, lookupOf, noData, repeat, series, stream } from "../../test/fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}
const bytes = (name: string) => metric.streamIncomingBytes(REGION, name);
const records = (name: string) => metric.streamIncomingRecords(REGION, name);

describe("kds-under-provisioned", () => {
  const s = stream("orders", { shardCount: 2 });
  it("flags > 80 % in >= 90 % of hours and sizes for 60 % at peak", () => {
    // 22 of 24 hours at 90 % (91.7 % of hours) -> flagged; peak 90 % x 2 shards / 60 % = 3 shards.
    const f = runStream("kds-under-provisioned", s, [series(bytes("orders"), [...repeat(22, bytesAt(90, 2)), ...repeat(2, bytesAt(50, 2))])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.issue).toBe("Under-Provisioned Shards");
    expect(f[0]!.severity).toBe("high");
    expect(f[0]!.data).toMatchObject({ currentShards: 2, recommendedShards: 3, hotHours: 22, hoursWithData: 24, updateShardCountSteps: [3] });
  });
  it("does not flag 21 of 24 hot hours (87.5 %) with a mean of 76.9 % and no saturated hour", () => {
    // (21 x 85 + 3 x 20) / 24 = 76.875 % <= 80 %; 87.5 % of hours < 90 %; no hour at 100 %.
    expect(runStream("kds-under-provisioned", s, [series(bytes("orders"), [...repeat(21, bytesAt(85, 2)), ...repeat(3, bytesAt(20, 2))])])).toEqual([]);
  });
  it("flags 21 of 24 hours at 90 % on the window mean (85 % > 80 %), the spec's definition", () => {
    // (21 x 90 + 3 x 50) / 24 = 85 %. Before issue 11 this stream (87.5 % of hours hot) got no finding.
    const f = runStream("kds-under-provisioned", s, [series(bytes("orders"), [...repeat(21, bytesAt(90, 2)), ...repeat(3, bytesAt(50, 2))])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ reasons: ["mean"], currentShards: 2, recommendedShards: 3 });
    expect(f[0]!.data!.meanUtilizationPercent).toBeCloseTo(85, 9);
  });
  it("needs 24 hours with data", () => {
    expect(runStream("kds-under-provisioned", s, [series(bytes("orders"), repeat(23, bytesAt(95, 2)))])).toEqual([]);
  });
  it("reads no data as no data, not as zero (and ignores on-demand streams)", () => {
    expect(runStream("kds-under-provisioned", s, [noData(bytes("orders")), noData(records("orders"))])).toEqual([]);
    const od = stream("od", { mode: "ON_DEMAND" });
    expect(runStream("kds-under-provisioned", od, [series(bytes("od"), repeat(48, bytesAt(99, 4)))])).toEqual([]);
  });
});
