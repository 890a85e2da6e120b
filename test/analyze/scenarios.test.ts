/**
 * Ground truth: on every scenario with planted findings, the real audit path (simulator over
 * loopback -> collectSnapshot through the SDK -> analyzeSnapshot) reports every planted finding
 * exactly once and nothing else (precision and recall 100 %), and skips exactly the planted skips.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator";
import type { Scenario } from "../../simulator";
import { collectSnapshot } from "../../live-checks/collect";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import type { Finding } from "../../rules/model";
import { rule } from "../../rules/catalog";

process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
process.env.AWS_SECRET_ACCESS_KEY = "secret";
process.env.AWS_EC2_METADATA_DISABLED = "true";
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

const NOW = new Date("2026-03-10T12:34:56Z");
const DR_REGIONS = ["us-west-2"];

/** The planted-finding key: consumer / shard named where the scenario names one (`detail`). */
function detailOf(f: Finding): string | undefined {
  if (f.ruleId === "kds-consumer-lag") return String(f.data?.consumer);
  if (f.ruleId === "kds-hot-shard") return String(f.data?.shardId);
  return undefined;
}

function reported(a: AuditAnalysis): string[] {
  const region = (ref: string) => ref.split(":")[3];
  return a.findings.map((f) => [region(f.resource.ref), f.resource.displayName, f.ruleId, detailOf(f)].filter((x) => x !== undefined).join(" | ")).sort();
}

function planted(s: Scenario): string[] {
  return (s.expected?.findings ?? []).map((f) => [f.region, f.resource, f.ruleId, f.detail].filter((x) => x !== undefined).join(" | ")).sort();
}

for (const name of ["demo-fleet", "small-multi-region"]) {
  describe(`ground truth of ${name}`, () => {
    const scenario = loadScenario(join(__dirname, "..", "..", "simulator", "scenarios", `${name}.json`));
    let sim: SimulatorHandle;
    let analysis: AuditAnalysis;

    beforeAll(async () => {
      sim = await startSimulator({ scenario, clock: () => NOW.getTime() });
      const snapshot = await collectSnapshot({
        regions: Object.keys(scenario.regions).filter((r) => !DR_REGIONS.includes(r)),
        drRegions: DR_REGIONS,
        endpointUrl: sim.endpoint,
        now: NOW,
        progress: "off",
      });
      analysis = analyzeSnapshot(snapshot, defaultConfig());
    });
    afterAll(async () => {
      await sim?.close();
    });

    it("reports every planted finding exactly once and nothing else", () => {
      const got = reported(analysis);
      expect(new Set(got).size).toBe(got.length); // no duplicates
      expect(got).toEqual(planted(scenario));
    });

    it("skips exactly the planted resources, each with a reason", () => {
      const got = analysis.skipped.map((s) => `${s.region} | ${s.name} | ${s.code}`).sort();
      const want = (scenario.expected?.skipped ?? []).map((s) => `${s.region} | ${s.name} | ${s.reason}`).sort();
      expect(got).toEqual(want);
      expect(analysis.skipped.every((s) => s.reason.length > 0)).toBe(true);
    });

    // Issue 11 point 8: low traffic skips only the metric and cost rules (the idle-stream rule is about
    // the absence of traffic); resources excluded by tag or name prefix get no findings at all.
    it("gives excluded resources no findings, low-traffic ones no metric or cost findings, and collects completely", () => {
      const where = (f: Finding) => `${f.resource.ref.split(":")[3]}|${f.resource.displayName}`;
      const excluded = new Set(analysis.skipped.filter((s) => s.code !== "low-traffic").map((s) => `${s.region}|${s.name}`));
      const quiet = new Set(analysis.skipped.filter((s) => s.code === "low-traffic").map((s) => `${s.region}|${s.name}`));
      expect(analysis.findings.filter((f) => excluded.has(where(f)))).toEqual([]);
      const onQuiet = analysis.findings.filter((f) => quiet.has(where(f)) && f.ruleId !== "kds-idle-stream");
      expect(onQuiet.filter((f) => rule(f.ruleId).category === "cost" || rule(f.ruleId).scope.includes("metric"))).toEqual([]);
      expect(analysis.complete).toBe(true);
    });
  });
}
