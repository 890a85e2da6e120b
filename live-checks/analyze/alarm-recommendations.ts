/**
 * Alarm recommendations for missing coverage, prioritized, each with what to alarm on (namespace,
 * metric, dimensions), statistic, comparison, threshold and period. Streams and delivery streams
 * come from the kds-alarms / kdf-alarms findings (the same rule code decides what is missing);
 * enhanced fan-out consumers are checked here with the rules' AlarmIndex.
 * Metrics: https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html ,
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
import type { RuleConfig } from "../../rules/config";
import type { AlarmConfig, ConsumerConfig, Finding, StreamConfig } from "../../rules/model";
import { AlarmIndex } from "../../rules/lib/alarm-index";

export interface AlarmRecommendation {
  readonly resourceName: string;
  readonly resourceType: "stream" | "deliveryStream" | "consumer";
  readonly region: string;
  /** 1 = most urgent. */
  readonly priority: 1 | 2 | 3;
  readonly namespace: "AWS/Kinesis" | "AWS/Firehose";
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Maximum" | "Sum" | "Average";
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly why: string;
}

export type AlarmSpec = Omit<AlarmRecommendation, "resourceName" | "resourceType" | "region" | "dimensions" | "metricName" | "namespace">;

/** The alarm on GetRecords.IteratorAgeMilliseconds, for kds-alarms and kds-iterator-age alike. */
export function iteratorAgeSpec(thresholdMs: number): AlarmSpec {
  return { priority: 1, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: thresholdMs, periodSeconds: 300, evaluationPeriods: 1, why: "records wait unread; past the retention period they are lost" };
}

function streamSpec(metricName: string, cfg: Readonly<Record<string, RuleConfig>>): AlarmSpec | undefined {
  switch (metricName) {
    case "GetRecords.IteratorAgeMilliseconds":
      return iteratorAgeSpec(Number(cfg["kds-iterator-age"]?.maxIteratorAgeMs ?? 60000));
    case "WriteProvisionedThroughputExceeded":
      return { priority: 1, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 300, evaluationPeriods: 1, why: "producers are throttled and must retry or drop records" };
    case "ReadProvisionedThroughputExceeded":
      return { priority: 2, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 300, evaluationPeriods: 1, why: "consumers are throttled" };
    default:
      return undefined;
  }
}

/**
 * DeliveryTo<Destination>.Success is published once per delivery attempt, 1 for success and 0 for a
 * failure, so its Average over a period is the period's success ratio
 * (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html). Firehose
 * retries failed attempts, so `Average < 1` pages on every retried hiccup; the alarm fires instead
 * when the failed share passes the limit kdf-delivery-failures judges the window by
 * (maxFailurePercent, default 1 %: Average < 0.99), so the alarm and the audit agree.
 */
export function deliverySuccessThreshold(cfg: Readonly<Record<string, RuleConfig>>): number {
  const maxFailurePercent = Number(cfg["kdf-delivery-failures"]?.maxFailurePercent ?? 1);
  return successThresholdFor(maxFailurePercent);
}

/** 1 - maxFailurePercent / 100, rounded to 4 decimals (1 - 0.07 is 0.9299999999999999 in floating point). */
export function successThresholdFor(maxFailurePercent: number): number {
  return Math.round((1 - maxFailurePercent / 100) * 10_000) / 10_000;
}

/**
 * AWS recommends alarming when DataFreshness exceeds the buffering limit, at most 15 minutes
 * (https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html).
 */
export const DATA_FRESHNESS_ALARM_SECONDS = 900;

/** The alarm on DeliveryTo<Destination>.Success, for kdf-alarms and kdf-delivery-failures alike. */
export function deliverySuccessSpec(threshold: number): AlarmSpec {
  return {
    priority: 1,
    statistic: "Average",
    comparison: "LessThanThreshold",
    threshold,
    periodSeconds: 300,
    evaluationPeriods: 1,
    why: `more than ${Math.round((1 - threshold) * 10_000) / 100} % of a period's delivery attempts failed; failures are retried, then dropped or sent to the S3 backup`,
  };
}

function deliverySpec(metricName: string, cfg: Readonly<Record<string, RuleConfig>>): AlarmSpec | undefined {
  if (metricName.endsWith(".Success")) return deliverySuccessSpec(deliverySuccessThreshold(cfg));
  if (metricName.endsWith(".DataFreshness")) {
    return { priority: 2, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: DATA_FRESHNESS_ALARM_SECONDS, periodSeconds: 300, evaluationPeriods: 1, why: "the oldest record in the delivery stream is older than 15 minutes: delivery stalls" };
  }
  return undefined;
}

/** Recommendations from the alarm findings and the consumers' coverage. */
export function alarmRecommendations(
  findings: readonly Finding[],
  analyzed: { readonly streams: readonly StreamConfig[]; readonly consumers: readonly ConsumerConfig[]; readonly alarms: readonly AlarmConfig[] },
  configs: Readonly<Record<string, RuleConfig>>,
): AlarmRecommendation[] {
  const out: AlarmRecommendation[] = [];
  const regionOf = (arn: string) => arn.split(":")[3] ?? "";
  for (const f of findings) {
    const missing = Array.isArray(f.data?.missingMetrics) ? (f.data.missingMetrics as string[]) : [];
    const region = regionOf(f.resource.ref);
    for (const m of missing) {
      if (f.ruleId === "kds-alarms") {
        const spec = streamSpec(m, configs);
        if (spec) out.push({ resourceName: f.resource.displayName, resourceType: "stream", region, namespace: "AWS/Kinesis", metricName: m, dimensions: { StreamName: f.resource.displayName }, ...spec });
      } else if (f.ruleId === "kdf-alarms") {
        const spec = deliverySpec(m, configs);
        if (spec) out.push({ resourceName: f.resource.displayName, resourceType: "deliveryStream", region, namespace: "AWS/Firehose", metricName: m, dimensions: { DeliveryStreamName: f.resource.displayName }, ...spec });
      }
    }
  }
  const lagMetric = "SubscribeToShardEvent.MillisBehindLatest";
  const index = new AlarmIndex(analyzed.alarms, (ns, name) => (ns === "AWS/Kinesis" && name === lagMetric ? name : undefined));
  const streamByArn = new Map(analyzed.streams.map((s) => [String(s.arn), s]));
  const threshold = Number(configs["kds-consumer-lag"]?.maxMillisBehindLatest ?? 5000);
  for (const c of analyzed.consumers) {
    const s = streamByArn.get(String(c.streamArn));
    if (!s) continue;
    const state = index.coverage({ region: s.region, namespace: "AWS/Kinesis", metricKey: lagMetric, dimensionName: "ConsumerName", name: c.name, ref: c.id.ref });
    if (state !== "missing") continue;
    out.push({
      resourceName: `${String(s.name)}/${String(c.name)}`,
      resourceType: "consumer",
      region: String(s.region ?? ""),
      priority: 2,
      namespace: "AWS/Kinesis",
      metricName: lagMetric,
      dimensions: { StreamName: String(s.name), ConsumerName: String(c.name) },
      statistic: "Maximum",
      comparison: "GreaterThanThreshold",
      threshold,
      periodSeconds: 300,
      evaluationPeriods: 1,
      why: "the enhanced fan-out consumer falls behind the stream",
    });
  }
  return out.sort((a, b) => a.priority - b.priority || a.resourceName.localeCompare(b.resourceName) || a.metricName.localeCompare(b.metricName));
}
