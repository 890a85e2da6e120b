/**
 * The normalized model. Both adapters write into it (Pulumi props -> model in policies/,
 * AWS API responses -> model in adapters/aws/), and every rule reads only this.
 *
 * A value that Pulumi cannot know during preview is represented by the UNKNOWN marker; rules must
 * treat it as "cannot judge" (no violation, no crash). The AWS adapter never produces UNKNOWN.
 */

/** Marker for a value that is not known yet (Pulumi preview of a new resource). */
export const UNKNOWN: unique symbol = Symbol.for("kinesis-guard.unknown");
export type Unknown = typeof UNKNOWN;
/** A value that may be unknown during preview. */
export type Maybe<T> = T | Unknown;

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}
/** True when the value is known (not UNKNOWN). `undefined` counts as known ("not set"). */
export function isKnown<T>(v: Maybe<T>): v is T {
  return v !== UNKNOWN;
}

export type Tags = Readonly<Record<string, string>>;

/** Where a model object came from; used to name it in findings. */
export interface ResourceRef {
  /** Stable handle: the Pulumi URN in the pack, the ARN in the live audit. */
  readonly ref: string;
  /** Pulumi logical name or, in the live audit, the physical name. Always known. */
  readonly displayName: string;
  /** Pulumi type token or AWS resource type, e.g. "aws:kinesis/stream:Stream". */
  readonly type: string;
}

export type StreamMode = "PROVISIONED" | "ON_DEMAND";

export interface ShardInfo {
  readonly shardId: string;
  /** Decimal strings, 0 .. 2^128-1 (as DescribeStream / ListShards return them). */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** True when the shard is closed (has an EndingSequenceNumber); closed shards take no writes. */
  readonly closed?: boolean;
}

/** A Kinesis Data Stream (aws:kinesis/stream:Stream, DescribeStreamSummary). */
export interface StreamConfig {
  readonly kind: "stream";
  readonly id: ResourceRef;
  /** Physical stream name. */
  readonly name: Maybe<string>;
  readonly arn: Maybe<string | undefined>;
  readonly region: Maybe<string | undefined>;
  readonly status?: string;
  /** Provider default PROVISIONED. */
  readonly mode: Maybe<StreamMode>;
  /** Open shard count (provisioned); undefined when on-demand and not reported. */
  readonly shardCount: Maybe<number | undefined>;
  /** Provider default 24. */
  readonly retentionHours: Maybe<number>;
  /** Provider default NONE. */
  readonly encryptionType: Maybe<"NONE" | "KMS">;
  readonly kmsKeyId: Maybe<string | undefined>;
  /** Enabled shard-level metrics; [] when enhanced monitoring is off. "ALL" is expanded by adapters. */
  readonly shardLevelMetrics: Maybe<readonly string[]>;
  readonly tags: Maybe<Tags>;
  /** Live audit only: open shards with hash key ranges. */
  readonly shards?: readonly ShardInfo[];
}

/** An enhanced fan-out consumer (aws:kinesis/streamConsumer:StreamConsumer, ListStreamConsumers). */
export interface ConsumerConfig {
  readonly kind: "consumer";
  readonly id: ResourceRef;
  readonly name: Maybe<string>;
  readonly arn: Maybe<string | undefined>;
  /** ARN of the stream it reads. */
  readonly streamArn: Maybe<string | undefined>;
  /** The stream's ResourceRef.ref when it is known from the graph (Pulumi dependencies). */
  readonly streamRef?: string;
  readonly status?: string;
}

/** Firehose destinations, as the Pulumi `destination` property spells them. */
export type DestinationType =
  | "extended_s3"
  | "s3"
  | "redshift"
  | "elasticsearch"
  | "opensearch"
  | "opensearchserverless"
  | "http_endpoint"
  | "splunk"
  | "snowflake"
  | "iceberg";

/**
 * Every shard-level (enhanced monitoring) metric: what "ALL" means in EnableEnhancedMonitoring and in
 * Pulumi's shardLevelMetrics. https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html
 */
export const ALL_SHARD_LEVEL_METRICS = [
  "IncomingBytes",
  "IncomingRecords",
  "IteratorAgeMilliseconds",
  "OutgoingBytes",
  "OutgoingRecords",
  "ReadProvisionedThroughputExceeded",
  "WriteProvisionedThroughputExceeded",
] as const;

/** CloudWatch metric name prefix of each destination (AWS/Firehose, "DeliveryTo<X>.Success"). */
export const DESTINATION_METRIC_PREFIX: Readonly<Record<DestinationType, string>> = {
  // https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
  extended_s3: "DeliveryToS3",
  s3: "DeliveryToS3",
  redshift: "DeliveryToRedshift",
  elasticsearch: "DeliveryToElasticsearch",
  opensearch: "DeliveryToAmazonOpenSearchService",
  opensearchserverless: "DeliveryToAmazonOpenSearchServerless",
  http_endpoint: "DeliveryToHttpEndpoint",
  splunk: "DeliveryToSplunk",
  snowflake: "DeliveryToSnowflake",
  iceberg: "DeliveryToIceberg",
};

export type DeliverySource =
  | { readonly type: "DirectPut" }
  | {
      readonly type: "KinesisStreamAsSource";
      /** ARN of the source stream (may be unknown at preview). */
      readonly streamArn: Maybe<string | undefined>;
      /** The source stream's ResourceRef.ref when the graph tells it (Pulumi property dependencies). */
      readonly streamRef?: string;
    }
  | { readonly type: "MSKAsSource" | "DatabaseAsSource" };

/** A credential-bearing field of a delivery stream's configuration. */
export interface CredentialField {
  /** Property path, e.g. "redshiftConfiguration.password". */
  readonly path: string;
  /** True when the value was given as a plain string (not a secret, not a Secrets Manager reference). */
  readonly plaintext: boolean;
}

