import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../live-checks/config-file";
import { buildCheckReport, type CheckReport } from "../../live-checks/report/view-model";
import { buildSarif } from "../../live-checks/report/sarif";
import { renderJson, renderJunit, renderMarkdown } from "../../live-checks/report/render";
import { parseFormats, writeOutputs } from "../../live-checks/report/write";
import { UsageError } from "../../live-checks/exit-codes";
import type { Finding } from "../../rules/model";
import { sarifValidator } from "./sarif-schema";
import { parseJunit } from "./junit-parse";

const stream = { ref: "urn:pulumi:dev::shop::aws:kinesis/stream:Stream::orders", displayName: "orders", type: "aws:kinesis/stream:Stream" };
const tricky = { ref: "urn:pulumi:dev::shop::aws:kinesis/stream:Stream::evil", displayName: 'ev|l <script>alert("x")</script> & `x`', type: "aws:kinesis/stream:Stream" };
const clean = { ref: "urn:pulumi:dev::shop::aws:kinesis/stream:Stream::clicks", displayName: "clicks", type: "aws:kinesis/stream:Stream" };

const encryption: Finding = {
  ruleId: "kds-encryption",
  issue: "No Encryption",
  severity: "high",
  resource: stream,
  property: "encryptionType",
  found: "NONE",
  expected: "KMS",
  details: 'Stream "orders" is sensitive (name keyword "order") and has encryptionType NONE.',
  remediation: 'Set encryptionType "KMS".',
};
const retention: Finding = {
  ruleId: "kds-retention",
  issue: "Excessive Retention",
  severity: "low",
  resource: tricky,
  property: "retentionPeriod",
  details: "Retention 168 h | more than needed\nsecond line <b>bold</b>",
  remediation: "Lower retentionPeriod to 24 h.",
  monthlyImpactUsd: 14.6,
};

function report(findings: Finding[], extra: Partial<Parameters<typeof buildCheckReport>[0]> = {}): CheckReport {
  return buildCheckReport({
    kind: "scan",
    source: "./preview.json",
    findings,
    resources: [stream, tricky, clean],
    enforcement: defaultConfig().enforcement,
    failOn: "high",
    now: new Date("2026-01-02T03:04:05.000Z"),
    ...extra,
  });
}

