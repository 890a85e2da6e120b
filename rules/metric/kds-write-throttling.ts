/**
 * kds-write-throttling: throttled share of write attempts over the window,
 * WriteProvisionedThroughputExceeded / (WriteProvisionedThroughputExceeded + IncomingRecords).
 */
import { isExempt } from "../classify";
import { metric } from "../metrics";
import { fmt, metricFinding } from "./finding";
import { seriesSum } from "./series";
import { round } from "./stats";
import type { StreamMetricRule } from "./types";

export const RULE_ID = "kds-write-throttling";

/** Throttled share (%) of write attempts, or undefined when either series has no data. */
export function throttleRatePercent(throttled: number | undefined, incomingRecords: number | undefined): number | undefined {
  if (throttled === undefined || incomingRecords === undefined) return undefined;
  const attempts = throttled + incomingRecords;
  return attempts > 0 ? (throttled / attempts) * 100 : undefined;
}

export const kdsWriteThrottling: StreamMetricRule = (stream, ctx) => {
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const throttled = seriesSum(ctx.metrics, metric.streamWriteThrottled(region, name));
  const records = seriesSum(ctx.metrics, metric.streamIncomingRecords(region, name));
  const rate = throttleRatePercent(throttled, records);
  const max = Number(ctx.config.maxThrottledPercent);
  if (rate === undefined || rate <= max) return [];
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "WriteProvisionedThroughputExceeded",
      found: `${round(rate, 2)} % throttled`,
      expected: `<= ${max} %`,
      details: `Stream ${name}: ${fmt(throttled ?? 0, 0)} of ${fmt((throttled ?? 0) + (records ?? 0), 0)} write attempts (${round(rate, 2)} %) were throttled over the window, above ${max} %.`,
      data: { throttledRecords: throttled, incomingRecords: records, throttleRatePercent: rate },
    }),
  ];
};
