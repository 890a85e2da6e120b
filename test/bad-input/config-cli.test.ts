/**
 * A bad config file, through the real CLI: exit 2 before anything is evaluated, with one message
 * naming the file, the key, the value found and what is allowed (and a "did you mean" for typos).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-badcfg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [join(ROOT, "bin/kinesis-guard.js"), ...args], { cwd: dir, env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", rej);
    p.on("close", (status) => res({ status, stdout, stderr }));
  });
}

/** file name, content, what the message must contain (besides the file name). */
const CASES: { name: string; file: string; content: string; expect: RegExp[] }[] = [
  { name: "wrong type", file: "wrong-type.yaml", content: "kds-iterator-age:\n  maxIteratorAgeMs: sixty\n", expect: [/maxIteratorAgeMs/, /"sixty"/, /number/] },
  { name: "number as a string", file: "string-number.json", content: JSON.stringify({ "kds-retention": { maxRetentionHours: "24" } }), expect: [/kds-retention/, /"24"/] },
  { name: "unknown rule with did-you-mean", file: "typo.yaml", content: "kds-iterater-age: advisory\n", expect: [/unknown key "kds-iterater-age"/, /did you mean "kds-iterator-age"/] },
  { name: "unknown setting with did-you-mean", file: "typo-setting.json", content: JSON.stringify({ "kdf-small-buffers": { minBufferSizeMB: 8 } }), expect: [/minBufferSizeMB/, /did you mean "minBufferSizeMb"/] },
  { name: "unknown live setting", file: "typo-live.yaml", content: "kinesis-guard:\n  windowDay: 7\n", expect: [/windowDay/, /windowDays/] },
  { name: "out-of-range threshold", file: "range.yaml", content: "kds-write-throttling:\n  maxThrottledPercent: 150\n", expect: [/maxThrottledPercent/, /150/, /100/] },
  { name: "out-of-range window", file: "window.json", content: JSON.stringify({ "kinesis-guard": { windowDays: 900 } }), expect: [/windowDays/, /900/, /455/] },
  { name: "bad enforcement level", file: "level.yaml", content: "all: strict\n", expect: [/"strict"/, /advisory/, /mandatory/] },
  { name: "bad YAML", file: "broken.yaml", content: "kds-retention:\n  maxRetentionHours: [1, 2\n", expect: [/not valid JSON or YAML/] },
  { name: "bad JSON", file: "broken.json", content: '{ "all": "advisory", "kds-retention": { ', expect: [/not valid JSON or YAML/] },
  { name: "not an object", file: "list.yaml", content: "- kds-retention\n- kds-encryption\n", expect: [/must be an object/] },
];

describe("bad config files exit 2 with a message naming file, key, value and what is allowed", () => {
  it.each(CASES)("$name", async (c) => {
    const path = join(dir, c.file);
    writeFileSync(path, c.content);
    // The config is read before the snapshot: the snapshot path need not exist.
    const r = await runCli(["audit", "--from-snapshot", join(dir, "none.json"), "--config", path, "--out", join(dir, "out")]);
    expect(r.status, r.stderr).toBe(2);
    const msg = r.stderr.split("\n").filter((l) => !/NodeVersionSupportWarning|node >=22|AWS SDK|upgrade|a\.co\/|trace-warnings|^\s*$/.test(l)).join("\n");
    expect(msg).toContain(path);
    for (const re of c.expect) expect(msg).toMatch(re);
    expect(msg).not.toMatch(/internal error|at .*\.ts:\d+/); // a clean message, not a stack trace
  });

  it("scan rejects the same file the same way", async () => {
    const path = join(dir, "typo.yaml");
    const r = await runCli(["scan", join(dir, "none.json"), "--config", path, "--out", join(dir, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/did you mean "kds-iterator-age"/);
  });
});
