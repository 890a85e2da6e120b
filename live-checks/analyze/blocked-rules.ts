/**
 * Rules that must not judge a resource whose inputs could not be collected. Their verdict is
 * "something is missing" (no alarm, no VPC endpoint, no DR replica): when the listing that would
 * show it failed, a finding would be a guess, so it is withheld. The audit is incomplete anyway
 * (the collection error names the API and region), so nothing passes silently as healthy.
 */
import type { Finding } from "../../rules/model";
import type { CollectionError } from "../snapshot";

/** Which rules each failed listing blocks, and whether the block is per region or everywhere. */
const BLOCKS: Readonly<Record<string, { readonly rules: readonly string[]; readonly scope: "region" | "all" }>> = {
  "CloudWatch.DescribeAlarms": { rules: ["kds-alarms", "kdf-alarms"], scope: "region" },
  "EC2.DescribeVpcEndpoints": { rules: ["kdf-vpc-endpoint"], scope: "region" },
  // A DR region's listing failed (resource "DR region"): replicas may exist there.
  "Kinesis.ListStreams": { rules: ["kds-cross-region"], scope: "all" },
};

export interface BlockedRules {
  /** True when `ruleId` must not report on a resource in `region`. */
  blocks(ruleId: string, region: string): boolean;
}

export function blockedRules(errors: readonly CollectionError[]): BlockedRules {
  const blocked = new Set<string>();
  for (const e of errors) {
    const b = BLOCKS[e.api];
    if (!b) continue;
    // A whole-region ListStreams failure only matters for cross-region rules as a DR listing.
    if (e.api === "Kinesis.ListStreams" && e.resource !== "DR region") continue;
    for (const r of b.rules) blocked.add(b.scope === "all" ? `${r}|*` : `${r}|${e.region}`);
  }
  return { blocks: (ruleId, region) => blocked.has(`${ruleId}|*`) || blocked.has(`${ruleId}|${region}`) };
}

/** Drop findings of blocked rules; `regionOf` maps a finding's resource ref to its region. */
export function withoutBlocked(findings: readonly Finding[], blocked: BlockedRules, regionOf: (ref: string) => string | undefined): Finding[] {
  return findings.filter((f) => !blocked.blocks(f.ruleId, regionOf(f.resource.ref) ?? ""));
}
