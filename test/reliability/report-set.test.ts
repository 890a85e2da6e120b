/**
 * A report set is all-or-nothing (issue 14, point 2): reports, remediation stubs and CI outputs of
 * one run are switched into --out as a whole (live-checks/report/report-set.ts).
 *
 * - A write failure (a folder where a report file should be, a template error at the last file)
 *   leaves the previous set exactly as it was, and nothing beside or inside --out.
 * - The real CLI killed with SIGINT, SIGTERM or SIGKILL at random points while it writes leaves
 *   --out holding either the previous set or the new one, byte for byte (timestamps aside); SIGINT
 *   and SIGTERM exit 130 / 143 and leave nothing behind; after a SIGKILL the next run removes what
 *   the killed one left.
 * - Leftovers of killed runs (staging, set-aside old sets, earlier versions' temp files) are removed
 *   only when their pid is gone; a switch cut between its two renames is rolled back to the old set.
 * - `scan` is the same; files of a set that can hold stack-derived data are 0600.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { collect, runCli, SLOW_STAGING, startCli, type CliRun } from "./run-cli";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { writeReports, DASHBOARD_FILE, REMEDIATION_DIR } from "../../live-checks/report/write-reports";
import { ANALYSIS_FILE } from "../../live-checks/report/analysis-json";
import { LAG_CSV_FILE } from "../../live-checks/report/lag-csv";
import { SHARD_PLAN_FILE } from "../../live-checks/report/shard-plan-json";
import { OUTPUT_FILE } from "../../live-checks/report/render";
import { AUDIT_REPORT_NAMES, CI_OUTPUT_NAMES } from "../../live-checks/report/report-set";
import { TemplateError } from "../../live-checks/report/templates";
import { runScan } from "../../live-checks/cli/scan";

const dir = mkdtempSync(join(tmpdir(), "kg-set-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under d (relative path -> content), timestamps normalized (they differ between runs of the same input). */
function readSet(d: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(d, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, readFileSync(join(d, r), "utf8").replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?/g, "<time>"));
    }
  };
  walk("");
  return out;
}
const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** kinesis-guard's leftovers beside and inside `out` (staging, set-aside sets, temp files of any version). */
function leftovers(out: string): string[] {
  const parent = join(out, "..");
  const name = out.split("/").pop()!;
  const beside = readdirSync(parent).filter((n) => n.startsWith(`.${name}.`));
  const inside = existsSync(out) ? readdirSync(out).filter((n) => n.startsWith(".")) : [];
  return [...beside, ...inside.map((n) => `${name}/${n}`)];
}

/** A pid that is certainly not running (a child that has exited). */
function deadPid(): number {
  const pid = Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).toString());
  return pid;
}

// Two inputs with different results: the fixture fleet, and the same fleet with a stream renamed.
const snapX = join(dir, "x.json");
const snapY = join(dir, "y.json");
const textX = JSON.stringify(fixtureSnapshot());
writeFileSync(snapX, textX);
writeFileSync(snapY, textX.split("quiet").join("calm"));
/** The fixture fleet lacks some metrics: a finished audit exits 3 (incomplete) with --fail-on none. */
const FINISHED = 3;
const auditArgs = (snap: string, out: string) => ["audit", "--from-snapshot", snap, "--out", out, "--ci-format", "sarif,junit,markdown,json", "--fail-on", "none", "--no-progress"];

describe("names", () => {
  it("the set's names are the files the writers produce", () => {
    expect([...AUDIT_REPORT_NAMES].sort()).toEqual([ANALYSIS_FILE, SHARD_PLAN_FILE, LAG_CSV_FILE, DASHBOARD_FILE, REMEDIATION_DIR].sort());
    expect([...CI_OUTPUT_NAMES].sort()).toEqual(Object.values(OUTPUT_FILE).sort());
  });
});

