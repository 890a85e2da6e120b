/** Building a Finding from the rule's definition, so issue names and severities never drift. Every rule uses this. */
import { definedRule } from "../define-rule";
import type { Finding, ResourceRef } from "../model";

export interface FindingParts {
  readonly resource: ResourceRef;
  readonly property?: string;
  readonly found?: string;
  readonly expected?: string;
  /** What is wrong; name the resource in it. */
  readonly details: string;
  /** The concrete fix; defaults to the rule's remediation. */
  readonly remediation?: string;
  readonly monthlyImpactUsd?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A finding carrying the rule's issue name and severity for `ruleId`; absent optional parts stay absent. */
export function finding(ruleId: string, parts: FindingParts): Finding {
  const meta = definedRule(ruleId);
  const { resource, details, remediation, ...optional } = parts;
  const present = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return { ruleId, issue: meta.issue, severity: meta.severity, resource, details, remediation: remediation ?? meta.remediation, ...present };
}

/** A metric rule's finding (the resource first, as the metric rules read). */
export function metricFinding(ruleId: string, resource: ResourceRef, f: Omit<FindingParts, "resource">): Finding {
  return finding(ruleId, { resource, ...f });
}
