import { describe, expect, it } from "vitest";
import { adaptAlarm, adaptConsumer, adaptDeliveryStream, adaptStream, adaptVpcEndpoint, nameFromArn, resourceTypeFromArn, tagsFromList } from "../../adapters/aws";
import type { DeliveryStreamDescription } from "@aws-sdk/client-firehose";

const region = "us-east-1";
const arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";

describe("stream adapter", () => {
  it("maps DescribeStreamSummary fields, expands ALL and keeps only open shards ordered by hash key", () => {
    const s = adaptStream(
      {
        StreamName: "orders",
        StreamARN: arn,
        StreamStatus: "ACTIVE",
        StreamModeDetails: { StreamMode: "PROVISIONED" },
        RetentionPeriodHours: 168,
        StreamCreationTimestamp: new Date(0),
        EnhancedMonitoring: [{ ShardLevelMetrics: ["ALL"] }],
        EncryptionType: "KMS",
        KeyId: "alias/aws/kinesis",
        OpenShardCount: 2,
        ConsumerCount: 1,
      },
      {
        region,
        listedName: "orders",
        tags: { Team: "a" },
        shards: [
          { ShardId: "shardId-2", HashKeyRange: { StartingHashKey: "170141183460469231731687303715884105728", EndingHashKey: "340282366920938463463374607431768211455" }, SequenceNumberRange: { StartingSequenceNumber: "1" } },
          { ShardId: "shardId-1", HashKeyRange: { StartingHashKey: "0", EndingHashKey: "170141183460469231731687303715884105727" }, SequenceNumberRange: { StartingSequenceNumber: "1" } },
          { ShardId: "shardId-0", HashKeyRange: { StartingHashKey: "0", EndingHashKey: "340282366920938463463374607431768211455" }, SequenceNumberRange: { StartingSequenceNumber: "1", EndingSequenceNumber: "9" } },
        ],
      },
    );
    expect(s).toMatchObject({
      kind: "stream",
      id: { ref: arn, displayName: "orders", type: "aws:kinesis/stream:Stream" },
      mode: "PROVISIONED",
      shardCount: 2,
      retentionHours: 168,
      encryptionType: "KMS",
      kmsKeyId: "alias/aws/kinesis",
      tags: { Team: "a" },
    });
    expect(s.shardLevelMetrics).toHaveLength(7);
    expect(s.shardLevelMetrics).toContain("IncomingBytes");
    expect(s.shards!.map((x) => x.shardId)).toEqual(["shardId-1", "shardId-2"]);
  });

  it("falls back to provider defaults on an odd, nearly empty answer", () => {
    const s = adaptStream({} as never, { region, listedName: "bare", listedArn: arn, tags: {} });
    expect(s).toMatchObject({ name: "bare", arn, mode: "PROVISIONED", retentionHours: 24, encryptionType: "NONE", shardLevelMetrics: [], kmsKeyId: undefined });
    expect(s.shards).toBeUndefined();
    const none = adaptStream(undefined, { region, listedName: "x", tags: {} });
    expect(none.id.ref).toBe("us-east-1/stream/x");
  });

  it("adapts consumers with the stream ARN as graph link", () => {
    expect(adaptConsumer({ ConsumerName: "c1", ConsumerARN: `${arn}/consumer/c1:1`, ConsumerStatus: "ACTIVE", ConsumerCreationTimestamp: new Date(0) }, arn)).toMatchObject({
      kind: "consumer",
      name: "c1",
      streamArn: arn,
      streamRef: arn,
      id: { type: "aws:kinesis/streamConsumer:StreamConsumer" },
    });
    expect(adaptConsumer({} as never, arn)).toBeUndefined();
  });
});

const dsBase = (over: Partial<DeliveryStreamDescription>): DeliveryStreamDescription => ({
  DeliveryStreamName: "ds",
  DeliveryStreamARN: "arn:aws:firehose:us-east-1:123456789012:deliverystream/ds",
  DeliveryStreamStatus: "ACTIVE",
  DeliveryStreamType: "DirectPut",
  VersionId: "1",
  Destinations: [],
  HasMoreDestinations: false,
  ...over,
});

