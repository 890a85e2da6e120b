/** The snapshot's metric series indexed by request id, as the metric rules read them. */
import { HOURLY, WINDOW_PERIOD, type MetricRequest, type MetricSeries } from "../../rules/metric-requests";
import type { MetricLookup } from "../../rules/metric/types";

/**
 * The series the rules read as one value for the window until they were fetched hourly (the rules
 * take the maximum of the hourly Maximums, the sum of the hourly Sums and SampleCounts: the same
 * aggregate). Only these: another metric's window value (e.g. Firehose IncomingBytes) is not what
 * its hourly series means to its readers.
 */
function movedToHourly(s: MetricSeries): boolean {
  if (s.stat === "Maximum") return s.metricName === "GetRecords.IteratorAgeMilliseconds" || s.metricName === "SubscribeToShardEvent.MillisBehindLatest";
  return (s.stat === "Sum" || s.stat === "SampleCount") && s.namespace === "AWS/Firehose" && /^DeliveryTo[A-Za-z0-9]+\.Success$/.test(s.metricName);
}

/**
 * A snapshot written before those series were fetched hourly holds each as one window-long value
 * (period "window"): it still answers the hourly request for what the rules read of it (seriesMax,
 * seriesSum), under its own period, so the dashboard does not draw it as an hour.
 */
function legacyHourlyId(s: MetricSeries): string | undefined {
  if (s.period !== WINDOW_PERIOD || s.reduce !== undefined || !movedToHourly(s)) return undefined;
  const suffix = `|${WINDOW_PERIOD}`;
  return s.id.endsWith(suffix) ? `${s.id.slice(0, -suffix.length)}|${HOURLY}` : undefined;
}

export function indexMetrics(series: readonly MetricSeries[]): MetricLookup {
  const byId = new Map<string, MetricSeries>();
  for (const s of series) byId.set(s.id, s);
  for (const s of series) {
    const id = legacyHourlyId(s);
    if (id !== undefined && !byId.has(id)) byId.set(id, s);
  }
  return { get: (req: MetricRequest) => byId.get(req.id) };
}
