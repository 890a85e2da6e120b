/**
 * Per-API request quotas: a token bucket per (region, "Service.Operation", scope), refilled at the
 * quota's rate; an empty bucket answers with the service's throttling error. Scope is the account
 * (per region) or, for the APIs AWS limits per stream, the stream.
 *
 * Sources (AWS published defaults):
 * - Kinesis API reference, each action's description ("has a limit of N transactions per second"):
 *   https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html (5/account),
 *   API_DescribeStreamSummary.html (20/account), API_DescribeStream.html (10/account),
 *   API_ListShards.html (1000/stream), API_ListTagsForStream.html (5/account),
 *   API_ListStreamConsumers.html (5/stream), API_DescribeStreamConsumer.html (20/stream).
 * - Firehose: "DescribeDeliveryStream, ListDeliveryStreams, ListTagsForDeliveryStream, ... can each
 *   provide up to 5 invocations per second": https://docs.aws.amazon.com/firehose/latest/dev/limits.html
 * - CloudWatch: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html
 *   (GetMetricData 50, GetMetricStatistics 400, DescribeAlarms 9, DescribeAlarmsForMetric 9, ListMetrics 25).
 *   GetMetricData also has a datapoints-per-second quota: 396,000 DPS when StartTime is more than
 *   three hours ago, 180,000 otherwise
 *   (https://repost.aws/knowledge-center/cloudwatch-getmetricdata-api); a request costs the
 *   datapoints it asks for (capped by MaxDatapoints).
 * - EC2 non-mutating actions: bucket 100, refill 20/s:
 *   https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
 * GUESSES (no published number found): Tagging.GetResources, Kinesis.ListTagsForResource.
 */

export interface QuotaSpec {
  /** Sustained requests per second. */
  readonly tps: number;
  /** Bucket size (burst); default max(1, tps). */
  readonly burst?: number;
  readonly per: "account" | "stream";
  /** True when the number is our guess, not a published AWS figure. */
  readonly guess?: boolean;
  /** Datapoints per second (GetMetricData), for requests starting more than 3 hours ago / within 3 hours. */
  readonly datapointsPerSecond?: { readonly old: number; readonly recent: number };
}

export const AWS_DEFAULT_QUOTAS: Readonly<Record<string, QuotaSpec>> = {
  "Kinesis.ListStreams": { tps: 5, per: "account" },
  "Kinesis.DescribeStreamSummary": { tps: 20, per: "account" },
  "Kinesis.DescribeStream": { tps: 10, per: "account" },
  "Kinesis.ListShards": { tps: 1000, per: "stream" },
  "Kinesis.ListTagsForStream": { tps: 5, per: "account" },
  "Kinesis.ListTagsForResource": { tps: 5, per: "account", guess: true },
  "Kinesis.ListStreamConsumers": { tps: 5, per: "stream" },
  "Kinesis.DescribeStreamConsumer": { tps: 20, per: "stream" },
  "Firehose.ListDeliveryStreams": { tps: 5, per: "account" },
  "Firehose.DescribeDeliveryStream": { tps: 5, per: "account" },
  "Firehose.ListTagsForDeliveryStream": { tps: 5, per: "account" },
  "CloudWatch.GetMetricData": { tps: 50, per: "account", datapointsPerSecond: { old: 396_000, recent: 180_000 } },
  "CloudWatch.GetMetricStatistics": { tps: 400, per: "account" },
  "CloudWatch.DescribeAlarms": { tps: 9, per: "account" },
  "CloudWatch.DescribeAlarmsForMetric": { tps: 9, per: "account" },
  "CloudWatch.ListMetrics": { tps: 25, per: "account" },
  "Tagging.GetResources": { tps: 10, per: "account", guess: true },
  "EC2.DescribeVpcEndpoints": { tps: 20, burst: 100, per: "account" },
};

/**
 * `true`: AWS defaults; an object: TPS per "Service.Operation" over the defaults (Infinity =
 * unlimited). An override replaces the whole quota: a TPS override of GetMetricData drops its
 * datapoints-per-second quota.
 */
export type QuotaOption = boolean | Partial<Record<string, number>>;

export function resolveQuotas(opt: QuotaOption | undefined): Map<string, QuotaSpec> {
  const out = new Map<string, QuotaSpec>();
  if (!opt) return out;
  for (const [op, q] of Object.entries(AWS_DEFAULT_QUOTAS)) out.set(op, q);
  if (typeof opt === "object") {
    for (const [op, tps] of Object.entries(opt)) {
      if (tps === undefined) continue;
      if (!(tps > 0)) throw new Error(`quotas["${op}"]: TPS must be a positive number (Infinity for unlimited), got ${tps}`);
      const base = out.get(op);
      if (tps === Infinity) out.delete(op);
      else out.set(op, { tps, per: base?.per ?? "account" });
    }
  }
  return out;
}

interface Bucket {
  tokens: number;
  last: number;
}

export class QuotaEnforcer {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly quotas: ReadonlyMap<string, QuotaSpec>,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /**
   * Take `datapoints` from the operation's datapoints-per-second bucket (one second's worth deep);
   * false means "throttle this request". Operations without such a quota always pass.
   */
  takeDatapoints(region: string, op: string, datapoints: number, recentStart: boolean): boolean {
    const dps = this.quotas.get(op)?.datapointsPerSecond;
    if (!dps || datapoints <= 0) return true;
    const rate = recentStart ? dps.recent : dps.old;
    const key = `${region}|${op}|datapoints|${recentStart ? "recent" : "old"}`;
    const now = this.nowMs();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: rate, last: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(rate, b.tokens + ((now - b.last) / 1000) * rate);
    b.last = now;
    if (b.tokens < datapoints) return false;
    b.tokens -= datapoints;
    return true;
  }

  /** Take one token; false means "throttle this request". */
  take(region: string, op: string, stream: string | undefined): boolean {
    const q = this.quotas.get(op);
    if (!q) return true;
    const key = `${region}|${op}|${q.per === "stream" ? (stream ?? "") : ""}`;
    const burst = q.burst ?? Math.max(1, q.tps);
    const now = this.nowMs();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, last: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.last) / 1000) * q.tps);
    b.last = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
