/**
 * Data a resource's rules needed but the collector could not get: metric series (status "error",
 * or never collected) and failed calls about the resource (callGaps: its shard or consumer list,
 * its tags, a listing its rules need). Such a resource is still analyzed on what is there; the
 * audit is then incomplete. "no-data" is not missing: CloudWatch answered, with no datapoints.
 */
import { metricNeeds, type MetricRequest } from "../../rules/metric-requests";
import type { ConsumerConfig, DeliveryStreamConfig, Severity, StreamConfig } from "../../rules/model";
import type { MetricLookup } from "../../rules/metric/types";
import type { CollectionError } from "../snapshot";
import type { BlockedRules } from "./blocked-rules";

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

/** What a failed per-resource call would have read (shown as the gap's `stat`). */
const READS: Readonly<Record<string, string>> = {
  "Kinesis.ListShards": "shard list",
  "Kinesis.ListStreamConsumers": "consumer list",
  "Kinesis.ListTagsForStream": "tags",
  "Firehose.ListTagsForDeliveryStream": "tags",
  "CloudWatch.DescribeAlarms": "alarm list",
  "EC2.DescribeVpcEndpoints": "VPC endpoint list",
  "Kinesis.ListStreams": "stream list",
};

/** A gap of a resource that is not a metric: a call about it (or a listing its rules need) that failed. */
export interface CallGap extends MissingMetric {
  /** Rules that could not judge the resource because of it (their findings are withheld). */
  readonly unjudged: readonly { readonly ruleId: string; readonly severity: Severity }[];
}

/**
 * The failed calls that leave gaps in one resource (`resource` as the collector names it,
 * "stream/orders"): every failed call about the resource itself (its shards, consumers, tags; not
 * GetMetricData, whose gaps are the missing series above), and every failed listing that blocks a
 * rule judging it (DescribeAlarms for the alarm rules). Each names the API, what it reads, the
 * error, and the enabled rules that could not judge the resource.
 */
export function callGaps(
  errors: readonly CollectionError[],
  region: string,
  resource: string,
  blocked: BlockedRules,
  rule: (id: string) => { readonly severity: Severity } | undefined,
  config?: StreamConfig | DeliveryStreamConfig,
): CallGap[] {
  const [kind, ...rest] = resource.split("/");
  const name = rest.join("/");
  const dimensions: Record<string, string> = kind === "deliveryStream" ? { DeliveryStreamName: name } : { StreamName: name };
  const unjudged = blocked.blockedOn(region, resource, config).flatMap((b) => {
    const r = rule(b.ruleId);
    return r ? [{ ...b, severity: r.severity }] : [];
  });
  const gaps = new Map<string, { reason: string }>();
  for (const e of errors) {
    if (e.region === region && e.resource === resource && e.api !== "CloudWatch.GetMetricData" && !gaps.has(e.api)) gaps.set(e.api, { reason: e.message });
  }
  for (const u of unjudged) {
    if (gaps.has(u.api)) continue;
    const e = errors.find((x) => x.api === u.api && x.region === region) ?? errors.find((x) => x.api === u.api);
    if (e) gaps.set(u.api, { reason: e.region === region ? e.message : `${e.region}${e.resource ? ` ${e.resource}` : ""}: ${e.message}` });
  }
  return [...gaps]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, g]) => {
      const rules = unjudged.filter((u) => u.api === api).map(({ ruleId, severity }) => ({ ruleId, severity }));
      return {
        metric: api,
        stat: READS[api] ?? "data",
        dimensions,
        reason: `${g.reason}${rules.length ? ` (not judged: ${rules.map((r) => r.ruleId).join(", ")})` : ""}`,
        unjudged: rules,
      };
    });
}

/**
 * Stand-ins for the findings a gap may hide, for the health score: each rule that could not judge
 * the resource counts as one finding at its severity, so missing data never raises the score.
 */
export function gapDeductions(missing: readonly MissingMetric[]): { readonly severity: Severity }[] {
  return missing.flatMap((m) => ("unjudged" in m ? (m as CallGap).unjudged : []));
}
