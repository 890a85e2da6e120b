/**
 * V8's heap growth for the report phase of an organization-wide audit. The launcher
 * (bin/kinesis-guard.js) lets an organization audit's heap double before a full collection: its
 * collection holds only the accounts in flight, and a tighter cap costs it CPU. Its reports, though,
 * are rendered from every account's analysis at once (read back from the temporary file): from there
 * on the single-account cap applies (docs/benchmarks.md, P4 rounds 4-5).
 */
import { setFlagsFromString } from "node:v8";

/** The single-account audit's cap (bin/kinesis-guard.js), in percent of the live heap. */
export const REPORT_PHASE_HEAP_GROWING_PERCENT = 30;

/** Cap V8's heap growth from now on, unless the user chose their own --heap-growing-percent. Returns whether it did. */
export function capHeapGrowthForReports(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${REPORT_PHASE_HEAP_GROWING_PERCENT}`);
  return true;
}
