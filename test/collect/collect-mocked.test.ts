/**
 * The collector's control flow against mocked SDK clients (the wire is not the point here):
 * pagination loops, early filters, which describes happen, the tagging fallback, metric status.
 */
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
} from "@aws-sdk/client-kinesis";
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, ListTagsForDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, type GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { DescribeVpcEndpointsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { collectSnapshot, type CollectOptions } from "../../live-checks/collect";
import { metricNeeds } from "../../rules/metric-requests";
import { minimumCalls } from "../../live-checks/collect/planner";

const acct = "123456789012";
const sArn = (n: string) => `arn:aws:kinesis:us-east-1:${acct}:stream/${n}`;
const dArn = (n: string) => `arn:aws:firehose:us-east-1:${acct}:deliverystream/${n}`;

const kinesis = mockClient(KinesisClient);
const firehose = mockClient(FirehoseClient);
const cloudwatch = mockClient(CloudWatchClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const ec2 = mockClient(EC2Client);

const opts: CollectOptions = {
  regions: ["us-east-1"],
  now: new Date("2026-03-10T12:34:56Z"),
  progress: "off",
  clientOverrides: { outerRetries: 0, maxAttempts: 1 },
};

function summary(name: string, over: Record<string, unknown> = {}) {
  return {
    StreamDescriptionSummary: {
      StreamName: name,
      StreamARN: sArn(name),
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(0),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: "NONE",
      OpenShardCount: 1,
      ConsumerCount: 0,
      ...over,
    },
  } as never;
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  kinesis.reset();
  firehose.reset();
  cloudwatch.reset();
  tagging.reset();
  ec2.reset();
  kinesis
    .on(ListStreamsCommand)
    .resolvesOnce({ StreamNames: [], HasMoreStreams: true, NextToken: "p2", StreamSummaries: [
      { StreamName: "orders", StreamARN: sArn("orders"), StreamStatus: "ACTIVE", StreamCreationTimestamp: new Date(0) },
      { StreamName: "test-a", StreamARN: sArn("test-a"), StreamStatus: "ACTIVE", StreamCreationTimestamp: new Date(0) },
    ] })
    .resolvesOnce({ StreamNames: [], HasMoreStreams: false, StreamSummaries: [
      { StreamName: "excluded", StreamARN: sArn("excluded"), StreamStatus: "ACTIVE", StreamCreationTimestamp: new Date(0) },
      { StreamName: "plain", StreamARN: sArn("plain"), StreamStatus: "ACTIVE", StreamCreationTimestamp: new Date(0) },
    ] });
  kinesis.on(DescribeStreamSummaryCommand, { StreamName: "orders" }).resolves(summary("orders", { EnhancedMonitoring: [{ ShardLevelMetrics: ["IncomingBytes"] }], OpenShardCount: 2, ConsumerCount: 1 }));
  kinesis.on(DescribeStreamSummaryCommand, { StreamName: "plain" }).resolves(summary("plain"));
  kinesis
    .on(ListShardsCommand)
    .resolvesOnce({ Shards: [{ ShardId: "shardId-000000000000", HashKeyRange: { StartingHashKey: "0", EndingHashKey: "10" }, SequenceNumberRange: { StartingSequenceNumber: "1" } }], NextToken: "s2" })
    .resolvesOnce({ Shards: [{ ShardId: "shardId-000000000001", HashKeyRange: { StartingHashKey: "11", EndingHashKey: "340282366920938463463374607431768211455" }, SequenceNumberRange: { StartingSequenceNumber: "1" } }] });
  kinesis.on(ListStreamConsumersCommand).resolves({ Consumers: [{ ConsumerName: "app", ConsumerARN: `${sArn("orders")}/consumer/app:1`, ConsumerStatus: "ACTIVE", ConsumerCreationTimestamp: new Date(0) }] });
  firehose
    .on(ListDeliveryStreamsCommand)
    .resolvesOnce({ DeliveryStreamNames: ["dev-x", "ds1"], HasMoreDeliveryStreams: true })
    .resolvesOnce({ DeliveryStreamNames: ["ds2"], HasMoreDeliveryStreams: false });
  for (const n of ["ds1", "ds2"]) {
    firehose.on(DescribeDeliveryStreamCommand, { DeliveryStreamName: n }).resolves({
      DeliveryStreamDescription: {
        DeliveryStreamName: n,
        DeliveryStreamARN: dArn(n),
        DeliveryStreamStatus: "ACTIVE",
        DeliveryStreamType: "DirectPut",
        VersionId: "1",
        HasMoreDestinations: false,
        Destinations: [
          n === "ds1"
            ? { DestinationId: "d", AmazonopensearchserviceDestinationDescription: { S3BackupMode: "FailedDocumentsOnly", VpcConfigurationDescription: { VpcId: "vpc-1", SubnetIds: ["s"], RoleARN: "r", SecurityGroupIds: [] } } }
            : { DestinationId: "d", ExtendedS3DestinationDescription: { RoleARN: "r", BucketARN: "b", BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: "GZIP", EncryptionConfiguration: {} } },
        ],
      },
    });
  }
  tagging
    .on(GetResourcesCommand)
    .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: sArn("excluded"), Tags: [{ Key: "excludeFromAnalysis", Value: "TRUE" }] }], PaginationToken: "t2" })
    .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: dArn("ds2"), Tags: [{ Key: "Team", Value: "data" }] }, { ResourceARN: sArn("orders"), Tags: [{ Key: "Tier", Value: "critical" }] }], PaginationToken: "" });
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: "orders-age", Namespace: "AWS/Kinesis", MetricName: "GetRecords.IteratorAgeMilliseconds", Dimensions: [{ Name: "StreamName", Value: "orders" }] }] });
  cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const m = q.MetricStat!.Metric!;
      const dims = Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name, d.Value]));
      if (m.MetricName === "IncomingRecords" && dims.StreamName === "orders" && !dims.ShardId) {
        return { Id: q.Id, StatusCode: "Complete", Timestamps: [new Date("2026-03-09T01:00:00Z"), new Date("2026-03-09T00:00:00Z")], Values: [20, 10] };
      }
      if (m.MetricName === "DeliveryToS3.Success") return { Id: q.Id, StatusCode: "InternalError", Timestamps: [], Values: [], Messages: [{ Code: "InternalError", Value: "try later" }] };
      return { Id: q.Id, StatusCode: "Complete", Timestamps: [], Values: [] };
    }),
  }));
  ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [
    { VpcEndpointId: "vpce-1", VpcId: "vpc-1", ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway" },
    { VpcEndpointId: "vpce-2", VpcId: "vpc-other", ServiceName: "com.amazonaws.us-east-1.s3", VpcEndpointType: "Gateway" },
  ] });
});

