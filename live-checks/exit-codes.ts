/**
 * Exit codes of every kinesis-guard command, so CI can branch on them. Documented in the README
 * ("Exit codes") and in `--help`.
 *
 *   0  clean: no mandatory violation and no finding at or above --fail-on
 *   1  violations: a mandatory-policy violation, or a finding at or above --fail-on
 *   2  usage or input error (bad flag, unreadable/invalid file, bad config): nothing was evaluated
 *   3  audit incomplete: some data could not be collected, and nothing above failed the gate
 *
 * Precedence when several apply: 2, then 1, then 3. A known violation is the most useful answer
 * for a gate; an incomplete audit with no violation must still not pass as clean.
 *
 * SIGINT / SIGTERM exit 130 / 143 (128 + the signal number, as a shell reports it) after removing
 * what the run had staged (output/report-set.ts). docs/guarantees.md has the whole list.
 */
import type { Severity } from "../rules/model";

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCOMPLETE = 3;

export type ExitCode = typeof EXIT_CLEAN | typeof EXIT_VIOLATIONS | typeof EXIT_USAGE | typeof EXIT_INCOMPLETE;
export type FailOn = Severity | "none";

/** One line per code, for `--help` texts. */
export const EXIT_CODES_HELP = [
  "Exit codes:",
  "  0  clean (no mandatory violation, nothing at or above --fail-on)",
  "  1  mandatory violations, or findings at or above --fail-on",
  "  2  usage or input error (bad flag, unreadable or invalid file, bad config)",
  "  3  audit incomplete (data could not be collected) and no violation",
  "  130 / 143  interrupted by SIGINT / SIGTERM (--out keeps the previous report set)",
].join("\n");

const RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3 };

/** True when `severity` is at or above the `failOn` threshold ("none" never fails). */
export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "none" && RANK[severity] >= RANK[failOn];
}

/** What decides a gate: each finding's severity and whether its policy is mandatory. */
export interface GateFinding {
  readonly severity: Severity;
  readonly mandatory: boolean;
}

/** Does this finding fail the gate? */
export function failsGate(f: GateFinding, failOn: FailOn): boolean {
  return f.mandatory || atOrAbove(f.severity, failOn);
}

/** The exit code of a finished evaluation (usage errors are decided before, by the caller). */
export function exitCodeFor(findings: readonly GateFinding[], opts: { readonly failOn: FailOn; readonly incomplete?: boolean }): ExitCode {
  if (findings.some((f) => failsGate(f, opts.failOn))) return EXIT_VIOLATIONS;
  if (opts.incomplete) return EXIT_INCOMPLETE;
  return EXIT_CLEAN;
}

/** Parse a --fail-on value. @throws UsageError naming the flag and the allowed values. */
export function parseFailOn(value: string, flag = "--fail-on"): FailOn {
  const v = value.trim().toLowerCase();
  if (v === "high" || v === "medium" || v === "low" || v === "none") return v;
  throw new UsageError(`${flag} ${JSON.stringify(value)}: must be one of high, medium, low, none`);
}

/** A bad flag or input file: the command prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
