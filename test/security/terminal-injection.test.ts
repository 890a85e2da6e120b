/**
 * Output that cannot be hijacked (issue 14, point 6). Resource names, consumer names, tags and
 * resource types carry ESC sequences (window title, screen clear), a CR that would overwrite a FAIL
 * line, bidi overrides, and a newline followed by GitHub Actions workflow commands
 * (`::error ...::`, `::add-mask::`, the legacy `##[...]`). `scan` and `audit` run as the real CLI;
 * no byte of their stdout / stderr may drive a terminal or open a workflow command, and the names
 * stay recognizable (escaped, not dropped). The Markdown summary keeps one table row per finding
 * whatever line breaks a name holds; the pack's violation messages are escaped the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { runCli, type CliRun } from "../reliability/run-cli";
import { buildCheckReport } from "../../live-checks/report/view-model";
import { renderMarkdown } from "../../live-checks/report/render";
import { defaultConfig } from "../../live-checks/config-file";
import { violationMessage } from "../../policies/message";
import { termLines, termValue } from "../../live-checks/report/terminal";

const dir = mkdtempSync(join(tmpdir(), "kg-term-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = [
  "title\u001b]0;pwned\u0007",
  "clear\u001b[2J\u001b[H",
  "over\rPASS  everything fine",
  "nl\n::error file=index.ts,line=1::hijacked",
  "mask\n  ::add-mask::AKIDEXAMPLE",
  "::warning::at-start",
  "legacy ##[error]old-syntax",
  "bidi\u202egnp.exe",
  "nel\u0085::notice::c1-newline",
  "ls\u2028::debug::line-separator",
];

/** No raw control character, no line that GitHub would run as a workflow command. */
function expectNoHijack(where: string, text: string): void {
   
  expect(text.replace(/\n/g, ""), `${where}: raw control characters`).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  for (const line of text.split("\n")) {
    expect(line, `${where}: workflow command`).not.toMatch(/^\s*::/);
    expect(line, `${where}: legacy workflow command`).not.toContain("##[");
  }
}

describe("scan: names, tags and types from the document", () => {
  let run: CliRun;
  beforeAll(async () => {
    const STREAM = "aws:kinesis/stream:Stream";
    const resources = HOSTILE.map((name, i) => ({
      urn: `urn:pulumi:dev::p::${STREAM}::${name}`,
      custom: true,
      id: `s${i}`,
      type: STREAM,
      // 168 h retention: every stream gets a finding whose text holds its names
      inputs: { name, shardCount: 1, retentionPeriod: 168, tags: { Owner: name } },
      outputs: { name, shardCount: 1, retentionPeriod: 168, tags: { Owner: name }, arn: `arn:aws:kinesis:us-east-1:123456789012:stream/s${i}` },
    }));
    // a resource type nobody checks: it is named in a note
    resources.push({ urn: "urn:pulumi:dev::p::acme:x:Widget::w", custom: true, id: "w", type: "acme:x:Widget\n::error::from-a-type", inputs: {}, outputs: {} } as never);
    const p = join(dir, "state.json");
    writeFileSync(p, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
    run = await runCli(["scan", p, "--out", join(dir, "scan-out"), "--fail-on", "low", "--region", "us-east-1"], { cwd: dir });
  }, 60_000);

  it("stdout and stderr cannot drive the terminal or open a workflow command", () => {
    expect(run.status, run.stderr).toBe(1);
    expectNoHijack("scan stdout", run.stdout);
    expectNoHijack("scan stderr", run.stderr);
  });

  it("every name is still there, escaped", () => {
    for (const name of HOSTILE) expect(run.stdout).toContain(termValue(name));
    expect(run.stdout).toContain("over\\rPASS");
    expect(run.stdout).toContain("\\x1b]0;pwned\\x07");
    expect(run.stdout).toMatch(/note .*acme:x:Widget\\n::error::from-a-type/);
  });
});

describe("audit: stream, consumer and delivery stream names and tags from AWS", () => {
  let run: CliRun;
  beforeAll(async () => {
    // Rename the fixture's resources in the snapshot's JSON (names, metric dimensions, ids alike).
    let text = JSON.stringify(fixtureSnapshot());
    const s = fixtureSnapshot() as unknown as { streams: { name: string }[]; deliveryStreams: { name: string }[]; consumers: { name: string }[] };
    const names = [...s.streams.map((x) => x.name), ...s.deliveryStreams.map((x) => x.name), ...s.consumers.map((x) => x.name)];
    names.forEach((n, i) => {
      const hostile = JSON.stringify(HOSTILE[i % HOSTILE.length]! + i).slice(1, -1);
      text = text.split(`"${n}"`).join(`"${hostile}"`).split(`/${n}`).join(`/${hostile}`).split(`${n}/`).join(`${hostile}/`);
    });
    const p = join(dir, "snap.json");
    writeFileSync(p, text);
    run = await runCli(["audit", "--from-snapshot", p, "--out", join(dir, "audit-out"), "--fail-on", "none"], { cwd: dir });
  }, 60_000);

  it("the console summary cannot drive the terminal or open a workflow command", () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toMatch(/DATA STREAMS/);
    expectNoHijack("audit stdout", run.stdout);
    expectNoHijack("audit stderr", run.stderr);
    expect(run.stdout).toContain("\\x1b]0;pwned\\x07");
  });
});

describe("Markdown summary", () => {
  it("a lone CR, NEL or line separator in a name does not start a line: one table row per finding", () => {
    const findings = HOSTILE.map((name, i) => ({
      ruleId: "kds-retention",
      issue: "Excessive Retention",
      severity: "low" as const,
      resource: { ref: `r${i}`, displayName: `${name}\r# injected heading\r| x | y |`, type: "aws:kinesis/stream:Stream" },
      property: "retentionPeriod",
      details: `Retention of ${name}\r\n## second heading`,
      remediation: "Lower it.\u000bvertical tab",
    }));
    const md = renderMarkdown(buildCheckReport({ kind: "scan", source: "x.json", findings, resources: findings.map((f) => f.resource), enforcement: defaultConfig().enforcement, failOn: "high" }));
    const lines = md.split(/\r\n|[\r\n\u0085\u2028\u2029\u000b\u000c]/);
    expect(lines.filter((l) => /^\s*#/.test(l) && !l.startsWith("## "))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("## "))).toHaveLength(1); // the summary's own heading
    const rows = lines.filter((l) => l.startsWith("| ⚠️"));
    expect(rows).toHaveLength(HOSTILE.length);
    for (const row of rows) expect(row.match(/(?<!\\)\|/g)).toHaveLength(8);
     
    expect(md.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe("the pack's violation messages and the escaping itself", () => {
  it("violation messages hold no control character and cannot open a workflow command", () => {
    for (const name of HOSTILE) {
      const msg = violationMessage({ ruleId: "kds-retention", issue: "Excessive Retention", severity: "low", resource: { ref: "r", displayName: name, type: "t" }, details: `Stream "${name}" keeps 168 h.`, remediation: "Lower it." });
      expectNoHijack("violation message", msg);
      expect(msg).not.toContain("\n");
    }
  });

  it("termLines keeps our own line breaks and defuses each line", () => {
    expect(termLines("a\n::error::x\n  ##[warning]y\nok\u001b[31m")).toBe("a\n\\::error::x\n  #\\#[warning]y\nok\\x1b[31m");
    expect(termValue("  ::x")).toBe("  \\::x");
    expect(termValue("plain-name_1.2")).toBe("plain-name_1.2");
  });
});
