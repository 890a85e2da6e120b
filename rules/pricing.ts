/**
 * Price table for cost findings. us-east-1 list prices (USD), from the AWS pricing pages:
 * https://aws.amazon.com/kinesis/data-streams/pricing/ , https://aws.amazon.com/kinesis/data-firehose/pricing/ ,
 * https://aws.amazon.com/vpc/pricing/ (NAT gateway), https://aws.amazon.com/s3/pricing/ (PUT requests).
 * Other regions: override through the config file (`pricing.<region>`).
 */
export interface Pricing {
  readonly region: string;
  /** Provisioned shard-hour. */
  readonly shardHour: number;
  /** Per million PUT payload units (25 KB each). */
  readonly putPayloadUnitsPerMillion: number;
  /** Extended retention (24 h - 7 days), per shard-hour. */
  readonly extendedRetentionShardHour: number;
  /** Long-term retention (> 7 days), per GB-month stored. */
  readonly longTermRetentionGbMonth: number;
  /** On-demand: per stream-hour, per GB written, per GB read. */
  readonly onDemandStreamHour: number;
  readonly onDemandGbIn: number;
  readonly onDemandGbOut: number;
  /** Enhanced fan-out: per consumer-shard-hour and per GB retrieved. */
  readonly efoConsumerShardHour: number;
  readonly efoGb: number;
  /** Enhanced (shard-level) monitoring: CloudWatch custom metric per month (first tier). */
  readonly cloudwatchMetricMonth: number;
  /** Firehose ingestion per GB (first 500 TB/month, records rounded up to 5 KB). */
  readonly firehoseGb: number;
  /** S3 PUT/COPY/POST/LIST per 1,000 requests (S3 Standard). */
  readonly s3PutPer1000: number;
  /** NAT gateway data processing per GB. */
  readonly natGb: number;
  /** CloudWatch standard-resolution alarm per month. */
  readonly alarmMonth: number;
}

export const HOURS_PER_MONTH = 730;

export const US_EAST_1: Pricing = {
  region: "us-east-1",
  shardHour: 0.015,
  putPayloadUnitsPerMillion: 0.014,
  extendedRetentionShardHour: 0.02,
  longTermRetentionGbMonth: 0.023,
  onDemandStreamHour: 0.04,
  onDemandGbIn: 0.08,
  onDemandGbOut: 0.04,
  efoConsumerShardHour: 0.015,
  efoGb: 0.013,
  cloudwatchMetricMonth: 0.3,
  firehoseGb: 0.029,
  s3PutPer1000: 0.005,
  natGb: 0.045,
  alarmMonth: 0.1,
};

/** Prices for a region: us-east-1 list prices overlaid with the user's overrides for that region. */
export function pricingFor(region: string | undefined, overrides: Readonly<Record<string, Partial<Pricing>>> = {}): Pricing {
  const r = region ?? US_EAST_1.region;
  return { ...US_EAST_1, ...(overrides[r] ?? {}), region: r };
}

/** Round a dollar amount to cents. */
export function usd(n: number): number {
  return Math.round(n * 100) / 100;
}
