/** The snapshot's metric series indexed by request id, as the metric rules read them. */
import type { MetricRequest, MetricSeries } from "../../rules/metric-requests";
import type { MetricLookup } from "../../rules/metric/types";

export function indexMetrics(series: readonly MetricSeries[]): MetricLookup {
  const byId = new Map<string, MetricSeries>();
  for (const s of series) byId.set(s.id, s);
  return { get: (req: MetricRequest) => byId.get(req.id) };
}
