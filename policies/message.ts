/** How a finding reads as a policy violation: what, where, found vs expected, and the fix. */
import type { Finding } from "../rules/model";
import { termValue } from "../live-checks/output/terminal";

/**
 * The Pulumi CLI prints the message in the terminal and in CI logs: names and tags in it are made
 * safe there (no control characters, no line that opens a workflow command; live-checks/output/terminal.ts).
 */
export function violationMessage(f: Finding): string {
  const where = f.property ? ` [${f.property}: found ${f.found ?? "?"}, expected ${f.expected ?? "?"}]` : "";
  return termValue(`${f.details}${where} Fix: ${f.remediation}`);
}
