/**
 * Issue 13 point 3, suppressions with accountability: config exemptions (URN / ARN / name glob,
 * reason, optional expiry), the tag exemption no longer silencing mandatory rules unless the config
 * allows it, and a baseline of accepted findings; every suppressed finding is counted and listed in
 * every output (JSON, console, Markdown, SARIF suppressions, JUnit skipped) and never gates.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSnapshot } from "../../live-checks/snapshot-io";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { ROOT, runCli, type CliResult } from "../harness/cli";
import { parseJunit } from "../output/junit-parse";

const dir = mkdtempSync(join(tmpdir(), "kg-suppress-"));
const exampleDoc = JSON.parse(readFileSync(join(ROOT, "examples", "ci", "stack-export.json"), "utf8")) as {
  deployment: { resources: { urn: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[] };
};
const snap = join(dir, "snapshot.json");
let n = 0;

type Run = CliResult & { cwd: string };
/** Run the CLI in a fresh folder holding `files` (config, document). */
async function cli(args: string[], files: Record<string, string> = {}): Promise<Run> {
  const cwd = join(dir, `run-${++n}`);
  mkdirSync(cwd);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  return { ...(await runCli(args, { cwd })), cwd };
}

const doc = JSON.stringify(exampleDoc);
/** The example with the unencrypted sensitive stream tagged kinesis-guard:exempt=all. */
const tagged = JSON.stringify({
  ...exampleDoc,
  deployment: {
    ...exampleDoc.deployment,
    resources: exampleDoc.deployment.resources.map((r) =>
      r.urn.endsWith("::customer-payments")
        ? { ...r, inputs: { ...r.inputs, tags: { DataClassification: "pii", "kinesis-guard:exempt": "all" } }, outputs: { ...r.outputs, tags: { DataClassification: "pii", "kinesis-guard:exempt": "all" } } }
        : r,
    ),
  },
});

interface JsonReport {
  findings: { ruleId: string; resource: { displayName: string } }[];
  suppressed: { ruleId: string; resource: { displayName: string }; suppression: { kind: string; reason: string; expires?: string } }[];
  summary: { suppressed: number; findings: number };
  notes: string[];
  exitCode: number;
}
const read = (r: Run, file: string) => readFileSync(join(r.cwd, "out", file), "utf8");
const jsonOf = (r: Run) => JSON.parse(read(r, "kinesis-guard.json")) as JsonReport;

