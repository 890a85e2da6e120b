/**
 * Issue 13 point 4, the command-line habits of `scan` and `audit`: --quiet; --severity, --rule and
 * --skip-rule; config discovery (kinesis-guard.json|yaml|yml in the working directory,
 * $KINESIS_GUARD_CONFIG); `--format json --out -` on standard output; `scan -` from standard input;
 * every mistake exits 2 with a message and no stack trace. Real CLI runs (bin/kinesis-guard.js).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSnapshot } from "../../live-checks/snapshot-io";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { ROOT, runCli, type CliResult } from "../harness/cli";

const dir = mkdtempSync(join(tmpdir(), "kg-habits-"));
const doc = join(ROOT, "examples", "ci", "stack-export.json");
const snap = join(dir, "snapshot.json");

type Run = CliResult;
const cli = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Run> => runCli(args, { ...opts, cwd: opts.cwd ?? dir });

interface JsonReport {
  findings: { ruleId: string; severity: string }[];
  summary: { findings: number };
  exitCode: number;
}
const json = (r: Run) => JSON.parse(r.stdout) as JsonReport;

beforeAll(async () => {
  await saveSnapshot(snap, fixtureSnapshot());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("machine-readable output on standard output", () => {
  it("scan - reads standard input; --format json --out - writes only the JSON to stdout, the summary to stderr, no folder", async () => {
    const cwd = join(dir, "stdin");
    mkdirSync(cwd);
    const r = await cli(["scan", "-", "--format", "json", "--out", "-"], { cwd, stdin: readFileSync(doc, "utf8") });
    expect(r.code).toBe(1); // the example's unencrypted sensitive stream
    const report = json(r);
    expect(report.summary.findings).toBeGreaterThan(0);
    expect(report.exitCode).toBe(1);
    expect(r.stderr).toMatch(/kinesis-guard scan: 2 resource\(s\)/);
    expect(existsSync(join(cwd, "kinesis-guard-scan"))).toBe(false);
  });

  it("audit --format json --out - writes the CI JSON to stdout and no report file", async () => {
    const cwd = join(dir, "audit-stdout");
    mkdirSync(cwd);
    const r = await cli(["audit", "--from-snapshot", snap, "--format", "json", "--out", "-", "--fail-on", "none"], { cwd });
    const report = json(r);
    expect(report.summary.findings).toBeGreaterThan(0);
    expect(r.stderr).toContain("FINDINGS (most severe first, by resource)");
    expect(existsSync(join(cwd, "kinesis-audit"))).toBe(false);
  });

  it("--out - with several formats is a usage error", async () => {
    const r = await cli(["scan", doc, "--out", "-"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out -: writes one output to standard output; choose it with --format/);
  });
});

describe("filters", () => {
  it("--severity, --rule and --skip-rule select the findings reported and gated on (scan)", async () => {
    const all = json(await cli(["scan", doc, "--format", "json", "--out", "-"]));
    const severities = new Set(all.findings.map((f) => f.severity));
    expect(severities.size).toBeGreaterThan(1);
    const high = await cli(["scan", doc, "--format", "json", "--out", "-", "--severity", "high"]);
    expect(json(high).findings.length).toBe(all.findings.filter((f) => f.severity === "high").length);
    expect(json(high).findings.every((f) => f.severity === "high")).toBe(true);

    const highRule = all.findings.find((f) => f.severity === "high")!.ruleId;
    const skipped = await cli(["scan", doc, "--format", "json", "--out", "-", "--skip-rule", highRule]);
    expect(json(skipped).findings.some((f) => f.ruleId === highRule)).toBe(false);
    expect(skipped.code).toBe(0); // the only high finding is gone: the gate passes
    const only = await cli(["scan", doc, "--format", "json", "--out", "-", "--rule", highRule]);
    expect(new Set(json(only).findings.map((f) => f.ruleId))).toEqual(new Set([highRule]));
  });

  it("the filters apply to audit too", async () => {
    const all = json(await cli(["audit", "--from-snapshot", snap, "--format", "json", "--out", "-", "--fail-on", "none"]));
    expect(all.findings.some((f) => f.severity !== "high")).toBe(true);
    const high = await cli(["audit", "--from-snapshot", snap, "--format", "json", "--out", "-", "--fail-on", "none", "--severity", "high"]);
    expect(json(high).findings.length).toBe(all.findings.filter((f) => f.severity === "high").length);
    expect(json(high).findings.every((f) => f.severity === "high")).toBe(true);
    const first = all.findings[0]!.ruleId;
    const skip = await cli(["audit", "--from-snapshot", snap, "--format", "json", "--out", "-", "--fail-on", "none", "--skip-rule", first]);
    expect(json(skip).findings.some((f) => f.ruleId === first)).toBe(false);
  });

  it.each([
    [["scan", doc, "--severity", "urgent"], /--severity "urgent": must be one of high, medium, low/],
    [["scan", doc, "--rule", "no-such-rule"], /--rule "no-such-rule": no such rule/],
    [["audit", "--from-snapshot", snap, "--skip-rule", "nope,also-nope"], /--skip-rule "nope", "also-nope": no such rule/],
  ])("%j is a usage error", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("--quiet", () => {
  it("prints nothing but keeps the exit code (scan and audit)", async () => {
    const s = await cli(["scan", doc, "--quiet", "--out", join(dir, "quiet-scan")]);
    expect(s.code).toBe(1);
    expect(s.stdout).toBe("");
    expect(s.stderr).toBe("");
    const a = await cli(["audit", "--from-snapshot", snap, "-q", "--out", join(dir, "quiet-audit")]);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe("");
    expect(existsSync(join(dir, "quiet-audit", "kinesis_analysis.json"))).toBe(true);
  });
});

describe("config discovery", () => {
  // A config that switches every rule to advisory and the gate off: the exit code says whether it was read.
  const lenient = "all: advisory\nkinesis-guard:\n  failOn: none\n";

  it("reads kinesis-guard.yaml / .yml / .json from the working directory", async () => {
    for (const name of ["kinesis-guard.yaml", "kinesis-guard.yml", "kinesis-guard.json"]) {
      const cwd = join(dir, `found-${name}`);
      mkdirSync(cwd);
      writeFileSync(join(cwd, name), name.endsWith(".json") ? JSON.stringify({ all: "advisory", "kinesis-guard": { failOn: "none" } }) : lenient);
      const r = await cli(["scan", doc, "--out", "out"], { cwd });
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    }
  });

  it("reads $KINESIS_GUARD_CONFIG; --config wins over both", async () => {
    const cwd = join(dir, "env-config");
    mkdirSync(cwd);
    writeFileSync(join(dir, "lenient.yaml"), lenient);
    expect((await cli(["scan", doc, "--out", "out"], { cwd, env: { KINESIS_GUARD_CONFIG: join(dir, "lenient.yaml") } })).code).toBe(0);
    writeFileSync(join(dir, "strict.yaml"), "kinesis-guard:\n  failOn: low\n");
    expect((await cli(["scan", doc, "--out", "out", "--config", join(dir, "strict.yaml")], { cwd, env: { KINESIS_GUARD_CONFIG: join(dir, "lenient.yaml") } })).code).toBe(1);
    const missing = await cli(["scan", doc, "--out", "out"], { cwd, env: { KINESIS_GUARD_CONFIG: join(dir, "missing.yaml") } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.yaml: cannot read the config file/);
  });

  it("two config files in the working directory are ambiguous: exit 2", async () => {
    const cwd = join(dir, "two-configs");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "kinesis-guard.yaml"), lenient);
    writeFileSync(join(cwd, "kinesis-guard.json"), "{}");
    const r = await cli(["audit", "--from-snapshot", snap, "--out", "out"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/several config files in .*kinesis-guard\.json, kinesis-guard\.yaml/);
  });
});

describe("command-line mistakes exit 2 with a message, never a stack trace", () => {
  it.each([
    [["scan"], /missing required argument 'file'/],
    [["scan", doc, "--bogus"], /unknown option '--bogus'/],
    [["audit", "--fail-on"], /argument missing/],
    [["bogus"], /unknown command 'bogus'/],
    [["scan", "a.json", "b.json"], /too many arguments/],
    [["audit", "--from-snapshot", "x.json", "--format", "json", "--ci-format", "sarif"], /--format and --ci-format are the same option/],
  ])("%j", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});
