/**
 * Shared benchmark helpers: run a command under GNU time for wall time and peak RSS, medians,
 * ratio formatting. Benchmarks compare against a baseline measured in the same run (these
 * machines are noisy), so everything here reports raw numbers and ratios, never pass/fail on time.
 */
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunResult {
  readonly wallMs: number;
  /** Peak resident set size of the command (and its children waited for), KiB, from GNU time. */
  readonly maxRssKb: number;
  /** CPU time of the command (user + system), seconds, from GNU time: far less sensitive to a shared machine's load than wall time. */
  readonly cpuSeconds: number;
  readonly exitCode: number;
  readonly stderrTail: string;
}

/** Run `cmd args` under /usr/bin/time, in `cwd`, with `env` added to the environment. */
export async function runMeasured(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "kg-bench-time-"));
  const timeFile = join(dir, "time.txt");
  const started = process.hrtime.bigint();
  const child = spawn("/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, cmd, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exitCode: number = await new Promise((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let maxRssKb = NaN;
  let cpuSeconds = NaN;
  try {
    const lines = readFileSync(timeFile, "utf8").trim().split("\n");
    const [rss, user, sys] = lines[lines.length - 1]!.trim().split(/\s+/).map(Number);
    maxRssKb = rss ?? NaN;
    cpuSeconds = (user ?? NaN) + (sys ?? NaN);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { wallMs, maxRssKb, cpuSeconds, exitCode, stderrTail: stderr };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function sum(xs: Iterable<number>): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

export function ratio(a: number, b: number): string {
  return b === 0 ? "n/a" : `${(a / b).toFixed(1)}x`;
}

/** Parse `--name value` flags of a bench script. */
export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