afterEach(() => {
  kinesis.reset();
});

describe("collectSnapshot (mocked clients)", () => {
  it("lists with pagination, filters before describing, describes only what the rules need", async () => {
    const snap = await collectSnapshot(opts);
    expect(snap.streams.map((s) => s.name)).toEqual(["orders", "plain"]);
    expect(snap.deliveryStreams.map((d) => d.name)).toEqual(["ds1", "ds2"]);
    // Excluded resources cost no describe.
    const described = kinesis.commandCalls(DescribeStreamSummaryCommand).map((c) => c.args[0].input.StreamName);
    expect(described.sort()).toEqual(["orders", "plain"]);
    expect(firehose.commandCalls(DescribeDeliveryStreamCommand).map((c) => c.args[0].input.DeliveryStreamName).sort()).toEqual(["ds1", "ds2"]);
    expect(snap.skipped.map((s) => [s.kind, s.name, s.filter, s.reason])).toEqual([
      ["deliveryStream", "dev-x", "name-prefix", "name prefix dev-"],
      ["stream", "excluded", "tag", "tag excludeFromAnalysis=TRUE"],
      ["stream", "test-a", "name-prefix", "name prefix test-"],
    ]);
    // ListShards only for the enhanced-monitoring stream; NextToken pages carry no StreamName.
    const shardCalls = kinesis.commandCalls(ListShardsCommand).map((c) => c.args[0].input);
    expect(shardCalls).toHaveLength(2);
    expect(shardCalls[0]).toMatchObject({ StreamName: "orders" });
    expect(shardCalls[1]).toEqual({ NextToken: "s2", MaxResults: 10_000 });
    expect(snap.streams[0]!.shards!.map((s) => s.shardId)).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    // Consumers only where ConsumerCount > 0.
    expect(kinesis.commandCalls(ListStreamConsumersCommand)).toHaveLength(1);
    expect(snap.consumers.map((c) => c.name)).toEqual(["app"]);
    // Tags from the tagging API (2 pages), no per-stream tag calls.
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(2);
    expect(kinesis.commandCalls(ListTagsForStreamCommand)).toHaveLength(0);
    expect(snap.streams[0]!.tags).toEqual({ Tier: "critical" });
    expect(snap.deliveryStreams[1]!.tags).toEqual({ Team: "data" });
    // VPC endpoints asked for the delivery VPC only.
    expect(ec2.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: "vpc-id", Values: ["vpc-1"] }]);
    expect(snap.vpcEndpoints.map((e) => e.id.ref)).toEqual(["vpce-1"]);
    expect(snap.alarms.map((a) => a.name)).toEqual(["orders-age"]);
  });

  it("records no datapoints as no-data, CloudWatch query errors as errors, and uses the minimum of GetMetricData calls", async () => {
    const snap = await collectSnapshot(opts);
    const byId = new Map(snap.metrics.map((m) => [m.id, m]));
    const rec = byId.get("us-east-1|AWS/Kinesis|IncomingRecords|StreamName=orders|Sum|3600")!;
    expect(rec).toMatchObject({ status: "ok", values: [10, 20] });
    expect(rec.timestamps).toEqual([Date.parse("2026-03-09T00:00:00Z") / 1000, Date.parse("2026-03-09T01:00:00Z") / 1000]);
    const bytes = byId.get("us-east-1|AWS/Kinesis|IncomingBytes|StreamName=plain|Sum|3600")!;
    expect(bytes).toMatchObject({ status: "no-data", values: [] });
    const s3 = [...byId.values()].find((m) => m.metricName === "DeliveryToS3.Success")!;
    expect(s3.status).toBe("error");
    expect(snap.collection.complete).toBe(false);
    expect(snap.collection.errors.some((e) => e.api === "CloudWatch.GetMetricData" && e.resource?.startsWith("deliveryStream/ds2"))).toBe(true);
    // Every metric the rules need is there, exactly once.
    const needs = metricNeeds(snap, { minutePeaks: true });
    expect(snap.metrics.map((m) => m.id).sort()).toEqual(needs.map((n) => n.id).sort());
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(minimumCalls(needs, snap.window));
    for (const c of cloudwatch.commandCalls(GetMetricDataCommand)) {
      const input = c.args[0].input;
      expect(input.ScanBy).toBe("TimestampAscending");
      expect(input.EndTime).toEqual(new Date("2026-03-10T12:00:00Z"));
    }
  });

  it("falls back to per-resource tag calls when the tagging API is denied, and says so", async () => {
    tagging.reset();
    tagging.on(GetResourcesCommand).rejects(Object.assign(new Error("not allowed"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }));
    kinesis.on(ListTagsForStreamCommand, { StreamName: "excluded" }).resolves({ Tags: [{ Key: "ExcludeFromAnalysis", Value: "true" }], HasMoreTags: false });
    kinesis.on(ListTagsForStreamCommand, { StreamName: "orders" }).resolvesOnce({ Tags: [{ Key: "A", Value: "1" }], HasMoreTags: true }).resolvesOnce({ Tags: [{ Key: "B", Value: "2" }], HasMoreTags: false });
    kinesis.on(ListTagsForStreamCommand, { StreamName: "plain" }).resolves({ Tags: [], HasMoreTags: false });
    firehose.on(ListTagsForDeliveryStreamCommand).resolves({ Tags: [], HasMoreTags: false });
    const snap = await collectSnapshot(opts);
    expect(snap.collection.notes?.some((n) => n.includes("fell back to ListTagsForStream"))).toBe(true);
    expect(snap.skipped.some((s) => s.name === "excluded" && s.filter === "tag")).toBe(true);
    expect(snap.streams.find((s) => s.name === "orders")!.tags).toEqual({ A: "1", B: "2" });
    const tagCalls = kinesis.commandCalls(ListTagsForStreamCommand).map((c) => c.args[0].input);
    expect(tagCalls.filter((i) => i.StreamName === "test-a")).toHaveLength(0); // prefix-filtered before tags
    expect(tagCalls.find((i) => i.ExclusiveStartTagKey === "A")).toBeDefined();
    expect(firehose.commandCalls(ListTagsForDeliveryStreamCommand)).toHaveLength(2);
  });

  it("names the stream when a describe fails, and treats a stream deleted after listing as skipped, not missing", async () => {
    kinesis.on(DescribeStreamSummaryCommand, { StreamName: "plain" }).rejects(Object.assign(new Error("gone"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }));
    kinesis.on(DescribeStreamSummaryCommand, { StreamName: "orders" }).rejects(Object.assign(new Error("User x is not authorized"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }));
    const snap = await collectSnapshot(opts);
    expect(snap.streams).toEqual([]);
    expect(snap.skipped.find((s) => s.name === "plain")).toMatchObject({ filter: "deleted" });
    expect(snap.collection.errors).toContainEqual(expect.objectContaining({ api: "Kinesis.DescribeStreamSummary", region: "us-east-1", resource: "stream/orders" }));
    expect(snap.collection.complete).toBe(false);
  });

  it("stops a listing whose pagination token never ends", async () => {
    firehose.reset();
    firehose.on(ListDeliveryStreamsCommand).resolves({ DeliveryStreamNames: ["same"], HasMoreDeliveryStreams: true });
    firehose.on(DescribeDeliveryStreamCommand).resolves({});
    kinesis.reset();
    kinesis.on(ListStreamsCommand).resolves({ StreamNames: [], HasMoreStreams: true, NextToken: "loop", StreamSummaries: [{ StreamName: "x", StreamARN: sArn("x"), StreamStatus: "ACTIVE", StreamCreationTimestamp: new Date(0) }] });
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary("x"));
    const snap = await collectSnapshot(opts);
    // Both listings end; what was listed is kept.
    expect(snap.streams.map((s) => s.name)).toEqual(["x"]);
    expect(snap.deliveryStreams.map((d) => d.name)).toEqual(["same"]);
    expect(kinesis.commandCalls(ListStreamsCommand).length).toBeLessThanOrEqual(3);
  });

  it("refuses bad options with a clear message", async () => {
    await expect(collectSnapshot({ ...opts, regions: [] })).rejects.toThrow(/no region to audit/);
    await expect(collectSnapshot({ ...opts, regions: ["useast1"] })).rejects.toThrow(/not an AWS region name/);
    await expect(collectSnapshot({ ...opts, windowDays: 0 })).rejects.toThrow(/windowDays/);
  });
});

describe("--verbose lines", () => {
  it("print AWS error text with control characters escaped: no terminal sequence, no injected line, no workflow command", async () => {
    kinesis
      .on(DescribeStreamSummaryCommand, { StreamName: "plain" })
      .rejects(Object.assign(new Error("denied \u001b]0;owned\u0007\u001b[2J\r\n::error title=x::injected"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }));
    let text = "";
    const stderr = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    const snap = await collectSnapshot({ ...opts, verbose: true, clientOverrides: { ...opts.clientOverrides, stderr } });
    expect(snap.collection.errors.map((e) => e.resource)).toContain("stream/plain");
    expect(text).toContain("not collected: Kinesis.DescribeStreamSummary us-east-1 stream/plain: AccessDeniedException: denied \\x1b]0;owned\\x07\\x1b[2J");
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    for (const line of text.split("\n")) expect(line.trimStart().startsWith("::"), line).toBe(false);
  });
});
