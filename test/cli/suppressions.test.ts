/**
 * Issue 13 point 3, suppressions with accountability: config exemptions (URN / ARN / name glob,
 * reason, optional expiry), the tag exemption no longer silencing mandatory rules unless the config
 * allows it, and a baseline of accepted findings; every suppressed finding is counted and listed in
 * every output (JSON, console, Markdown, SARIF suppressions, JUnit skipped) and never gates.
 * The exemption tag's findings are a third kind, "tag": the rule engine judges the resource as if it
 * were not exempt and sets them apart (rules/tag-exemption.ts); listed everywhere, counted nowhere.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSnapshot } from "../../live-checks/snapshot-io";
import type { Snapshot } from "../../live-checks/snapshot";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { ROOT, runCli, type CliResult } from "../harness/cli";
import { parseJunit } from "../output/junit-parse";

const dir = mkdtempSync(join(tmpdir(), "kg-suppress-"));
const exampleDoc = JSON.parse(readFileSync(join(ROOT, "examples", "ci", "stack-export.json"), "utf8")) as {
  deployment: { resources: { urn: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[] };
};
const snap = join(dir, "snapshot.json");
/** The fixture with "telemetry" exempt by tag from its high finding's rule (consumer lag) and "idle-archive" from everything (its over-provisioning saving). */
const taggedSnap = join(dir, "snapshot-tagged.json");
const TAG = "kinesis-guard:exempt";
function taggedSnapshot(): Snapshot {
  const s = fixtureSnapshot();
  const tags: Record<string, Record<string, string>> = { telemetry: { [TAG]: "kds-consumer-lag" }, "idle-archive": { Team: "data", [TAG]: "all" } };
  return { ...s, streams: s.streams.map((x) => (tags[String(x.name)] ? { ...x, tags: { ...(x.tags as Record<string, string>), ...tags[String(x.name)] } } : x)) };
}
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
  await saveSnapshot(taggedSnap, taggedSnapshot());
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

type SarifLog = { runs: { results: { ruleId: string; message: { text: string }; suppressions?: { kind: string; status: string; justification: string }[] }[] }[] };

