/**
 * Rule examples (rules/<id>/examples.ts): good and bad inputs with the exact resources the rule
 * flags. test/rules/examples.test.ts runs each one through the Pulumi adapter (the pack, over the
 * analyzer protocol) and through the AWS adapter (adapters/aws, then the live audit's
 * analysis), and docs/rules.md renders them, so docs, tests and behaviour cannot drift.
 *
 * The inputs are what each adapter reads: Pulumi resource inputs, and AWS API responses
 * (DescribeStreamSummary's StreamDescriptionSummary, DescribeDeliveryStream's description,
 * DescribeAlarms' MetricAlarm, ListStreamConsumers' Consumer) with, for metric rules, the CloudWatch
 * datapoints the collector got (GetMetricData). The builders below fill in what an example does not
 * care about.
 */
import { metric, type MetricRequest } from "../metric-requests";

export const EXAMPLE_REGION = "us-east-1";
export const EXAMPLE_ACCOUNT = "123456789012";

/** A Pulumi resource as the program declares it (its inputs; the pack sees them as outputs too). */
export interface PulumiResource {
  readonly type: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
}

/** AWS API responses for one resource, as the live audit's collector gets them. */
export interface AwsStream {
  readonly summary: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
  /** ListShards' Shard entries (collected for the rules that need shards). */
  readonly shards?: readonly Readonly<Record<string, unknown>>[];
}
export interface AwsDeliveryStream {
  readonly description: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface RuleExample {
  /** What the example shows, e.g. "a sensitive stream without encryption". */
  readonly title: string;
  /** Rule settings for this example (otherwise the defaults). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The resources as a Pulumi program declares them (static and stack rules). */
  readonly pulumi?: readonly PulumiResource[];
  /** The same resources as the AWS APIs describe them (the live audit). */
  readonly aws?: {
    readonly streams?: readonly AwsStream[];
    readonly deliveryStreams?: readonly AwsDeliveryStream[];
    readonly alarms?: readonly Readonly<Record<string, unknown>>[];
    /** ListStreamConsumers' Consumer entries, with the ARN of their stream. */
    readonly consumers?: readonly { readonly streamArn: string; readonly consumer: Readonly<Record<string, unknown>> }[];
    /** DescribeVpcEndpoints' VpcEndpoint entries. */
    readonly vpcEndpoints?: readonly Readonly<Record<string, unknown>>[];
    /** Streams listed in the DR regions (ListStreams and their tags): replica candidates, not audited. */
    readonly drStreams?: readonly { readonly region: string; readonly name: string; readonly tags: Readonly<Record<string, string>> }[];
    /** CloudWatch series the live audit collected (metric rules); a series not listed was not collected. */
    readonly cloudwatch?: readonly ExampleSeries[];
  };
  /** Names of the resources the rule flags: exactly these, none else. Empty: a good example. */
  readonly flagged: readonly string[];
}

/** One CloudWatch series: the request the rules read it by (rules/metric-requests.ts) and its datapoints. */
export interface ExampleSeries {
  readonly request: MetricRequest;
  /** Hourly datapoints from the window start (or one for a whole-window request); empty: no data. */
  readonly values: readonly number[];
}

/** The analysis window of the examples: 7 days ending 2026-01-08T00:00Z (hour aligned). */
export const EXAMPLE_WINDOW = { start: Date.UTC(2026, 0, 1) / 1000, end: Date.UTC(2026, 0, 8) / 1000 } as const;
export const HOURS_IN_WINDOW = 168;

/** `n` hourly datapoints of `value`. */
export const hourly = (value: number, n = HOURS_IN_WINDOW): number[] => Array.from({ length: n }, () => value);

/** A stream's hourly IncomingRecords: what the live audit's traffic filter reads (busy: 60,000 / hour = 1,000 / min). */
export const streamRecords = (stream: string, values: readonly number[] = hourly(60_000)): ExampleSeries => ({
  request: metric.streamIncomingRecords(EXAMPLE_REGION, stream),
  values,
});

export const STREAM_TYPE = "aws:kinesis/stream:Stream";
export const FIREHOSE_TYPE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const ALARM_TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const VPC_ENDPOINT_TYPE = "aws:ec2/vpcEndpoint:VpcEndpoint";

const ROLE = "arn:aws:iam::123456789012:role/firehose";
const BUCKET = "arn:aws:s3:::example-bucket";
const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:transform";

/** A compliant-by-default Pulumi stream (1 shard, 24 h, KMS with the AWS-managed key). */
export function pulumiStream(name: string, props: Readonly<Record<string, unknown>> = {}): PulumiResource {
  return { type: STREAM_TYPE, name, props: { name, shardCount: 1, retentionPeriod: 24, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis", ...props } };
}

/** The same stream as DescribeStreamSummary returns it. */
export function awsStream(name: string, summary: Readonly<Record<string, unknown>> = {}, tags: Readonly<Record<string, string>> = {}): AwsStream {
  return {
    summary: {
      StreamName: name,
      StreamARN: `arn:aws:kinesis:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:stream/${name}`,
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      RetentionPeriodHours: 24,
      OpenShardCount: 1,
      EncryptionType: "KMS",
      KeyId: "alias/aws/kinesis",
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      ...summary,
    },
    tags,
  };
}

/** Lambda processing as Pulumi declares it. */
export const PULUMI_LAMBDA = {
  enabled: true,
  processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: LAMBDA_ARN }] }],
};
/** Lambda processing as DescribeDeliveryStream returns it. */
export const AWS_LAMBDA = {
  Enabled: true,
  Processors: [{ Type: "Lambda", Parameters: [{ ParameterName: "LambdaArn", ParameterValue: LAMBDA_ARN }] }],
};

