/**
 * The rule catalog: the list of every rule. Each rule is a folder, rules/<rule-id>/, whose rule.ts
 * holds its id, exact issue string (the mission's), severity, category, scope, config (one TypeBox
 * declaration: JSON schema with defaults and static type), remediation and evaluate function(s).
 * The policy pack, the live audit, `kinesis-guard rules` and docs/rules.md are all built from this
 * list, in this order. Adding a rule: one new folder and one line here (README, "Adding a rule").
 */
import type { Rule, RuleMeta } from "./define-rule";
import kdsIteratorAge from "./kds-iterator-age/rule";
import kdsWriteThrottling from "./kds-write-throttling/rule";
import kdsUnderProvisioned from "./kds-under-provisioned/rule";
import kdsOverProvisioned from "./kds-over-provisioned/rule";
import kdsEnhancedMonitoring from "./kds-enhanced-monitoring/rule";
import kdsRetention from "./kds-retention/rule";
import kdsEncryption from "./kds-encryption/rule";
import kdfDeliveryFailures from "./kdf-delivery-failures/rule";
import kdfSmallBuffers from "./kdf-small-buffers/rule";
import kdfNoTransformation from "./kdf-no-transformation/rule";
import kdfS3Backup from "./kdf-s3-backup/rule";
import kdsAlarms from "./kds-alarms/rule";
import kdfAlarms from "./kdf-alarms/rule";
import kdsConsumerLag from "./kds-consumer-lag/rule";
import kdsHotShard from "./kds-hot-shard/rule";
import kdfVpcEndpoint from "./kdf-vpc-endpoint/rule";
import kdsCrossRegion from "./kds-cross-region/rule";
import kdsOnDemandSteady from "./kds-on-demand-steady/rule";
import kdsIdleStream from "./kds-idle-stream/rule";
import kdfEncryption from "./kdf-encryption/rule";
import kdfPlaintextCredentials from "./kdf-plaintext-credentials/rule";

export type { ConfigSchema, Enforcement, Rule, RuleMeta, RuleSummary, Scope } from "./define-rule";
export {
  DEFAULT_CRITICAL_NAME_KEYWORDS,
  DEFAULT_CRITICAL_TAGS,
  DEFAULT_SENSITIVE_NAME_KEYWORDS,
  DEFAULT_SENSITIVE_TAGS,
  EXEMPTION_TAG_KEY,
} from "./lib/config-schema";

export const CATALOG: readonly Rule[] = [
  kdsIteratorAge,
  kdsWriteThrottling,
  kdsUnderProvisioned,
  kdsOverProvisioned,
  kdsEnhancedMonitoring,
  kdsRetention,
  kdsEncryption,
  kdfDeliveryFailures,
  kdfSmallBuffers,
  kdfNoTransformation,
  kdfS3Backup,
  kdsAlarms,
  kdfAlarms,
  kdsConsumerLag,
  kdsHotShard,
  kdfVpcEndpoint,
  kdsCrossRegion,
  kdsOnDemandSteady,
  kdsIdleStream,
  kdfEncryption,
  kdfPlaintextCredentials,
];

/**
 * Static and stack rules that run before the others of their part, so the findings on one resource
 * keep the order they had before the catalog became this list (reports stay byte-identical). Every
 * other rule runs after these, in catalog order: a new rule needs no line here.
 */
const RUN_FIRST: Readonly<Partial<Record<keyof Rule["evaluate"], readonly Rule[]>>> = {
  stream: [kdsEncryption],
  stack: [kdsAlarms, kdfAlarms, kdfEncryption],
};

/** The rules with a `part` evaluate function, in the order they run (see RUN_FIRST). */
export function rulesRunning(part: keyof Rule["evaluate"]): Rule[] {
  const first = RUN_FIRST[part] ?? [];
  return [...first, ...CATALOG.filter((r) => !first.includes(r))].filter((r) => r.evaluate[part] !== undefined);
}

const byId = new Map(CATALOG.map((r) => [r.id, r]));
if (byId.size !== CATALOG.length) throw new Error(`rules/catalog.ts: a rule id is listed twice (${CATALOG.map((r) => r.id).join(", ")})`);

/** The catalog entry of a rule; throws on an unknown id (a programming error). */
export function rule(id: string): Rule {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown rule id "${id}"`);
  return r;
}

export const RULE_IDS: readonly string[] = CATALOG.map((r) => r.id);

/**
 * Pack policy names that are not rule ids. Policy names are unique in a pack, so a rule with both a
 * resource part and a stack part (kdf-encryption: DirectPut vs Kinesis-sourced) names its stack part
 * (the rule's `stackPolicyName`).
 */
export const EXTRA_POLICY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  CATALOG.filter((r) => r.stackPolicyName !== undefined).map((r) => [r.stackPolicyName!, r.id]),
);

/** Every policy name the pack registers, per rule id. */
export function policyNamesOf(ruleId: string): string[] {
  return [ruleId, ...Object.keys(EXTRA_POLICY_NAMES).filter((n) => EXTRA_POLICY_NAMES[n] === ruleId)];
}

/** The rule id behind a pack policy name. */
export function ruleIdOfPolicy(policyName: string): string {
  return EXTRA_POLICY_NAMES[policyName] ?? policyName;
}

/** The metadata of every rule (no evaluate functions), e.g. for listings. */
export function ruleMetas(): RuleMeta[] {
  return CATALOG.map(({ evaluate: _evaluate, stackPolicyName: _s, judgesLowTraffic: _l, examples: _e, live: _live, pack: _pack, report: _report, ...meta }) => meta);
}
