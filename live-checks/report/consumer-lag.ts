/**
 * Consumer lag of every kind, for the dashboard's lag view and "lagging consumers" count and for
 * consumer_lag_report.csv:
 * - enhanced fan-out consumers: SubscribeToShardEvent.MillisBehindLatest per registered consumer
 *   (flagged by the analysis at kds-consumer-lag's threshold);
 * - polling consumers (GetRecords: KCL 1.x, Lambda event source mappings, Firehose, custom readers):
 *   they are not registered with Kinesis, so they have no name and no metric of their own. The
 *   stream's GetRecords.IteratorAgeMilliseconds is their common lag ("the age of the last record
 *   in all GetRecords calls made against a Kinesis stream",
 *   https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html), published
 *   only when something calls GetRecords: a stream with data for it has polling consumers, one row
 *   for all of them. Flagged when kds-iterator-age fired on the stream (its threshold, its exemptions).
 */
import type { AuditAnalysis } from "../analyze";
import { reportHooksOf } from "../analyze/rule-meta";

/**
 * consumer_name of the polling row. AWS consumer names match [a-zA-Z0-9_.-]+ (RegisterStreamConsumer,
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html), so no
 * registered consumer can carry this name.
 */
export const POLLING_CONSUMERS = "(polling consumers)";

export type ConsumerKind = "polling" | "enhanced-fan-out";

export interface ConsumerLagRow {
  readonly stream: string;
  readonly region: string;
  /** The stream's account (from its ARN), when known. */
  readonly account?: string;
  /** The registered name, or POLLING_CONSUMERS. */
  readonly consumer: string;
  readonly kind: ConsumerKind;
  /** The CloudWatch metric the lag comes from. */
  readonly metric: "GetRecords.IteratorAgeMilliseconds" | "SubscribeToShardEvent.MillisBehindLatest";
  readonly maxLagMs: number | null;
  /** null for polling consumers: the audit fetches the iterator age's maximum only. */
  readonly avgLagMs: number | null;
  readonly flagged: boolean;
}

export function consumerLagRows(a: AuditAnalysis): ConsumerLagRow[] {
  return a.streams.flatMap((r) => {
    const stream = String(r.stream.name);
    const region = String(r.stream.region ?? "");
    const accountId = typeof r.stream.arn === "string" ? r.stream.arn.split(":")[4] : undefined;
    const account = accountId && /^\d{12}$/.test(accountId) ? { account: accountId } : {};
    const polling: ConsumerLagRow[] =
      r.metrics.maxIteratorAgeMs === null
        ? []
        : [
            {
              stream,
              region,
              ...account,
              consumer: POLLING_CONSUMERS,
              kind: "polling",
              metric: "GetRecords.IteratorAgeMilliseconds",
              maxLagMs: r.metrics.maxIteratorAgeMs,
              avgLagMs: null,
              flagged: r.findings.some((f) => reportHooksOf(f.ruleId).flagsPollingLag === true),
            },
          ];
    const efo = r.metrics.consumers.map(
      (c): ConsumerLagRow => ({
        stream,
        region,
        ...account,
        consumer: c.consumerName,
        kind: "enhanced-fan-out",
        metric: "SubscribeToShardEvent.MillisBehindLatest",
        maxLagMs: c.maxLagMs,
        avgLagMs: c.avgLagMs,
        flagged: c.flagged,
      }),
    );
    return [...polling, ...efo];
  });
}
