/**
 * The collector on the shipped scenarios: the demo fleet (45 Data Streams, 67 delivery streams)
 * and the small multi-region fleet. Asserts complete collection, the filters' skips as the
 * scenario plants them, and GetMetricData calls equal to the planner's minimum.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario, startSimulator, type Scenario, type SimulatorHandle } from "../../simulator";
import { collectSnapshot } from "../../live-checks/collect";
import { minimumCalls } from "../../live-checks/collect/planner";
import { metricNeeds } from "../../rules/metric-requests";
import type { Snapshot } from "../../live-checks/snapshot";

process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
process.env.AWS_SECRET_ACCESS_KEY = "secret";
process.env.AWS_EC2_METADATA_DISABLED = "true";
delete process.env.AWS_PROFILE;

const NOW = new Date("2026-03-10T12:34:56Z");

function names(scenario: Scenario, kind: "streams" | "deliveryStreams"): string[] {
  return Object.entries(scenario.regions).flatMap(([region, r]) => (r[kind] ?? []).map((x) => `${region}/${x.name}`));
}

for (const file of ["demo-fleet.json", "small-multi-region.json"]) {
  describe(`collector on ${file}`, () => {
    const scenario = loadScenario(join(__dirname, "../../simulator/scenarios", file));
    let sim: SimulatorHandle;
    let snap: Snapshot;
    beforeAll(async () => {
      sim = await startSimulator({ scenario, clock: () => NOW.getTime() });
      snap = await collectSnapshot({ regions: Object.keys(scenario.regions), endpointUrl: sim.endpoint, now: NOW, progress: "off" });
    });
    afterAll(async () => {
      await sim?.close();
    });

    it("collects completely: every resource is either in the snapshot or skipped with its reason", () => {
      expect(snap.collection.errors).toEqual([]);
      const kept = snap.streams.map((s) => `${String(s.region)}/${String(s.name)}`);
      const skippedStreams = snap.skipped.filter((s) => s.kind === "stream").map((s) => `${s.region}/${s.name}`);
      expect([...kept, ...skippedStreams].sort()).toEqual(names(scenario, "streams").sort());
      const keptDs = snap.deliveryStreams.map((d) => `${String(d.region)}/${String(d.name)}`);
      const skippedDs = snap.skipped.filter((s) => s.kind === "deliveryStream").map((s) => `${s.region}/${s.name}`);
      expect([...keptDs, ...skippedDs].sort()).toEqual(names(scenario, "deliveryStreams").sort());
      const alarms = Object.entries(scenario.regions).flatMap(([region, r]) => (r.alarms ?? []).map((a) => `${region}/${a.name}`));
      expect(snap.alarms.map((a) => `${String(a.region)}/${String(a.name)}`).sort()).toEqual(alarms.sort());
    });

    it("skips by name prefix and tag exactly where the scenario plants it (low traffic is the analysis' job)", () => {
      const planted = (scenario.expected?.skipped ?? []).filter((s) => s.reason !== "low-traffic").map((s) => `${s.region}/${s.name}/${s.reason}`);
      expect(snap.skipped.map((s) => `${s.region}/${s.name}/${s.filter}`).sort()).toEqual(planted.sort());
    });

    it("uses the planner's minimum number of GetMetricData calls", () => {
      const needs = metricNeeds(snap, { minutePeaks: true });
      expect(snap.metrics).toHaveLength(new Set(needs.map((n) => n.id)).size);
      expect(snap.collection.calls["CloudWatch.GetMetricData"]).toBe(minimumCalls(needs, snap.window));
    });
  });
}
