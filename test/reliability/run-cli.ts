/**
 * The reliability tests' view of test/harness/cli.ts: the same runs, with the exit code named
 * `status` as in their assertions.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { collectCli, startCli as start } from "../harness/cli";

export { BIN, ROOT, TEST_ENV } from "../harness/cli";

export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function startCli(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcessWithoutNullStreams {
  return start(args, opts);
}

export async function collect(child: ChildProcessWithoutNullStreams): Promise<CliRun> {
  const { code, ...rest } = await collectCli(child);
  return { status: code, ...rest };
}

export function runCli(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return collect(startCli(args, opts));
}
