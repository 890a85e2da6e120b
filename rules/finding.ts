/** Building a Finding from the catalog entry, so issue names and severities never drift. Every rule uses this. */
import { rule } from "./catalog";
import type { Finding, ResourceRef } from "./model";

export interface FindingParts {
  readonly resource: ResourceRef;
  readonly property?: string;
  readonly found?: string;
  readonly expected?: string;
  /** What is wrong; name the resource in it. */
  readonly details: string;
  /** The concrete fix; defaults to the catalog's remediation. */
  readonly remediation?: string;
  readonly monthlyImpactUsd?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A finding carrying the catalog's issue name and severity for `ruleId`; absent optional parts stay absent. */
export function finding(ruleId: string, parts: FindingParts): Finding {
  const meta = rule(ruleId);
  const { resource, details, remediation, ...optional } = parts;
  const present = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return { ruleId, issue: meta.issue, severity: meta.severity, resource, details, remediation: remediation ?? meta.remediation, ...present };
}
