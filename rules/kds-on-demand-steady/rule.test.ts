/** kds-on-demand-steady: tests beyond its examples (moved from test/analyze/metric-rules.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../config";
import { metric } from "../metric-requests";
import { US_EAST_1 } from "../pricing";
import { STREAM_METRIC_RULES } from "../metric";
import type { MetricSeries } from "../metric-requests";
import type { ConsumerConfig, StreamConfig } from "../model";
import { GIB, REGION, WINDOW, lookupOf, repeat, series, stream } from "../../test/fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}
const bytes = (name: string) => metric.streamIncomingBytes(REGION, name);
const records = (name: string) => metric.streamIncomingRecords(REGION, name);

describe("kds-on-demand-steady", () => {
  const s = stream("audit-log", { mode: "ON_DEMAND", shardCount: undefined });
  it("flags steady traffic that provisioned would carry cheaper, with the numbers", () => {
    // Hourly bytes alternate 1.0 / 1.2 GiB (mean 1.1, sd 0.1, CV 0.0909); 1,000,000 records/h.
    // Peak need: 1.2 GiB / (1 MiB x 3600) = 0.3413 shards -> / 0.6 -> 1 shard.
    // Provisioned: 1 x 0.015 x 730 = 10.95 + 730e6 PUT units (1,074 and 1,288-byte records: 1 each) x 0.014/1e6 = 10.22 -> 21.17.
    // On-demand: records average 1,073.7 / 1,288.5 bytes, each billed as 2 KiB: 2e6 KiB/h x 730 =
    // 1.46e9 KiB = 1,392.3645 GiB x 0.08 = 111.38916 + 0.04 x 730 = 29.20 -> 140.58916 (no GetRecords
    // data: data-out not included). Saving 140.58916 - 21.17 = 119.41916 -> 119.42.
    const f = runStream("kds-on-demand-steady", s, [
      series(bytes("audit-log"), Array.from({ length: 24 }, (_, i) => (i % 2 ? 1.2 : 1.0) * GIB)),
      series(records("audit-log"), repeat(24, 1_000_000)),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data!.coefficientOfVariation).toBeCloseTo(0.1 / 1.1, 9);
    expect(f[0]!.data!.provisionedShards).toBe(1);
    expect(f[0]!.data!.provisionedMonthlyUsd).toBeCloseTo(21.17, 9);
    expect(f[0]!.data!.onDemandMonthlyUsd).toBeCloseTo(140.58916015625, 9);
    expect(f[0]!.monthlyImpactUsd).toBe(119.42);
    // 1 shard ($10.95) costs less than on-demand's stream charge ($29.20) before any byte: no "break-even at 0 GB".
    expect(f[0]!.details).toContain("provisioned is cheaper at any volume: on-demand's per-stream charge alone is $29.20/month");
    expect(f[0]!.details).toContain("provisioned with 1 shard (730 million PUT payload units);");
    expect(f[0]!.details).not.toMatch(/break-even at 0 GB/);
  });
  it("does not flag bursty traffic (CV 0.5)", () => {
    expect(runStream("kds-on-demand-steady", s, [series(bytes("audit-log"), Array.from({ length: 24 }, (_, i) => (i % 2 ? 1.5 : 0.5) * GIB))])).toEqual([]);
  });
});
