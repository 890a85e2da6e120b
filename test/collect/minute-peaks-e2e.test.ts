/**
 * Minute peaks end to end: the real SDK v3 clients against the simulator. The collector fetches
 * IncomingBytes / IncomingRecords of provisioned streams at Period 60 and keeps each hour's busiest
 * minute; the values are the simulator's own busiest minutes, the GetMetricData calls are the
 * minimum for the datapoints, the series survive save/load, a snapshot without them (older
 * versions) still analyzes completely, and a burst that hourly sums hide shows in streamMinutePeaks.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { busiestMinuteSum, seriesKey } from "../../simulator/metrics/series";
import type { Scenario, StreamSpec } from "../../simulator/scenario";
import { buildWorld } from "../../simulator/world";
import { collectSnapshot, type CollectOptions } from "../../live-checks/collect";
import { GMD_MAX_DATAPOINTS, minimumCalls } from "../../live-checks/collect/planner";
import { loadSnapshot, saveSnapshot } from "../../live-checks/snapshot-io";
import type { Snapshot } from "../../live-checks/snapshot";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { indexMetrics } from "../../live-checks/analyze/metric-index";
import { defaultConfig } from "../../live-checks/config-file";
import { datapointsFor, HOURLY, MAX_MINUTE_PER_HOUR, metric, metricNeeds } from "../../rules/metric-requests";
import { streamMinutePeaks } from "../../rules/metric/minute-peaks";
import type { StreamConfig } from "../../rules/model";

process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
process.env.AWS_SECRET_ACCESS_KEY = "secret";
process.env.AWS_EC2_METADATA_DISABLED = "true";
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

const NOW = new Date("2026-03-10T12:34:56Z");
const MIB = 1_048_576;
const dir = mkdtempSync(join(tmpdir(), "kg-minute-"));

/**
 * "spiky": 2 shards written at 1 MiB/s every hour (50 % of 2 MiB/s), with one minute per hour at
 * 3x the hour's mean: 150 % of its capacity for that minute. 24 more provisioned streams make the
 * minute queries span several GetMetricData calls; an on-demand stream gets no minute queries.
 */
const filler: StreamSpec[] = Array.from({ length: 24 }, (_, i) => ({
  name: `events-${String(i).padStart(2, "0")}`,
  shards: 1 + (i % 2),
  traffic: { recordsPerSecond: 50 + 10 * i, avgRecordBytes: 300, pattern: { kind: "diurnal", amplitude: 0.3 } },
}));
const FLEET: Scenario = {
  name: "minute-peaks-e2e",
  seed: 77,
  regions: {
    "us-east-1": {
      streams: [
        { name: "spiky", shards: 2, traffic: { recordsPerSecond: 256, avgRecordBytes: 4096, pattern: { kind: "steady", jitter: 0 }, minuteBurst: { factor: 3 } } },
        { name: "clicks", mode: "ON_DEMAND", traffic: { recordsPerSecond: 50, avgRecordBytes: 300 } },
        ...filler,
      ],
      deliveryStreams: [
        { name: "spiky-archive", source: { stream: "spiky" }, destination: "extended_s3" },
        { name: "logs", source: "DirectPut", destination: "splunk", traffic: { recordsPerSecond: 20, avgRecordBytes: 500 } },
      ],
    },
  },
};

let sim: SimulatorHandle;
let snap: Snapshot;
let gmdCalls: number;
let gmdPoints: number;

const options = (endpoint: string, extra: Partial<CollectOptions> = {}): CollectOptions => ({
  regions: ["us-east-1"],
  endpointUrl: endpoint,
  now: NOW,
  progress: "off",
  ...extra,
});

