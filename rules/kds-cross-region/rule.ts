/**
 * kds-cross-region: a critical stream needs a replica in a DR region, found by the replica tag
 * (value = the source stream's name or ARN) or by the naming convention <source><suffix>
 * (https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html).
 * Candidates are the inventory's streams plus `drStreams` (live audit: streams listed in the DR regions).
 */
import { isKnown, type Finding, type Inventory, type Maybe, type Tags } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { appliesTo, classification, ruleConfig, str, strings } from "../lib/config-schema";
import type { RemediationInput, RemediationValues } from "../lib/remediation-values";
import { drFlags } from "./dr-flags";

const ID = "kds-cross-region";

interface Candidate {
  readonly region: Maybe<string | undefined>;
}

function tagValue(tags: Maybe<Tags | undefined>, key: string): string | undefined {
  if (!isKnown(tags) || !tags) return undefined;
  const k = key.toLowerCase();
  for (const [name, v] of Object.entries(tags)) if (name.toLowerCase() === k) return String(v);
  return undefined;
}

export function kdsCrossRegion(inv: Inventory, { config }: RuleContext<Config>): Finding[] {
  const drRegions = config.drRegions;
  const replicaTag = config.replicaTagKey;
  const suffixes = config.replicaNameSuffixes;

  // Index candidates by the source they name (tag) and by their own name (convention).
  const byReplicaOf = new Map<string, Candidate[]>();
  const byName = new Map<string, Candidate[]>();
  const add = (m: Map<string, Candidate[]>, k: string, c: Candidate) => {
    const list = m.get(k);
    if (list) list.push(c);
    else m.set(k, [c]);
  };
  type Listed = { name: Maybe<string>; region: Maybe<string | undefined>; tags: Maybe<Tags> };
  const all: Listed[] = [
    ...inv.streams.map((s): Listed => ({ name: s.name, region: s.region, tags: s.tags })),
    ...(inv.drStreams ?? []).map((s): Listed => ({ name: s.name, region: s.region, tags: s.tags })),
  ];
  // A stream whose tags or name are unknown (preview) might be anyone's replica.
  let undecided = false;
  for (const c of all) {
    if (!isKnown(c.tags) || !isKnown(c.name)) undecided = true;
    const of = tagValue(c.tags, replicaTag);
    if (of !== undefined) add(byReplicaOf, of, c);
    if (isKnown(c.name)) add(byName, c.name, c);
  }

  const out: Finding[] = [];
  for (const s of inv.streams) {
    if (!judged(ID, s.name, s.tags, config)) continue;
    if (!isKnown(s.tags) || tagValue(s.tags, replicaTag) !== undefined) continue; // a replica itself
    const name = s.name;
    const region = s.region;
    if (!isKnown(name) || !isKnown(region)) continue;
    const arn = isKnown(s.arn) ? s.arn : undefined;
    const candidates = [
      ...(byReplicaOf.get(name) ?? []),
      ...(arn ? (byReplicaOf.get(arn) ?? []) : []),
      ...suffixes.flatMap((x) => byName.get(`${name}${x}`) ?? []),
    ];
    const ok = candidates.some((c) => typeof c.region === "string" && drRegions.includes(c.region) && c.region !== region);
    if (ok) continue;
    if (undecided || !isKnown(s.arn) || candidates.some((c) => !isKnown(c.region))) continue; // cannot tell yet
    out.push(
      finding(ID, {
        resource: s.id,
        property: `replica in ${drRegions.join(" / ")}`,
        found: candidates.length === 0 ? "no replica stream" : "replica streams only outside the DR regions",
        expected: `a stream tagged ${replicaTag}=${name} or named ${name}${suffixes[0] ?? "-replica"} in ${drRegions.join(" or ")}`,
        details: `Critical stream "${s.id.displayName}" has no replica in a DR region (${drRegions.join(", ")}): a regional outage stops ingestion and loses unconsumed records.`,
        remediation: `Create a stream "${name}${suffixes[0] ?? "-replica"}" in ${drRegions[0] ?? "a DR region"} tagged ${replicaTag}=${name} and replicate into it (Lambda or Managed Service for Apache Flink consumer).`,
      }),
    );
  }
  return out;
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  ...appliesTo("critical"),
  ...classification,
  drRegions: strings("Regions that count as DR regions.", ["us-west-2"]),
  replicaTagKey: str("Tag on a replica naming its source stream.", "ReplicaOf"),
  replicaNameSuffixes: strings("Naming convention: a stream named <source><suffix> in a DR region is a replica.", ["-replica", "-dr"]),
});

/** The replica's name and tag key (data, else the finding's `expected` text, else the rule's defaults). */
function crossRegionRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const tagKey = str(f.data?.replicaTagKey) ?? /tagged ([^=\s]+)=/.exec(f.expected ?? "")?.[1] ?? input.config.replicaTagKey;
  const suffix = input.config.replicaNameSuffixes[0] ?? "";
  const name = str(f.data?.replicaName) ?? / named (\S+) in /.exec(f.expected ?? "")?.[1] ?? `${input.resourceName}${suffix}`;
  return { drRegion: input.drRegions?.[0] ?? input.config.drRegions[0] ?? "", replica: { name, tagKey } };
}

export default defineRule({
  id: ID,
  issue: "No Cross-Region Replication",
  title: "Critical stream without a replica in a DR region",
  severity: "medium",
  category: "reliability",
  scope: ["stack"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "A critical stream has no replica stream in any configured DR region (found by the replica tag or the naming convention).",
  remediation: "Create a replica stream in a DR region and replicate to it (e.g. a Lambda or Managed Flink consumer), tagging it with the replica tag pointing at the source stream.",
  docsUrl: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
  config: CONFIG,
  evaluate: { stack: kdsCrossRegion },
  examples,
  // A DR region's stream listing failed (resource "DR region"): replicas may exist there, for
  // streams of every region. A fleet region's own ListStreams failure does not block it.
  // The DR regions are listed too (replicas live there), also when the audit does not cover them.
  live: {
    blockedBy: [{ api: "Kinesis.ListStreams", scope: "all", resource: "DR region" }],
    remediationValues: crossRegionRemediation,
    drFlags,
    regionsToList: (config) => config.drRegions,
  },
});
