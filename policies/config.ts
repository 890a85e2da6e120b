/**
 * The one place policies read their configuration. The Pulumi CLI applies configSchema defaults
 * before Configure, the SDK (and a pack driven by another client) does not: resolving here makes
 * the pack behave the same either way and rejects bad values with a message naming the key.
 */
import { resolveRuleConfig, type RuleConfig } from "../rules/config";

const cache = new Map<string, RuleConfig>();

/**
 * Resolved config of `ruleId` from what the engine passed to `policyName` (usually the same name).
 * @throws ConfigError naming the policy, key, value and what is allowed.
 */
export function policyConfig(ruleId: string, policyName: string, getConfig: () => unknown): RuleConfig {
  const raw = getConfig();
  const key = `${ruleId}|${policyName}|${JSON.stringify(raw ?? null)}`;
  let cfg = cache.get(key);
  if (!cfg) {
    cfg = resolveRuleConfig(ruleId, raw, `--policy-pack-config, policy "${policyName}"`);
    cache.set(key, cfg);
  }
  return cfg;
}
