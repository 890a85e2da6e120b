/** Building a metric rule's finding from the catalog entry, so issue names and severities never drift. */
import { rule } from "../catalog";
import type { Finding, ResourceRef } from "../model";

export function metricFinding(
  ruleId: string,
  resource: ResourceRef,
  f: { details: string; remediation?: string; property?: string; found?: string; expected?: string; monthlyImpactUsd?: number; data?: Record<string, unknown> },
): Finding {
  const meta = rule(ruleId);
  return {
    ruleId,
    issue: meta.issue,
    severity: meta.severity,
    resource,
    details: f.details,
    remediation: f.remediation ?? meta.remediation,
    ...(f.property === undefined ? {} : { property: f.property }),
    ...(f.found === undefined ? {} : { found: f.found }),
    ...(f.expected === undefined ? {} : { expected: f.expected }),
    ...(f.monthlyImpactUsd === undefined ? {} : { monthlyImpactUsd: f.monthlyImpactUsd }),
    ...(f.data === undefined ? {} : { data: f.data }),
  };
}

/** Thousands separators for numbers in finding texts. */
export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}