describe("write failures leave the previous set intact", () => {
  const analysis = analyzeSnapshot(fixtureSnapshot(), defaultConfig());

  it("a folder where a report file should be: refused (exit 2) before anything changes", async () => {
    const out = join(dir, "folder-in-the-way");
    expect((await runCli(auditArgs(snapX, out), { cwd: dir })).status).toBe(FINISHED);
    rmSync(join(out, LAG_CSV_FILE));
    mkdirSync(join(out, LAG_CSV_FILE));
    writeFileSync(join(out, LAG_CSV_FILE, "mine.txt"), "someone's file");
    const before = readSet(out);
    const r = await runCli(auditArgs(snapY, out), { cwd: dir });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${LAG_CSV_FILE}/`);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(same(readSet(out), before)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it("a template error at the last file of the set: nothing switched, nothing left", async () => {
    const out = join(dir, "template-error");
    await writeReports(analysis, { outDir: out });
    const before = readSet(out);
    const tpl = join(dir, "broken-console");
    mkdirSync(tpl, { recursive: true });
    writeFileSync(join(tpl, "console.txt.hbs"), "{{#each streams}}"); // the console renders after every file is staged
    await expect(writeReports(analyzeSnapshot(JSON.parse(readFileSync(snapY, "utf8")), defaultConfig()), { outDir: out, templatesDir: tpl })).rejects.toThrow(TemplateError);
    expect(same(readSet(out), before)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it("entries that are not part of the set (a saved snapshot, the user's files) are carried over unchanged, same inode", async () => {
    const out = join(dir, "shared");
    const snap = join(out, "snapshot.json");
    const r0 = await runCli(auditArgs(snapX, out), { cwd: dir });
    expect(r0.status, r0.stderr).toBe(FINISHED);
    cpSync(snapX, snap); // as `audit --save-snapshot <out>/snapshot.json` leaves it
    writeFileSync(join(out, "notes.txt"), "mine");
    mkdirSync(join(out, "history"));
    writeFileSync(join(out, "history", "2026-01.json"), "{}");
    const inode = (p: string) => statSync(p).ino;
    const before = { notes: inode(join(out, "notes.txt")), snap: inode(snap) };
    await writeReports(analysis, { outDir: out });
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "history", "2026-01.json"), "utf8")).toBe("{}");
    expect({ notes: inode(join(out, "notes.txt")), snap: inode(snap) }).toEqual(before);
    // the CI outputs of the earlier run are part of the set: this run wrote none, so none are left
    expect(readdirSync(out).filter((n) => CI_OUTPUT_NAMES.includes(n))).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });

  it("--out may not be the current folder or one of its parents", async () => {
    const r = await runCli(auditArgs(snapX, "."), { cwd: join(dir) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/current folder/);
    const r2 = await runCli(auditArgs(snapX, ".."), { cwd: dir });
    expect(r2.status).toBe(2);
  });
});

describe("scan", () => {
  const exportPath = join(dir, "state.json");
  const STREAM = "aws:kinesis/stream:Stream";
  const res = (name: string, retention: number) => ({
    urn: `urn:pulumi:dev::p::${STREAM}::${name}`,
    custom: true,
    id: name,
    type: STREAM,
    inputs: { name, shardCount: 1, retentionPeriod: retention },
    outputs: { name, shardCount: 1, retentionPeriod: retention, arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}` },
  });
  beforeAll(() => writeFileSync(exportPath, JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [res("clicks", 168)] } })));

  it("a JUnit template error leaves the old SARIF and the old summary (no new SARIF beside an old summary)", async () => {
    const out = join(dir, "scan-junit");
    await runScan({ file: exportPath, outDir: out, env: {} });
    const before = readSet(out);
    const tpl = join(dir, "broken-junit");
    mkdirSync(tpl, { recursive: true });
    cpSync(join(__dirname, "../../templates/ci"), join(tpl, "ci"), { recursive: true });
    writeFileSync(join(tpl, "ci", "junit.xml.hbs"), "{{#if x}}");
    writeFileSync(exportPath + ".2", JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [res("clicks", 168), res("views", 200)] } }));
    await expect(runScan({ file: exportPath + ".2", outDir: out, templatesDir: tpl, env: {} })).rejects.toThrow();
    expect(same(readSet(out), before)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it("a folder where the JUnit file should be: exit 2, the old set intact", async () => {
    const out = join(dir, "scan-folder");
    expect((await runCli(["scan", exportPath, "--out", out], { cwd: dir })).status).toBe(0);
    rmSync(join(out, OUTPUT_FILE.junit));
    mkdirSync(join(out, OUTPUT_FILE.junit));
    const before = readSet(out);
    const r = await runCli(["scan", exportPath, "--out", out, "--format", "sarif,junit"], { cwd: dir });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${OUTPUT_FILE.junit}/`);
    expect(same(readSet(out), before)).toBe(true);
  });

  it("scan into an audit's folder keeps the audit's reports; formats not written this time do not linger; files are 0600", async () => {
    const out = join(dir, "shared-with-audit");
    expect((await runCli(auditArgs(snapX, out), { cwd: dir })).status).toBe(FINISHED);
    const audit = readSet(out);
    const r = await runScan({ file: exportPath, outDir: out, formats: ["sarif"], env: {} });
    expect(Object.keys(r.written.files)).toEqual(["sarif"]);
    const now = readSet(out);
    for (const [k, v] of audit) if (!CI_OUTPUT_NAMES.includes(k)) expect(now.get(k), k).toBe(v);
    expect(CI_OUTPUT_NAMES.filter((n) => now.has(n))).toEqual([OUTPUT_FILE.sarif]);
    expect(statSync(join(out, OUTPUT_FILE.sarif)).mode & 0o777).toBe(0o600);
  });
});

describe("leftovers of killed runs", () => {
  it("are removed by the next run when their pid is gone; a live pid's are left alone", async () => {
    const out = join(dir, "left");
    await writeReports(analyzeSnapshot(fixtureSnapshot(), defaultConfig()), { outDir: out });
    const dead = deadPid();
    const junk = (p: string) => {
      mkdirSync(p, { recursive: true });
      writeFileSync(join(p, "big.bin"), "x".repeat(10_000));
    };
    junk(join(dir, `.left.kg-${dead}-0badc0de.tmp`));
    junk(join(dir, `.left.kg-${dead}-0badc0df.old`));
    junk(join(out, `.kinesis-guard.${dead}.deadbeef.tmp`));
    junk(join(out, `.remediation.${dead}.deadbeef.old`));
    writeFileSync(join(out, `.${ANALYSIS_FILE}.${dead}.deadbeef.tmp`), "half");
    const alive = join(dir, `.left.kg-${process.pid}-0000aaaa.tmp`);
    junk(alive);
    const r = await runCli(auditArgs(snapX, out), { cwd: dir });
    expect(r.status, r.stderr).toBe(FINISHED);
    expect(leftovers(out)).toEqual([`.left.kg-${process.pid}-0000aaaa.tmp`]);
    rmSync(alive, { recursive: true });
  });

  it("a switch cut between its two renames (--out missing): the old set is renamed back", async () => {
    const out = join(dir, "cut");
    expect((await runCli(auditArgs(snapX, out), { cwd: dir })).status).toBe(FINISHED);
    const old = readSet(out);
    const dead = deadPid();
    // What a SIGKILL right after rename(out, old) leaves: the old set aside, the complete new one staged.
    execFileSync("mv", [out, join(dir, `.cut.kg-${dead}-12345678.old`)]);
    const staged = join(dir, `.cut.kg-${dead}-12345678.tmp`);
    expect((await runCli(auditArgs(snapY, staged), { cwd: dir })).status).toBe(FINISHED);
    // The next run recovers --out before it stages anything; this one then fails (a broken template),
    // so what remains is exactly what the recovery made of --out: the old set, and no leftovers.
    const tpl = join(dir, "broken-console-2");
    mkdirSync(tpl, { recursive: true });
    writeFileSync(join(tpl, "console.txt.hbs"), "{{#each streams}}");
    const r = await runCli([...auditArgs(snapY, out), "--templates", tpl], { cwd: dir });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/console\.txt\.hbs/);
    expect(same(readSet(out), old)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });
});

describe("kills at random points during a real CLI run", () => {
  let refX: Map<string, string>;
  let refY: Map<string, string>;
  beforeAll(async () => {
    for (const [snap, name] of [[snapX, "ref-x"], [snapY, "ref-y"]] as const) {
      const r = await runCli(auditArgs(snap, join(dir, name)), { cwd: dir });
      expect(r.status, r.stderr).toBe(FINISHED);
    }
    refX = readSet(join(dir, "ref-x"));
    refY = readSet(join(dir, "ref-y"));
    expect(same(refX, refY)).toBe(false);
  }, 60_000);

  const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGKILL", "SIGINT", "SIGTERM", "SIGKILL", "SIGINT", "SIGTERM", "SIGKILL"];
  const STAGE_DELAY_MS = 25;

  it("each kill leaves the old or the new set; SIGINT/SIGTERM exit 130/143 with nothing left; the next run leaves no leftovers", async () => {
    const out = join(dir, "killed");
    // The staging phase is widened from outside the CLI (a preload patching node:fs/promises), not by a switch in it.
    const env = { KG_TEST_SLOW_STAGING_MS: String(STAGE_DELAY_MS) };
    expect((await runCli(auditArgs(snapX, out), { cwd: dir })).status).toBe(FINISHED);
    let current: "x" | "y" = "x";
    const outcomes: string[] = [];
    for (const [i, signal] of SIGNALS.entries()) {
      const next: "x" | "y" = current === "x" ? "y" : "x";
      const child = startCli(auditArgs(next === "x" ? snapX : snapY, out), { cwd: dir, env, nodeArgs: ["--require", SLOW_STAGING] });
      const done = collect(child);
      // Wait until the run starts staging, then kill it somewhere in the staging or the switch.
      const t0 = Date.now();
      while (!readdirSync(dir).some((n) => n.startsWith(".killed.kg-")) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 3));
      // Staging takes ~20 files x STAGE_DELAY_MS; up to twice that also reaches the switch and the end.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40 * STAGE_DELAY_MS)));
      child.kill(signal);
      const run: CliRun = await done;
      const now = readSet(out);
      const isOld = same(now, current === "x" ? refX : refY);
      const isNew = same(now, next === "x" ? refX : refY);
      expect(isOld || isNew, `${signal} #${i}: --out is neither the old nor the new set (${[...now.keys()].join(", ")})`).toBe(true);
      outcomes.push(`${signal}:${run.status ?? run.signal}:${isNew ? "new" : "old"}`);
      if (signal !== "SIGKILL") {
        if (isOld) expect(run.status, run.stderr).toBe(signal === "SIGINT" ? 130 : 143);
        expect(run.stderr).not.toMatch(/internal error/);
        expect(leftovers(out), `${signal} #${i}`).toEqual([]);
      }
      current = isNew ? next : current;
      // The next run (uninterrupted) cleans up whatever a SIGKILL left and writes its own set.
      const target: "x" | "y" = current === "x" ? "y" : "x";
      const r = await runCli(auditArgs(target === "x" ? snapX : snapY, out), { cwd: dir });
      expect(r.status, r.stderr).toBe(FINISHED);
      expect(leftovers(out)).toEqual([]);
      expect(same(readSet(out), target === "x" ? refX : refY)).toBe(true);
      current = target;
    }
    // The kills did land inside the write: at least one left the old set.
    expect(outcomes.filter((o) => o.endsWith(":old")).length, outcomes.join(" ")).toBeGreaterThan(0);
    console.log(`kill outcomes (signal:exit:set): ${outcomes.join(" ")}`);
  }, 240_000);
});
