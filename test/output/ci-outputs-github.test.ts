/**
 * Issue 13 point 5, CI outputs that fit GitHub: SARIF without a fixed category (--sarif-category),
 * locations relative to the repository root, helpUri to the rule's section of docs/rules.md and no
 * placeholder URL; the Markdown summary under GitHub's 65,536-character comment limit; annotations
 * (--annotations) encoded as the runner decodes them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG } from "../../rules/catalog";
import type { Finding, Severity } from "../../rules/model";
import { defaultConfig } from "../../live-checks/config-file";
import { buildCheckReport } from "../../live-checks/report/view-model";
import { buildSarif, type SarifLog } from "../../live-checks/report/sarif";
import { MARKDOWN_COMMENT_LIMIT, renderMarkdown } from "../../live-checks/report/render";
import { escapeData, escapeProperty, renderAnnotations } from "../../live-checks/report/annotations";
import { ROOT, runCli, type CliResult } from "../harness/cli";
import { sarifValidator } from "./sarif-schema";

const dir = mkdtempSync(join(tmpdir(), "kg-ci-gh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(args, { cwd, env });

/** A repository with the example document under infra/, scanned from infra/. */
function fakeRepo(name: string): { root: string; infra: string } {
  const root = join(dir, name);
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(join(root, "infra"));
  copyFileSync(join(ROOT, "examples", "ci", "stack-export.json"), join(root, "infra", "state.json"));
  return { root, infra: join(root, "infra") };
}

const sarifOf = (text: string) => JSON.parse(text) as SarifLog;

