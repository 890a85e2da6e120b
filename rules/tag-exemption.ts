/**
 * The exemption tag (`kinesis-guard:exempt` = `all` or a comma-separated list of rule ids; key set
 * by `exemptionTagKey`), applied by the rule engine rather than by each rule (issue 13): a rule
 * judges a resource as if it were not exempt, and its findings on a resource that the tag exempts
 * from the rule are set apart as tag-exempt. defineRule wraps every evaluate function with this, so
 * `Rule.evaluate` returns the active findings only (what the policy pack reports: an exempt
 * resource stays silent, as before), and `Rule.judge` returns both lists (what `scan` and `audit`
 * list as suppressed, kind "tag").
 *
 * Unchanged on purpose:
 * - `allowTagExemption: false` (the default of the rules that are mandatory by default): the tag
 *   exempts nothing, the finding stays active (isExempt says false).
 * - Tags unknown during a Pulumi preview: isExempt says "unknown" and nothing is set apart; the
 *   rules keep their own "cannot tell yet" handling (judged(), tagExemptionUnknown()).
 */
import { isExempt } from "./classify";
import { isKnown, type Finding, type Maybe, type Tags } from "./model";
import type { RuleConfig } from "./types";

/** The exemption tag as the resource carries it (key and value with their own spelling). */
export interface ExemptionTag {
  readonly key: string;
  readonly value: string;
}

/** A finding on a resource that the exemption tag exempts from the finding's rule. */
export interface TagExemptFinding {
  readonly finding: Finding;
  readonly tag: ExemptionTag;
}

/** A rule's verdicts split by the exemption tag: `findings` are active, `tagExempt` are accepted by the tag. */
export interface Judgement {
  readonly findings: Finding[];
  readonly tagExempt: TagExemptFinding[];
}

/** The tag that exempts the resource from `ruleId`, when it does (isExempt is true); undefined otherwise, and when tags are unknown. */
export function exemptionTag(ruleId: string, tags: Maybe<Tags | undefined>, cfg: RuleConfig): ExemptionTag | undefined {
  if (isExempt(ruleId, tags, cfg) !== true || !isKnown(tags) || !tags) return undefined;
  const wanted = String(cfg.exemptionTagKey ?? "kinesis-guard:exempt").toLowerCase();
  const key = Object.keys(tags).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : { key, value: String(tags[key]) };
}

/**
 * Is the exemption tag undecidable for this resource (tags unknown at preview, and the rule lets the
 * tag exempt)? A rule that gave no verdict on such a resource before keeps giving none.
 */
export function tagExemptionUnknown(ruleId: string, tags: Maybe<Tags | undefined>, cfg: RuleConfig): boolean {
  return isExempt(ruleId, tags, cfg) === "unknown";
}

/**
 * Split a rule's findings: those on a resource the tag exempts from the rule are tag-exempt.
 * `tagsOf` gives the tags of a finding's resource (undefined: not a resource the rule judged by its
 * tags; the finding stays active).
 */
export function splitByExemptionTag(ruleId: string, findings: readonly Finding[], cfg: RuleConfig, tagsOf: (f: Finding) => Maybe<Tags | undefined>): Judgement {
  if (findings.length === 0) return { findings: [], tagExempt: [] };
  const active: Finding[] = [];
  const tagExempt: TagExemptFinding[] = [];
  for (const f of findings) {
    const tag = exemptionTag(ruleId, tagsOf(f), cfg);
    if (tag) tagExempt.push({ finding: f, tag });
    else active.push(f);
  }
  return { findings: active, tagExempt };
}

/** Two judgements as one (active with active, tag-exempt with tag-exempt). */
export function joinJudgements(parts: readonly Judgement[]): Judgement {
  return { findings: parts.flatMap((p) => p.findings), tagExempt: parts.flatMap((p) => p.tagExempt) };
}
