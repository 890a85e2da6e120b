/**
 * The real AWS SDK v3 clients against the simulator over loopback (HTTP/1.1 handler):
 * pagination, shapes, multi-region routing, error classes, CloudWatch aggregation and limits.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  InvalidArgumentException,
  KinesisClient,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListTagsForStreamCommand,
  ResourceNotFoundException,
  paginateListStreams,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, ListTagsForDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import {
  CloudWatchClient,
  DescribeAlarmsForMetricCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  paginateDescribeAlarms,
  paginateGetMetricData,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient, paginateGetResources } from "@aws-sdk/client-resource-groups-tagging-api";
import { DescribeVpcEndpointsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator/index";

const NOW = Date.parse("2026-01-10T00:00:00Z");
const scenario = loadScenario(join(__dirname, "../../simulator/scenarios/small-multi-region.json"));
let sim: SimulatorHandle;

function config(region = "us-east-1") {
  return {
    endpoint: sim.endpoint,
    region,
    credentials: { accessKeyId: "AKIDSIMULATOR", secretAccessKey: "secret" },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  };
}

beforeAll(async () => {
  sim = await startSimulator({ scenario, clock: () => NOW });
});
afterAll(async () => sim.close());

describe("Kinesis", () => {
  it("pages ListStreams past 100 streams (NextToken and summaries)", async () => {
    const kinesis = new KinesisClient(config());
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListStreams({ client: kinesis }, {})) {
      pages++;
      names.push(...(page.StreamSummaries ?? []).map((s) => s.StreamName!));
      expect(page.StreamSummaries?.length).toBe(page.StreamNames?.length);
    }
    expect(pages).toBe(2);
    expect(names).toEqual(scenario.regions["us-east-1"]!.streams!.map((s) => s.name).sort());
  });

  it("routes by the region of the credential scope", async () => {
    const page = await new KinesisClient(config("eu-west-1")).send(new DescribeStreamSummaryCommand({ StreamName: "eu-customer-data" }));
    expect(page.StreamDescriptionSummary?.StreamARN).toBe("arn:aws:kinesis:eu-west-1:123456789012:stream/eu-customer-data");
    expect(page.StreamDescriptionSummary?.EncryptionType).toBe("NONE");
    await expect(new KinesisClient(config("us-east-1")).send(new DescribeStreamSummaryCommand({ StreamName: "eu-customer-data" }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it("describes a stream's summary: mode, retention, KMS key, enhanced metrics, shard and consumer counts", async () => {
    const s = (await new KinesisClient(config()).send(new DescribeStreamSummaryCommand({ StreamName: "orders-enhanced" }))).StreamDescriptionSummary!;
    expect(s.StreamModeDetails?.StreamMode).toBe("PROVISIONED");
    expect(s.RetentionPeriodHours).toBe(24);
    expect(s.EncryptionType).toBe("KMS");
    expect(s.KeyId).toMatch(/^arn:aws:kms:us-east-1:/);
    expect(s.EnhancedMonitoring?.[0]?.ShardLevelMetrics).toEqual(["IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"]);
    expect(s.OpenShardCount).toBe(4);
    expect(s.ConsumerCount).toBe(2);
    expect(s.StreamCreationTimestamp).toBeInstanceOf(Date);
  });

  it("pages ListShards with NextToken alone and covers the hash key space", async () => {
    const kinesis = new KinesisClient(config());
    const first = await kinesis.send(new ListShardsCommand({ StreamName: "orders-enhanced", MaxResults: 3 }));
    expect(first.Shards).toHaveLength(3);
    expect(first.NextToken).toBeTruthy();
    const second = await kinesis.send(new ListShardsCommand({ NextToken: first.NextToken, MaxResults: 3 }));
    expect(second.NextToken).toBeUndefined();
    const shards: Shard[] = [...first.Shards!, ...second.Shards!];
    expect(shards.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"]);
    expect(shards[0]!.HashKeyRange!.StartingHashKey).toBe("0");
    expect(shards[3]!.HashKeyRange!.EndingHashKey).toBe((2n ** 128n - 1n).toString());
    for (let i = 1; i < shards.length; i++) {
      expect(BigInt(shards[i]!.HashKeyRange!.StartingHashKey!)).toBe(BigInt(shards[i - 1]!.HashKeyRange!.EndingHashKey!) + 1n);
    }
    const both = kinesis.send(new ListShardsCommand({ StreamName: "orders-enhanced", NextToken: first.NextToken }));
    await expect(both).rejects.toBeInstanceOf(InvalidArgumentException);
  });

  it("lists and describes consumers, and lists tags", async () => {
    const kinesis = new KinesisClient(config());
    const arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders-enhanced";
    const consumers = (await kinesis.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers!;
    expect(consumers.map((c) => c.ConsumerName)).toEqual(["orders-reader", "orders-audit"]);
    const d = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumers[0]!.ConsumerARN }));
    expect(d.ConsumerDescription?.StreamARN).toBe(arn);
    expect(d.ConsumerDescription?.ConsumerStatus).toBe("ACTIVE");
    const tags = await kinesis.send(new ListTagsForStreamCommand({ StreamName: "orders-enhanced" }));
    expect(Object.fromEntries(tags.Tags!.map((t) => [t.Key, t.Value]))).toMatchObject({ DataClassification: "internal", Tier: "tier-2" });
    expect(tags.HasMoreTags).toBe(false);
  });
});

describe("Firehose", () => {
  it("pages ListDeliveryStreams with ExclusiveStartDeliveryStreamName until HasMoreDeliveryStreams is false", async () => {
    const firehose = new FirehoseClient(config());
    const names: string[] = [];
    let start: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await firehose.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName: start }));
      pages++;
      names.push(...page.DeliveryStreamNames!);
      if (!page.HasMoreDeliveryStreams) break;
      start = names[names.length - 1];
    }
    expect(pages).toBe(2);
    expect(names).toEqual(scenario.regions["us-east-1"]!.deliveryStreams!.map((d) => d.name).sort());
  });

  it("describes every destination type with buffering, processors, backup mode, VPC and source", async () => {
    const firehose = new FirehoseClient(config());
    const os = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "events-003-to-s3" }))).DeliveryStreamDescription!;
    expect(os.DeliveryStreamType).toBe("KinesisStreamAsSource");
    expect(os.Source?.KinesisStreamSourceDescription?.KinesisStreamARN).toBe("arn:aws:kinesis:us-east-1:123456789012:stream/events-003");
    const dest = os.Destinations![0]!.AmazonopensearchserviceDestinationDescription!;
    expect(dest.BufferingHints).toEqual({ SizeInMBs: 64, IntervalInSeconds: 300 });
    expect(dest.S3BackupMode).toBe("FailedDocumentsOnly");
    expect(dest.ProcessingConfiguration?.Enabled).toBe(true);
    expect(dest.ProcessingConfiguration?.Processors?.[0]?.Type).toBe("Lambda");
    const splunk = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "web-logs" }))).DeliveryStreamDescription!;
    expect(splunk.DeliveryStreamType).toBe("DirectPut");
    expect(splunk.DeliveryStreamEncryptionConfiguration).toMatchObject({ Status: "ENABLED", KeyType: "AWS_OWNED_CMK" });
    expect(splunk.Destinations![0]!.SplunkDestinationDescription?.BufferingHints).toEqual({ SizeInMBs: 5, IntervalInSeconds: 60 });
    const raw = (await new FirehoseClient(config("eu-west-1")).send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "eu-raw-dump" }))).DeliveryStreamDescription!;
    expect(raw.Destinations![0]!.ExtendedS3DestinationDescription?.ProcessingConfiguration).toEqual({ Enabled: false, Processors: [] });
    const tags = await new FirehoseClient(config("eu-west-1")).send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: "eu-raw-dump" }));
    expect(tags.Tags?.length).toBeGreaterThan(0);
  });

  it("maps a missing delivery stream to ResourceNotFoundException", async () => {
    const err = await new FirehoseClient(config()).send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "nope" })).catch((e: Error) => e);
    expect((err as Error).name).toBe("ResourceNotFoundException");
  });
});

describe("CloudWatch", () => {
  const end = new Date(NOW - 3600_000 * 5);
  const day = 86400_000;
  const q = (id: string, metric: string, dims: Record<string, string>, period: number, stat: string, ns = "AWS/Kinesis"): MetricDataQuery => ({
    Id: id,
    MetricStat: { Metric: { Namespace: ns, MetricName: metric, Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })) }, Period: period, Stat: stat },
  });
  const sum = (r: MetricDataResult | undefined) => (r?.Values ?? []).reduce((a, b) => a + b, 0);

  it("answers an hourly Sum over a day that adds up to the daily Sum, and shards that add up to the stream", async () => {
    const cw = new CloudWatchClient(config());
    const dims = { StreamName: "orders-enhanced" };
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - day),
        EndTime: end,
        MetricDataQueries: [
          q("hourly", "IncomingBytes", dims, 3600, "Sum"),
          q("daily", "IncomingBytes", dims, 86400, "Sum"),
          q("fivemin", "IncomingBytes", dims, 300, "Sum"),
          ...[0, 1, 2, 3].map((i) => q(`shard${i}`, "IncomingBytes", { ...dims, ShardId: `shardId-00000000000${i}` }, 86400, "Sum")),
        ],
      }),
    );
    const byId = new Map(res.MetricDataResults!.map((r) => [r.Id!, r]));
    expect(byId.get("hourly")!.Values).toHaveLength(24);
    expect(byId.get("fivemin")!.Values).toHaveLength(288);
    const daily = byId.get("daily")!.Values![0]!;
    expect(daily).toBeGreaterThan(0);
    expect(sum(byId.get("hourly")) / daily).toBeCloseTo(1, 9);
    expect(sum(byId.get("fivemin")) / daily).toBeCloseTo(1, 9);
    const shards = [0, 1, 2, 3].reduce((a, i) => a + sum(byId.get(`shard${i}`)), 0);
    expect(shards / daily).toBeCloseTo(1, 9);
    // Default ScanBy is TimestampDescending, like AWS.
    const ts = byId.get("hourly")!.Timestamps!.map((t) => t.getTime());
    expect(ts[0]).toBeGreaterThan(ts[1]!);
    expect(byId.get("hourly")!.StatusCode).toBe("Complete");
  });

  it("keeps Maximum, Average and SampleCount consistent across periods", async () => {
    const cw = new CloudWatchClient(config());
    const dims = { StreamName: "orders-enhanced", ConsumerName: "orders-reader" };
    const m = "SubscribeToShardEvent.MillisBehindLatest";
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - day),
        EndTime: end,
        MetricDataQueries: [q("hmax", m, dims, 3600, "Maximum"), q("dmax", m, dims, 86400, "Maximum"), q("hn", m, dims, 3600, "SampleCount"), q("dn", m, dims, 86400, "SampleCount"), q("havg", m, dims, 3600, "Average"), q("davg", m, dims, 86400, "Average")],
      }),
    );
    const v = (id: string) => res.MetricDataResults!.find((r) => r.Id === id)!.Values!;
    expect(Math.max(...v("hmax"))).toBeCloseTo(v("dmax")[0]!, 9);
    expect(v("hn").reduce((a, b) => a + b, 0)).toBe(v("dn")[0]);
    const weighted = v("havg").reduce((a, avg, i) => a + avg * v("hn")[i]!, 0) / v("dn")[0]!;
    expect(weighted / v("davg")[0]!).toBeCloseTo(1, 9);
  });

  it("pages GetMetricData by MaxDatapoints and the pages merge into the unpaged answer", async () => {
    const cw = new CloudWatchClient(config());
    const input = {
      StartTime: new Date(end.getTime() - 7 * day),
      EndTime: end,
      MetricDataQueries: ["events-000", "events-001", "events-002"].map((s, i) => q(`q${i}`, "IncomingRecords", { StreamName: s }, 3600, "Sum")),
    };
    const whole = await cw.send(new GetMetricDataCommand(input));
    expect(whole.NextToken).toBeUndefined();
    const merged = new Map<string, number[]>();
    let pages = 0;
    for await (const page of paginateGetMetricData({ client: cw }, { ...input, MaxDatapoints: 100 })) {
      pages++;
      for (const r of page.MetricDataResults ?? []) merged.set(r.Id!, [...(merged.get(r.Id!) ?? []), ...(r.Values ?? [])]);
    }
    expect(pages).toBe(Math.ceil((3 * 168) / 100));
    for (const r of whole.MetricDataResults!) expect(merged.get(r.Id!)).toEqual(r.Values);
  });

  it("answers 'no data' (an empty series) for a metric that does not exist, never zero", async () => {
    const res = await new CloudWatchClient(config()).send(
      new GetMetricDataCommand({ StartTime: new Date(end.getTime() - day), EndTime: end, MetricDataQueries: [q("x", "IncomingBytes", { StreamName: "no-such-stream" }, 3600, "Sum")] }),
    );
    expect(res.MetricDataResults![0]).toMatchObject({ Id: "x", Values: [], Timestamps: [], StatusCode: "Complete" });
  });

  it("enforces AWS limits: 500 queries per GetMetricData, 1,440 datapoints per GetMetricStatistics", async () => {
    const cw = new CloudWatchClient(config());
    const many = Array.from({ length: 501 }, (_, i) => q(`q${i}`, "IncomingBytes", { StreamName: "events-000" }, 3600, "Sum"));
    await expect(cw.send(new GetMetricDataCommand({ StartTime: new Date(end.getTime() - day), EndTime: end, MetricDataQueries: many }))).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
    const tooMany = cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/Kinesis",
        MetricName: "IncomingBytes",
        Dimensions: [{ Name: "StreamName", Value: "events-000" }],
        StartTime: new Date(end.getTime() - 7 * day),
        EndTime: end,
        Period: 300,
        Statistics: ["Sum"],
      }),
    );
    await expect(tooMany).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    await expect(tooMany).rejects.toThrow(/2016 datapoints/);
    const ok = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/Kinesis",
        MetricName: "IncomingBytes",
        Dimensions: [{ Name: "StreamName", Value: "events-000" }],
        StartTime: new Date(end.getTime() - day),
        EndTime: end,
        Period: 3600,
        Statistics: ["Sum", "Maximum"],
      }),
    );
    expect(ok.Datapoints).toHaveLength(24);
    expect(ok.Datapoints![0]).toMatchObject({ Unit: "Bytes" });
  });

  it("pages DescribeAlarms and finds alarms for a metric", async () => {
    const cw = new CloudWatchClient(config());
    let count = 0;
    let pages = 0;
    for await (const page of paginateDescribeAlarms({ client: cw }, { MaxRecords: 100 })) {
      pages++;
      count += page.MetricAlarms!.length;
    }
    expect(count).toBe(scenario.regions["us-east-1"]!.alarms!.length);
    expect(pages).toBe(Math.ceil(count / 100));
    const hits = await cw.send(
      new DescribeAlarmsForMetricCommand({ Namespace: "AWS/Kinesis", MetricName: "WriteProvisionedThroughputExceeded", Dimensions: [{ Name: "StreamName", Value: "events-001" }] }),
    );
    expect(hits.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["events-001-write-throttled"]);
  });
});

describe("Tagging and EC2", () => {
  it("pages GetResources over tagged streams and delivery streams", async () => {
    const tagging = new ResourceGroupsTaggingAPIClient(config());
    const arns: string[] = [];
    for await (const page of paginateGetResources({ client: tagging }, { ResourceTypeFilters: ["kinesis:stream", "firehose:deliverystream"], ResourcesPerPage: 100 })) {
      arns.push(...page.ResourceTagMappingList!.map((r) => r.ResourceARN!));
    }
    const east = scenario.regions["us-east-1"]!;
    expect(arns).toHaveLength(east.streams!.length + east.deliveryStreams!.length);
    const onlyStreams = await tagging.send(
      new (await import("@aws-sdk/client-resource-groups-tagging-api")).GetResourcesCommand({ ResourceTypeFilters: ["kinesis:stream"], TagFilters: [{ Key: "Tier", Values: ["tier-2"] }], ResourcesPerPage: 100 }),
    );
    expect(onlyStreams.ResourceTagMappingList!.every((r) => r.ResourceARN!.includes(":stream/"))).toBe(true);
  });

  it("describes VPC endpoints filtered by VPC (ec2Query)", async () => {
    const ec2 = new EC2Client(config());
    const res = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: ["vpc-0e1e1e1e1e1e1e1e1"] }] }));
    expect(res.VpcEndpoints).toHaveLength(1);
    expect(res.VpcEndpoints![0]).toMatchObject({ VpcEndpointType: "Gateway", ServiceName: "com.amazonaws.us-east-1.s3", VpcId: "vpc-0e1e1e1e1e1e1e1e1" });
    const none = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: ["vpc-other"] }] }));
    expect(none.VpcEndpoints ?? []).toHaveLength(0);
  });

  it("counts served requests per Service.Operation", () => {
    const calls = sim.calls();
    expect(calls["Kinesis.ListStreams"]).toBe(2);
    expect(calls["EC2.DescribeVpcEndpoints"]).toBe(2);
    expect(Object.keys(calls).every((k) => /^(Kinesis|Firehose|CloudWatch|Tagging|EC2)\.[A-Z]\w+$/.test(k))).toBe(true);
  });
});
