/** kds-write-throttling: tests beyond its examples (moved from test/analyze/metric-rules.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../config";
import { metric } from "../metric-requests";
import { US_EAST_1 } from "../pricing";
import { STREAM_METRIC_RULES } from "../metric";
import type { MetricSeries } from "../metric-requests";
import type { ConsumerConfig, StreamConfig } from "../model";
import { REGION, WINDOW, lookupOf, noData, series, stream } from "../../test/fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}
const records = (name: string) => metric.streamIncomingRecords(REGION, name);

describe("kds-write-throttling", () => {
  const s = stream("payments");
  const throttled = metric.streamWriteThrottled(REGION, "payments");
  it("flags 200 throttled of 10,000 attempts (2 %)", () => {
    const f = runStream("kds-write-throttling", s, [series(throttled, [200]), series(records("payments"), [4900, 4900])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data!.throttleRatePercent).toBeCloseTo(2, 12);
  });
  it("does not flag 99 of 10,000 (0.99 %) or missing data", () => {
    expect(runStream("kds-write-throttling", s, [series(throttled, [99]), series(records("payments"), [9901])])).toEqual([]);
    expect(runStream("kds-write-throttling", s, [noData(throttled), series(records("payments"), [10])])).toEqual([]);
  });
});
