/**
 * The reliability tests' view of test/harness/cli.ts: the same runs, with the exit code named
 * `status` as in their assertions.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { collectCli, ROOT, startCli as start, type CliOptions } from "../harness/cli";

export { BIN, ROOT, TEST_ENV } from "../harness/cli";

export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A preload that slows the report set's staging down (kill tests): see slow-staging.js. */
export const SLOW_STAGING = join(ROOT, "test", "reliability", "slow-staging.js");

/** `nodeArgs` go to node before the CLI (e.g. `["--require", SLOW_STAGING]`). */
export function startCli(args: readonly string[], opts: CliOptions): ChildProcessWithoutNullStreams {
  return start(args, opts);
}

export async function collect(child: ChildProcessWithoutNullStreams): Promise<CliRun> {
  const { code, ...rest } = await collectCli(child);
  return { status: code, ...rest };
}

export function runCli(args: readonly string[], opts: CliOptions): Promise<CliRun> {
  return collect(startCli(args, opts));
}
