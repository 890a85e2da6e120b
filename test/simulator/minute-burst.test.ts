/**
 * Minute-level variation in the simulator: a planted minute burst moves an hour's traffic into a
 * few minutes without changing any hourly (or longer) sum, shards still add up to their stream
 * minute by minute, everything is reproducible from the seed, and a Period-60 GetMetricData
 * through the SDK serves exactly those minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { aggregate, busiestMinuteSum, seriesKey, statValue, type SeriesDef } from "../../simulator/metrics/series";
import { validateScenario, type Scenario, type StreamSpec } from "../../simulator/scenario";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { buildWorld } from "../../simulator/world";

const NOW_MS = Date.parse("2026-03-10T12:00:00Z");
const NOW_MIN = NOW_MS / 60_000;
const WEEK_START_H = NOW_MIN / 60 - 168;

function scenario(traffic: StreamSpec["traffic"], seed = 5): Scenario {
  return validateScenario({ seed, regions: { "us-east-1": { streams: [{ name: "s", shards: 3, enhancedMetrics: ["IncomingBytes"], traffic }] } } });
}

const base = { recordsPerSecond: 200, avgRecordBytes: 1000, pattern: { kind: "diurnal" as const, amplitude: 0.4 } };

function series(s: Scenario, metricName: string): SeriesDef {
  return buildWorld(s).regions.get("us-east-1")!.series.get(seriesKey("AWS/Kinesis", metricName, { StreamName: "s" }))!;
}

const hourSum = (d: SeriesDef, h: number) => aggregate(d, h * 60, h * 60 + 60, NOW_MIN).sum;
const minuteSums = (d: SeriesDef, h: number) => Array.from({ length: 60 }, (_, k) => aggregate(d, h * 60 + k, h * 60 + k + 1, NOW_MIN).sum);

describe("simulator minute bursts", () => {
  const plain = scenario(base);
  const burst = scenario({ ...base, minuteBurst: { factor: 3 } });
  const some = scenario({ ...base, minuteBurst: { factor: 5, minutes: 2, hourProbability: 0.3 } });

  it("leaves every hourly sum, and the window's, as without the burst", () => {
    for (const m of ["IncomingBytes", "IncomingRecords"]) {
      const a = series(plain, m);
      const b = series(burst, m);
      for (let h = WEEK_START_H; h < WEEK_START_H + 168; h++) expect(hourSum(b, h)).toBeCloseTo(hourSum(a, h), 6);
      const week = (d: SeriesDef) => aggregate(d, WEEK_START_H * 60, NOW_MIN, NOW_MIN).sum;
      expect(week(b) / week(a)).toBeCloseTo(1, 12);
    }
  });

  it("puts the busiest minute of a burst hour at factor x the hour's mean minute, the minutes summing to the hour", () => {
    const d = series(burst, "IncomingBytes");
    for (const h of [WEEK_START_H, WEEK_START_H + 77, WEEK_START_H + 167]) {
      const minutes = minuteSums(d, h);
      const total = hourSum(d, h);
      expect(minutes.reduce((x, y) => x + y, 0) / total).toBeCloseTo(1, 12);
      expect(Math.max(...minutes) / (total / 60)).toBeCloseTo(3, 9);
      expect(minutes.filter((v) => v > total / 60).length).toBe(1);
      // The closed form for a whole hour agrees with the minutes.
      expect(busiestMinuteSum(d, h * 60, h * 60 + 60, NOW_MIN)! / Math.max(...minutes)).toBeCloseTo(1, 12);
    }
  });

  it("bursts only the share of hours asked for; the other hours keep the gentle intra-hour curve", () => {
    const d = series(some, "IncomingRecords");
    let bursts = 0;
    for (let h = WEEK_START_H; h < WEEK_START_H + 168; h++) {
      const peak = busiestMinuteSum(d, h * 60, h * 60 + 60, NOW_MIN)! / (hourSum(d, h) / 60);
      if (peak > 4.99) bursts++;
      else expect(peak).toBeCloseTo(1.1, 9); // the default intra-hour amplitude of counters
    }
    expect(bursts).toBeGreaterThan(168 * 0.3 * 0.6);
    expect(bursts).toBeLessThan(168 * 0.3 * 1.4);
    // Two burst minutes per burst hour, each at 5x.
    const h = [...Array(168).keys()].map((i) => WEEK_START_H + i).find((x) => busiestMinuteSum(d, x * 60, x * 60 + 60, NOW_MIN)! > (hourSum(d, x) / 60) * 4.99)!;
    const minutes = minuteSums(d, h);
    expect(minutes.filter((v) => v / (hourSum(d, h) / 60) > 4.99)).toHaveLength(2);
  });

  it("keeps the shards adding up to the stream minute by minute", () => {
    const world = buildWorld(burst);
    const region = world.regions.get("us-east-1")!;
    const shards = [...region.series.values()].filter((d) => d.metricName === "IncomingBytes" && d.dimensions.ShardId !== undefined);
    expect(shards).toHaveLength(3);
    const stream = series(burst, "IncomingBytes");
    const h = WEEK_START_H + 40;
    const total = minuteSums(stream, h);
    const perShard = shards.map((d) => minuteSums(d, h));
    total.forEach((v, k) => expect(perShard.reduce((x, s) => x + s[k]!, 0) / v).toBeCloseTo(1, 12));
  });

  it("is reproducible from the seed, and another seed moves the bursts", () => {
    const peakMinute = (s: Scenario, h: number) => {
      const m = minuteSums(series(s, "IncomingBytes"), h);
      return m.indexOf(Math.max(...m));
    };
    const hours = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => WEEK_START_H + i);
    const again = scenario({ ...base, minuteBurst: { factor: 3 } });
    expect(hours.map((h) => peakMinute(again, h))).toEqual(hours.map((h) => peakMinute(burst, h)));
    const other = scenario({ ...base, minuteBurst: { factor: 3 } }, 6);
    expect(hours.map((h) => peakMinute(other, h))).not.toEqual(hours.map((h) => peakMinute(burst, h)));
  });

  it("rejects a burst larger than the hour's traffic, and a factor below 1", () => {
    const bad = (minuteBurst: unknown) => () => validateScenario({ seed: 1, regions: { "us-east-1": { streams: [{ name: "s", traffic: { ...base, minuteBurst } }] } } }, "s.json");
    expect(bad({ factor: 7, minutes: 10 })).toThrow(/streams\[0\] \("s"\)\.traffic\.minuteBurst: factor 7 x 10 minute\(s\) is more than the hour's 60 minutes of traffic/);
    expect(bad({ factor: 0.5 })).toThrow(/minuteBurst\.factor/);
    expect(bad({ minutes: 2 })).toThrow(/missing required key "factor"/);
  });
});

describe("simulator minute bursts through the SDK", () => {
  let sim: SimulatorHandle;
  let cw: CloudWatchClient;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: scenario({ ...base, minuteBurst: { factor: 3 } }), clock: () => NOW_MS });
    cw = new CloudWatchClient({ region: "us-east-1", endpoint: sim.endpoint, credentials: { accessKeyId: "x", secretAccessKey: "x" }, requestHandler: new NodeHttpHandler() });
  });
  afterAll(async () => {
    cw?.destroy();
    await sim?.close();
  });

  it("serves 1-minute Sums whose hour adds up to the hourly Sum and whose maximum is the planted burst", async () => {
    const h = WEEK_START_H + 100;
    const q = (id: string, period: number) => ({ Id: id, MetricStat: { Metric: { Namespace: "AWS/Kinesis", MetricName: "IncomingBytes", Dimensions: [{ Name: "StreamName", Value: "s" }] }, Period: period, Stat: "Sum" } });
    const out = await cw.send(new GetMetricDataCommand({ StartTime: new Date(h * 3_600_000), EndTime: new Date((h + 1) * 3_600_000), ScanBy: "TimestampAscending", MetricDataQueries: [q("m", 60), q("h", 3600)] }));
    const byId = new Map(out.MetricDataResults!.map((r) => [r.Id, r.Values!]));
    const minutes = byId.get("m")!;
    const hour = byId.get("h")![0]!;
    expect(minutes).toHaveLength(60);
    expect(minutes.reduce((a, b) => a + b, 0) / hour).toBeCloseTo(1, 12);
    expect(Math.max(...minutes) / (hour / 60)).toBeCloseTo(3, 9);
    const def = series(scenario({ ...base, minuteBurst: { factor: 3 } }), "IncomingBytes");
    expect(statValue(aggregate(def, h * 60, h * 60 + 60, NOW_MIN), "Sum")! / hour).toBeCloseTo(1, 12);
  });
});