describe("SARIF for code scanning", () => {
  it("has no fixed category by default; --sarif-category sets one", async () => {
    const { infra } = fakeRepo("category");
    const plain = sarifOf((await cli(["scan", "state.json", "--format", "sarif", "--out", "-"], infra)).stdout);
    expect(plain.runs[0]!.automationDetails).toBeUndefined();
    const named = sarifOf((await cli(["scan", "state.json", "--format", "sarif", "--out", "-", "--sarif-category", "stack-a"], infra)).stdout);
    expect(named.runs[0]!.automationDetails).toEqual({ id: "stack-a/" });
    expect(sarifValidator()(named)).toBe(true);
  });

  it("locates results relative to the repository root (or $GITHUB_WORKSPACE)", async () => {
    const { root, infra } = fakeRepo("relative");
    const fromInfra = sarifOf((await cli(["scan", "state.json", "--format", "sarif", "--out", "-"], infra)).stdout);
    const uris = new Set(fromInfra.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(["infra/state.json"]);
    const artifact = sarifOf((await cli(["scan", "state.json", "--format", "sarif", "--out", "-", "--sarif-artifact", "index.ts"], infra)).stdout);
    expect(artifact.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("infra/index.ts");
    const ws = sarifOf((await cli(["scan", join(infra, "state.json"), "--format", "sarif", "--out", "-"], dir, { GITHUB_WORKSPACE: root })).stdout);
    expect(ws.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("infra/state.json");
  });

  it("helpUri is the rule's section of docs/rules.md when the repository is known, and never a placeholder", () => {
    const headings = new Set([...readFileSync(join(ROOT, "docs", "rules.md"), "utf8").matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
    const base = "https://github.com/acme/kinesis-guard/blob/v9/docs/rules.md";
    const input = { kind: "scan" as const, source: "x.json", findings: [], resources: [], enforcement: defaultConfig().enforcement, failOn: "high" as const };
    const known = buildSarif(buildCheckReport({ ...input, env: { KINESIS_GUARD_DOCS_URL: base } }));
    for (const r of known.runs[0]!.tool.driver.rules) {
      expect(r.helpUri, r.id).toBe(`${base}#${r.id}`);
      expect(headings.has(r.id), `docs/rules.md has a section for ${r.id}`).toBe(true);
    }
    const unknown = buildSarif(buildCheckReport({ ...input, env: {} }));
    const text = JSON.stringify(unknown);
    expect(text).not.toMatch(/github\.com\/kinesis-guard\/kinesis-guard|example\.com/);
    for (const r of unknown.runs[0]!.tool.driver.rules) {
      expect(r.helpUri).toBeUndefined();
      expect(r.help.markdown).toContain(`(docs/rules.md#${r.id})`);
    }
    expect(sarifValidator()(unknown)).toBe(true);
  });
});

describe("Markdown summary within GitHub's comment limit", () => {
  const severities: Severity[] = ["low", "medium", "high"];
  // 400 findings with long texts: far beyond 65,536 characters in full.
  const findings: Finding[] = Array.from({ length: 400 }, (_, i) => {
    const rule = CATALOG[i % CATALOG.length]!;
    const severity = severities[i % 3]!;
    return {
      ruleId: rule.id,
      issue: rule.issue,
      severity,
      resource: { ref: `urn:pulumi:dev::shop::aws:kinesis/stream:Stream::s${i}`, displayName: `stream-${i}`, type: "aws:kinesis/stream:Stream" },
      details: `Finding ${i}: ${"a long explanation of what is wrong ".repeat(8)}`,
      remediation: "Fix it as described in the rule's documentation.",
    };
  });
  const report = buildCheckReport({
    kind: "scan",
    source: "preview.json",
    findings,
    resources: findings.map((f) => f.resource),
    enforcement: Object.fromEntries(CATALOG.map((r) => [r.id, "advisory" as const])),
    failOn: "high",
  });

  it("is cut to the limit: the first findings in the report's order, then how many more are in the full outputs", () => {
    const md = renderMarkdown(report);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_COMMENT_LIMIT);
    const rows = md.split("\n").filter((l) => /^\| (❌|⚠️) \|/.test(l));
    const more = /…and (\d+) more finding\(s\) not shown here/.exec(md);
    expect(more).not.toBeNull();
    expect(rows.length + Number(more![1])).toBe(findings.length);
    expect(rows.length).toBeGreaterThan(50);
    // The rows shown are the report's first ones: every high finding before any medium or low.
    const shown = rows.map((r) => r.split(" | ")[1]);
    expect(shown).toEqual(report.findings.slice(0, rows.length).map((f) => f.severity));
    expect(shown.slice(0, report.summary.high).every((s) => s === "high")).toBe(true);
    expect(md).toContain("kinesis-guard.json");
    // The header still counts every finding.
    expect(md).toContain(`**Findings:** ${findings.length}`);
  });

  it("is unchanged when it fits", () => {
    const small = buildCheckReport({ ...{ kind: "scan" as const, source: "p.json", resources: [], enforcement: defaultConfig().enforcement, failOn: "high" as const }, findings: findings.slice(0, 3) });
    const md = renderMarkdown(small);
    expect(md).not.toContain("not shown here");
    expect(md.split("\n").filter((l) => /^\| (❌|⚠️) \|/.test(l)).length).toBe(3);
  });
});

describe("GitHub annotations", () => {
  it("encodes data and properties as the runner decodes them", () => {
    expect(escapeData("100% done\r\nnext")).toBe("100%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("one line per finding; a name with a newline cannot start a second command", () => {
    const evil: Finding = {
      ruleId: CATALOG[0]!.id,
      issue: CATALOG[0]!.issue,
      severity: "high",
      resource: { ref: "urn:x", displayName: "evil\n::add-mask::secret, a: b", type: "aws:kinesis/stream:Stream" },
      details: "50% of records\nthrottled",
      remediation: "Add shards.",
    };
    const r = buildCheckReport({ kind: "scan", source: "infra/state.json", findings: [evil], resources: [evil.resource], enforcement: defaultConfig().enforcement, failOn: "high" });
    const out = renderAnnotations(r);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=infra\/state\.json,line=1,title=[^:,]*%3A evil%0A%3A%3Aadd-mask%3A%3Asecret%2C a%3A b::/);
    expect(lines[0]).toContain("50%25 of records%0Athrottled");
  });

  it("scan --annotations prints them on stdout; errors for gate-failing findings, warnings and notices for the rest", async () => {
    const { infra } = fakeRepo("annotations");
    const r = await cli(["scan", "state.json", "--annotations", "--out", "out"], infra);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(lines.some((l) => l.startsWith("::error file=infra/state.json,line=1,"))).toBe(true);
    expect(lines.some((l) => l.startsWith("::warning "))).toBe(true);
    expect(lines.some((l) => l.startsWith("::notice "))).toBe(true);
    const json = await cli(["scan", "state.json", "--annotations", "--format", "json", "--out", "-"], infra);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    expect(json.stderr).toMatch(/^::error /m);
  });
});
