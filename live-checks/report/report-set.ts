/**
 * A report set is all-or-nothing: every file a run writes into --out (reports, remediation stubs,
 * CI outputs) is built in one staging folder beside --out, and the folder is switched in as a whole,
 * so --out always holds one run's complete set - the previous one or the new one, never a mix.
 *
 * How the switch works (POSIX has no atomic exchange of two non-empty folders without Linux's
 * renameat2(RENAME_EXCHANGE), which Node does not expose):
 *
 *   1. stage   <parent>/.<out>.kg-<pid>-<rand>.tmp   built file by file (mode 0600 for stack-derived data)
 *   2. carry   every entry of --out that is not part of this command's set (an audit's reports when
 *              `scan` writes there, a saved snapshot, the user's own files) hard-linked in: same inode
 *   3. switch  rename(<out>, .<out>.kg-<pid>-<rand>.old); rename(.tmp, <out>)   two renames, microseconds
 *   4. drop    the .old folder, after moving back anything that appeared in --out since step 2
 *
 * SIGINT / SIGTERM remove the staging folder and exit 130 / 143; one that arrives during steps 3
 * and 4 waits for them. A run killed outright (SIGKILL, power loss) leaves its .tmp / .old beside --out; the
 * next run for the same --out removes them once their pid is gone, and if the kill fell between the
 * two renames (so --out is missing) it first renames the .old set back. --out stays a plain folder.
 *
 * Limits, documented in docs/guarantees.md: --out is replaced by a new folder (same path, new
 * inode; a shell or program inside it keeps the old, deleted one), so it may not be the current
 * folder or one of its parents, and its parent must be writable; an entry named like a report but
 * of the wrong kind (a folder where a report file goes) is refused, never deleted; one run per
 * --out at a time; the switch protects against a killed process, not against power loss (files are
 * not fsynced).
 */
import { existsSync, readdirSync, rmSync, type Dirent } from "node:fs";
import { chmod, copyFile, link, lstat, mkdir, open, readdir, readlink, realpath, rename, rm, stat, symlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../exit-codes";
import { writeText } from "../atomic-write";

/** What `audit` writes at the top of --out (report files and the stub folder). */
export const AUDIT_REPORT_NAMES: readonly string[] = [
  "kinesis_analysis.json",
  "shard_optimization_plan.json",
  "consumer_lag_report.csv",
  "throughput_utilization_dashboard.html",
  "remediation",
];
/** The CI outputs (`scan`, `audit --ci-format`). */
export const CI_OUTPUT_NAMES: readonly string[] = ["kinesis-guard.sarif", "kinesis-guard.junit.xml", "kinesis-guard-summary.md", "kinesis-guard.json"];
/** Entries that are folders; every other name is a file. */
const FOLDER_NAMES = new Set(["remediation"]);

/** Our staging and set-aside folders beside --out: .<out>.kg-<pid>-<hex>.tmp|old */
const SIDE_RE = /^\.(.+)\.kg-(\d+)-[0-9a-f]+\.(tmp|old)$/;
/** What earlier versions left inside --out when killed: .kinesis-guard.<pid>.<hex>.tmp, .remediation.<pid>.<hex>.tmp|old, .<file>.<pid>.<hex>.tmp */
const LEGACY_RE = /^\.(?:kinesis-guard|remediation|.+)\.(\d+)\.[0-9a-f]{8}\.(?:tmp|old)$/;

export interface ReportSetOptions {
  readonly outDir: string;
  /** The names this command's set consists of: all of them are replaced (or removed when not written); everything else in --out is kept. */
  readonly owned: readonly string[];
  /** Mode of each file written (0o600 for files that can hold stack-derived data). */
  readonly fileMode: number;
}

// ---------------------------------------------------------------------------------------------
// Signals: staging folders to remove, and the switch that must not be cut in half.

const staging = new Set<string>();
let switching = false;
let pendingSignal: NodeJS.Signals | undefined;
let handlersInstalled = false;
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Remove the staging folders now (in a signal handler: synchronously, then exit). A write still in
 * flight on libuv's thread pool can add a file while the folder is being removed (ENOTEMPTY): try
 * again after a moment; what still cannot be removed is a leftover the next run removes.
 */
function removeStagingSync(): void {
  for (const p of staging) {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        rmSync(p, { recursive: true, force: true });
        break;
      } catch {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }
  staging.clear();
}

function exitOnSignal(signal: NodeJS.Signals): never {
  removeStagingSync();
  // A progress bar may be on the line and have hidden the cursor: show it again, start a new line.
  if ((process.stderr as { isTTY?: boolean }).isTTY) process.stderr.write("\u001b[?25h\n");
  process.stderr.write(`kinesis-guard: interrupted (${signal}); the reports in --out are unchanged or complete, nothing half-written is left\n`);
  process.exit(SIGNAL_EXIT[signal] ?? 1);
}

/**
 * SIGINT and SIGTERM: remove any staging folder and exit 130 / 143 (128 + signal number, as a
 * shell reports a process killed by the signal). Installed once by the CLI.
 */
export function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (switching) pendingSignal = signal; // finish the two renames and the old set's drop first
      else exitOnSignal(signal);
    });
  }
}

