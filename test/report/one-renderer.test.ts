/**
 * One renderer (issue 12): reports, remediation stubs and the CI outputs come from one template set
 * (live-checks/report/templates.ts) with one Handlebars environment; `--templates DIR` overrides
 * any of them by relative name, the CI outputs' ci/junit.xml.hbs and ci/summary.md.hbs included;
 * HTML and XML are escaped by Handlebars itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../live-checks/cli/audit";
import { runScan } from "../../live-checks/cli/scan";
import { defaultConfig } from "../../live-checks/config-file";
import { CI_TEMPLATES, renderJunit, renderMarkdown } from "../../live-checks/report/render";
import { loadTemplates, mdText } from "../../live-checks/report/templates";
import { buildCheckReport } from "../../live-checks/report/view-model";
import { saveSnapshot } from "../../live-checks/snapshot-io";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";

const dir = mkdtempSync(join(tmpdir(), "kg-renderer-"));

/** A --templates folder holding only a Markdown summary of its own, using a partial of its own. */
function ciOverride(name: string): string {
  const tpl = join(dir, name);
  mkdirSync(join(tpl, "ci"), { recursive: true });
  mkdirSync(join(tpl, "remediation", "_partials"), { recursive: true });
  writeFileSync(join(tpl, "remediation", "_partials", "mine.hbs"), "findings: {{summary.findings}}");
  writeFileSync(join(tpl, CI_TEMPLATES.markdown), "custom {{kind}} {{> mine}} {{text source}}\n");
  return tpl;
}

function stackExport(): string {
  const file = join(dir, "state.json");
  const name = "clicks";
  const res = {
    urn: `urn:pulumi:dev::shop::aws:kinesis/stream:Stream::${name}`,
    type: "aws:kinesis/stream:Stream",
    custom: true,
    inputs: { name, shardCount: 1, retentionPeriod: 168 },
    outputs: { name, shardCount: 1, retentionPeriod: 168, arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}` },
  };
  writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [res] } }));
  return file;
}

describe("--templates overrides the CI outputs' templates", () => {
  it("scan: the Markdown summary from DIR/ci/summary.md.hbs (with DIR's partial), the JUnit XML still the package's", async () => {
    const tpl = ciOverride("scan");
    const out = join(dir, "scan-out");
    await runScan({ file: stackExport(), outDir: out, formats: ["markdown", "junit"], templatesDir: tpl, env: {} });
    expect(readFileSync(join(out, "kinesis-guard-summary.md"), "utf8")).toMatch(/^custom scan findings: \d+ .*state\.json\n$/);
    expect(readFileSync(join(out, "kinesis-guard.junit.xml"), "utf8")).toMatch(/^<\?xml/);
  });

  it("audit: the CI outputs it writes beside the reports come from the same --templates folder", async () => {
    const tpl = ciOverride("audit");
    const snap = join(dir, "snap.json");
    await saveSnapshot(snap, fixtureSnapshot());
    const out = join(dir, "audit-out");
    const r = await runAudit({ fromSnapshotPath: snap, outDir: out, failOn: "none", ciFormats: ["markdown"], templatesDir: tpl });
    expect(readFileSync(join(out, "kinesis-guard-summary.md"), "utf8")).toBe(`custom audit findings: ${r.ciReport!.summary.findings} ${mdText(r.ciReport!.source)}\n`);
  });

  it("a broken CI template is a template error naming the file", () => {
    const tpl = join(dir, "broken");
    mkdirSync(join(tpl, "ci"), { recursive: true });
    writeFileSync(join(tpl, CI_TEMPLATES.junit), "{{#if x}}");
    const report = buildCheckReport({ kind: "scan", source: "s", findings: [], resources: [], enforcement: defaultConfig().enforcement, failOn: "high" });
    expect(() => renderJunit(report, loadTemplates(tpl))).toThrow(/ci\/junit\.xml\.hbs/);
  });
});

describe("escaping through Handlebars", () => {
  const hostile = `<img src=x onerror='alert(1)'> & "q" \`code\``;
  const report = buildCheckReport({
    kind: "scan",
    source: hostile,
    findings: [],
    resources: [],
    enforcement: defaultConfig().enforcement,
    failOn: "high",
  });

  it("the Markdown summary's prose is HTML-escaped as Handlebars escapes it (no tag, no quote, no code span survives)", () => {
    const md = renderMarkdown(report);
    const line = md.split("\n").find((l) => l.startsWith("**Source:**"))!;
    expect(line).toContain(Handlebars.Utils.escapeExpression(hostile));
    expect(line).not.toMatch(/<img|'|`code/);
  });

  it("the JUnit XML's attributes are escaped by Handlebars (valid XML attribute values)", () => {
    const xml = renderJunit(report);
    expect(xml).toContain(`<property name="source" value="${Handlebars.Utils.escapeExpression(hostile)}"/>`);
  });
});

describe("partials", () => {
  it("a rule's own partial (rules/<id>/<name>.partial.hbs) is registered like a shared one, and --templates overrides it by name", () => {
    const tpl = join(dir, "partials");
    mkdirSync(tpl, { recursive: true });
    writeFileSync(join(tpl, "uses.txt.hbs"), "{{> throttling-why}}");
    const context = { c: "#", throttling: { onDemand: true, throttleRatePercent: 5 } };
    expect(loadTemplates(tpl).render("uses.txt.hbs", context)).toMatch(/^# 5\.0 % of write attempts were throttled on this on-demand stream/);
    mkdirSync(join(tpl, "remediation", "_partials"), { recursive: true });
    writeFileSync(join(tpl, "remediation", "_partials", "throttling-why.hbs"), "mine {{throttling.throttleRatePercent}}");
    expect(loadTemplates(tpl).render("uses.txt.hbs", context)).toBe("mine 5");
  });
});
