/**
 * Issue 11, points 1, 2 and 4 on the real audit path: the demo fleet's capacity cases
 * (simulator/scenarios/demo-fleet.ts, capacityCases) served by the simulator, collected through the
 * SDK and analyzed. Then the idle shards' series are replaced by what CloudWatch really returns for
 * a shard that received nothing (no datapoints at all), and the plan must not change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Scenario, type SimulatorHandle } from "../../simulator";
import { capacityCases } from "../../simulator/scenarios/demo-fleet";
import { streamAlarms } from "../../simulator/scenarios/fleet-parts";
import { collectSnapshot } from "../../live-checks/collect";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import type { Snapshot } from "../../live-checks/snapshot";

process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
process.env.AWS_SECRET_ACCESS_KEY = "secret";
process.env.AWS_EC2_METADATA_DISABLED = "true";
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

const R = "us-east-1";
const NOW = new Date("2026-03-10T12:34:56Z");
const CAPACITY_RULES = new Set(["kds-under-provisioned", "kds-over-provisioned", "kds-hot-shard"]);

const cases = capacityCases(R);
const scenario: Scenario = {
  name: "capacity-cases",
  seed: 20240601, // the demo fleet's seed: the same series as in demo-fleet.json
  regions: { [R]: { streams: cases.streams, alarms: cases.streams.flatMap((s) => streamAlarms(s.name)) } },
  expected: { findings: cases.findings, skipped: [] },
};

function capacityFindings(a: AuditAnalysis): string[] {
  return a.findings
    .filter((f) => CAPACITY_RULES.has(f.ruleId))
    .map((f) => [f.resource.displayName, f.ruleId, f.ruleId === "kds-hot-shard" ? String(f.data?.shardId) : ""].join(" | "))
    .sort();
}
function plan(a: AuditAnalysis): string[] {
  return a.shardPlan.map((p) => [p.streamName, p.action, p.shardId ?? "", p.adjacentShardId ?? "", p.targetShardCount ?? ""].join(" | ")).sort();
}

describe("capacity cases on the audit path", () => {
  let sim: SimulatorHandle;
  let snapshot: Snapshot;
  let analysis: AuditAnalysis;

  beforeAll(async () => {
    sim = await startSimulator({ scenario, clock: () => NOW.getTime() });
    snapshot = await collectSnapshot({ regions: [R], endpointUrl: sim.endpoint, now: NOW, progress: "off" });
    analysis = analyzeSnapshot(snapshot, defaultConfig());
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("reports exactly the planted capacity findings", () => {
    expect(capacityFindings(analysis)).toEqual(cases.findings.map((f) => [f.resource, f.ruleId, f.detail ?? ""].join(" | ")).sort());
  });

  it("sizes the saturated stream for its peak and leaves the spiky one alone", () => {
    const under = analysis.findings.find((f) => f.ruleId === "kds-under-provisioned")!;
    expect(under.resource.displayName).toBe("rideshare-locations");
    expect(under.data!.meanUtilizationPercent as number).toBeGreaterThan(80);
    expect(under.data!.projectedPeakUtilizationPercent as number).toBeLessThanOrEqual(80);
    expect(under.data!.reasons).toContain("mean");
    expect(analysis.findings.filter((f) => f.resource.displayName === "ad-bid-bursts" && CAPACITY_RULES.has(f.ruleId))).toEqual([]);
  });

  it("plans a split of the hot shard and a merge of the idle pair, and one resize elsewhere", () => {
    const under = analysis.findings.find((f) => f.ruleId === "kds-under-provisioned")!;
    const target = Number(under.data!.recommendedShards);
    expect(plan(analysis)).toEqual(
      [
        `rideshare-locations | update_shard_count |  |  | ${target}`,
        "tenant-events | split | shardId-000000000003 |  | ",
        "tenant-events | merge | shardId-000000000000 | shardId-000000000001 | ",
      ].sort(),
    );
  });

  it("gives the same plan when the idle shards publish no datapoints (as CloudWatch does)", () => {
    const idle = new Set(["shardId-000000000000", "shardId-000000000001"]);
    const stripped: Snapshot = {
      ...snapshot,
      metrics: snapshot.metrics.map((m) =>
        m.dimensions.StreamName === "tenant-events" && idle.has(m.dimensions.ShardId ?? "") ? { ...m, timestamps: [], values: [], status: "no-data" as const } : m,
      ),
    };
    const again = analyzeSnapshot(stripped, defaultConfig());
    expect(capacityFindings(again)).toEqual(capacityFindings(analysis));
    expect(plan(again)).toEqual(plan(analysis));
    const hot = again.findings.find((f) => f.ruleId === "kds-hot-shard")!;
    expect(hot.data!.idleShardIds).toEqual([...idle]);
  });
});
