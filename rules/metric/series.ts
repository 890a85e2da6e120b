/**
 * Reading collected series: only status "ok" series carry numbers. "no-data" and "error" both give
 * `undefined` here, so a rule can never mistake missing data for zero.
 */
import type { MetricRequest, MetricSeries } from "../metric-requests";
import type { MetricLookup } from "./types";

/** Values of an "ok" series with at least one datapoint, else undefined. */
export function okSeries(lookup: MetricLookup, req: MetricRequest): MetricSeries | undefined {
  const s = lookup.get(req);
  if (!s || s.status !== "ok" || s.values.length === 0) return undefined;
  return s;
}

/** Sum of an "ok" series' values; undefined when there is no data. */
export function seriesSum(lookup: MetricLookup, req: MetricRequest): number | undefined {
  const s = okSeries(lookup, req);
  return s ? s.values.reduce((a, b) => a + b, 0) : undefined;
}

/** Maximum of an "ok" series' values; undefined when there is no data. */
export function seriesMax(lookup: MetricLookup, req: MetricRequest): number | undefined {
  const s = okSeries(lookup, req);
  return s ? Math.max(...s.values) : undefined;
}

/** Timestamp -> value of an "ok" series (empty map when no data). */
export function byTimestamp(series: MetricSeries | undefined): Map<number, number> {
  const m = new Map<number, number>();
  if (!series || series.status !== "ok") return m;
  series.timestamps.forEach((t, i) => {
    const v = series.values[i];
    if (v !== undefined) m.set(t, v);
  });
  return m;
}
