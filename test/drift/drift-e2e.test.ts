/**
 * Drift end to end: the compliant example's stack export (captured under mocks, written as
 * `pulumi stack export` writes it) is "deployed" into the simulator; two properties are then changed
 * out of band. The real collector reads the fleet through the SDK over loopback, and the drift
 * check must report exactly those two differences - and nothing for an untouched fleet.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { captureProgram } from "../harness/program";
import { stackExportFromCapture } from "../stack/from-capture";
import { parseStackDocument } from "../../live-checks/stack/load";
import { stackInventory } from "../../live-checks/stack/inventory";
import { detectDrift } from "../../live-checks/drift";
import { collectSnapshot } from "../../live-checks/collect/index";
import { startSimulator, type Scenario, type SimulatorHandle } from "../../simulator/index";
import type { StackDocument } from "../../live-checks/stack/types";
import type { Inventory } from "../../rules/model";
import { scenarioFromStack } from "./fleet-from-stack";
import { scopeAuditToStack, type StackScope } from "../../live-checks/stack/audit-scope";
import { secretScopeOf } from "../../live-checks/stack/secret-scope";
import { analyzeSnapshot, withExtraFindings } from "../../live-checks/analyze/index";
import { defaultConfig } from "../../live-checks/config-file";
import { auditCheckReport } from "../../live-checks/report/from-audit";
import { buildSarif } from "../../live-checks/report/sarif";
import { sarifValidator } from "../output/sarif-schema";

process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
process.env.AWS_SECRET_ACCESS_KEY = "secret";
process.env.AWS_EC2_METADATA_DISABLED = "true";
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;

let doc: StackDocument;
let stack: Inventory;
let sim: SimulatorHandle | undefined;

beforeAll(() => {
  doc = parseStackDocument(JSON.stringify(stackExportFromCapture(captureProgram("examples/compliant/index.ts"))), "compliant-export.json");
  stack = stackInventory(doc, "state").inventory;
});

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function liveSnapshot(scenario: Scenario) {
  sim = await startSimulator({ scenario });
  return collectSnapshot({
    regions: Object.keys(scenario.regions).sort(),
    endpointUrl: sim.endpoint,
    progress: "off",
    now: new Date("2026-01-08T00:00:00Z"),
    excludeNamePrefixes: [],
    clientOverrides: { outerBackoffMs: 20 },
  });
}

describe("drift against the simulator", () => {
  it("the fleet deployed as the stack says: no drift at all", async () => {
    const snapshot = await liveSnapshot(scenarioFromStack(stack));
    expect(snapshot.collection.complete).toBe(true);
    const drift = detectDrift(stack, snapshot, { project: doc.project!, stack: doc.stack! });
    expect(drift.findings).toEqual([]);
    expect(drift.notes).toEqual([]);
    expect(drift.matched.size).toBe(stack.streams.length + stack.deliveryStreams.length);
  });

  it("two properties changed out of band -> exactly those two drift findings", async () => {
    const scenario = scenarioFromStack(stack);
    const east = scenario.regions["us-east-1"]!;
    const changed: Scenario = {
      ...scenario,
      regions: {
        ...scenario.regions,
        "us-east-1": {
          ...east,
          streams: east.streams!.map((s) => (s.name === "orders-stream" ? { ...s, retentionHours: 48 } : s)),
          deliveryStreams: east.deliveryStreams!.map((d) => (d.name === "orders-archive" ? { ...d, buffering: { sizeMb: 64, intervalSeconds: 60 } } : d)),
        },
      },
    };
    const snapshot = await liveSnapshot(changed);
    const drift = detectDrift(stack, snapshot, { project: doc.project!, stack: doc.stack! });
    expect(drift.findings.map((f) => [f.ruleId, f.resource.displayName, f.property, f.found, f.expected])).toEqual([
      ["stack-drift", "orders-stream", "retentionPeriod", "48", "24"],
      ["stack-drift", "orders-archive", "bufferingInterval", "60", "300"],
    ]);
    expect(drift.findings[0]!.resource.ref).toBe("arn:aws:kinesis:us-east-1:123456789012:stream/orders-stream");
    expect(drift.findings[0]!.remediation).toContain("aws kinesis decrease-stream-retention-period --stream-name orders-stream --retention-period-hours 24");
  });

  it("a deleted stack stream and a hand-made stream tagged for the stack", async () => {
    const scenario = scenarioFromStack(stack, {
      "us-east-1": [{ name: "hand-made", tags: { "pulumi:project": doc.project!, "pulumi:stack": doc.stack! } }, { name: "someone-elses", tags: { "pulumi:project": "other", "pulumi:stack": "dev" } }],
    });
    const east = scenario.regions["us-east-1"]!;
    const snapshot = await liveSnapshot({ ...scenario, regions: { ...scenario.regions, "us-east-1": { ...east, streams: east.streams!.filter((s) => s.name !== "clickstream") } } });
    const drift = detectDrift(stack, snapshot, { project: doc.project!, stack: doc.stack! });
    expect(drift.findings.map((f) => [f.ruleId, f.resource.displayName])).toEqual([
      ["stack-resource-missing", "clickstream"],
      ["stack-unmanaged-resource", "hand-made"],
    ]);
  });

  it("audit --stack-export: the analysis holds only the stack's resources, drift findings land on their stream", async () => {
    const scenario = scenarioFromStack(stack, { "us-east-1": [{ name: "not-ours", traffic: { recordsPerSecond: 500, avgRecordBytes: 100 } }] });
    const east = scenario.regions["us-east-1"]!;
    const changed: Scenario = {
      ...scenario,
      regions: { ...scenario.regions, "us-east-1": { ...east, streams: east.streams!.map((s) => (s.name === "orders-stream" ? { ...s, retentionHours: 48 } : s)) } },
    };
    const snapshot = await liveSnapshot(changed);
    const scope: StackScope = { doc, stack, regions: ["us-east-1", "us-west-2"], notes: [], secrets: secretScopeOf(doc) };
    const scoped = scopeAuditToStack(scope, snapshot);
    const config = defaultConfig();
    const plain = analyzeSnapshot(scoped.snapshot, config);
    const analysis = withExtraFindings(plain, scoped.drift.findings, config.settings.healthScore);
    const names = [...analysis.streams.map((r) => r.stream.name), ...analysis.skipped.filter((k) => k.kind === "stream").map((k) => k.name)].sort();
    expect(names).toEqual(stack.streams.map((s) => s.name).sort());
    const orders = analysis.streams.find((r) => r.stream.name === "orders-stream")!;
    expect(orders.findings.filter((f) => f.ruleId === "stack-drift").map((f) => f.property)).toEqual(["retentionPeriod"]);
    const before = plain.streams.find((r) => r.stream.name === "orders-stream")!;
    expect(orders.healthScore).toBe(Math.max(0, before.healthScore - 10));
    expect(analysis.findings.filter((f) => f.ruleId === "stack-drift")).toHaveLength(1);
    expect(analysis.summary.totalFindings).toBe(plain.summary.totalFindings + 1);

    // the same audit as CI outputs: the drift finding is there, the SARIF validates
    const report = auditCheckReport(analysis, config, { failOn: "high", notes: scoped.notes });
    expect(report.kind).toBe("audit");
    expect(report.findings.filter((f) => f.ruleId === "stack-drift").map((f) => [f.resource.displayName, f.property])).toEqual([["orders-stream", "retentionPeriod"]]);
    expect(report.resources.length).toBe(analysis.streams.length + analysis.deliveryStreams.length);
    const validate = sarifValidator();
    expect(validate(JSON.parse(JSON.stringify(buildSarif(report)))) ? [] : validate.errors).toEqual([]);
  });
});
