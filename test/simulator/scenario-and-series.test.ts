/** Scenario validation errors, series aggregation invariants, and the large-fleet generator. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GetMetricDataCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { generateFleet } from "../../simulator/fleet-generator";
import { aggregate, seriesKey, statValue } from "../../simulator/metrics/series";
import { loadScenario, ScenarioError, validateScenario } from "../../simulator/scenario";
import { startSimulator } from "../../simulator/index";
import { buildWorld } from "../../simulator/world";

const tmp = mkdtempSync(join(tmpdir(), "kg-sim-"));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe("scenario validation", () => {
  it("names the file, the path and the problem", () => {
    const p = file("bad.yaml", "seed: 1\nregions:\n  us-east-1:\n    streams:\n      - name: a\n        shards: -3\n      - name: b\n        mode: TURBO\n");
    expect(() => loadScenario(p)).toThrow(ScenarioError);
    expect(() => loadScenario(p)).toThrow(new RegExp(`${p}.*[\\s\\S]*regions\\.us-east-1\\.streams\\[0\\]\\.shards`));
    expect(() => loadScenario(p)).toThrow(/streams\[1\]\.mode: "TURBO" is not one of/);
  });
  it("reports unknown keys, unreadable files, broken JSON and dangling references", () => {
    expect(() => validateScenario({ seed: 1, regions: { "us-east-1": { streamz: [] } } }, "x.json")).toThrow(/unknown key "streamz"/);
    expect(() => loadScenario(join(tmp, "missing.json"))).toThrow(/cannot read the scenario file \(ENOENT\)/);
    expect(() => loadScenario(file("broken.json", "{ seed: "))).toThrow(/broken\.json: not valid JSON/);
    expect(() =>
      validateScenario({ seed: 1, regions: { "us-east-1": { deliveryStreams: [{ name: "d", source: { stream: "ghost" }, destination: "extended_s3" }] } } }, "s.json"),
    ).toThrow(/deliveryStreams\[0\] \("d"\)\.source\.stream: no Data Stream named "ghost" in us-east-1/);
    expect(() => validateScenario({ seed: 1, regions: { "mars-1": {} } }, "s.json")).toThrow(/region name "mars-1"/);
  });
});

describe("series aggregation", () => {
  const world = buildWorld(
    validateScenario({
      seed: 3,
      regions: {
        "us-east-1": {
          streams: [
            { name: "s", shards: 3, enhancedMetrics: "ALL", traffic: { recordsPerSecond: 100, avgRecordBytes: 500, pattern: { kind: "bursty", burstProbability: 0.2, burstFactor: 4 }, gaps: { hourProbability: 0.1 } } },
          ],
        },
      },
    }),
  );
  const region = world.regions.get("us-east-1")!;
  const def = region.series.get(seriesKey("AWS/Kinesis", "IncomingRecords", { StreamName: "s" }))!;
  const t0 = Math.floor(Date.parse("2026-03-01T00:07:00Z") / 60000);
  const now = t0 + 10 * 1440;

  it("is the same whatever the period, including unaligned starts and partial hours", () => {
    const whole = aggregate(def, t0, t0 + 2 * 1440 + 13, now);
    for (const period of [1, 5, 7, 60, 17, 1440]) {
      let sum = 0;
      let count = 0;
      let max = -Infinity;
      for (let m = t0; m < t0 + 2 * 1440 + 13; m += period) {
        const s = aggregate(def, m, Math.min(m + period, t0 + 2 * 1440 + 13), now);
        sum += s.sum;
        count += s.count;
        if (s.count) max = Math.max(max, s.max);
      }
      expect(sum / whole.sum).toBeCloseTo(1, 9);
      expect(count).toBe(whole.count);
      expect(max).toBeCloseTo(whole.max, 6);
    }
  });

  it("is deterministic and reports no data after the clock or in gap hours", () => {
    expect(aggregate(def, t0, t0 + 600, now)).toEqual(aggregate(def, t0, t0 + 600, now));
    expect(aggregate(def, now, now + 60, now).count).toBe(0);
    let gaps = 0;
    for (let h = 0; h < 240; h++) if (statValue(aggregate(def, t0 - 7 + h * 60, t0 - 7 + (h + 1) * 60, now), "Sum") === undefined) gaps++;
    expect(gaps).toBeGreaterThan(5);
    expect(gaps).toBeLessThan(60);
  });
});

describe("generated fleets", () => {
  it("builds 1,000 streams x 10 shards and answers an hourly 7-day GetMetricData of 500 queries", async () => {
    const scenario = generateFleet({ streams: 1000, shardsPerStream: 10, enhancedShare: 0.5, consumersPerStream: 1, deliveryStreams: 1000, seed: 5 });
    const valid = validateScenario(JSON.parse(JSON.stringify(scenario)));
    expect(valid.regions["us-east-1"]!.streams).toHaveLength(1000);
    const sim = await startSimulator({ scenario: valid });
    try {
      const shards = [...sim.world.regions.get("us-east-1")!.streams].reduce((a, s) => a + s.openShardCount, 0);
      expect(shards).toBe(10000);
      const cw = new CloudWatchClient({ endpoint: sim.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" }, requestHandler: new NodeHttpHandler() });
      const end = new Date(Math.floor(Date.now() / 3600000) * 3600000);
      const res = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - 7 * 86400000),
          EndTime: end,
          MetricDataQueries: Array.from({ length: 500 }, (_, i) => ({
            Id: `q${i}`,
            MetricStat: { Metric: { Namespace: "AWS/Kinesis", MetricName: "IncomingBytes", Dimensions: [{ Name: "StreamName", Value: `stream-${String(i).padStart(4, "0")}` }] }, Period: 3600, Stat: "Sum" },
          })),
        }),
      );
      expect(res.MetricDataResults).toHaveLength(500);
      expect(res.MetricDataResults!.every((r) => r.Values!.length === 168)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
