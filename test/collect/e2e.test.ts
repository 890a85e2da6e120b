/**
 * End to end: the real SDK v3 clients over loopback HTTP against the simulator. Asserts that the
 * snapshot holds exactly the fleet's resources, configs, tags, alarms and metric values, that
 * throttling changes nothing but the retry counts, and that GetMetricData calls are the planner's minimum.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { collectSnapshot, type CollectOptions } from "../../live-checks/collect";
import { minimumCalls } from "../../live-checks/collect/planner";
import { loadSnapshot, saveSnapshot } from "../../live-checks/snapshot-io";
import { metricNeeds } from "../../rules/metric-requests";
import type { Snapshot } from "../../live-checks/snapshot";
import { E2E_FLEET } from "./e2e-fleet";

process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
process.env.AWS_SECRET_ACCESS_KEY = "secret";
process.env.AWS_EC2_METADATA_DISABLED = "true";
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

const NOW = new Date("2026-03-10T12:34:56Z");
const dir = mkdtempSync(join(tmpdir(), "kg-e2e-"));

let sim: SimulatorHandle;
let clean: Snapshot;
let cleanSimCalls: Record<string, number>;

function options(endpoint: string, extra: Partial<CollectOptions> = {}): CollectOptions {
  return {
    regions: ["us-east-1", "eu-west-1"],
    drRegions: ["us-west-2"],
    endpointUrl: endpoint,
    now: NOW,
    progress: "off",
    clientOverrides: { outerBackoffMs: 20 },
    ...extra,
  };
}

/** The snapshot without what legitimately differs between runs (timing, request counts). */
function comparable(s: Snapshot): unknown {
  const { collectedAt: _c, collection, ...rest } = s;
  return { ...rest, errors: collection.errors, complete: collection.complete };
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: E2E_FLEET, clock: () => NOW.getTime() });
  clean = await collectSnapshot(options(sim.endpoint));
  cleanSimCalls = sim.calls();
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const byName = <T extends { name: unknown }>(list: readonly T[], name: string): T => {
  const x = list.find((i) => i.name === name);
  if (!x) throw new Error(`${name} not in the snapshot`);
  return x;
};

