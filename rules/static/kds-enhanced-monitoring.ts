/**
 * kds-enhanced-monitoring: critical streams need shard-level metrics
 * (https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html#kinesis-metrics-shard).
 * Shard-level metrics are billed as CloudWatch custom metrics, one per shard and metric.
 */
import { isKnown, type Finding, type StreamConfig } from "../model";
import { usd } from "../pricing";
import type { RuleContext } from "../types";
import { finding, judged, scopeWord, show } from "./finding";
import { countOf } from "../wording";

const ID = "kds-enhanced-monitoring";


/** The shard-level metrics of `required` that `enabled` lacks. */
export function missingShardMetrics(enabled: readonly string[], required: readonly string[]): string[] {
  if (enabled.includes("ALL")) return [];
  const on = new Set(enabled);
  return required.filter((m) => !on.has(m));
}

export function kdsEnhancedMonitoring(stream: StreamConfig, { config, pricing }: RuleContext): Finding[] {
  if (!judged(ID, stream.name, stream.tags, config)) return [];
  const enabled = stream.shardLevelMetrics;
  if (!isKnown(enabled)) return [];
  const required = (config.requiredMetrics ?? []) as string[];
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