const lambdaProc = { Enabled: true, Processors: [{ Type: "Lambda" as const, Parameters: [{ ParameterName: "LambdaArn" as const, ParameterValue: "arn:aws:lambda:us-east-1:1:function:f" }] }] };

describe("delivery stream adapter", () => {
  it("extended S3: buffering, Lambda processor, SSE", () => {
    const d = adaptDeliveryStream(
      dsBase({
        DeliveryStreamEncryptionConfiguration: { Status: "ENABLED", KeyType: "CUSTOMER_MANAGED_CMK", KeyARN: "arn:aws:kms:k" },
        Destinations: [{ DestinationId: "d", ExtendedS3DestinationDescription: { RoleARN: "r", BucketARN: "b", BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, CompressionFormat: "GZIP", EncryptionConfiguration: {}, ProcessingConfiguration: lambdaProc, S3BackupMode: "Disabled" } }],
      }),
      { region, listedName: "ds", tags: {} },
    );
    expect(d).toMatchObject({
      destination: "extended_s3",
      source: { type: "DirectPut" },
      buffering: { sizeMb: 1, intervalSeconds: 60 },
      lambdaProcessor: true,
      lambdaArns: ["arn:aws:lambda:us-east-1:1:function:f"],
      sse: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: "arn:aws:kms:k" },
      credentials: [],
      id: { type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" },
    });
  });

  it("Redshift: buffering from the intermediate S3 config, backup only when Enabled", () => {
    const mk = (mode?: "Enabled" | "Disabled") =>
      adaptDeliveryStream(
        dsBase({
          Destinations: [
            {
              DestinationId: "d",
              RedshiftDestinationDescription: {
                RoleARN: "r",
                ClusterJDBCURL: "jdbc:redshift://x",
                CopyCommand: { DataTableName: "t" },
                Username: "u",
                S3DestinationDescription: { RoleARN: "r", BucketARN: "b", BufferingHints: { SizeInMBs: 10, IntervalInSeconds: 400 }, CompressionFormat: "UNCOMPRESSED", EncryptionConfiguration: {} },
                ...(mode ? { S3BackupMode: mode } : {}),
              },
            },
          ],
        }),
        { region, listedName: "ds", tags: {} },
      );
    expect(mk("Enabled")).toMatchObject({ destination: "redshift", buffering: { sizeMb: 10, intervalSeconds: 400 }, backsUpFailedRecordsToS3: true, s3BackupMode: "Enabled", lambdaProcessor: false });
    expect(mk("Disabled").backsUpFailedRecordsToS3).toBe(false);
    expect(mk(undefined).backsUpFailedRecordsToS3).toBe(false);
  });

  it("OpenSearch in a VPC, Kinesis source, SSE not reported for a Kinesis-sourced stream", () => {
    const d = adaptDeliveryStream(
      dsBase({
        DeliveryStreamType: "KinesisStreamAsSource",
        Source: { KinesisStreamSourceDescription: { KinesisStreamARN: arn, RoleARN: "r" } },
        Destinations: [
          {
            DestinationId: "d",
            AmazonopensearchserviceDestinationDescription: {
              S3BackupMode: "FailedDocumentsOnly",
              VpcConfigurationDescription: { VpcId: "vpc-1", SubnetIds: ["subnet-b", "subnet-a"], RoleARN: "r", SecurityGroupIds: [] },
              ProcessingConfiguration: { Enabled: false, Processors: lambdaProc.Processors },
            },
          },
        ],
      }),
      { region, listedName: "ds", tags: {} },
    );
    expect(d).toMatchObject({
      destination: "opensearch",
      source: { type: "KinesisStreamAsSource", streamArn: arn, streamRef: arn },
      buffering: { sizeMb: 5, intervalSeconds: 300 },
      backsUpFailedRecordsToS3: true,
      vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
      lambdaProcessor: false,
      sse: { enabled: false },
    });
  });

  it.each([
    ["ElasticsearchDestinationDescription", "elasticsearch", { S3BackupMode: "AllDocuments" }, true],
    ["AmazonOpenSearchServerlessDestinationDescription", "opensearchserverless", {}, true],
    ["SplunkDestinationDescription", "splunk", { S3BackupMode: "FailedEventsOnly", HECToken: "SECRET-TOKEN" }, true],
    ["HttpEndpointDestinationDescription", "http_endpoint", { S3BackupMode: "FailedDataOnly" }, true],
    ["SnowflakeDestinationDescription", "snowflake", { S3BackupMode: "AllData" }, true],
    ["IcebergDestinationDescription", "iceberg", { S3BackupMode: "FailedDataOnly" }, true],
  ])("%s -> %s", (field, dest, extra, backup) => {
    const d = adaptDeliveryStream(dsBase({ Destinations: [{ DestinationId: "d", [field]: extra }] }), { region, listedName: "ds", tags: {} });
    expect(d.destination).toBe(dest);
    expect(d.backsUpFailedRecordsToS3).toBe(backup);
    if (dest === "splunk") expect(d.buffering).toEqual({ sizeMb: 5, intervalSeconds: 60 });
    // Credentials never reach the model (and so never a snapshot or a report).
    expect(JSON.stringify(d)).not.toContain("SECRET-TOKEN");
  });

  it("tolerates a missing description (name from the listing, safe defaults)", () => {
    const d = adaptDeliveryStream(undefined, { region, listedName: "gone", tags: { a: "b" } });
    expect(d).toMatchObject({ name: "gone", destination: "extended_s3", source: { type: "DirectPut" }, buffering: undefined, lambdaProcessor: false, tags: { a: "b" } });
  });
});

