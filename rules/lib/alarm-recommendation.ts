/**
 * Alarm recommendations: what to alarm on (namespace, metric, dimensions), statistic, comparison,
 * threshold and period. The rules that recommend alarms build them with these helpers from their
 * typed configs (their `live.alarmRecommendations` hook); the live audit collects them
 * (live-checks/analyze/alarm-recommendations.ts) and the remediation stubs reuse the specs.
 * Metrics: https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html ,
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
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

/**
 * DeliveryTo<Destination>.Success is published once per delivery attempt, 1 for success and 0 for a
 * failure, so its Average over a period is the period's success ratio
 * (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html). Firehose
 * retries failed attempts, so `Average < 1` pages on every retried hiccup; the alarm fires instead
 * when the failed share passes the limit kdf-delivery-failures judges the window by
 * (maxFailurePercent, default 1 %: Average < 0.99), so the alarm and the audit agree.
 * 1 - maxFailurePercent / 100, rounded to 4 decimals (1 - 0.07 is 0.9299999999999999 in floating point).
 */
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

/** The region of an ARN (its fourth field). */
export function regionOfArn(arn: string): string {
  return arn.split(":")[3] ?? "";
}
