/**
 * Rules that must not judge a resource whose inputs could not be collected. Their verdict is
 * "something is missing" (no alarm, no VPC endpoint, no DR replica), or it reads a listing of the
 * resource itself (its consumers, its shards): when the call that would show it failed, a finding
 * would be a guess (or is silently absent), so it is withheld and the rule is named as unable to
 * judge. The audit is incomplete anyway (the collection error names the API, region and resource),
 * so nothing passes silently as healthy. Which calls block which rule is each rule's
 * `live.blockedBy` (rules/define-rule.ts, BlockingCall).
 */
import { CATALOG, type Rule } from "../../rules/catalog";
import type { DeliveryStreamConfig, Finding, StreamConfig } from "../../rules/model";
import type { CollectionError } from "../snapshot";

/** Where a finding's resource is: its region and the collection's name for it ("stream/orders"). */
export interface ResourceLocation {
  readonly region: string;
  readonly resource?: string;
}

export interface BlockedRules {
  /** True when `ruleId` must not report on a resource in `region` (and named `resource`, for per-resource blocks). */
  blocks(ruleId: string, region: string, resource?: string): boolean;
  /**
   * The rules that cannot judge this resource, with the failed call that stopped each (sorted by
   * rule id); with `config`, a region-wide block counts only where the rule's `affects` says so.
   */
  blockedOn(region: string, resource: string, config?: StreamConfig | DeliveryStreamConfig): { ruleId: string; api: string }[];
}

export function blockedRules(errors: readonly CollectionError[], rules: readonly Rule[] = CATALOG): BlockedRules {
  const blocked = new Map<string, string>(); // key -> api
  for (const e of errors) {
    for (const r of rules) {
      for (const b of r.live.blockedBy ?? []) {
        if (b.api !== e.api) continue;
        if (b.scope === "resource") {
          // A failure on this resource blocks the rule on it, wherever else the rule runs.
          if (e.resource !== undefined) blocked.set(`${r.id}|${e.region}|${e.resource}`, e.api);
          continue;
        }
        if (b.resource !== undefined && b.resource !== e.resource) continue;
        blocked.set(b.scope === "all" ? `${r.id}|*` : `${r.id}|${e.region}`, e.api);
      }
    }
  }
  const apiFor = (ruleId: string, region: string, resource?: string): string | undefined =>
    blocked.get(`${ruleId}|*`) ?? blocked.get(`${ruleId}|${region}`) ?? (resource !== undefined ? blocked.get(`${ruleId}|${region}|${resource}`) : undefined);
  return {
    blocks: (ruleId, region, resource) => apiFor(ruleId, region, resource) !== undefined,
    blockedOn: (region, resource, config) =>
      rules.flatMap((r) => {
        const api = apiFor(r.id, region, resource);
        if (api === undefined || !appliesTo(r, resource)) return [];
        const affects = r.live.blockedBy?.find((b) => b.api === api && b.scope !== "resource")?.affects;
        return config !== undefined && affects !== undefined && !blocked.has(`${r.id}|${region}|${resource}`) && !affects(config) ? [] : [{ ruleId: r.id, api }];
      }).sort((a, b) => a.ruleId.localeCompare(b.ruleId)),
  };
}

/** Whether a rule judges this kind of resource ("stream/orders": stream rules). */
function appliesTo(rule: Rule, resource: string): boolean {
  return resource.split("/")[0] === rule.resourceType;
}

/** Drop findings of blocked rules; `locate` maps a finding's resource ref to where it is. */
export function withoutBlocked(findings: readonly Finding[], blocked: BlockedRules, locate: (ref: string) => ResourceLocation | string | undefined): Finding[] {
  return findings.filter((f) => {
    const at = locate(f.resource.ref);
    const loc: ResourceLocation = typeof at === "string" ? { region: at } : (at ?? { region: "" });
    return !blocked.blocks(f.ruleId, loc.region, loc.resource);
  });
}
