/**
 * Building blocks of the rules' config schemas (TypeBox: one declaration gives the JSON schema with
 * defaults and the static type). The fragments several rules share: classification, exemption,
 * appliesTo. Each block keeps the plain JSON-schema form the catalog always had (no anyOf or
 * patternProperties), so ajv's error messages and the Pulumi CLI see the same schema as before.
 */
import { Type, type Static, type TArray, type TBoolean, type TNumber, type TObject, type TProperties, type TString, type TUnsafe } from "@sinclair/typebox";

/** Tags deciding that a resource holds sensitive data (key -> values, case-insensitive). */
export const DEFAULT_SENSITIVE_TAGS = { DataClassification: ["pii", "sensitive", "confidential", "restricted"] };
/** Tags deciding that a resource is business-critical. */
export const DEFAULT_CRITICAL_TAGS = { Criticality: ["critical", "high"], Tier: ["critical", "tier-1", "tier1"] };
/**
 * Name keywords: the fallback when no classification tag is present, matched on whole name tokens
 * (rules/classify.ts). Two lists: a PII word ("user") says nothing about criticality. The spec
 * script's words (../shared/peers/analyze_kinesis.py: sensitive customer, user, payment, pii,
 * personal, credit; critical payment, order, transaction, critical, primary) are in them.
 */
export const DEFAULT_SENSITIVE_NAME_KEYWORDS = ["customer", "user", "payment", "pii", "personal", "credit", "card", "account"];
export const DEFAULT_CRITICAL_NAME_KEYWORDS = ["payment", "order", "transaction", "critical", "primary"];
/** Tag that exempts a resource from rules: value "all" or a comma-separated list of rule ids. */
export const EXEMPTION_TAG_KEY = "kinesis-guard:exempt";

/** A number with a default and bounds. */
export const num = (description: string, def: number, minimum = 0, maximum?: number): TNumber =>
  Type.Number({ description, default: def, minimum, ...(maximum === undefined ? {} : { maximum }) });

/** A list of strings with a default. */
export const strings = (description: string, def: string[]): TArray<TString> => Type.Array(Type.String(), { description, default: def });

export const bool = (description: string, def: boolean): TBoolean => Type.Boolean({ description, default: def });

export const str = (description: string, def: string): TString => Type.String({ description, default: def });

/** One of a few strings (a plain `enum`, not TypeBox's anyOf of literals). */
export const oneOf = <T extends string>(values: readonly T[], opts: { description?: string; default?: T } = {}): TUnsafe<T> =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...opts });

/** Tag key -> accepted values (case-insensitive). */
const tagValueMap = (description: string, def: Record<string, string[]>): TUnsafe<Record<string, string[]>> =>
  Type.Unsafe<Record<string, string[]>>({ type: "object", description, additionalProperties: { type: "array", items: { type: "string" } }, default: def });

/** How rules with `appliesTo` classify resources as sensitive or critical (rules/classify.ts). */
export const classification = {
  sensitiveTags: tagValueMap("Tag keys and the values (case-insensitive) that mark a resource as sensitive.", DEFAULT_SENSITIVE_TAGS),
  criticalTags: tagValueMap("Tag keys and the values (case-insensitive) that mark a resource as critical.", DEFAULT_CRITICAL_TAGS),
  sensitiveNameKeywords: strings(
    "Name keywords that make an untagged resource sensitive (whole name tokens split on - _ . and camelCase; plain plurals match).",
    DEFAULT_SENSITIVE_NAME_KEYWORDS,
  ),
  criticalNameKeywords: strings(
    "Name keywords that make an untagged resource critical (whole name tokens split on - _ . and camelCase; plain plurals match).",
    DEFAULT_CRITICAL_NAME_KEYWORDS,
  ),
  nameKeywords: strings(
    "Deprecated (the single list of earlier versions): when non-empty, this one list classifies untagged resources as both sensitive and critical, replacing sensitiveNameKeywords and criticalNameKeywords. Move it to those two lists.",
    [],
  ),
};

/** Which resources a rule with `appliesTo` judges. */
export const appliesTo = (def: "sensitive" | "critical" | "all") => ({
  appliesTo: oneOf(["sensitive", "critical", "all"], { description: "Which resources the rule judges: those classified sensitive, critical, or all.", default: def }),
});

const exemption = {
  exemptionTagKey: str(`Tag whose value ("all" or comma-separated rule ids) exempts a resource.`, EXEMPTION_TAG_KEY),
  // Its default is set per rule by defineRule: false for the rules that are mandatory by default.
  allowTagExemption: Type.Boolean({
    description:
      "Whether the exemption tag may exempt a resource from this rule. Default: yes, except for the rules that are mandatory by default (encryption, S3 backup, plaintext credentials), whose accepted exceptions belong in the CLI config's exemptions, with a reason.",
    default: true,
  }),
};

/** A rule's config: its own keys plus the exemption tag key every rule has; unknown keys are errors. */
export const ruleConfig = <P extends TProperties>(properties: P): TObject<P & typeof exemption> =>
  Type.Object({ ...properties, ...exemption }, { additionalProperties: false });

export const FIREHOSE_METRICS_DOC = "https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html";
export const KDS_METRICS_DOC = "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html";

/** A config schema's defaults (what resolveRuleConfig gives for no settings), for code that cannot import rules/config.ts. */
export function configDefaults<T extends TObject>(schema: T): Static<T> {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(schema.properties)) out[key] = structuredClone((s as { default?: unknown }).default);
  return Object.freeze(out) as Static<T>;
}