beforeAll(async () => {
  await saveSnapshot(snap, fixtureSnapshot());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("config exemptions (scan)", () => {
  it("a name glob with a reason suppresses the mandatory finding: listed in every output, not gating", async () => {
    const config = JSON.stringify({ "kinesis-guard": { exemptions: [{ resource: "customer-*", rules: ["kds-encryption"], reason: "encrypted by the producer (JIRA-123)", expires: "2099-12-31" }] } });
    const before = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": doc });
    expect(before.code).toBe(1);
    const r = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": doc, "kinesis-guard.json": config });
    expect(r.code).toBe(0);
    const json = jsonOf(r);
    expect(json.findings.some((f) => f.ruleId === "kds-encryption")).toBe(false);
    expect(json.summary.suppressed).toBe(1);
    expect(json.suppressed[0]).toMatchObject({ ruleId: "kds-encryption", resource: { displayName: "customer-payments" }, suppression: { kind: "exemption", reason: "encrypted by the producer (JIRA-123)", expires: "2099-12-31" } });
    // SARIF: the result stays, with an accepted external suppression and the reason.
    const sarif = JSON.parse(read(r, "kinesis-guard.sarif")) as { runs: { results: { ruleId: string; suppressions?: { kind: string; status: string; justification: string }[] }[] }[] };
    const suppressedResults = sarif.runs[0]!.results.filter((x) => x.suppressions);
    expect(suppressedResults).toHaveLength(1);
    expect(suppressedResults[0]!.suppressions![0]).toMatchObject({ kind: "external", status: "accepted" });
    expect(suppressedResults[0]!.suppressions![0]!.justification).toContain("encrypted by the producer");
    // JUnit: a skipped test case with the reason.
    const junit = read(r, "kinesis-guard.junit.xml");
    expect(junit).toMatch(/<testsuite [^>]*skipped="1"/);
    expect(junit).toMatch(/<skipped message="exemption: encrypted by the producer \(JIRA-123\) \(until 2099-12-31\)"\/>/);
    expect(parseJunit(junit)).toBeDefined();
    // Markdown and console.
    expect(read(r, "kinesis-guard-summary.md")).toMatch(/\*\*Suppressed:\*\* 1[\s\S]*Suppressed findings \(1\)[\s\S]*customer-payments[\s\S]*encrypted by the producer/);
    expect(r.stdout).toMatch(/^supp  high\s+kds-encryption\s+customer-payments .*exemption: encrypted by the producer/m);
    expect(r.stdout).toMatch(/1 suppressed/);
  });

  it("an exact URN works; an expired exemption's finding is back, with a note", async () => {
    const urn = exampleDoc.deployment.resources.find((x) => x.urn.endsWith("::customer-payments"))!.urn;
    const valid = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": doc, "kinesis-guard.yaml": `kinesis-guard:\n  exemptions:\n    - resource: "${urn}"\n      reason: accepted risk\n` });
    expect(valid.code).toBe(0);
    // No rules list: every rule on that resource (and only there).
    expect(jsonOf(valid).findings.some((f) => f.resource.displayName === "customer-payments")).toBe(false);
    expect(jsonOf(valid).findings.length).toBeGreaterThan(0);
    expect(jsonOf(valid).suppressed.every((f) => f.resource.displayName === "customer-payments")).toBe(true);
    const old = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": doc, "kinesis-guard.yaml": `kinesis-guard:\n  exemptions:\n    - resource: "${urn}"\n      reason: accepted risk\n      expires: "2020-01-31"\n` });
    expect(old.code).toBe(1);
    expect(jsonOf(old).summary.suppressed).toBe(0);
    expect(jsonOf(old).notes.join("\n")).toMatch(/expired after 2020-01-31 \("accepted risk"\): its findings count again/);
  });

  it.each([
    [{ resource: "x" }, /exemptions\/0|reason/],
    [{ resource: "x", reason: "ok reason", rules: ["no-such-rule"] }, /exemptions\[0\]"\.rules: unknown rule id "no-such-rule"/],
    [{ resource: "x", reason: "ok reason", expires: "2026-02-31x" }, /expires/],
  ])("a bad exemption %j is a config error (exit 2)", async (exemption, message) => {
    const r = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": doc, "kinesis-guard.json": JSON.stringify({ "kinesis-guard": { exemptions: [exemption] } }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("the exemption tag and mandatory rules", () => {
  it("kinesis-guard:exempt=all does not silence a rule that is mandatory by default unless its config allows it", async () => {
    const r = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged });
    expect(r.code).toBe(1);
    const json = jsonOf(r);
    expect(json.findings.some((f) => f.ruleId === "kds-encryption" && f.resource.displayName === "customer-payments")).toBe(true);
    // Advisory rules are still exempt by the tag.
    expect(json.findings.some((f) => f.ruleId === "kds-alarms" && f.resource.displayName === "customer-payments")).toBe(false);
    const allowed = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged, "kinesis-guard.json": JSON.stringify({ "kds-encryption": { allowTagExemption: true } }) });
    expect(allowed.code).toBe(0);
    expect(jsonOf(allowed).findings.some((f) => f.resource.displayName === "customer-payments")).toBe(false);
    // An advisory rule can be made strict the same way.
    const strictAlarms = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged, "kinesis-guard.json": JSON.stringify({ "kds-alarms": { allowTagExemption: false } }) });
    expect(jsonOf(strictAlarms).findings.some((f) => f.ruleId === "kds-alarms" && f.resource.displayName === "customer-payments")).toBe(true);
  });

  it("the replaced global switch is refused with what to write instead (exit 2)", async () => {
    const r = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged, "kinesis-guard.json": JSON.stringify({ "kinesis-guard": { allowTagExemptionOfMandatory: true } }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"allowTagExemption": true');
  });
});

