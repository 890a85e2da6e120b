/**
 * Published per-API request quotas (transactions per second, per account per region unless noted),
 * keyed "Service.Operation". The scheduler keeps each API at its quota, never above, so an audit
 * runs as fast as AWS allows without tripping throttling (adaptive retry only handles the rest).
 */

/** How a quota is scoped: most are per account and region; a few are per stream. */
export type QuotaScope = "region" | "stream";

export interface ApiQuota {
  /** Sustained requests per second. */
  readonly tps: number;
  readonly scope: QuotaScope;
  /** Where the number comes from; "guess" when AWS does not publish one. */
  readonly source: string;
}

/** The quota key of GetMetricData's datapoints per second (a "tps" of datapoints, not requests). */
export const GMD_DATAPOINTS = "CloudWatch.GetMetricData.Datapoints";

export const DEFAULT_QUOTAS: Readonly<Record<string, ApiQuota>> = {
  // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html ("5 transactions per second per account")
  "Kinesis.ListStreams": { tps: 5, scope: "region", source: "Kinesis API reference, ListStreams" },
  // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html ("20 transactions per second per account")
  "Kinesis.DescribeStreamSummary": { tps: 20, scope: "region", source: "Kinesis API reference, DescribeStreamSummary" },
  // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html ("1000 transactions per second per data stream")
  "Kinesis.ListShards": { tps: 1000, scope: "stream", source: "Kinesis API reference, ListShards" },
  // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html ("5 transactions per second per stream")
  "Kinesis.ListStreamConsumers": { tps: 5, scope: "stream", source: "Kinesis API reference, ListStreamConsumers" },
  // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html ("5 transactions per second per account")
  "Kinesis.ListTagsForStream": { tps: 5, scope: "region", source: "Kinesis API reference, ListTagsForStream" },
  // https://docs.aws.amazon.com/general/latest/gr/fh.html: the control-plane operations (Describe/List/ListTags...)
  // "can provide up to 5 invocations per second" per account and region.
  "Firehose.ListDeliveryStreams": { tps: 5, scope: "region", source: "Firehose endpoints and quotas" },
  "Firehose.DescribeDeliveryStream": { tps: 5, scope: "region", source: "Firehose endpoints and quotas" },
  // https://docs.aws.amazon.com/firehose/latest/APIReference/API_ListTagsForDeliveryStream.html ("five transactions per second per account")
  "Firehose.ListTagsForDeliveryStream": { tps: 5, scope: "region", source: "Firehose API reference, ListTagsForDeliveryStream" },
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html (GetMetricData 50 TPS, DescribeAlarms 9 TPS)
  "CloudWatch.GetMetricData": { tps: 50, scope: "region", source: "CloudWatch service quotas" },
  "CloudWatch.DescribeAlarms": { tps: 9, scope: "region", source: "CloudWatch service quotas" },
  // GetMetricData's second quota, in datapoints per second: 396,000 when StartTime is more than
  // three hours ago (ours is at least a day ago), 180,000 otherwise
  // (https://repost.aws/knowledge-center/cloudwatch-getmetricdata-api). Minute peaks make it count:
  // a 1,000-stream fleet asks for ~22 million datapoints, 56 s at this rate.
  [GMD_DATAPOINTS]: { tps: 396_000, scope: "region", source: "CloudWatch GetMetricData quotas (datapoints per second)" },
  // The Resource Groups Tagging API publishes no per-operation TPS; 10 is a conservative guess.
  "Tagging.GetResources": { tps: 10, scope: "region", source: "guess (not published)" },
  // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html: non-mutating actions refill 20 tokens/s.
  "EC2.DescribeVpcEndpoints": { tps: 20, scope: "region", source: "EC2 API throttling, non-mutating actions" },
};

/** Quota for an API, with optional per-API TPS overrides (benchmarks, tests); unknown APIs get 5 TPS. */
export function quotaFor(api: string, overrides?: Readonly<Record<string, number | undefined>>): ApiQuota {
  const base = DEFAULT_QUOTAS[api] ?? { tps: 5, scope: "region" as const, source: "default for unlisted APIs" };
  const tps = overrides?.[api];
  return tps !== undefined && tps > 0 ? { ...base, tps } : base;
}
