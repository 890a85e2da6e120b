/** Whether a rule judges a resource at all (exemption, appliesTo), and how values read in finding texts. */
import { inScope } from "../classify";
import { tagExemptionUnknown } from "../tag-exemption";
import type { RuleConfig } from "../types";
import { isKnown, type Maybe, type Tags } from "../model";

/**
 * Should the rule judge this resource? False when it is out of the rule's `appliesTo` scope, or when
 * that or the exemption tag cannot be told yet (unknown tags or name at preview: no verdict, no
 * violation). A resource exempt by tag is judged: the engine sets its findings apart as tag-exempt
 * (rules/tag-exemption.ts), listed as suppressed.
 * Rules without `appliesTo` in their schema judge every resource.
 */
export function judged(ruleId: string, name: Maybe<string>, tags: Maybe<Tags | undefined>, cfg: RuleConfig): boolean {
  if (tagExemptionUnknown(ruleId, tags, cfg)) return false;
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
