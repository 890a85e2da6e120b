/**
 * Metric data a resource's rules needed but the collector could not get (status "error", or never
 * collected). Such a resource is still analyzed on what is there; the audit is then incomplete.
 * "no-data" is not missing: CloudWatch answered, with no datapoints.
 */
import { metricNeeds, type MetricRequest } from "../../rules/metric-requests";
import type { ConsumerConfig, DeliveryStreamConfig, StreamConfig } from "../../rules/model";
import type { MetricLookup } from "../../rules/metric/types";

export interface MissingMetric {
  readonly metric: string;
  readonly stat: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly reason: string;
}

function missing(reqs: readonly MetricRequest[], lookup: MetricLookup): MissingMetric[] {
  const out: MissingMetric[] = [];
  for (const r of reqs) {
    const s = lookup.get(r);
    if (s && s.status !== "error") continue;
    out.push({ metric: `${r.namespace} ${r.metricName}`, stat: r.stat, dimensions: r.dimensions, reason: s?.error ?? (s ? "could not be collected" : "not collected") });
  }
  return out;
}

export function streamMissingData(s: StreamConfig, consumers: readonly ConsumerConfig[], lookup: MetricLookup): MissingMetric[] {
  return missing(metricNeeds({ streams: [s], consumers, deliveryStreams: [] }), lookup);
}

export function deliveryStreamMissingData(d: DeliveryStreamConfig, lookup: MetricLookup): MissingMetric[] {
  return missing(metricNeeds({ streams: [], consumers: [], deliveryStreams: [d] }), lookup);
}
