/**
 * kds-cross-region's live.drFlags hook: DR replication flags for the streams the rule judges (its `appliesTo`, default critical):
 * whether a replica exists in a DR region. Only what was established is reported:
 * - "no-replica": kds-cross-region fired;
 * - "replicated": a replica was found (tag ReplicaOf=<name or ARN>, or <name><suffix>, in a DR
 *   region other than the stream's own), and named so operators can check it;
 * - "exempt": the stream is exempt from kds-cross-region by tag and no replica was found;
 * - "unknown": the rule could not decide (a DR region's listing failed, or no replica was found
 *   although the rule did not fire).
 */
import { inScope, isExempt } from "../classify";
import type { RuleConfig } from "../types";
import type { DrStream, Finding, StreamConfig } from "../model";

const RULE_ID = "kds-cross-region";

export type DrStatus = "replicated" | "no-replica" | "exempt" | "unknown";

export interface DrFlag {
  readonly streamName: string;
  readonly region: string;
  readonly drRegions: readonly string[];
  readonly status: DrStatus;
  readonly replica: { readonly name: string; readonly region: string } | null;
  readonly action: string;
}

interface Candidate {
  readonly name: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** What the drFlags hook sees: the audited streams, the DR listing, this rule's findings and config. */
export interface DrFlagsInput {
  readonly streams: readonly StreamConfig[];
  readonly drStreams: readonly DrStream[];
  readonly findings: readonly Finding[];
  readonly config: RuleConfig;
  /** True when the rule is blocked in `region` (a DR region's listing failed). */
  readonly blocked: (region: string) => boolean;
}

export function drFlags({ streams, drStreams, findings, config: cfg, blocked }: DrFlagsInput): DrFlag[] {
  const drRegions = (cfg.drRegions ?? []) as string[];
  const tagKeyName = String(cfg.replicaTagKey ?? "ReplicaOf");
  const tagKey = tagKeyName.toLowerCase();
  const suffixes = (cfg.replicaNameSuffixes ?? []) as string[];
  const flagged = new Set(findings.filter((f) => f.ruleId === RULE_ID).map((f) => f.resource.ref));
  // Replica candidates: audited streams (a DR region may be audited too) and the DR listing.
  const candidates: Candidate[] = [
    ...streams.map((s) => ({ name: String(s.name), region: String(s.region ?? ""), tags: typeof s.tags === "object" && s.tags ? s.tags : {} })),
    ...drStreams.map((d) => ({ name: d.name, region: d.region, tags: d.tags })),
  ];
  const tagOf = (tags: Readonly<Record<string, string>>) => Object.entries(tags).find(([k]) => k.toLowerCase() === tagKey)?.[1];
  const out: DrFlag[] = [];
  for (const s of streams) {
    const name = String(s.name);
    const region = String(s.region ?? "");
    const missing = flagged.has(s.id.ref);
    if (!missing) {
      if (inScope(s.name, s.tags, cfg) !== true) continue;
      if (typeof s.tags === "object" && s.tags && tagOf(s.tags) !== undefined) continue; // a replica itself
    }
    const replica = missing
      ? undefined
      : candidates.find(
          (d) =>
            drRegions.includes(d.region) &&
            d.region !== region &&
            (tagOf(d.tags) === name || (typeof s.arn === "string" && tagOf(d.tags) === s.arn) || suffixes.some((x) => d.name === `${name}${x}`)),
        );
    const isBlocked = blocked(region);
    const status: DrStatus = missing ? "no-replica" : replica ? "replicated" : isExempt(RULE_ID, s.tags, cfg) !== false ? "exempt" : "unknown";
    out.push({
      streamName: name,
      region,
      drRegions,
      status,
      replica: status === "replicated" && replica ? { name: replica.name, region: replica.region } : null,
      action: actionFor(status, name, drRegions, tagKeyName, isBlocked),
    });
  }
  return out;
}

function actionFor(status: DrStatus, name: string, dr: readonly string[], tagKey: string, blocked: boolean): string {
  switch (status) {
    case "no-replica":
      return `Create a replica stream in ${dr.join(" or ")} tagged ${tagKey}=${name} and replicate to it.`;
    case "replicated":
      return "None: a replica exists; verify the replication lag.";
    case "exempt":
      return `Not checked: the stream is exempt from ${RULE_ID} by tag.`;
    case "unknown":
      return blocked
        ? `Not established: the streams of the DR region(s) ${dr.join(", ")} could not be listed (see the collection errors); check for a replica by hand.`
        : `Not established: no replica was identified in ${dr.join(", ")}; check for a replica by hand.`;
  }
}