/**
 * A compliant-by-default Pulumi DirectPut delivery stream to S3 (64 MB / 300 s buffers, a Lambda
 * processor, SSE with an AWS-owned key); `s3` is merged into extendedS3Configuration.
 */
export function pulumiFirehose(name: string, props: Readonly<Record<string, unknown>> = {}, s3: Readonly<Record<string, unknown>> = {}): PulumiResource {
  return {
    type: FIREHOSE_TYPE,
    name,
    props: {
      name,
      destination: "extended_s3",
      extendedS3Configuration: { roleArn: ROLE, bucketArn: BUCKET, bufferingSize: 64, bufferingInterval: 300, processingConfiguration: PULUMI_LAMBDA, ...s3 },
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      ...props,
    },
  };
}

/** The same delivery stream as DescribeDeliveryStream returns it; `s3` is merged into ExtendedS3DestinationDescription. */
export function awsFirehose(
  name: string,
  description: Readonly<Record<string, unknown>> = {},
  s3: Readonly<Record<string, unknown>> = {},
  tags: Readonly<Record<string, string>> = {},
): AwsDeliveryStream {
  return {
    description: {
      DeliveryStreamName: name,
      DeliveryStreamARN: `arn:aws:firehose:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:deliverystream/${name}`,
      DeliveryStreamStatus: "ACTIVE",
      DeliveryStreamType: "DirectPut",
      VersionId: "1",
      HasMoreDestinations: false,
      DeliveryStreamEncryptionConfiguration: { Status: "ENABLED", KeyType: "AWS_OWNED_CMK" },
      Destinations: [
        {
          DestinationId: "destinationId-000000000001",
          ExtendedS3DestinationDescription: {
            RoleARN: ROLE,
            BucketARN: BUCKET,
            BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 300 },
            CompressionFormat: "UNCOMPRESSED",
            EncryptionConfiguration: { NoEncryptionConfig: "NoEncryption" },
            ProcessingConfiguration: AWS_LAMBDA,
            S3BackupMode: "Disabled",
            ...s3,
          },
        },
      ],
      ...description,
    },
    tags,
  };
}