describe("baseline", () => {
  it("--write-baseline, then --baseline: known findings are reported as baseline, a new one fails the gate", async () => {
    const first = await cli(["scan", "doc.json", "--out", "out", "--write-baseline", "baseline.json"], { "doc.json": doc });
    expect(first.code).toBe(1);
    const baseline = readFileSync(join(first.cwd, "baseline.json"), "utf8");
    const known = await cli(["scan", "doc.json", "--out", "out", "--baseline", "baseline.json"], { "doc.json": doc, "baseline.json": baseline });
    expect(known.code).toBe(0);
    expect(jsonOf(known).summary.findings).toBe(0);
    expect(jsonOf(known).summary.suppressed).toBe(jsonOf(first).summary.findings);
    expect(jsonOf(known).suppressed.every((s) => s.suppression.kind === "baseline")).toBe(true);
    // A second unencrypted sensitive stream appears: only it is new.
    const grown = structuredClone(exampleDoc);
    const copy = structuredClone(grown.deployment.resources.find((x) => x.urn.endsWith("::customer-payments"))!);
    copy.urn = copy.urn.replace("customer-payments", "customer-refunds");
    copy.inputs.name = "customer-refunds";
    copy.outputs.name = "customer-refunds";
    grown.deployment.resources.push(copy);
    const added = await cli(["scan", "doc.json", "--out", "out", "--baseline", "baseline.json"], { "doc.json": JSON.stringify(grown), "baseline.json": baseline });
    expect(added.code).toBe(1);
    expect(new Set(jsonOf(added).findings.map((f) => f.resource.displayName))).toEqual(new Set(["customer-refunds"]));
  });

  it("a missing or foreign baseline file is exit 2 with what to do", async () => {
    const missing = await cli(["scan", "doc.json", "--out", "out", "--baseline", "nope.json"], { "doc.json": doc });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--baseline nope\.json: cannot read it \(ENOENT\); write one with --write-baseline nope\.json/);
    const foreign = await cli(["audit", "--from-snapshot", snap, "--out", "out", "--baseline", "doc.json"], { "doc.json": doc });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/not a kinesis-guard baseline/);
  });
});

describe("audit", () => {
  it("an exemption by ARN glob: the finding leaves the gate, stays listed in kinesis_analysis.json, the console and the CI outputs", async () => {
    const plain = await cli(["audit", "--from-snapshot", snap, "--out", "out", "--format", "json"]);
    expect(plain.code).toBe(1); // the fixture's consumer lag (high)
    const high = (JSON.parse(read(plain, "kinesis-guard.json")) as JsonReport).findings.filter((f) => (f as { severity?: string }).severity === "high");
    expect(high).toHaveLength(1);
    const config = `kinesis-guard:\n  exemptions:\n    - resource: "arn:aws:kinesis:*:stream/${high[0]!.resource.displayName}"\n      rules: [${high[0]!.ruleId}]\n      reason: batch consumer, lag expected\n`;
    const r = await cli(["audit", "--from-snapshot", snap, "--out", "out", "--format", "json,junit"], { "kinesis-guard.yaml": config });
    expect(r.code).toBe(3); // nothing gates any more; the fixture misses some metric data
    const analysis = JSON.parse(read(r, "kinesis_analysis.json")) as { suppressed_findings: { rule_id: string; kind: string; reason: string }[] };
    expect(analysis.suppressed_findings).toEqual([expect.objectContaining({ rule_id: high[0]!.ruleId, kind: "exemption", reason: "batch consumer, lag expected" })]);
    expect(r.stdout).toMatch(/SUPPRESSED \(accepted by an exemption, the baseline or the exemption tag; not failing the gate\)\n {2}HIGH/);
    expect(r.stdout).toMatch(/of which 1 suppressed/);
    const findingsSection = r.stdout.split("FINDINGS (most severe first, by resource)")[1]!.split("SUPPRESSED")[0]!;
    expect(findingsSection).not.toContain(high[0]!.ruleId);
    expect((JSON.parse(read(r, "kinesis-guard.json")) as JsonReport).summary.suppressed).toBe(1);
    expect(read(r, "kinesis-guard.junit.xml")).toMatch(/skipped="1"/);
  });
});
