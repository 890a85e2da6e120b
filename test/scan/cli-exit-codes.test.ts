/**
 * Exit codes CI relies on, asserted by spawning the real CLI (bin/kinesis-guard.js):
 * 0 clean, 1 violations (mandatory, or at/above --fail-on), 2 usage/input error, 3 incomplete.
 * Audit cases run on saved snapshots collected from the simulator (no AWS, no network).
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { captureProgram } from "../harness/program";
import { previewFromCapture, stackExportFromCapture } from "../stack/from-capture";
import { parseStackDocument } from "../../live-checks/stack/load";
import { stackInventory } from "../../live-checks/stack/inventory";
import { scenarioFromStack } from "../drift/fleet-from-stack";
import { startSimulator, type Scenario } from "../../simulator/index";
import { collectSnapshot } from "../../live-checks/collect/index";
import { saveSnapshot } from "../../live-checks/snapshot-io";
import type { Snapshot } from "../../live-checks/snapshot";
import { parseJunit } from "../output/junit-parse";
import { runCli, type CliResult } from "../harness/cli";


const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(args, { cwd: dir, env });

let dir: string;

/** A stack whose only finding is low severity and advisory (kds-retention, 168 h). */
const lowOnly = {
  version: 3,
  deployment: {
    manifest: {},
    resources: [
      {
        urn: "urn:pulumi:dev::shop::aws:kinesis/stream:Stream::clicks",
        custom: true,
        id: "clicks",
        type: "aws:kinesis/stream:Stream",
        inputs: { name: "clicks", shardCount: 1, retentionPeriod: 168 },
        outputs: { name: "clicks", shardCount: 1, retentionPeriod: 168, arn: "arn:aws:kinesis:us-east-1:123456789012:stream/clicks" },
      },
    ],
  },
};

async function snapshotOf(scenario: Scenario): Promise<Snapshot> {
  const sim = await startSimulator({ scenario });
  try {
    return await collectSnapshot({
      regions: Object.keys(scenario.regions).sort(),
      endpointUrl: sim.endpoint,
      progress: "off",
      now: new Date("2026-01-08T00:00:00Z"),
      excludeNamePrefixes: [],
      clientOverrides: { outerBackoffMs: 20 },
    });
  } finally {
    await sim.close();
  }
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "secret";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  dir = await mkdtemp(join(tmpdir(), "kg-cli-"));
  const compliant = captureProgram("examples/compliant/index.ts");
  const nonCompliant = captureProgram("examples/non-compliant/index.ts");
  await writeFile(join(dir, "compliant-export.json"), JSON.stringify(stackExportFromCapture(compliant)));
  await writeFile(join(dir, "non-compliant-preview.json"), JSON.stringify(previewFromCapture(nonCompliant)));
  await writeFile(join(dir, "low-only.json"), JSON.stringify(lowOnly));
  await writeFile(join(dir, "truncated.json"), JSON.stringify(lowOnly).slice(0, 120));
  await writeFile(join(dir, "bad-config.yaml"), "kds-retention:\n  maxRetentionHours: lots\n");

  // Live fleets deployed from the compliant stack: as deployed, and with encryption turned off by hand.
  const stack = stackInventory(parseStackDocument(JSON.stringify(stackExportFromCapture(compliant)), "x"), "state").inventory;
  const fleet = scenarioFromStack(stack);
  const east = fleet.regions["us-east-1"]!;
  const tampered: Scenario = {
    ...fleet,
    regions: { ...fleet.regions, "us-east-1": { ...east, streams: east.streams!.map((s) => (s.name === "orders-stream" ? { ...s, encryption: { type: "NONE" as const } } : s)) } },
  };
  const clean = await snapshotOf(fleet);
  await saveSnapshot(join(dir, "clean-snapshot.json"), clean);
  await saveSnapshot(join(dir, "tampered-snapshot.json"), await snapshotOf(tampered));
  await saveSnapshot(join(dir, "incomplete-snapshot.json"), {
    ...clean,
    collection: { ...clean.collection, complete: false, errors: [{ api: "CloudWatch.GetMetricData", region: "us-east-1", resource: "clickstream", message: "AccessDenied" }] },
  });
});

