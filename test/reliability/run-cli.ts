/**
 * Run the real CLI (bin/kinesis-guard.js) asynchronously, so a simulator in the test's process keeps
 * answering and a test can run several at once; or start it and hand back the child (kill tests).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
export const BIN = join(ROOT, "bin", "kinesis-guard.js");

export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const TEST_ENV: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "test-secret-key",
  AWS_EC2_METADATA_DISABLED: "true",
  GITHUB_STEP_SUMMARY: "",
};

/** A preload that slows the report set's staging down (kill tests): see slow-staging.js. */
export const SLOW_STAGING = join(ROOT, "test", "reliability", "slow-staging.js");

/** `nodeArgs` go to node before the CLI (e.g. `["--require", SLOW_STAGING]`). */
export function startCli(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] }): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...TEST_ENV, ...(opts.env ?? {}) } });
}

export function collect(child: ChildProcessWithoutNullStreams): Promise<CliRun> {
  return new Promise((res, rej) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", rej);
    child.once("close", (status, signal) => res({ status, signal, stdout, stderr }));
  });
}

export function runCli(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return collect(startCli(args, opts));
}