/** A Firehose delivery stream (aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream, DescribeDeliveryStream). */
export interface DeliveryStreamConfig {
  readonly kind: "deliveryStream";
  readonly id: ResourceRef;
  readonly name: Maybe<string>;
  readonly arn: Maybe<string | undefined>;
  readonly region: Maybe<string | undefined>;
  readonly status?: string;
  readonly destination: Maybe<DestinationType>;
  readonly source: DeliverySource;
  /** Effective buffering after provider defaults (5 MB / 300 s; splunk 5 / 60). Undefined when the destination has none. */
  readonly buffering: { readonly sizeMb: Maybe<number>; readonly intervalSeconds: Maybe<number> } | undefined;
  /** True when an enabled Lambda processor is configured. */
  readonly lambdaProcessor: Maybe<boolean>;
  readonly lambdaArns?: readonly string[];
  /**
   * True when record format conversion (DataFormatConversionConfiguration, JSON to Parquet/ORC) is
   * configured and enabled: a transformation even without a Lambda processor. Extended S3 only;
   * absent means not configured (adapters that predate the field).
   */
  readonly formatConversion?: Maybe<boolean>;
  /** Destination's S3 backup mode as given (e.g. "FailedDocumentsOnly", "Enabled", "Disabled"); undefined when unset. */
  readonly s3BackupMode: Maybe<string | undefined>;
  /** Normalized: failed records end up in S3 (for destinations that can fail over to S3). */
  readonly backsUpFailedRecordsToS3: Maybe<boolean>;
  /** Server-side encryption of a DirectPut stream. */
  readonly sse: { readonly enabled: Maybe<boolean>; readonly keyType: Maybe<string | undefined>; readonly keyArn: Maybe<string | undefined> };
  /** VPC delivery (OpenSearch / Elasticsearch vpcConfig). */
  readonly vpc?: {
    readonly vpcId: Maybe<string | undefined>;
    readonly subnetIds: Maybe<readonly string[]>;
    /** Refs of VPC resources the vpcConfig was computed from (Pulumi property dependencies); matches endpoints while vpcId is unknown. */
    readonly dependsOn?: readonly string[];
  };
  readonly credentials: readonly CredentialField[];
  readonly tags: Maybe<Tags>;
}

export interface MetricDimension {
  readonly name: string;
  /** Dimension value; UNKNOWN when not known at preview. */
  readonly value: Maybe<string>;
}

/** One metric an alarm watches (directly or as one of its metricQueries). */
export interface AlarmMetric {
  readonly namespace: Maybe<string | undefined>;
  readonly metricName: Maybe<string | undefined>;
  readonly dimensions: readonly MetricDimension[];
}

/** A CloudWatch metric alarm (aws:cloudwatch/metricAlarm:MetricAlarm, DescribeAlarms). */
export interface AlarmConfig {
  readonly kind: "alarm";
  readonly id: ResourceRef;
  readonly name: Maybe<string>;
  readonly region: Maybe<string | undefined>;
  readonly metrics: readonly AlarmMetric[];
  /**
   * Refs of resources the alarm's dimensions were computed from (Pulumi propertyDependencies of
   * `dimensions` / `metricQueries`). Lets a stack policy match an alarm whose dimension value is
   * still unknown at preview.
   */
  readonly dependsOn: readonly string[];
  readonly actionsEnabled?: boolean;
}

export interface VpcEndpointConfig {
  readonly kind: "vpcEndpoint";
  readonly id: ResourceRef;
  readonly vpcId: Maybe<string>;
  /** e.g. "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.kinesis-streams". */
  readonly serviceName: Maybe<string>;
  readonly endpointType: Maybe<"Gateway" | "Interface" | "GatewayLoadBalancer" | string>;
  readonly region: Maybe<string | undefined>;
  readonly dependsOn: readonly string[];
}

/** Everything a stack policy or the live audit sees at once. */
export interface Inventory {
  readonly streams: readonly StreamConfig[];
  readonly consumers: readonly ConsumerConfig[];
  readonly deliveryStreams: readonly DeliveryStreamConfig[];
  readonly alarms: readonly AlarmConfig[];
  readonly vpcEndpoints: readonly VpcEndpointConfig[];
  /**
   * Replica candidates for kds-cross-region that are not audited themselves (the live audit's
   * snapshot.drStreams: streams listed in the DR regions). Streams in `streams` count as well.
   */
  readonly drStreams?: readonly DrStream[];
}

/** A stream in a DR region, known only by name, ARN, region and tags. */
export interface DrStream {
  readonly region: string;
  readonly name: string;
  readonly arn?: string;
  readonly tags: Tags;
}

export type Severity = "high" | "medium" | "low";
export type Category = "security" | "reliability" | "cost" | "observability";

/** A rule's verdict on one resource. Same shape in the pack and in the live audit. */
export interface Finding {
  readonly ruleId: string;
  /** The catalog's exact issue name, e.g. "No Encryption". */
  readonly issue: string;
  readonly severity: Severity;
  readonly resource: ResourceRef;
  /** Property path the finding is about, e.g. "encryptionType". */
  readonly property?: string;
  /** What was found and what is expected, printable. */
  readonly found?: string;
  readonly expected?: string;
  /** One or two sentences: what is wrong, with the numbers. */
  readonly details: string;
  /** The concrete fix. */
  readonly remediation: string;
  /** Monthly cost impact in USD (cost findings: the saving; others: the added cost of the fix when known). */
  readonly monthlyImpactUsd?: number;
  /** Rule-specific structured data (e.g. recommended shard count, hash key). */
  readonly data?: Readonly<Record<string, unknown>>;
}
