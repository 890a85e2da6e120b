/** Health score per resource: 100 minus a deduction per finding by severity, floored at 0 (configurable). */
import type { Finding, Severity } from "../../rules/model";

export const DEFAULT_DEDUCTIONS: Readonly<Record<Severity, number>> = { high: 20, medium: 10, low: 5 };

export function healthScore(findings: readonly Pick<Finding, "severity">[], deductions: Readonly<Record<Severity, number>> = DEFAULT_DEDUCTIONS): number {
  const lost = findings.reduce((a, f) => a + (deductions[f.severity] ?? 0), 0);
  return Math.max(0, 100 - lost);
}
