/**
 * Classification shared by the rules: is a resource sensitive, critical, or exempt from a rule.
 * Tags decide first (keys and values case-insensitive); name keywords are the fallback when the
 * resource carries none of the classification tag keys.
 *
 * Name keywords match whole name tokens, never substrings: the name is split on `-`, `_`, `.`,
 * `/`, `:`, spaces and camelCase boundaries, so "border-crossings" does not contain "order" and
 * "user-clickstream" is sensitive (the "user" token) but not critical. A keyword also matches its
 * plain plural ("orders", "payments"). A keyword with separators ("credit-card") matches those
 * tokens in sequence. Sensitive and critical are two lists (`sensitiveNameKeywords`,
 * `criticalNameKeywords`); the old single `nameKeywords` list is still accepted (see nameKeywordsFor).
 */
import { isKnown, type Maybe, type Tags } from "./model";
import type { RuleConfig } from "./types";

export type Classification = "sensitive" | "critical";
/** Result of a classification: yes/no, or UNKNOWN-ness propagated ("cannot tell yet"). */
export type Verdict = boolean | "unknown";

function tagLookup(tags: Tags): Map<string, string> {
  return new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), String(v).toLowerCase()]));
}

/** Lower-case tokens of a resource name: split on separators and camelCase boundaries. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[-_.\s/:]+/)
    .filter((t) => t.length > 0);
}

/** Does any keyword match a token (or a run of tokens) of `name`? Plain plurals (+s, +es) match too. */
export function nameHasKeyword(name: string, keywords: readonly string[]): boolean {
  const tokens = nameTokens(name);
  const same = (token: string, kw: string) => token === kw || token === `${kw}s` || token === `${kw}es`;
  return keywords.some((k) => {
    const kw = nameTokens(k);
    if (kw.length === 0) return false;
    for (let i = 0; i + kw.length <= tokens.length; i++) {
      if (kw.every((w, j) => (j === kw.length - 1 ? same(tokens[i + j]!, w) : tokens[i + j] === w))) return true;
    }
    return false;
  });
}

/**
 * The name keywords for `kind`: `<kind>NameKeywords`, unless the deprecated `nameKeywords` is set.
 * `nameKeywords` (one list for both kinds, as before the split) keeps its old meaning: when a user
 * gives a non-empty list, it is the keyword list of both classifications and replaces both new
 * lists. Its default is empty (so the Pulumi CLI can merge schema defaults without triggering it).
 */
export function nameKeywordsFor(kind: Classification, cfg: RuleConfig): readonly string[] {
  if (Array.isArray(cfg.nameKeywords) && cfg.nameKeywords.length > 0) return cfg.nameKeywords as string[];
  return (cfg[`${kind}NameKeywords`] ?? []) as string[];
}

/**
 * Does the resource fall into `kind` (sensitive or critical) under the rule's config?
 * Uses `<kind>Tags` and `<kind>NameKeywords` (or the deprecated `nameKeywords`) from the config.
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
  return nameHasKeyword(name ?? "", nameKeywordsFor(kind, cfg));
}

/** Does the rule's `appliesTo` setting select this resource? */
export function inScope(name: Maybe<string>, tags: Maybe<Tags | undefined>, cfg: RuleConfig): Verdict {
  const appliesTo = (cfg.appliesTo ?? "all") as "sensitive" | "critical" | "all";
  if (appliesTo === "all") return true;
  return classify(appliesTo, name, tags, cfg);
}

/** Is the resource exempt from `ruleId` by the exemption tag ("all" or a comma-separated id list)? */
export function isExempt(ruleId: string, tags: Maybe<Tags | undefined>, cfg: RuleConfig): Verdict {
  // allowTagExemption defaults to false for the rules that are mandatory by default (defineRule).
  if (cfg.allowTagExemption === false) return false;
  if (!isKnown(tags)) return "unknown";
  const key = String(cfg.exemptionTagKey ?? "kinesis-guard:exempt").toLowerCase();
  const value = tagLookup(tags ?? {}).get(key);
  if (value === undefined) return false;
  return value.split(",").some((v) => {
    const t = v.trim();
    return t === "all" || t === ruleId;
  });
}
