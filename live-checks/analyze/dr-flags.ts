/**
 * DR replication flags for critical streams (classified with kds-cross-region's settings): whether a
 * replica exists in a DR region. The kds-cross-region finding decides "missing"; for replicated
 * streams the replica is named (tag ReplicaOf=<name> or <name><suffix>) so operators can check it.
 */
import { classify } from "../../rules/classify";
import type { RuleConfig } from "../../rules/config";
import type { DrStream, Finding, StreamConfig } from "../../rules/model";

export interface DrFlag {
  readonly streamName: string;
  readonly region: string;
  readonly drRegions: readonly string[];
  readonly status: "replicated" | "no-replica";
  readonly replica: { readonly name: string; readonly region: string } | null;
  readonly action: string;
}

export function drFlags(streams: readonly StreamConfig[], drStreams: readonly DrStream[], findings: readonly Finding[], cfg: RuleConfig): DrFlag[] {
  const drRegions = (cfg.drRegions ?? []) as string[];
  const tagKey = String(cfg.replicaTagKey ?? "ReplicaOf").toLowerCase();
  const suffixes = (cfg.replicaNameSuffixes ?? []) as string[];
  const flagged = new Set(findings.filter((f) => f.ruleId === "kds-cross-region").map((f) => f.resource.ref));
  const out: DrFlag[] = [];
  for (const s of streams) {
    const name = String(s.name);
    const missing = flagged.has(s.id.ref);
    if (!missing && classify("critical", s.name, s.tags, cfg) !== true) continue;
    const replica = drStreams.find(
      (d) =>
        drRegions.includes(d.region) &&
        (Object.entries(d.tags).some(([k, v]) => k.toLowerCase() === tagKey && (v === name || v === s.arn)) || suffixes.some((x) => d.name === `${name}${x}`)),
    );
    out.push({
      streamName: name,
      region: String(s.region ?? ""),
      drRegions,
      status: missing ? "no-replica" : "replicated",
      replica: !missing && replica ? { name: replica.name, region: replica.region } : null,
      action: missing
        ? `Create a replica stream in ${drRegions.join(" or ")} tagged ${String(cfg.replicaTagKey ?? "ReplicaOf")}=${name} and replicate to it.`
        : "None: a replica exists; verify the replication lag.",
    });
  }
  return out;
}