describe("scan exit codes", () => {
  it("0: compliant stack export", async () => {
    const r = await cli(["scan", "compliant-export.json", "--out", "out0"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 finding\(s\).*-> exit 0/);
  });

  it("1: mandatory violations in the non-compliant preview", async () => {
    const r = await cli(["scan", "non-compliant-preview.json", "--out", "out1", "--format", "sarif,markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL\s+high\s+kds-encryption\s+payments-stream/m);
  });

  it("advisory low finding: 0 by default, 1 with --fail-on low, 0 with --fail-on none", async () => {
    const codes = await Promise.all([
      cli(["scan", "low-only.json", "--out", "outl1"]),
      cli(["scan", "low-only.json", "--out", "outl2", "--fail-on", "low"]),
      cli(["scan", "low-only.json", "--out", "outl3", "--fail-on", "none"]),
    ]);
    expect(codes.map((r) => r.code)).toEqual([0, 1, 0]);
  });

  it("appends the Markdown summary to $GITHUB_STEP_SUMMARY", async () => {
    const summary = join(dir, "step-summary.md");
    await writeFile(summary, "");
    await cli(["scan", "low-only.json", "--out", "outs", "--format", "json"], { GITHUB_STEP_SUMMARY: summary });
    expect(await readFile(summary, "utf8")).toMatch(/kinesis-guard scan: passed/);
  });

  it("2: missing file, truncated JSON, bad config, bad --fail-on, unknown flag, unreadable config", async () => {
    const cases: [string[], RegExp][] = [
      [["scan", "nope.json"], /nope\.json: cannot read the file \(ENOENT\)/],
      [["scan", "truncated.json"], /truncated\.json: the JSON is truncated/],
      [["scan", "low-only.json", "--config", "bad-config.yaml"], /bad-config\.yaml: invalid settings for rule "kds-retention"/],
      [["scan", "low-only.json", "--fail-on", "critical"], /--fail-on "critical": must be one of high, medium, low, none/],
      [["scan", "low-only.json", "--bogus"], /unknown option '--bogus'/],
      [["rules", "--config", "nope.yaml"], /nope\.yaml: cannot read the config file/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    cases.forEach(([args, message], i) => {
      expect({ args, code: results[i]!.code }).toEqual({ args, code: 2 });
      expect(results[i]!.stderr).toMatch(message);
    });
  });
});

describe("audit exit codes (--stack-export over saved snapshots)", () => {
  it("0: the fleet as the stack deployed it", async () => {
    const r = await cli(["audit", "--from-snapshot", "clean-snapshot.json", "--stack-export", "compliant-export.json", "--out", "a0", "--no-progress"]);
    expect(r.code).toBe(0);
  });

  it("1: encryption turned off out of band (drift + a mandatory violation)", async () => {
    const r = await cli(["audit", "--from-snapshot", "tampered-snapshot.json", "--stack-export", "compliant-export.json", "--out", "a1", "--no-progress", "--ci-format", "sarif,junit"]);
    expect(r.code).toBe(1);
    // the CI outputs of the audit carry the drift finding too
    const sarif = JSON.parse(await readFile(join(dir, "a1", "kinesis-guard.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toContain("stack-drift");
    expect(parseJunit(await readFile(join(dir, "a1", "kinesis-guard.junit.xml"), "utf8")).suites.failures).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(join(dir, "a1", "kinesis_analysis.json"), "utf8")) as { data_streams: { stream_name: string; findings: { rule_id: string; property: string | null }[] }[] };
    const orders = report.data_streams.find((s) => s.stream_name === "orders-stream")!;
    const encryption = orders.findings.filter((f) => f.property === "encryptionType").map((f) => f.rule_id);
    expect(encryption.sort()).toEqual(["kds-encryption", "stack-drift"]);
  });

  it("3: data could not be collected and nothing fails the gate", async () => {
    const r = await cli(["audit", "--from-snapshot", "incomplete-snapshot.json", "--stack-export", "compliant-export.json", "--out", "a3", "--no-progress"]);
    expect(r.code).toBe(3);
  });

  it("2: --stack without the pulumi CLI on PATH says to use --stack-export", async () => {
    const r = await cli(["audit", "--from-snapshot", "clean-snapshot.json", "--stack", "dev", "--out", "a2", "--no-progress"], { PATH: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the pulumi CLI is not on PATH.*--stack-export state\.json/);
  });
});