describe("the exemption tag's findings: suppressed, kind tag", () => {
  it("scan: judged as if not exempt, listed in every output with the tag as the reason, never gating; a mandatory rule stays active", async () => {
    const [untagged, r] = await Promise.all([cli(["scan", "doc.json", "--out", "out"], { "doc.json": doc }), cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged })]);
    const on = (fs: JsonReport["findings"]) => fs.filter((f) => f.resource.displayName === "customer-payments").map((f) => f.ruleId).sort();
    // What the tag silences is exactly what the untagged resource gets, but the mandatory kds-encryption.
    const wouldBe = on(jsonOf(untagged).findings);
    expect(wouldBe).toContain("kds-encryption");
    const json = jsonOf(r);
    expect(on(json.findings)).toEqual(["kds-encryption"]); // allowTagExemption false by default: still active, still failing
    expect(r.code).toBe(1);
    const byTag = json.suppressed.filter((x) => x.suppression.kind === "tag");
    expect(byTag.map((x) => x.ruleId).sort()).toEqual(wouldBe.filter((id) => id !== "kds-encryption"));
    expect(byTag.length).toBeGreaterThan(0);
    for (const x of byTag) expect(x).toMatchObject({ resource: { displayName: "customer-payments" }, suppression: { kind: "tag", reason: "kinesis-guard:exempt=all on the resource" } });
    expect(json.summary.suppressed).toBe(byTag.length);
    expect(json.summary.findings).toBe(jsonOf(untagged).summary.findings - byTag.length);
    // SARIF: the results stay, suppressed "inSource" (the tag is on the judged resource), accepted.
    const sarif = JSON.parse(read(r, "kinesis-guard.sarif")) as SarifLog;
    const suppressedResults = sarif.runs[0]!.results.filter((x) => x.suppressions);
    expect(suppressedResults).toHaveLength(byTag.length);
    for (const x of suppressedResults) expect(x.suppressions).toEqual([{ kind: "inSource", status: "accepted", justification: "tag: kinesis-guard:exempt=all on the resource" }]);
    // JUnit: skipped test cases, the tag as the message.
    const junit = read(r, "kinesis-guard.junit.xml");
    expect(junit).toMatch(new RegExp(`<testsuite [^>]*skipped="${byTag.length}"`));
    expect(junit).toContain('<skipped message="tag: kinesis-guard:exempt&#x3D;all on the resource"/>'); // "=" escaped by the template
    expect(parseJunit(junit)).toBeDefined();
    // Markdown and console.
    expect(read(r, "kinesis-guard-summary.md")).toMatch(new RegExp(`\\*\\*Suppressed:\\*\\* ${byTag.length} \\(exemptions, baseline, exemption tag\\)[\\s\\S]*\\| customer-payments · [^|]+ \\| tag \\| kinesis-guard:exempt&#x3D;all on the resource \\|`)); // "=" escaped as in every cell
    expect(r.stdout).toMatch(/^supp  \S+\s+kds-alarms\s+customer-payments \(.+\): tag: kinesis-guard:exempt=all on the resource$/m);

    // The config lets the tag exempt from kds-encryption: it joins them, and nothing gates.
    const allowed = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged, "kinesis-guard.json": JSON.stringify({ "kds-encryption": { allowTagExemption: true } }) });
    expect(allowed.code).toBe(0);
    expect(jsonOf(allowed).suppressed.filter((x) => x.suppression.kind === "tag").map((x) => x.ruleId).sort()).toEqual(wouldBe);
    // allowTagExemption: false on an advisory rule: active again, not suppressed.
    const strict = await cli(["scan", "doc.json", "--out", "out"], { "doc.json": tagged, "kinesis-guard.json": JSON.stringify({ "kds-alarms": { allowTagExemption: false } }) });
    expect(jsonOf(strict).findings.some((f) => f.ruleId === "kds-alarms" && f.resource.displayName === "customer-payments")).toBe(true);
    expect(jsonOf(strict).suppressed.some((f) => f.ruleId === "kds-alarms")).toBe(false);
  });

  it("audit: listed in kinesis_analysis.json, the console, the dashboard and the CI outputs; out of the gate, the totals and the savings", async () => {
    const [plain, r] = await Promise.all([
      cli(["audit", "--from-snapshot", snap, "--out", "out", "--format", "json"]),
      cli(["audit", "--from-snapshot", taggedSnap, "--out", "out", "--format", "json,junit,sarif,markdown"]),
    ]);
    expect(plain.code).toBe(1); // the consumer lag on telemetry (high)
    expect(r.code).toBe(3); // exempt by tag: nothing gates; the fixture misses some metric data
    type Analysis = {
      suppressed_findings: { rule_id: string; resource_name: string; kind: string; reason: string; expires: string | null }[];
      summary: { total_findings: number; high_priority_issues: number; estimated_monthly_savings: number };
      data_streams: { stream_name: string; findings: { rule_id: string }[] }[];
    };
    const before = JSON.parse(read(plain, "kinesis_analysis.json")) as Analysis;
    const after = JSON.parse(read(r, "kinesis_analysis.json")) as Analysis;
    const lag = { rule_id: "kds-consumer-lag", resource_name: "telemetry", kind: "tag", reason: "kinesis-guard:exempt=kds-consumer-lag on the resource", expires: null };
    const over = { rule_id: "kds-over-provisioned", resource_name: "idle-archive", kind: "tag", reason: "kinesis-guard:exempt=all on the resource", expires: null };
    expect(after.suppressed_findings).toEqual(expect.arrayContaining([expect.objectContaining(lag), expect.objectContaining(over)]));
    // Judged as if not exempt: exactly the findings the untagged streams have.
    const ruleIdsOf = (a: Analysis, name: string) => a.data_streams.find((x) => x.stream_name === name)!.findings.map((f) => f.rule_id).sort();
    const suppressedOn = (name: string) => after.suppressed_findings.filter((x) => x.resource_name === name).map((x) => x.rule_id).sort();
    expect(suppressedOn("idle-archive")).toEqual(ruleIdsOf(before, "idle-archive"));
    expect(suppressedOn("telemetry")).toEqual(["kds-consumer-lag"]);
    expect(ruleIdsOf(after, "idle-archive")).toEqual([]);
    expect(ruleIdsOf(after, "telemetry")).toEqual(ruleIdsOf(before, "telemetry").filter((id) => id !== "kds-consumer-lag"));
    // In no total: findings, high priority issues, savings (idle-archive's 7 shards fewer, $76.65/month).
    expect(after.summary.total_findings).toBe(before.summary.total_findings - after.suppressed_findings.length);
    expect(after.summary.high_priority_issues).toBe(before.summary.high_priority_issues - 1);
    expect(after.summary.estimated_monthly_savings).toBeCloseTo(before.summary.estimated_monthly_savings - 76.65, 2);
    // Console: listed, and said to be in no total.
    expect(r.stdout).toMatch(/SUPPRESSED \(accepted by an exemption, the baseline or the exemption tag; not failing the gate\)\n {2}HIGH/);
    expect(r.stdout).toMatch(/kds-consumer-lag\s+telemetry: tag: kinesis-guard:exempt=kds-consumer-lag on the resource/);
    expect(r.stdout).toContain(`; ${after.suppressed_findings.length} more suppressed by the exemption tag (in no total)`);
    expect(r.stdout).not.toMatch(/of which \d+ suppressed/);
    // Dashboard: a section of its own.
    const dashboard = read(r, "throughput_utilization_dashboard.html");
    expect(dashboard).toContain('<section id="suppressed">');
    expect(dashboard).toMatch(/<tr class="suppressed-row"><td class="sev sev-high">high<\/td>[\s\S]*?telemetry[^<]*<\/td><td>tag<\/td><td>kinesis-guard:exempt&#x3D;kds-consumer-lag on the resource<\/td>/);
    // CI outputs.
    const ci = JSON.parse(read(r, "kinesis-guard.json")) as JsonReport;
    expect(ci.summary.suppressed).toBe(after.suppressed_findings.length);
    expect(ci.findings.some((f) => f.ruleId === "kds-consumer-lag")).toBe(false);
    expect(read(r, "kinesis-guard.junit.xml")).toMatch(new RegExp(`skipped="${after.suppressed_findings.length}"`));
    const sarif = JSON.parse(read(r, "kinesis-guard.sarif")) as SarifLog;
    expect(sarif.runs[0]!.results.filter((x) => x.suppressions?.[0]?.kind === "inSource")).toHaveLength(after.suppressed_findings.length);
    expect(read(r, "kinesis-guard-summary.md")).toContain("| tag | kinesis-guard:exempt&#x3D;kds-consumer-lag on the resource |");
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
