/**
 * Rules that must not judge a resource whose inputs could not be collected. Their verdict is
 * "something is missing" (no alarm, no VPC endpoint, no DR replica): when the listing that would
 * show it failed, a finding would be a guess, so it is withheld. The audit is incomplete anyway
 * (the collection error names the API and region), so nothing passes silently as healthy. Which
 * calls block which rule is each rule's `live.blockedBy` (rules/define-rule.ts, BlockingCall).
 */
import { CATALOG, type Rule } from "../../rules/catalog";
import type { Finding } from "../../rules/model";
import type { CollectionError } from "../snapshot";

export interface BlockedRules {
  /** True when `ruleId` must not report on a resource in `region`. */
  blocks(ruleId: string, region: string): boolean;
}

export function blockedRules(errors: readonly CollectionError[], rules: readonly Rule[] = CATALOG): BlockedRules {
  const blocked = new Set<string>();
  for (const e of errors) {
    for (const r of rules) {
      for (const b of r.live.blockedBy ?? []) {
        if (b.api !== e.api || (b.resource !== undefined && b.resource !== e.resource)) continue;
        blocked.add(b.scope === "all" ? `${r.id}|*` : `${r.id}|${e.region}`);
      }
    }
  }
  return { blocks: (ruleId, region) => blocked.has(`${ruleId}|*`) || blocked.has(`${ruleId}|${region}`) };
}

/** Drop findings of blocked rules; `regionOf` maps a finding's resource ref to its region. */
export function withoutBlocked(findings: readonly Finding[], blocked: BlockedRules, regionOf: (ref: string) => string | undefined): Finding[] {
  return findings.filter((f) => !blocked.blocks(f.ruleId, regionOf(f.resource.ref) ?? ""));
}