/** A Redshift destination as Pulumi declares it (the password a Pulumi secret is not expressible here: see kdf-plaintext-credentials). */
export function pulumiRedshift(name: string, redshift: Readonly<Record<string, unknown>> = {}, props: Readonly<Record<string, unknown>> = {}): PulumiResource {
  return {
    type: FIREHOSE_TYPE,
    name,
    props: {
      name,
      destination: "redshift",
      redshiftConfiguration: {
        roleArn: ROLE,
        clusterJdbcurl: "jdbc:redshift://example:5439/db",
        dataTableName: "events",
        username: "loader",
        s3Configuration: { roleArn: ROLE, bucketArn: BUCKET },
        processingConfiguration: PULUMI_LAMBDA,
        ...redshift,
      },
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      ...props,
    },
  };
}

/** The same Redshift delivery stream as DescribeDeliveryStream returns it. */
export function awsRedshift(name: string, redshift: Readonly<Record<string, unknown>> = {}, tags: Readonly<Record<string, string>> = {}): AwsDeliveryStream {
  const base = awsFirehose(name, {}, {}, tags);
  return {
    description: {
      ...base.description,
      Destinations: [
        {
          DestinationId: "destinationId-000000000001",
          RedshiftDestinationDescription: {
            RoleARN: ROLE,
            ClusterJDBCURL: "jdbc:redshift://example:5439/db",
            CopyCommand: { DataTableName: "events" },
            Username: "loader",
            S3DestinationDescription: { RoleARN: ROLE, BucketARN: BUCKET, BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: "UNCOMPRESSED", EncryptionConfiguration: {} },
            ProcessingConfiguration: AWS_LAMBDA,
            S3BackupMode: "Disabled",
            ...redshift,
          },
        },
      ],
    },
    tags,
  };
}

/** A CloudWatch alarm as Pulumi declares it. */
export function pulumiAlarm(name: string, namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>, statistic = "Maximum"): PulumiResource {
  return {
    type: ALARM_TYPE,
    name,
    props: { name, namespace, metricName, dimensions, statistic, period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: "GreaterThanThreshold" },
  };
}