describe("alarm and VPC endpoint adapters", () => {
  it("collects the direct metric and every MetricStat of metric-math queries", () => {
    const a = adaptAlarm(
      {
        AlarmName: "lag",
        AlarmArn: "arn:aws:cloudwatch:us-east-1:1:alarm:lag",
        ActionsEnabled: true,
        Metrics: [
          { Id: "m1", MetricStat: { Metric: { Namespace: "AWS/Kinesis", MetricName: "GetRecords.IteratorAgeMilliseconds", Dimensions: [{ Name: "StreamName", Value: "orders" }] }, Period: 60, Stat: "Maximum" } },
          { Id: "e1", Expression: "m1 / 1000" },
        ],
      },
      region,
    );
    expect(a).toMatchObject({ name: "lag", region, actionsEnabled: true, dependsOn: [], id: { type: "aws:cloudwatch/metricAlarm:MetricAlarm" } });
    expect(a!.metrics).toEqual([{ namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: [{ name: "StreamName", value: "orders" }] }]);
    const direct = adaptAlarm({ AlarmName: "d", Namespace: "AWS/Firehose", MetricName: "DeliveryToS3.Success", Dimensions: [{ Name: "DeliveryStreamName", Value: "x" }] }, region);
    expect(direct!.metrics[0]).toEqual({ namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: [{ name: "DeliveryStreamName", value: "x" }] });
    expect(adaptAlarm({}, region)).toBeUndefined();
  });

  it("adapts VPC endpoints and drops incomplete entries", () => {
    expect(adaptVpcEndpoint({ VpcEndpointId: "vpce-1", VpcId: "vpc-1", ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway" }, region)).toMatchObject({
      kind: "vpcEndpoint",
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.us-east-1.s3",
      endpointType: "Gateway",
    });
    expect(adaptVpcEndpoint({ VpcEndpointId: "vpce-1" }, region)).toBeUndefined();
  });
});

describe("ARN and tag helpers", () => {
  it("parses names and resource types from ARNs", () => {
    expect(nameFromArn(arn)).toBe("orders");
    expect(resourceTypeFromArn(arn)).toBe("kinesis:stream");
    expect(resourceTypeFromArn("arn:aws:firehose:us-east-1:1:deliverystream/a")).toBe("firehose:deliverystream");
    expect(resourceTypeFromArn("not-an-arn")).toBeUndefined();
  });
  it("turns tag lists into sorted maps", () => {
    expect(Object.keys(tagsFromList([{ Key: "b", Value: "1" }, { Key: "a" }, { Value: "x" } as never]))).toEqual(["a", "b"]);
  });
});
