/** How a finding reads as a policy violation: what, where, found vs expected, and the fix. */
import type { Finding } from "../rules/model";

export function violationMessage(f: Finding): string {
  const where = f.property ? ` [${f.property}: found ${f.found ?? "?"}, expected ${f.expected ?? "?"}]` : "";
  return `${f.details}${where} Fix: ${f.remediation}`;
}
