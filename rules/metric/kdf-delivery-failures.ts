/**
 * kdf-delivery-failures: failed delivery rate = 1 - Sum / SampleCount of DeliveryTo<Dest>.Success
 * over the window (each datapoint is 1 for a successful delivery attempt, 0 for a failed one):
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
import { isExempt } from "../classify";
import { metric } from "../metrics";
import { DESTINATION_METRIC_PREFIX } from "../model";
import { fmt, metricFinding } from "./finding";
import { seriesSum } from "./series";
import { round } from "./stats";
import type { DeliveryStreamMetricRule } from "./types";

export const RULE_ID = "kdf-delivery-failures";

/** Failed share (%) of delivery attempts, undefined without data. */
export function failureRatePercent(successSum: number | undefined, sampleCount: number | undefined): number | undefined {
  if (successSum === undefined || sampleCount === undefined || sampleCount <= 0) return undefined;
  return (1 - successSum / sampleCount) * 100;
}

export const kdfDeliveryFailures: DeliveryStreamMetricRule = (ds, ctx) => {
  if (isExempt(RULE_ID, ds.tags, ctx.config) === true) return [];
  if (typeof ds.destination !== "string") return [];
  const prefix = DESTINATION_METRIC_PREFIX[ds.destination];
  const region = String(ds.region ?? "");
  const name = String(ds.name);
  const sum = seriesSum(ctx.metrics, metric.firehoseSuccessSum(region, name, prefix));
  const count = seriesSum(ctx.metrics, metric.firehoseSuccessCount(region, name, prefix));
  const rate = failureRatePercent(sum, count);
  const max = Number(ctx.config.maxFailurePercent);
  if (rate === undefined || rate <= max) return [];
  return [
    metricFinding(RULE_ID, ds.id, {
      property: `${prefix}.Success`,
      found: `${round(rate, 2)} % failed`,
      expected: `<= ${max} %`,
      details: `Delivery stream ${name}: ${round(rate, 2)} % of ${fmt(count ?? 0, 0)} delivery attempts to ${ds.destination} failed over the window (${prefix}.Success ${fmt(sum ?? 0, 0)} / ${fmt(count ?? 0, 0)}), above ${max} %.`,
      data: { metric: `${prefix}.Success`, successSum: sum, sampleCount: count, failureRatePercent: rate },
    }),
  ];
};
