/** kdf-delivery-failures: tests beyond its examples (moved from test/analyze/metric-rules.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../config";
import { metric } from "../metric-requests";
import { US_EAST_1 } from "../pricing";
import { DELIVERY_STREAM_METRIC_RULES } from "../metric";
import type { MetricSeries } from "../metric-requests";
import type { DeliveryStreamConfig } from "../model";
import { REGION, WINDOW, deliveryStream, lookupOf, noData, series } from "../../test/fixtures/analysis/builders";

function runDelivery(ruleId: string, d: DeliveryStreamConfig, metrics: MetricSeries[]) {
  const rule = DELIVERY_STREAM_METRIC_RULES[ruleId]!;
  return rule(d, { config: resolveRuleConfig(ruleId, undefined), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW });
}

describe("kdf-delivery-failures", () => {
  const d = deliveryStream("to-redshift", { destination: "redshift" });
  const sum = metric.firehoseSuccessSum(REGION, "to-redshift", "DeliveryToRedshift");
  const count = metric.firehoseSuccessCount(REGION, "to-redshift", "DeliveryToRedshift");
  it("flags 1 - 970/1000 = 3 %", () => {
    const f = runDelivery("kdf-delivery-failures", d, [series(sum, [970]), series(count, [1000])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data!.failureRatePercent).toBeCloseTo(3, 10);
    expect(f[0]!.issue).toBe("Firehose Delivery Failures");
  });
  it("does not flag 0.5 % or no data", () => {
    expect(runDelivery("kdf-delivery-failures", d, [series(sum, [995]), series(count, [1000])])).toEqual([]);
    expect(runDelivery("kdf-delivery-failures", d, [noData(sum), noData(count)])).toEqual([]);
  });
});