describe("collector against the simulator", () => {
  it("collects completely, with exactly the fleet's resources after the filters", () => {
    expect(clean.collection.errors).toEqual([]);
    expect(clean.collection.complete).toBe(true);
    const east = E2E_FLEET.regions["us-east-1"]!;
    const expectedStreams = [
      ...east.streams!.map((s) => s.name).filter((n) => !/^(test|dev)-/.test(n) && n !== "archived").map((n) => `us-east-1/${n}`),
      "eu-west-1/eu-orders",
    ].sort();
    expect(clean.streams.map((s) => `${String(s.region)}/${String(s.name)}`).sort()).toEqual(expectedStreams);
    expect(clean.deliveryStreams.map((d) => `${String(d.region)}/${String(d.name)}`)).toEqual([
      "eu-west-1/eu-archive",
      "us-east-1/logs-search",
      "us-east-1/orders-to-s3",
      "us-east-1/partner-http",
      "us-east-1/payments-redshift",
      "us-east-1/splunk-audit",
    ]);
    expect(clean.skipped.map((s) => [s.region, s.kind, s.name, s.filter])).toEqual([
      ["us-east-1", "deliveryStream", "dev-firehose", "name-prefix"],
      ["us-east-1", "deliveryStream", "old-es", "tag"],
      ["us-east-1", "stream", "archived", "tag"],
      ["us-east-1", "stream", "dev-sandbox", "name-prefix"],
      ["us-east-1", "stream", "test-scratch", "name-prefix"],
    ]);
  });

  it("maps stream configs, shards, consumers and tags", () => {
    const orders = byName(clean.streams, "orders");
    expect(orders).toMatchObject({
      mode: "PROVISIONED",
      shardCount: 2,
      retentionHours: 24,
      encryptionType: "KMS",
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/abc",
      shardLevelMetrics: ["IncomingBytes", "IncomingRecords"],
      tags: { DataClassification: "pii", Tier: "critical" },
      arn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
    });
    expect(orders.shards!.map((s) => [s.startingHashKey, s.endingHashKey])).toEqual([
      ["0", "170141183460469231731687303715884105727"],
      ["170141183460469231731687303715884105728", "340282366920938463463374607431768211455"],
    ]);
    expect(clean.consumers.map((c) => c.name)).toEqual(["billing", "search"]);
    expect(clean.consumers.every((c) => c.streamArn === orders.arn)).toBe(true);
    expect(byName(clean.streams, "clicks").mode).toBe("ON_DEMAND");
    for (const [i, spec] of E2E_FLEET.regions["us-east-1"]!.streams!.slice(0, 110).entries()) {
      const s = byName(clean.streams, spec.name);
      expect(s.shardCount).toBe(spec.shards);
      expect(s.retentionHours).toBe(spec.retentionHours);
      expect(s.encryptionType).toBe(i % 4 === 0 ? "KMS" : "NONE");
      expect(s.tags).toEqual(spec.tags);
      expect(s.shards).toBeUndefined(); // no enhanced monitoring: no ListShards
    }
  });

  it("maps every delivery stream's destination, buffering, processors, backup, SSE, VPC and source", () => {
    const ordersArn = byName(clean.streams, "orders").arn;
    expect(byName(clean.deliveryStreams, "orders-to-s3")).toMatchObject({
      destination: "extended_s3",
      source: { type: "KinesisStreamAsSource", streamArn: ordersArn },
      buffering: { sizeMb: 64, intervalSeconds: 600 },
      lambdaProcessor: true,
      // AWS reports the qualified ARN (":$LATEST") as the processor parameter.
      lambdaArns: [expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:enrich(:\$LATEST)?$/)],
      tags: { Team: "data" },
    });
    expect(byName(clean.deliveryStreams, "payments-redshift")).toMatchObject({
      destination: "redshift",
      s3BackupMode: "Disabled",
      backsUpFailedRecordsToS3: false,
      sse: { enabled: true, keyType: "AWS_OWNED_CMK" },
      lambdaProcessor: false,
    });
    expect(byName(clean.deliveryStreams, "logs-search")).toMatchObject({ destination: "opensearch", vpc: { vpcId: "vpc-0abc", subnetIds: ["subnet-1", "subnet-2"] }, backsUpFailedRecordsToS3: true });
    expect(byName(clean.deliveryStreams, "splunk-audit")).toMatchObject({ destination: "splunk", buffering: { sizeMb: 5, intervalSeconds: 60 } });
    expect(byName(clean.deliveryStreams, "partner-http")).toMatchObject({ destination: "http_endpoint", lambdaProcessor: false });
    expect(JSON.stringify(clean)).not.toContain("HEC-SECRET-DO-NOT-LEAK");
    expect(clean.vpcEndpoints.map((e) => e.id.ref)).toEqual(["vpce-s3"]);
  });

  it("lists every alarm (past one DescribeAlarms page), incl. metric-math queries, and DR replica candidates", () => {
    expect(clean.alarms.filter((a) => a.region === "us-east-1")).toHaveLength(106);
    const ratio = byName(clean.alarms, "orders-throttle-ratio");
    expect(ratio.metrics.map((m) => m.metricName).sort()).toEqual(["IncomingRecords", "WriteProvisionedThroughputExceeded"]);
    expect(ratio.metrics[0]!.dimensions).toEqual([{ name: "StreamName", value: "orders" }]);
    expect(byName(clean.alarms, "eu-orders-throttle").region).toBe("eu-west-1");
    expect(clean.drStreams.map((d) => [d.region, d.name, d.tags])).toEqual([
      ["us-west-2", "orders-replica", { ReplicaOf: "orders" }],
      ["us-west-2", "unrelated", {}],
    ]);
  });

  it("holds every metric the rules need, with values consistent across aggregations", async () => {
    const needs = metricNeeds(clean, { minutePeaks: true });
    expect(clean.metrics.map((m) => m.id).sort()).toEqual([...new Set(needs.map((n) => n.id))].sort());
    const get = (id: string) => clean.metrics.find((m) => m.id === id)!;
    // No datapoints is "no-data", never zeros.
    expect(get("us-east-1|AWS/Kinesis|IncomingRecords|StreamName=silent|Sum|3600")).toMatchObject({ status: "no-data", values: [] });
    // Hourly series over the 7-day window.
    const rec = get("us-east-1|AWS/Kinesis|IncomingRecords|StreamName=orders|Sum|3600");
    expect(rec.status).toBe("ok");
    expect(rec.values.length).toBeGreaterThan(160);
    expect(rec.timestamps.every((t) => t >= clean.window.start && t < clean.window.end && t % 3600 === 0)).toBe(true);
    // Stream-level hourly bytes = sum of the shard-level hourly bytes (enhanced monitoring).
    const streamBytes = get("us-east-1|AWS/Kinesis|IncomingBytes|StreamName=orders|Sum|3600");
    const shardBytes = clean.metrics.filter((m) => m.metricName === "IncomingBytes" && m.dimensions.ShardId !== undefined && m.dimensions.StreamName === "orders");
    expect(shardBytes).toHaveLength(2);
    const perHour = new Map<number, number>();
    for (const s of shardBytes) s.timestamps.forEach((t, i) => perHour.set(t, (perHour.get(t) ?? 0) + s.values[i]!));
    streamBytes.timestamps.forEach((t, i) => expect(perHour.get(t)).toBeCloseTo(streamBytes.values[i]!, 0));
    // The hourly sum over the window equals CloudWatch's own window-long sum (ids mapped back correctly).
    const cw = new CloudWatchClient({ region: "us-east-1", endpoint: sim.endpoint, requestHandler: new NodeHttpHandler() });
    const direct = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(clean.window.start * 1000),
        EndTime: new Date(clean.window.end * 1000),
        MetricDataQueries: [{ Id: "a", MetricStat: { Metric: { Namespace: "AWS/Kinesis", MetricName: "IncomingRecords", Dimensions: [{ Name: "StreamName", Value: "orders" }] }, Period: clean.window.end - clean.window.start, Stat: "Sum" } }],
      }),
    );
    cw.destroy();
    const windowSum = direct.MetricDataResults![0]!.Values![0]!;
    expect(rec.values.reduce((a, b) => a + b, 0)).toBeCloseTo(windowSum, -1);
    // Window-long value: throttled share as planted. Hourly series whose window values the rules
    // derive (the maximum of the hourly Maximums, the sums of the hourly Sums and SampleCounts):
    // consumer lag and delivery success as planted.
    const throttled = get("us-east-1|AWS/Kinesis|WriteProvisionedThroughputExceeded|StreamName=orders|Sum|window").values[0]!;
    expect(throttled / (throttled + windowSum)).toBeCloseTo(0.02, 2);
    const lag = get("us-east-1|AWS/Kinesis|SubscribeToShardEvent.MillisBehindLatest|ConsumerName=search,StreamName=orders|Maximum|3600");
    expect(lag.values.length).toBeGreaterThan(100);
    expect(Math.max(...lag.values)).toBeGreaterThanOrEqual(9000);
    const total = (s: { values: readonly number[] }) => s.values.reduce((a, b) => a + b, 0);
    const success = get("us-east-1|AWS/Firehose|DeliveryToRedshift.Success|DeliveryStreamName=payments-redshift|Sum|3600");
    const count = get("us-east-1|AWS/Firehose|DeliveryToRedshift.Success|DeliveryStreamName=payments-redshift|SampleCount|3600");
    expect(count.values.length).toBeGreaterThan(100);
    expect(total(success) / total(count)).toBeCloseTo(0.9, 2);
  });

  it("makes only the planned requests: the fewest GetMetricData calls, describes only where needed", () => {
    const calls = clean.collection.calls;
    expect(clean.collection.retries).toEqual({});
    expect(calls["CloudWatch.GetMetricData"]).toBe(minimumCalls(metricNeeds(clean, { minutePeaks: true }), clean.window));
    expect(calls["Kinesis.DescribeStreamSummary"]).toBe(clean.streams.length);
    expect(calls["Kinesis.ListShards"]).toBe(1); // only "orders" has shard-level metrics
    expect(calls["Kinesis.ListStreamConsumers"]).toBe(1); // only "orders" has consumers
    expect(calls["Firehose.DescribeDeliveryStream"]).toBe(clean.deliveryStreams.length);
    expect(calls["Kinesis.ListTagsForStream"]).toBeUndefined();
    expect(calls["EC2.DescribeVpcEndpoints"]).toBe(1);
    expect(calls["Kinesis.ListStreams"]).toBe(2 + 1 + 1); // us-east-1: 2 pages; eu-west-1; us-west-2 (DR)
    expect(calls["CloudWatch.DescribeAlarms"]).toBe(2 + 1);
    // Our per-API counts are what the server saw.
    expect(calls).toEqual(cleanSimCalls);
  });

  it("round-trips through a snapshot file byte for byte", async () => {
    const path = join(dir, "snap.json");
    await saveSnapshot(path, clean);
    const back = await loadSnapshot(path);
    expect(back).toStrictEqual(clean);
    expect(JSON.stringify(back)).toBe(JSON.stringify(clean));
  });

  it("with 10 % throttling injected, collects the same snapshot and no request beyond the plan except retries", async () => {
    const throttledSim = await startSimulator({ scenario: E2E_FLEET, clock: () => NOW.getTime(), faults: { throttleRate: 0.1, seed: 3 } });
    try {
      const snap = await collectSnapshot(options(throttledSim.endpoint));
      expect(comparable(snap)).toEqual(comparable(clean));
      const retries = snap.collection.retries;
      expect(Object.values(retries).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      for (const [api, n] of Object.entries(snap.collection.calls)) {
        expect(n - (retries[api] ?? 0), api).toBe(clean.collection.calls[api]);
      }
      expect(Object.values(throttledSim.throttled()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    } finally {
      await throttledSim.close();
    }
  });

  it("with AWS quotas enforced and 5xx / timeouts / truncated bodies injected, still collects the same snapshot", async () => {
    const faulty = await startSimulator({
      scenario: E2E_FLEET,
      clock: () => NOW.getTime(),
      quotas: true,
      faults: { serverErrorRate: 0.02, timeoutRate: 0.01, malformedRate: 0.02, timeoutHoldMs: 200, seed: 5 },
    });
    try {
      const snap = await collectSnapshot(options(faulty.endpoint, { clientOverrides: { outerBackoffMs: 20, requestTimeoutMs: 2_000 } }));
      expect(snap.collection.errors).toEqual([]);
      expect(comparable(snap)).toEqual(comparable(clean));
    } finally {
      await faulty.close();
    }
  });
});