beforeAll(async () => {
  sim = await startSimulator({ scenario: FLEET, clock: () => NOW.getTime() });
  snap = await collectSnapshot(options(sim.endpoint));
  gmdCalls = sim.calls()["CloudWatch.GetMetricData"] ?? 0;
  gmdPoints = sim.datapoints()["CloudWatch.GetMetricData"] ?? 0;
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const streamOf = (s: Snapshot, name: string): StreamConfig => s.streams.find((x) => x.name === name)!;

describe("minute peaks collected through the SDK", () => {
  it("hold, per hour of the window, the simulator's busiest 1-minute Sum, for provisioned streams only", () => {
    expect(snap.collection.complete).toBe(true);
    const world = buildWorld(FLEET).regions.get("us-east-1")!;
    const lookup = indexMetrics(snap.metrics);
    const provisioned = snap.streams.filter((s) => s.mode === "PROVISIONED");
    expect(provisioned).toHaveLength(25);
    for (const s of provisioned) {
      for (const [req, metricName] of [
        [metric.streamIncomingBytesPeakMinute("us-east-1", String(s.name)), "IncomingBytes"],
        [metric.streamIncomingRecordsPeakMinute("us-east-1", String(s.name)), "IncomingRecords"],
      ] as const) {
        const series = lookup.get(req)!;
        expect(series).toMatchObject({ status: "ok", period: HOURLY, reduce: MAX_MINUTE_PER_HOUR });
        // Reduced as it arrived: one value per hour, never the 10,080 minutes.
        expect(series.timestamps).toHaveLength(168);
        expect(series.values).toHaveLength(168);
        const def = world.series.get(seriesKey("AWS/Kinesis", metricName, { StreamName: String(s.name) }))!;
        series.timestamps.forEach((t, i) => {
          expect(t).toBe(snap.window.start + i * 3600);
          const want = busiestMinuteSum(def, t / 60, t / 60 + 60, NOW.getTime() / 60_000)!;
          expect(series.values[i]! / want).toBeCloseTo(1, 9);
        });
      }
    }
    expect(snap.metrics.filter((m) => m.reduce && m.dimensions.StreamName === "clicks")).toEqual([]);
  });

  it("uses the minimum number of GetMetricData calls for the datapoints, every call within 100,800", () => {
    const needs = metricNeeds(snap, { minutePeaks: true });
    expect(snap.metrics.map((m) => m.id).sort()).toEqual(needs.map((n) => n.id).sort());
    const points = needs.reduce((n, r) => n + datapointsFor(r, snap.window), 0);
    expect(points).toBeGreaterThan(5 * GMD_MAX_DATAPOINTS); // 50 minute queries of 10,080 and the rest
    expect(gmdCalls).toBe(snap.collection.calls["CloudWatch.GetMetricData"]);
    expect(gmdCalls).toBe(minimumCalls(needs, snap.window));
    // The datapoints bound itself: no packing could use fewer calls, and none needed a second page.
    expect(gmdCalls).toBe(Math.ceil(points / GMD_MAX_DATAPOINTS));
    // The delivery streams' hourly series are among them (records, bytes where buffering flushes, and
    // per destination Success Sum and SampleCount and DataFreshness: 2 x (2 + 3)), and the datapoints
    // the simulator counts (bench/quota-bound.ts's GetMetricData datapoints) are all of them.
    const dsHourly = needs.filter((n) => n.namespace === "AWS/Firehose" && n.period === HOURLY);
    expect(dsHourly.length).toBe(10);
    expect(gmdPoints).toBe(points);
  });

  it("shows the burst that the hourly sums hide: 50 % of capacity per hour, 150 % in the busiest minute", () => {
    const lookup = indexMetrics(snap.metrics);
    const spiky = streamOf(snap, "spiky");
    const hourly = lookup.get(metric.streamIncomingBytes("us-east-1", "spiky"))!;
    const hourlyPeak = Math.max(...hourly.values) / (3600 * MIB * 2);
    expect(hourlyPeak).toBeCloseTo(0.5, 6);
    const peaks = streamMinutePeaks(spiky, lookup)!;
    expect(peaks.hours).toHaveLength(168);
    for (const need of peaks.shardsNeeded) expect(need / 2).toBeCloseTo(1.5, 6);
    // A stream without a burst: its busiest minute is only the gentle intra-hour curve above its hour.
    const calm = streamOf(snap, "events-00");
    const calmPeaks = streamMinutePeaks(calm, lookup)!;
    const calmHourly = lookup.get(metric.streamIncomingRecords("us-east-1", "events-00"))!;
    calmPeaks.shardsNeeded.forEach((n, i) => expect(n / (calmHourly.values[i]! / (3600 * 1000))).toBeLessThan(1.11));
  });

  it("survive save and load unchanged", async () => {
    const path = join(dir, "with-peaks.json");
    await saveSnapshot(path, snap);
    const back = await loadSnapshot(path);
    expect(back).toEqual(snap);
    expect(back.metrics.filter((m) => m.reduce === MAX_MINUTE_PER_HOUR)).toHaveLength(50);
  });

  it("are optional: a snapshot from before them loads, analyzes completely, and the rules fall back to hourly data", async () => {
    const older = { ...snap, metrics: snap.metrics.filter((m) => m.reduce === undefined) };
    const text = JSON.stringify(older);
    expect(text).not.toContain(MAX_MINUTE_PER_HOUR);
    const path = join(dir, "older.json");
    writeFileSync(path, text);
    const loaded = await loadSnapshot(path);
    expect(streamMinutePeaks(streamOf(loaded, "spiky"), indexMetrics(loaded.metrics))).toBeUndefined();
    const a = analyzeSnapshot(loaded, defaultConfig());
    expect(a.complete).toBe(true);
    expect(a.streams.flatMap((r) => r.missingData)).toEqual([]);
    expect(a.streams.map((r) => String(r.stream.name)).sort()).toEqual(snap.streams.map((s) => String(s.name)).sort());
    // And the snapshot with them analyzes completely too.
    expect(analyzeSnapshot(snap, defaultConfig()).complete).toBe(true);
  });
});

describe("minute peaks past CloudWatch's 1-minute retention", () => {
  it("are not asked for over a window longer than 14 days: hourly data only, with a note saying why", async () => {
    sim.resetCounters();
    const long = await collectSnapshot(options(sim.endpoint, { windowDays: 20 }));
    expect(long.collection.complete).toBe(true);
    expect(long.metrics.filter((m) => m.reduce !== undefined)).toEqual([]);
    expect(long.collection.notes?.some((n) => n.includes("1-minute data 15 days") && n.includes("20 days"))).toBe(true);
    const needs = metricNeeds(long);
    expect(long.metrics.map((m) => m.id).sort()).toEqual(needs.map((n) => n.id).sort());
    expect(sim.calls()["CloudWatch.GetMetricData"]).toBe(minimumCalls(needs, long.window));
  });
});

describe("GetMetricData's datapoints-per-second quota", () => {
  it("is kept: with AWS's quotas enforced, the minute-peak collection is never throttled", async () => {
    // 100 provisioned streams: 200 minute queries, ~2 million datapoints in 21 calls, which one call
    // in flight fetches faster than 396,000 a second without the collector's pacing.
    const many: Scenario = {
      seed: 78,
      regions: { "us-east-1": { streams: Array.from({ length: 100 }, (_, i) => ({ name: `s-${String(i).padStart(3, "0")}`, traffic: { recordsPerSecond: 10 + i, avgRecordBytes: 200 } })) } },
    };
    const limited = await startSimulator({ scenario: many, clock: () => NOW.getTime(), quotas: true });
    try {
      const started = Date.now();
      const s = await collectSnapshot(options(limited.endpoint));
      const seconds = (Date.now() - started) / 1000;
      expect(s.collection.complete).toBe(true);
      const points = limited.datapoints()["CloudWatch.GetMetricData"]!;
      expect(points).toBeGreaterThan(2_000_000);
      expect(limited.throttled()).toEqual({});
      expect(s.collection.retries).toEqual({});
      expect(s.metrics.filter((m) => m.reduce === MAX_MINUTE_PER_HOUR)).toHaveLength(200);
      // Paced at 90 % of the quota after a burst of half a second's worth.
      expect(seconds).toBeGreaterThan((points - 198_000) / 396_000);
    } finally {
      await limited.close();
    }
  });
});

