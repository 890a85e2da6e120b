/**
 * Run the real CLI (bin/kinesis-guard.js) as a child process, asynchronously (a simulator in the
 * test's process keeps answering, and a test can run several at once), in an environment cleared of
 * what a developer's or CI's shell would leak into it (GitHub Actions variables, a config path,
 * real AWS credentials and the instance metadata service).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
export const BIN = join(ROOT, "bin", "kinesis-guard.js");

export interface CliResult {
  /** Exit code; null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const TEST_ENV: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "test-secret-key",
  AWS_EC2_METADATA_DISABLED: "true",
  GITHUB_STEP_SUMMARY: "",
  GITHUB_WORKSPACE: "",
  KINESIS_GUARD_CONFIG: "",
  KINESIS_GUARD_DOCS_URL: "",
  NODE_NO_WARNINGS: "1",
};

export interface CliOptions {
  readonly cwd: string;
  /** Added over TEST_ENV. */
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the child's standard input, which is then closed (none: closed at once). */
  readonly stdin?: string;
  /** Given to node before the CLI (e.g. `["--require", preload]`). */
  readonly nodeArgs?: readonly string[];
}

export function startCli(args: readonly string[], opts: CliOptions): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...TEST_ENV, ...(opts.env ?? {}) } });
  child.stdin.end(opts.stdin ?? "");
  return child;
}

export function collectCli(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
  return new Promise((res, rej) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", rej);
    child.once("close", (code, signal) => res({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: readonly string[], opts: CliOptions): Promise<CliResult> {
  return collectCli(startCli(args, opts));
}
