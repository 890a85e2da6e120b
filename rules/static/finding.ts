/** Helpers every rule uses: build a Finding from the catalog entry, and decide whether a resource is judged at all. */
import { rule } from "../catalog";
import { inScope, isExempt } from "../classify";
import type { RuleConfig } from "../config";
import { isKnown, type Finding, type Maybe, type ResourceRef, type Tags } from "../model";

export interface FindingParts {
  readonly resource: ResourceRef;
  readonly property: string;
  readonly found: string;
  readonly expected: string;
  /** What is wrong; the helper prefixes nothing, so name the resource in it. */
  readonly details: string;
  /** The concrete fix; defaults to the catalog's remediation. */
  readonly remediation?: string;
  readonly monthlyImpactUsd?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A finding carrying the catalog's issue name and severity for `ruleId`. */
export function finding(ruleId: string, parts: FindingParts): Finding {
  const meta = rule(ruleId);
  return {
    ruleId,
    issue: meta.issue,
    severity: meta.severity,
    resource: parts.resource,
    property: parts.property,
    found: parts.found,
    expected: parts.expected,
    details: parts.details,
    remediation: parts.remediation ?? meta.remediation,
    ...(parts.monthlyImpactUsd === undefined ? {} : { monthlyImpactUsd: parts.monthlyImpactUsd }),
    ...(parts.data === undefined ? {} : { data: parts.data }),
  };
}

/**
 * Should the rule judge this resource? False when it is exempt by tag, out of the rule's `appliesTo`
 * scope, or when either cannot be told yet (unknown tags or name at preview: no verdict, no violation).
 * Rules without `appliesTo` in their schema judge every resource.
 */
export function judged(ruleId: string, name: Maybe<string>, tags: Maybe<Tags | undefined>, cfg: RuleConfig): boolean {
  if (isExempt(ruleId, tags, cfg) !== false) return false;
  return inScope(name, tags, cfg) === true;
}

/** Printable form of a model value for `found` / `expected`. */
export function show(v: unknown): string {
  if (v === undefined) return "(not set)";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.join(", ")}]`;
  return typeof v === "string" ? `"${v}"` : String(v);
}

/** The classification that put a resource in scope, for messages ("sensitive", "critical", "any"). */
export function scopeWord(cfg: RuleConfig): string {
  const a = String(cfg.appliesTo ?? "all");
  return a === "all" ? "in scope (appliesTo: all)" : `classified ${a}`;
}

export { isKnown };
