/**
 * Classification shared by the rules: is a resource sensitive, critical, or exempt from a rule.
 * Tags decide first (keys and values case-insensitive); name keywords are the fallback when the
 * resource carries none of the classification tag keys.
 */
import { isKnown, type Maybe, type Tags } from "./model";
import type { RuleConfig } from "./config";

export type Classification = "sensitive" | "critical";
/** Result of a classification: yes/no, or UNKNOWN-ness propagated ("cannot tell yet"). */
export type Verdict = boolean | "unknown";

function tagLookup(tags: Tags): Map<string, string> {
  return new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), String(v).toLowerCase()]));
}

/**
 * Does the resource fall into `kind` (sensitive or critical) under the rule's config?
 * Uses `<kind>Tags` and `nameKeywords` from the config.
 */
export function classify(kind: Classification, name: Maybe<string>, tags: Maybe<Tags | undefined>, cfg: RuleConfig): Verdict {
  const tagMap = (cfg[`${kind}Tags`] ?? {}) as Record<string, string[]>;
  if (!isKnown(tags)) return "unknown";
  const have = tagLookup(tags ?? {});
  let taggedKeyPresent = false;
  for (const [key, values] of Object.entries(tagMap)) {
    const v = have.get(key.toLowerCase());
    if (v === undefined) continue;
    taggedKeyPresent = true;
    if (values.some((x) => x.toLowerCase() === v)) return true;
  }
  if (taggedKeyPresent) return false; // an explicit classification tag beats the name heuristic
  if (!isKnown(name)) return "unknown";
  const lower = (name ?? "").toLowerCase();
  const keywords = (cfg.nameKeywords ?? []) as string[];
  return keywords.some((k) => lower.includes(k.toLowerCase()));
}

/** Does the rule's `appliesTo` setting select this resource? */
export function inScope(name: Maybe<string>, tags: Maybe<Tags | undefined>, cfg: RuleConfig): Verdict {
  const appliesTo = (cfg.appliesTo ?? "all") as "sensitive" | "critical" | "all";
  if (appliesTo === "all") return true;
  return classify(appliesTo, name, tags, cfg);
}

/** Is the resource exempt from `ruleId` by the exemption tag ("all" or a comma-separated id list)? */
export function isExempt(ruleId: string, tags: Maybe<Tags | undefined>, cfg: RuleConfig): Verdict {
  if (!isKnown(tags)) return "unknown";
  const key = String(cfg.exemptionTagKey ?? "kinesis-guard:exempt").toLowerCase();
  const value = tagLookup(tags ?? {}).get(key);
  if (value === undefined) return false;
  return value.split(",").some((v) => {
    const t = v.trim();
    return t === "all" || t === ruleId;
  });
}
