/**
 * Price table for cost findings. us-east-1 list prices (USD), from the AWS pricing pages:
 * https://aws.amazon.com/kinesis/data-streams/pricing/ , https://aws.amazon.com/kinesis/data-firehose/pricing/ ,
 * https://aws.amazon.com/vpc/pricing/ (NAT gateway), https://aws.amazon.com/privatelink/pricing/ (interface
 * endpoints), https://aws.amazon.com/s3/pricing/ (PUT requests).
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
  /** Interface VPC endpoint (PrivateLink) data processing per GB (first PB), and per endpoint-AZ-hour. */
  readonly interfaceEndpointGb: number;
  readonly interfaceEndpointAzHour: number;
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
  interfaceEndpointGb: 0.01,
  interfaceEndpointAzHour: 0.01,
  alarmMonth: 0.1,
};

/** Prices for a region: us-east-1 list prices overlaid with the user's overrides for that region. */
export function pricingFor(region: string | undefined, overrides: Readonly<Record<string, Partial<Pricing>>> = {}): Pricing {
  const r = region ?? US_EAST_1.region;
  return { ...US_EAST_1, ...(overrides[r] ?? {}), region: r };
}

/**
 * Billing units of one hour of records when each record is rounded up to `unitBytes`, estimated from
 * the hour's totals: records x ceil(average record size / unit), at least one unit per record.
 * Records of mixed sizes can bill more or less than this (only the totals are known). Units:
 * on-demand data-in and data-out 1 KiB ("the size of each record rounded up to the nearest 1 KB
 * (1,024 bytes)"), provisioned PUT payload units 25 KiB
 * (https://aws.amazon.com/kinesis/data-streams/pricing/).
 * Without a record count only the bytes are known: bytes / unit, a lower bound (`exact` false).
 */
export function billedUnits(bytes: number | undefined, records: number | undefined, unitBytes: number): { readonly units: number; readonly exact: boolean } {
  if (records !== undefined && records > 0) {
    const avg = (bytes ?? 0) / records;
    // 1e-9: a quotient like 1024.0000000001 from float sums is still one unit.
    return { units: records * Math.max(1, Math.ceil(avg / unitBytes - 1e-9)), exact: bytes !== undefined };
  }
  if (records === 0) return { units: 0, exact: bytes === undefined || bytes === 0 };
  return { units: (bytes ?? 0) / unitBytes, exact: false };
}

export const KIB = 1024;
/** On-demand data-in / data-out billing unit: each record rounded up to 1 KiB. */
export const ON_DEMAND_RECORD_UNIT_BYTES = KIB;
/** Provisioned PUT payload unit: 25 KiB chunks of each record. */
export const PUT_PAYLOAD_UNIT_BYTES = 25 * KIB;
/** GB on AWS bills: 2^30 bytes. */
export const GIB = 1024 ** 3;

/** Round a dollar amount to cents. */
export function usd(n: number): number {
  return Math.round(n * 100) / 100;
}
