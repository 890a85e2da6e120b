/**
 * The committed scenarios' planted ground truth is what the rules say: evaluating the rule
 * definitions directly on the scenario's series gives exactly `expected.findings` and
 * `expected.skipped`, for several different 7-day windows (generators are time-invariant).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadScenario } from "../../simulator/scenario";
import { buildWorld } from "../../simulator/world";
import { aggregate, seriesKey } from "../../simulator/metrics/series";
import { evaluate, key } from "./reference-rules";

const dir = join(__dirname, "../../simulator/scenarios");
const WINDOWS = [Date.parse("2025-06-15T00:00:00Z"), Date.parse("2026-01-03T17:00:00Z"), Date.parse("2026-11-20T05:00:00Z")].map((t) => t / 1000);

describe.each(["demo-fleet.json", "small-multi-region.json"])("%s ground truth", (file) => {
  const scenario = loadScenario(join(dir, file));
  it.each(WINDOWS)("matches the rules for the window ending %i", (end) => {
    const got = evaluate(scenario, end);
    expect(got.findings.map(key).sort()).toEqual(scenario.expected!.findings.map(key).sort());
    expect(got.skipped.map(key).sort()).toEqual(scenario.expected!.skipped.map(key).sort());
  });
});

describe("demo fleet shape", () => {
  const scenario = loadScenario(join(dir, "demo-fleet.json"));
  const east = scenario.regions["us-east-1"]!;
  it("has the seed's scale: 45 Data Streams (+ 3 capacity cases of issue 11), 67 delivery streams in us-east-1", () => {
    expect(east.streams).toHaveLength(45 + 3);
    expect(east.deliveryStreams).toHaveLength(67);
  });
  it("ingests about 890 GB/day (Data Streams + DirectPut delivery streams)", () => {
    const world = buildWorld(scenario);
    const region = world.regions.get("us-east-1")!;
    const end = Date.parse("2025-06-15T00:00:00Z") / 60000;
    let bytes = 0;
    for (const s of region.streams) {
      const d = region.series.get(seriesKey("AWS/Kinesis", "IncomingBytes", { StreamName: s.name }));
      if (d) bytes += aggregate(d, end - 7 * 1440, end, end).sum;
    }
    for (const ds of region.deliveryStreams) {
      const d = region.series.get(seriesKey("AWS/Firehose", "IncomingBytes", { DeliveryStreamName: ds.name }));
      if (d) bytes += aggregate(d, end - 7 * 1440, end, end).sum;
    }
    const gbPerDay = bytes / 7 / 1e9;
    expect(gbPerDay).toBeGreaterThan(890 * 0.95);
    expect(gbPerDay).toBeLessThan(890 * 1.05);
  });
  it("plants every rule that can fire live, and some test-/dev- names, exclusion tags and low-traffic streams", () => {
    const rules = new Set(scenario.expected!.findings.map((f) => f.ruleId));
    for (const id of ["kds-iterator-age", "kds-write-throttling", "kds-under-provisioned", "kds-over-provisioned", "kds-enhanced-monitoring", "kds-retention", "kds-encryption", "kdf-delivery-failures", "kdf-small-buffers", "kdf-no-transformation", "kdf-s3-backup", "kds-alarms", "kdf-alarms", "kds-consumer-lag", "kds-hot-shard", "kdf-vpc-endpoint", "kds-cross-region", "kds-on-demand-steady", "kdf-encryption"]) {
      expect(rules, id).toContain(id);
    }
    const reasons = scenario.expected!.skipped.map((s) => s.reason);
    expect(new Set(reasons)).toEqual(new Set(["tag", "name-prefix", "low-traffic"]));
  });
});