describe("view-model and gate", () => {
  it("marks mandatory and at/above --fail-on findings as failing, and sorts failing first", () => {
    const r = report([retention, encryption]);
    expect(r.findings.map((f) => [f.ruleId, f.mandatory, f.failsGate])).toEqual([
      ["kds-encryption", true, true],
      ["kds-retention", false, false],
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.summary).toMatchObject({ resources: 3, findings: 2, high: 1, low: 1, mandatory: 1, failing: 1, passed: false });
    expect(r.artifactUri).toBe("preview.json");
  });

  it("advisory findings below --fail-on pass; --fail-on low fails them", () => {
    expect(report([retention]).exitCode).toBe(0);
    expect(report([retention], { failOn: "low" }).exitCode).toBe(1);
  });

  it("a mandatory finding fails even with --fail-on none; a disabled rule's finding is dropped", () => {
    expect(report([encryption], { failOn: "none" }).exitCode).toBe(1);
    const enforcement = { ...defaultConfig().enforcement, "kds-encryption": "disabled" as const };
    const r = report([encryption], { enforcement });
    expect(r.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it("incomplete without violations is exit 3; with violations exit 1", () => {
    expect(report([], { incomplete: true, errors: ["GetMetricData us-east-1: AccessDenied"] }).exitCode).toBe(3);
    expect(report([encryption], { incomplete: true }).exitCode).toBe(1);
  });

  it("rejects a finding of a rule nobody knows (never a silent drop)", () => {
    expect(() => report([{ ...encryption, ruleId: "made-up" }])).toThrow(/unknown rule "made-up"/);
  });
});

describe("SARIF", () => {
  const validate = sarifValidator();

  it("validates against the SARIF 2.1.0 schema, with and without results", () => {
    for (const r of [report([encryption, retention]), report([]), report([], { incomplete: true, errors: ["x"], notes: ["n"] })]) {
      const log = buildSarif(r);
      const ok = validate(JSON.parse(JSON.stringify(log)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the schema check is real: a broken log is rejected", () => {
    const log = JSON.parse(JSON.stringify(buildSarif(report([encryption])))) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = "fatal";
    expect(validate(log)).toBe(false);
  });

  it("maps findings to results: ruleIndex points at the rule, levels follow the gate, fingerprints are stable", () => {
    const log = buildSarif(report([encryption, retention]));
    const run = log.runs[0]!;
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ["kds-encryption", "error"],
      ["kds-retention", "note"],
    ]);
    expect(run.results[0]!.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(stream.ref);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("preview.json");
    const again = buildSarif(report([retention, encryption]));
    expect(again.runs[0]!.results[0]!.partialFingerprints).toEqual(run.results[0]!.partialFingerprints);
    // scan results carry only the catalog's policies; drift rules appear only in audits
    expect(run.tool.driver.rules.some((r) => r.id.startsWith("stack-"))).toBe(false);
    expect(buildSarif({ ...report([]), kind: "audit" }).runs[0]!.tool.driver.rules.some((r) => r.id === "stack-drift")).toBe(true);
  });
});

describe("JUnit XML", () => {
  it("parses with a strict XML parser; one testcase per resource, gate failures as <failure>", () => {
    const parsed = parseJunit(renderJunit(report([encryption, retention])));
    expect(parsed.suites).toEqual({ tests: 3, failures: 1, errors: 0 });
    const byName = new Map(parsed.cases.map((c) => [c.name, c]));
    expect(byName.get("orders")!.failure!.type).toBe("kds-encryption");
    expect(byName.get("orders")!.failure!.text).toContain("encryptionType NONE");
    // advisory finding below the gate: reported, not failed; the odd name survives escaping intact
    const evil = byName.get(tricky.displayName)!;
    expect(evil.failure).toBeUndefined();
    expect(evil.systemOut).toContain("kds-retention");
    expect(byName.get("clicks")).toEqual({ classname: "aws:kinesis/stream:Stream", name: "clicks" });
  });

  it("an incomplete audit shows as <error> testcases", () => {
    const parsed = parseJunit(renderJunit(report([], { incomplete: true, errors: ["DescribeStreamSummary us-east-1 orders: AccessDenied"] })));
    expect(parsed.suites.errors).toBe(1);
    expect(parsed.cases.find((c) => c.error)!.error).toContain("AccessDenied");
  });

  it("drops characters XML 1.0 forbids instead of producing unparsable XML", () => {
    const bad = { ...retention, details: "bell \u0007 and nul \u0000 chars" };
    expect(() => parseJunit(renderJunit(report([bad], { failOn: "low" })))).not.toThrow();
  });
});

describe("Markdown summary", () => {
  it("summarizes counts and gate, one table row per finding, escaping HTML and table syntax", () => {
    const md = renderMarkdown(report([encryption, retention]));
    expect(md).toContain("❌ kinesis-guard scan: failed");
    expect(md).toContain("(high 1, medium 0, low 1)");
    const rows = md.split("\n").filter((l) => l.startsWith("| ❌") || l.startsWith("| ⚠️"));
    expect(rows).toHaveLength(2);
    // each row has exactly 8 unescaped pipes (7 columns) despite the pipe in the name and details
    for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(8);
    expect(md).not.toContain("<script>");
    expect(md).toContain("&lt;script&gt;");
    expect(md).not.toMatch(/<b>/);
  });

  it("a clean run says so", () => {
    const md = renderMarkdown(report([]));
    expect(md).toContain("✅ kinesis-guard scan: passed");
    expect(md).toContain("No findings on 3 resource(s).");
  });
});

describe("writing outputs", () => {
  it("writes each selected format atomically (no temp files left) and appends the summary to $GITHUB_STEP_SUMMARY", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kg-out-"));
    const summary = join(dir, "step-summary.md");
    await writeFile(summary, "previous step\n");
    const r = report([encryption]);
    const written = await writeOutputs(r, { outDir: join(dir, "out"), formats: ["sarif", "junit", "json"], env: { GITHUB_STEP_SUMMARY: summary } });
    expect(Object.keys(written.files).sort()).toEqual(["json", "junit", "sarif"]);
    expect((await readdir(join(dir, "out"))).sort()).toEqual(["kinesis-guard.json", "kinesis-guard.junit.xml", "kinesis-guard.sarif"]);
    const json = JSON.parse(await readFile(join(dir, "out", "kinesis-guard.json"), "utf8")) as CheckReport;
    expect(json.exitCode).toBe(1);
    expect(json.findings[0]!.ruleId).toBe("kds-encryption");
    expect(JSON.parse(renderJson(r))).toEqual(json);
    const stepSummary = await readFile(summary, "utf8");
    expect(stepSummary.startsWith("previous step\n")).toBe(true);
    expect(stepSummary).toContain("kinesis-guard scan: failed");
  });

  it("parses --format lists and names a bad one", () => {
    expect(parseFormats("sarif, md,junit,sarif")).toEqual(["sarif", "markdown", "junit"]);
    expect(() => parseFormats("sarif,html")).toThrow(UsageError);
    expect(() => parseFormats("sarif,html")).toThrow(/"html": unknown format; allowed: sarif, junit, markdown, json/);
  });
});