// ---------------------------------------------------------------------------------------------

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, another user's
  }
}

/**
 * Leftovers of killed runs for this --out: staging folders and set-aside old sets beside it, and
 * the temp files of earlier versions inside it, each only when the pid that made it is gone. An old
 * set whose switch was cut between its two renames (--out missing) is renamed back first.
 */
async function recoverLeftovers(out: string): Promise<void> {
  const parent = dirname(out);
  const name = basename(out);
  let siblings: string[] = [];
  try {
    siblings = await readdir(parent);
  } catch {
    return;
  }
  const dead = siblings
    .map((n) => ({ n, m: SIDE_RE.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null && x.m[1] === name && !pidAlive(Number(x.m[2])));
  // Set-aside old sets first: one whose switch was cut in half goes back to being --out.
  for (const { n, m } of [...dead.filter((x) => x.m[3] === "old"), ...dead.filter((x) => x.m[3] === "tmp")]) {
    const p = join(parent, n);
    if (m[3] === "old" && !existsSync(out)) await rename(p, out);
    else await rm(p, { recursive: true, force: true });
  }
  let inside: Dirent[] = [];
  try {
    inside = readdirSync(out, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of inside) {
    const m = LEGACY_RE.exec(e.name);
    if (m && !pidAlive(Number(m[1]))) await rm(join(out, e.name), { recursive: true, force: true });
  }
}

/** --out as the folder to switch: a symlink to a folder is followed (the link stays). */
async function resolveOut(outDir: string): Promise<string> {
  const abs = resolve(outDir);
  try {
    if ((await lstat(abs)).isSymbolicLink()) return await realpath(abs);
  } catch {
    // does not exist yet
  }
  return abs;
}

function checkNotAncestorOfCwd(out: string, outDir: string): void {
  const cwd = process.cwd();
  const rel = relative(out, cwd);
  if (out === dirname(out) || rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel))) {
    throw new UsageError(
      `--out ${outDir}: is the current folder or one of its parents; the report set is switched in by replacing --out as a whole, so give a folder of its own (e.g. --out ./kinesis-audit)`,
    );
  }
}

/** Entries of --out named like part of the set but of the other kind (a folder where a report file goes): refused, never deleted. */
async function misplacedEntries(out: string, owned: ReadonlySet<string>): Promise<string[]> {
  const wrong: string[] = [];
  for (const e of await readdir(out, { withFileTypes: true })) {
    if (!owned.has(e.name)) continue;
    const ok = FOLDER_NAMES.has(e.name) ? e.isDirectory() : e.isFile();
    if (!ok) wrong.push(e.isDirectory() ? `${e.name}/` : e.name);
  }
  return wrong.sort();
}

/** Entries of --out to carry into the new set: all but this set's own and our leftovers. */
async function entriesToCarry(out: string, owned: ReadonlySet<string>): Promise<string[]> {
  return (await readdir(out)).filter((n) => !owned.has(n) && !LEGACY_RE.test(n));
}

/** Hard-link (else copy) a file or folder tree: the carried entries keep their content and modes. */
async function carry(src: string, dst: string): Promise<void> {
  const s = await lstat(src);
  if (s.isDirectory()) {
    await mkdir(dst, { mode: s.mode & 0o7777 });
    await chmod(dst, s.mode & 0o7777);
    for (const n of await readdir(src)) await carry(join(src, n), join(dst, n));
  } else if (s.isSymbolicLink()) {
    await symlink(await readlink(src), dst);
  } else {
    await link(src, dst).catch(async () => copyFile(src, dst));
  }
}

/**
 * Remove the set-aside old --out. An entry that appeared in --out after the carry (another program
 * writing there meanwhile) is not in the new set: move it over rather than delete it.
 */
async function dropOld(old: string, out: string, owned: ReadonlySet<string>): Promise<void> {
  for (const n of await readdir(old).catch(() => [] as string[])) {
    if (owned.has(n) || LEGACY_RE.test(n) || existsSync(join(out, n))) continue;
    await rename(join(old, n), join(out, n)).catch(() => undefined);
  }
  await rm(old, { recursive: true, force: true });
}

export class ReportSet {
  private done = false;

  private constructor(
    /** The folder being built; write into it with writeFile(). */
    readonly stage: string,
    private readonly out: string,
    private readonly opts: ReportSetOptions,
    private readonly outMode: number | undefined,
  ) {}

  /**
   * Prepare a new set for --out: recover leftovers of killed runs, check --out, create the
   * staging folder. @throws UsageError when --out cannot hold a switched set.
   */
  static async begin(opts: ReportSetOptions): Promise<ReportSet> {
    const out = await resolveOut(opts.outDir);
    checkNotAncestorOfCwd(out, opts.outDir);
    await mkdir(dirname(out), { recursive: true });
    await recoverLeftovers(out);
    let outMode: number | undefined;
    const existing = await stat(out).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return undefined;
      throw e;
    });
    if (existing) {
      if (!existing.isDirectory()) throw new UsageError(`--out ${opts.outDir}: exists and is not a folder (ENOTDIR); give a folder for the reports`);
      outMode = existing.mode & 0o7777;
      const wrong = await misplacedEntries(out, new Set(opts.owned));
      if (wrong.length > 0) {
        throw new UsageError(
          `--out ${opts.outDir}: ${wrong.join(", ")} ${wrong.length === 1 ? "is" : "are"} in the way (kinesis-guard writes ${wrong.length === 1 ? "a file" : "files"} / the remediation folder by ${wrong.length === 1 ? "that name" : "those names"}); move ${wrong.length === 1 ? "it" : "them"} away or give another --out`,
        );
      }
    }
    const stage = join(dirname(out), `.${basename(out)}.kg-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    staging.add(stage);
    await mkdir(stage, { mode: 0o700 });
    return new ReportSet(stage, out, opts, outMode);
  }

  /**
   * Write one file of the set (relative path; folders created as needed): the text, or its pieces
   * in order, written as they come (~1 MB writes), so a large report never sits in memory whole.
   */
  async writeFile(rel: string, content: string | Iterable<string>): Promise<void> {
    const path = join(this.stage, rel);
    if (rel.includes("/")) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const fh = await open(path, "wx", this.opts.fileMode);
    try {
      await writeText(fh, content); // no Buffer of a whole report (live-checks/atomic-write.ts)
    } finally {
      await fh.close();
    }
  }

  /** Switch the staged set in as --out (see the header). */
  async commit(): Promise<void> {
    if (this.done) throw new Error("report set already committed or aborted");
    const owned = new Set(this.opts.owned);
    try {
      const carried = this.outMode === undefined ? [] : await entriesToCarry(this.out, owned);
      for (const n of carried) await carry(join(this.out, n), join(this.stage, n));
      // Folders: the old --out's mode; a new one private when it holds stack-derived data, else 0755.
      const dirMode = this.outMode ?? (this.opts.fileMode === 0o600 ? 0o700 : 0o755);
      await chmod(this.stage, dirMode);
      for (const e of await readdir(this.stage, { withFileTypes: true })) {
        if (e.isDirectory() && owned.has(e.name)) await chmod(join(this.stage, e.name), dirMode);
      }
      const old = this.stage.replace(/\.tmp$/, ".old");
      switching = true;
      let movedOld = false;
      try {
        if (this.outMode !== undefined) {
          await rename(this.out, old);
          movedOld = true;
        }
        await rename(this.stage, this.out);
      } catch (e) {
        if (movedOld) await rename(old, this.out).catch(() => undefined);
        throw e;
      } finally {
        switching = false;
      }
      staging.delete(this.stage);
      this.done = true;
      // The new set is in place; failing to tidy the old one up is not the run's failure (the next run
      // removes it). A SIGINT / SIGTERM meanwhile waits for the drop, so that it leaves nothing behind.
      switching = true;
      try {
        if (movedOld) await dropOld(old, this.out, owned).catch(() => undefined);
      } finally {
        switching = false;
      }
      if (pendingSignal) exitOnSignal(pendingSignal);
    } catch (e) {
      await this.abort();
      if (pendingSignal) exitOnSignal(pendingSignal);
      throw e;
    }
  }

  /** Drop the staged set; --out is left as it was. */
  async abort(): Promise<void> {
    this.done = true;
    staging.delete(this.stage);
    await rm(this.stage, { recursive: true, force: true });
  }
}

/**
 * File mode for a set: 0600 when it can hold data derived from a stack document (names, findings
 * and drift of a Pulumi program's state), else 0666 less the umask, like any file the user writes.
 */
export function fileModeFor(stackDerived: boolean): number {
  return stackDerived ? 0o600 : 0o666;
}

/**
 * Build a set with `fill` (which writes into set.stage through set.writeFile) and switch it in;
 * on any error the staged set is dropped and --out is left as it was.
 */
export async function writeReportSet<T>(opts: ReportSetOptions, fill: (set: ReportSet) => Promise<T>): Promise<T> {
  const set = await ReportSet.begin(opts);
  let result: T;
  try {
    result = await fill(set);
  } catch (e) {
    await set.abort();
    throw e;
  }
  await set.commit();
  return result;
}