/** The same alarm as DescribeAlarms returns it. */
export function awsAlarm(name: string, namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>, statistic = "Maximum"): Readonly<Record<string, unknown>> {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:alarm:${name}`,
    Namespace: namespace,
    MetricName: metricName,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    Statistic: statistic,
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanThreshold",
    StateValue: "OK",
  };
}

/** The ARN a stream of the examples has (an output in Pulumi, StreamARN in AWS). */
export function exampleStreamArn(name: string): string {
  return `arn:aws:kinesis:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT}:stream/${name}`;
}

const MIB = 1_048_576;

/** 7 days of hourly values, `f(hour of day)` each. */
export const daily = (f: (hourOfDay: number) => number): number[] => Array.from({ length: HOURS_IN_WINDOW }, (_, i) => f(i % 24));

/** A stream's hourly IncomingBytes at `percents` of `shards` shards' write capacity (1 MiB/s each). */
export const streamBytesAt = (stream: string, shards: number, percents: readonly number[]): ExampleSeries => ({
  request: metric.streamIncomingBytes(EXAMPLE_REGION, stream),
  values: percents.map((p) => Math.round((p / 100) * shards * MIB * 3600)),
});

/** Per hour, the busiest minute's IncomingBytes at `percents` of `shards` shards' capacity (1 MiB/s each, for 60 s). */
export const streamPeakMinuteBytesAt = (stream: string, shards: number, percents: readonly number[]): ExampleSeries => ({
  request: metric.streamIncomingBytesPeakMinute(EXAMPLE_REGION, stream),
  values: percents.map((p) => Math.round((p / 100) * shards * MIB * 60)),
});

/** `n` open shards evenly dividing the hash key space, as ListShards returns them. */
export function listShards(n: number): Readonly<Record<string, unknown>>[] {
  const size = (1n << 128n) / BigInt(n);
  const max = (1n << 128n) - 1n;
  return Array.from({ length: n }, (_, i) => ({
    ShardId: shardId(i),
    HashKeyRange: { StartingHashKey: (size * BigInt(i)).toString(), EndingHashKey: (i === n - 1 ? max : size * BigInt(i + 1) - 1n).toString() },
    SequenceNumberRange: { StartingSequenceNumber: "49600000000000000000000000000000000000000000000000000000" },
  }));
}

export const shardId = (i: number): string => `shardId-${String(i).padStart(12, "0")}`;

/** A shard's hourly IncomingBytes (enhanced monitoring) at `percent` of one shard's capacity every hour. */
export const shardBytesAt = (stream: string, shard: number, percent: number): ExampleSeries => ({
  request: metric.shardIncomingBytes(EXAMPLE_REGION, stream, shardId(shard)),
  values: hourly(Math.round((percent / 100) * MIB * 3600)),
});

/** An enhanced fan-out consumer of a stream, as ListStreamConsumers returns it. */
export function awsConsumer(stream: string, name: string): { readonly streamArn: string; readonly consumer: Readonly<Record<string, unknown>> } {
  const streamArn = exampleStreamArn(stream);
  return { streamArn, consumer: { ConsumerName: name, ConsumerARN: `${streamArn}/consumer/${name}:1767225600`, ConsumerStatus: "ACTIVE" } };
}

/** A VPC endpoint as Pulumi declares it. */
export function pulumiVpcEndpoint(name: string, vpcId: string, service: string, type: "Gateway" | "Interface" = "Gateway"): PulumiResource {
  return { type: VPC_ENDPOINT_TYPE, name, props: { vpcId, serviceName: `com.amazonaws.${EXAMPLE_REGION}.${service}`, vpcEndpointType: type } };
}

/** The same endpoint as DescribeVpcEndpoints returns it. */
export function awsVpcEndpoint(id: string, vpcId: string, service: string, type: "Gateway" | "Interface" = "Gateway"): Readonly<Record<string, unknown>> {
  return { VpcEndpointId: id, VpcEndpointType: type, VpcId: vpcId, ServiceName: `com.amazonaws.${EXAMPLE_REGION}.${service}`, State: "available" };
}

/** An OpenSearch delivery stream delivering into `vpcId`, as Pulumi declares it. */
export function pulumiOpenSearchInVpc(name: string, vpcId: string): PulumiResource {
  return {
    type: FIREHOSE_TYPE,
    name,
    props: {
      name,
      destination: "opensearch",
      opensearchConfiguration: {
        domainArn: "arn:aws:es:us-east-1:123456789012:domain/search",
        indexName: "events",
        roleArn: ROLE,
        s3BackupMode: "FailedDocumentsOnly",
        s3Configuration: { roleArn: ROLE, bucketArn: BUCKET },
        processingConfiguration: PULUMI_LAMBDA,
        vpcConfig: { vpcId, subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"], roleArn: ROLE },
      },
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
    },
  };
}

/** The same delivery stream as DescribeDeliveryStream returns it. */
export function awsOpenSearchInVpc(name: string, vpcId: string): AwsDeliveryStream {
  const base = awsFirehose(name);
  return {
    description: {
      ...base.description,
      Destinations: [
        {
          DestinationId: "destinationId-000000000001",
          AmazonopensearchserviceDestinationDescription: {
            DomainARN: "arn:aws:es:us-east-1:123456789012:domain/search",
            IndexName: "events",
            RoleARN: ROLE,
            BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
            S3BackupMode: "FailedDocumentsOnly",
            S3DestinationDescription: { RoleARN: ROLE, BucketARN: BUCKET, BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: "UNCOMPRESSED", EncryptionConfiguration: {} },
            ProcessingConfiguration: AWS_LAMBDA,
            VpcConfigurationDescription: { VpcId: vpcId, SubnetIds: ["subnet-0a1b2c3d"], SecurityGroupIds: ["sg-0a1b2c3d"], RoleARN: ROLE },
          },
        },
      ],
    },
    tags: {},
  };
}
