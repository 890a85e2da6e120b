/**
 * Alarm recommendations for missing coverage, prioritized. The rules that recommend alarms say
 * which, with thresholds from their typed configs (their `live.alarmRecommendations` hook,
 * rules/define-rule.ts): streams and delivery streams from the alarm rules' findings (the same rule
 * code decides what is missing), enhanced fan-out consumers from the consumer-lag rule.
 */
import type { RuleConfig } from "../../rules/config";
import { resolveRuleConfig } from "../../rules/config";
import { CATALOG, type Rule } from "../../rules/catalog";
import type { ConfigOf } from "../../rules/define-rule";
import type { AlarmConfig, ConsumerConfig, Finding, StreamConfig } from "../../rules/model";
import type { AlarmRecommendation } from "../../rules/lib/alarm-recommendation";

export { DATA_FRESHNESS_ALARM_SECONDS, deliverySuccessSpec, iteratorAgeSpec, successThresholdFor } from "../../rules/lib/alarm-recommendation";
export type { AlarmRecommendation, AlarmSpec } from "../../rules/lib/alarm-recommendation";

/** Recommendations from the rules' hooks, most urgent first. */
export function alarmRecommendations(
  findings: readonly Finding[],
  analyzed: { readonly streams: readonly StreamConfig[]; readonly consumers: readonly ConsumerConfig[]; readonly alarms: readonly AlarmConfig[] },
  configs: Readonly<Record<string, RuleConfig>>,
  rules: readonly Rule[] = CATALOG,
): AlarmRecommendation[] {
  // Every rule's config, also a disabled one's (its threshold still fits the alarm); defaults when absent.
  const configFor = (id: string): RuleConfig => configs[id] ?? resolveRuleConfig(id, undefined);
  // Sound: configs are resolved against the rule's own schema, whose static type is T.
  const configOf: ConfigOf = <T>(r: { readonly id: string }) => configFor(r.id) as T;
  const out: AlarmRecommendation[] = [];
  for (const r of rules) {
    const recommend = r.live.alarmRecommendations;
    if (!recommend) continue;
    out.push(...recommend({ findings: findings.filter((f) => f.ruleId === r.id), ...analyzed, config: configFor(r.id), configOf }));
  }
  return out.sort((a, b) => a.priority - b.priority || a.resourceName.localeCompare(b.resourceName) || a.metricName.localeCompare(b.metricName));
}
