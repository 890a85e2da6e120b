/**
 * The simulator's GetMetricData datapoints-per-second quota: 396,000 DPS for requests starting more
 * than three hours ago, 180,000 within three hours
 * (https://repost.aws/knowledge-center/cloudwatch-getmetricdata-api), each request costing the
 * datapoints it asks for, on top of the 50 TPS request quota.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { metricDataCost } from "../../simulator/services/cloudwatch";
import { QuotaEnforcer, resolveQuotas } from "../../simulator/quotas";

const NOW_MS = Date.parse("2026-03-10T12:00:00Z");
const NOW_S = NOW_MS / 1000;

const minuteQuery = (i: number): MetricDataQuery => ({
  Id: `q${i}`,
  MetricStat: { Metric: { Namespace: "AWS/Kinesis", MetricName: "IncomingBytes", Dimensions: [{ Name: "StreamName", Value: `s${i}` }] }, Period: 60, Stat: "Sum" },
});

describe("GetMetricData request cost", () => {
  it("is the datapoints its returned queries ask for, capped by MaxDatapoints, and knows recent starts", () => {
    const week = { StartTime: NOW_S - 7 * 86_400, EndTime: NOW_S };
    const queries = [minuteQuery(0), minuteQuery(1), { ...minuteQuery(2), ReturnData: false }, { Id: "h", MetricStat: { ...minuteQuery(3).MetricStat!, Period: 3600 } }];
    expect(metricDataCost({ ...week, MetricDataQueries: queries }, NOW_S)).toEqual({ datapoints: 2 * 10_080 + 168, recentStart: false });
    expect(metricDataCost({ ...week, MetricDataQueries: queries, MaxDatapoints: 500 }, NOW_S).datapoints).toBe(500);
    expect(metricDataCost({ StartTime: NOW_S - 3600, EndTime: NOW_S, MetricDataQueries: [minuteQuery(0)] }, NOW_S)).toEqual({ datapoints: 60, recentStart: true });
    expect(metricDataCost({ StartTime: "not a time", MetricDataQueries: [minuteQuery(0)] }, NOW_S).datapoints).toBe(0);
  });

  it("is refused past the bucket: 396,000 a second for old starts, 180,000 for recent ones", () => {
    let now = 0;
    const q = new QuotaEnforcer(resolveQuotas(true), () => now);
    const op = "CloudWatch.GetMetricData";
    expect([1, 2, 3].map(() => q.takeDatapoints("r", op, 100_800, false))).toEqual([true, true, true]);
    expect(q.takeDatapoints("r", op, 100_800, false)).toBe(false); // 93,600 left
    now += 50; // +19,800
    expect(q.takeDatapoints("r", op, 100_800, false)).toBe(true);
    expect(q.takeDatapoints("r", op, 100_800, true)).toBe(true);
    expect(q.takeDatapoints("r", op, 100_800, true)).toBe(false); // 79,200 left of 180,000
    expect(q.takeDatapoints("r", "Kinesis.ListStreams", 1e9, false)).toBe(true); // no such quota
    // A TPS override replaces the whole quota, datapoints included.
    expect(new QuotaEnforcer(resolveQuotas({ [op]: 1000 }), () => 0).takeDatapoints("r", op, 1e7, false)).toBe(true);
  });
});

describe("GetMetricData datapoints quota through the SDK", () => {
  let sim: SimulatorHandle;
  let cw: CloudWatchClient;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: { seed: 1, regions: { "us-east-1": {} } }, clock: () => NOW_MS, quotas: true });
    cw = new CloudWatchClient({ region: "us-east-1", endpoint: sim.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
  });
  afterAll(async () => {
    cw?.destroy();
    await sim?.close();
  });

  it("throttles requests asking for more datapoints than a second allows, and counts what it let through", async () => {
    const full = () =>
      cw.send(new GetMetricDataCommand({ StartTime: new Date(NOW_MS - 7 * 86_400_000), EndTime: new Date(NOW_MS), MetricDataQueries: Array.from({ length: 10 }, (_, i) => minuteQuery(i)) }));
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, full));
    const elapsedS = (performance.now() - started) / 1000;
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const throttled = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(throttled.length).toBeGreaterThan(0);
    expect(String(throttled[0]!.reason?.name)).toMatch(/Throttl/);
    // What got through stays within one second's bucket plus the refill while the calls ran.
    expect(ok * 100_800).toBeLessThanOrEqual(396_000 + elapsedS * 396_000);
    expect(sim.throttled()["CloudWatch.GetMetricData"]).toBe(throttled.length);
    expect(sim.datapoints()["CloudWatch.GetMetricData"]).toBe(ok * 100_800);
  });
});
