/**
 * kds-enhanced-monitoring: critical streams need shard-level metrics
 * (https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html#kinesis-metrics-shard).
 * Shard-level metrics are billed as CloudWatch custom metrics, one per shard and metric.
 */
import { isKnown, type Finding, type StreamConfig } from "../model";
import { usd } from "../pricing";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged, scopeWord, show } from "../lib/judge";
import { countOf } from "../wording";
import type { Static } from "@sinclair/typebox";
import { defineRule, type PulumiProps } from "../define-rule";
import examples from "./examples";
import { appliesTo, classification, ruleConfig, strings } from "../lib/config-schema";
import { stringsOf, type RemediationInput, type RemediationValues } from "../lib/remediation-values";

const ID = "kds-enhanced-monitoring";


/** The shard-level metrics of `required` that `enabled` lacks. */
export function missingShardMetrics(enabled: readonly string[], required: readonly string[]): string[] {
  if (enabled.includes("ALL")) return [];
  const on = new Set(enabled);
  return required.filter((m) => !on.has(m));
}

export function kdsEnhancedMonitoring(stream: StreamConfig, { config, pricing }: RuleContext<Config>): Finding[] {
  if (!judged(ID, stream.name, stream.tags, config)) return [];
  const enabled = stream.shardLevelMetrics;
  if (!isKnown(enabled)) return [];
  const required = config.requiredMetrics;
  const missing = missingShardMetrics(enabled, required);
  if (missing.length === 0) return [];
  const shards = isKnown(stream.shardCount) ? stream.shardCount : undefined;
  const addedCost = shards === undefined ? undefined : usd(missing.length * shards * pricing.cloudwatchMetricMonth);
  return [
    finding(ID, {
      resource: stream.id,
      property: "shardLevelMetrics",
      found: enabled.length === 0 ? "[] (enhanced monitoring off)" : show(enabled),
      expected: `includes ${show(required)}`,
      details:
        `Stream "${stream.id.displayName}" (${scopeWord(config)}) lacks shard-level metrics ${missing.join(", ")}; ` +
        `hot shards and per-shard throttling stay invisible.` +
        (addedCost === undefined ? "" : ` Enabling them adds about $${addedCost.toFixed(2)}/month (${countOf(missing.length, "metric")} x ${countOf(shards ?? "?", "shard")}).`),
      remediation: `Add shardLevelMetrics: [${required.map((m) => `"${m}"`).join(", ")}] (EnableEnhancedMonitoring).`,
      ...(addedCost === undefined ? {} : { data: { addedMonthlyCostUsd: addedCost, missingMetrics: missing } }),
    }),
  ];
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  ...appliesTo("critical"),
  ...classification,
  requiredMetrics: strings("Shard-level metrics that must be enabled.", ["IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"]),
});

/** The missing metrics (data, else the rule's default list minus what is on), and the full list to declare. */
function enhancedMonitoringRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  const levels = input.stream?.shardLevelMetrics;
  const on = Array.isArray(levels) ? [...(levels as readonly string[])] : [];
  const add = stringsOf(f.data?.missingMetrics) ?? input.config.requiredMetrics.filter((m) => !on.includes(m));
  return { shardMetrics: { add, all: [...on.filter((m) => m !== "ALL"), ...add.filter((m) => !on.includes(m))] } };
}

/** Pack remediation: add the required metrics to those already on (EnableEnhancedMonitoring, in place). */
function fixShardLevelMetrics(props: PulumiProps, findings: readonly Finding[], _stream: StreamConfig, config: Config): PulumiProps | undefined {
  if (findings.length === 0) return undefined;
  const current = Array.isArray(props.shardLevelMetrics) ? (props.shardLevelMetrics as unknown[]).filter((m): m is string => typeof m === "string") : [];
  return { ...props, shardLevelMetrics: [...new Set([...current, ...config.requiredMetrics])] };
}

export default defineRule({
  id: ID,
  issue: "No Enhanced Monitoring",
  title: "Critical stream without shard-level metrics",
  severity: "medium",
  category: "observability",
  scope: ["static"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "A critical stream has no shard-level (enhanced) metrics, so hot shards and per-shard throttling cannot be seen.",
  remediation: "Enable shard-level metrics (shardLevelMetrics / EnableEnhancedMonitoring) for IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded and IteratorAgeMilliseconds.",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html#kinesis-metrics-shard",
  config: CONFIG,
  evaluate: { stream: kdsEnhancedMonitoring },
  examples,
  live: { remediationValues: enhancedMonitoringRemediation },
  pack: { fixStream: fixShardLevelMetrics },
});
