/**
 * Building blocks for scenario files: healthy resources (that avoid every rule with the catalog
 * defaults) and their alarms. The demo fleet and the small multi-region scenario are assembled
 * from these plus a few deliberately broken resources.
 */
import { FIREHOSE_DELIVERY_METRIC_PREFIX } from "../aws-tables";
import type { AlarmSpec, DeliveryStreamSpec, DestinationKind, Pattern, StreamSpec } from "../scenario";

export const MIB = 1048576;
export const ACCOUNT = "123456789012";

/** Tags that classify a resource as neither sensitive nor critical (a tag beats name keywords). */
export const PLAIN_TAGS = { DataClassification: "internal", Tier: "tier-2", Environment: "production" } as const;

export const kmsKey = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/3f0c8a52-7d1e-4b8a-9c61-0d2e5f7a9b10`;
export const lambdaArn = (region: string, fn: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${fn}`;

export interface HealthyStreamOpts {
  readonly shards: number;
  /** Mean hourly write utilization (0..1) the traffic produces on `shards`. */
  readonly util: number;
  readonly recordBytes: number;
  readonly pattern?: Pattern;
  readonly tags?: Record<string, string>;
  readonly extra?: Partial<StreamSpec>;
}

/** Traffic that gives mean utilization `util` on `shards` shards (bytes-bound when records are >= 1 KiB). */
export function trafficFor(shards: number, util: number, recordBytes: number, pattern?: Pattern) {
  const bytesPerSecond = util * shards * MIB;
  return { recordsPerSecond: round(bytesPerSecond / recordBytes), avgRecordBytes: recordBytes, ...(pattern ? { pattern } : {}) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A provisioned, KMS-encrypted, 24 h, diurnal stream at a healthy utilization. */
export function healthyStream(name: string, region: string, o: HealthyStreamOpts): StreamSpec {
  return {
    name,
    mode: "PROVISIONED",
    shards: o.shards,
    retentionHours: 24,
    encryption: { type: "KMS", keyId: kmsKey(region) },
    tags: { ...PLAIN_TAGS, Team: "data-platform", ...(o.tags ?? {}) },
    traffic: trafficFor(o.shards, o.util, o.recordBytes, o.pattern ?? { kind: "diurnal", amplitude: 0.35, jitter: 0.05 }),
    ...(o.extra ?? {}),
  };
}

/** The two alarms kds-alarms requires (one of them as a metric-math alarm when `mathAlarm`). */
export function streamAlarms(stream: string, mathAlarm = false): AlarmSpec[] {
  const dims = { StreamName: stream };
  const iterator: AlarmSpec = mathAlarm
    ? {
        name: `${stream}-iterator-age-minutes`,
        metrics: [{ id: "m1", namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: dims, stat: "Maximum", period: 300 }],
        expression: "m1 / 60000",
        threshold: 1,
        comparisonOperator: "GreaterThanThreshold",
      }
    : { name: `${stream}-iterator-age`, namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: dims, statistic: "Maximum", period: 300, threshold: 60000 };
  return [
    iterator,
    { name: `${stream}-write-throttled`, namespace: "AWS/Kinesis", metricName: "WriteProvisionedThroughputExceeded", dimensions: dims, statistic: "Sum", period: 300, threshold: 0 },
  ];
}

/** AWS/Firehose metric name prefix per destination (the simulator's AWS table). */
export const METRIC_PREFIX: Readonly<Record<DestinationKind, string>> = FIREHOSE_DELIVERY_METRIC_PREFIX;

/** The delivery alarm kdf-alarms requires (on Success, or on DataFreshness when `freshness`). */
export function deliveryAlarm(ds: DeliveryStreamSpec, freshness = false): AlarmSpec {
  const prefix = METRIC_PREFIX[ds.destination];
  return freshness
    ? { name: `${ds.name}-freshness`, namespace: "AWS/Firehose", metricName: `${prefix}.DataFreshness`, dimensions: { DeliveryStreamName: ds.name }, statistic: "Maximum", period: 300, threshold: 900 }
    : { name: `${ds.name}-delivery-success`, namespace: "AWS/Firehose", metricName: `${prefix}.Success`, dimensions: { DeliveryStreamName: ds.name }, statistic: "Average", period: 300, threshold: 1, comparisonOperator: "LessThanThreshold" };
}

export interface HealthyDeliveryOpts {
  readonly destination: DestinationKind;
  /** DirectPut traffic (records/s, bytes per record) or the source stream's name. */
  readonly source: { readonly recordsPerSecond: number; readonly recordBytes: number } | { readonly stream: string };
  readonly tags?: Record<string, string>;
  readonly extra?: Partial<DeliveryStreamSpec>;
}

/**
 * A delivery stream that avoids every rule: buffering 5 MB+/300 s (splunk 5 MB / 60 s), an
 * enabled Lambda processor, S3 backup of failed records (Redshift: Enabled), SSE on DirectPut.
 */
export function healthyDelivery(name: string, region: string, o: HealthyDeliveryOpts): DeliveryStreamSpec {
  const direct = "recordsPerSecond" in o.source;
  return {
    name,
    source: "stream" in o.source ? { stream: o.source.stream } : "DirectPut",
    destination: o.destination,
    buffering: o.destination === "splunk" ? { sizeMb: 5, intervalSeconds: 60 } : { sizeMb: 64, intervalSeconds: 300 },
    lambdaArn: lambdaArn(region, `${name}-transform`),
    ...(o.destination === "redshift" ? { s3BackupMode: "Enabled" } : {}),
    ...(direct ? { sse: { enabled: true, keyType: "AWS_OWNED_CMK" as const } } : {}),
    ...("recordsPerSecond" in o.source
      ? { traffic: { recordsPerSecond: o.source.recordsPerSecond, avgRecordBytes: o.source.recordBytes, pattern: { kind: "diurnal" as const, amplitude: 0.3, jitter: 0.05 } } }
      : {}),
    tags: { ...PLAIN_TAGS, Team: "analytics", ...(o.tags ?? {}) },
    ...(o.extra ?? {}),
  };
}
