/**
 * kds-idle-stream: a PROVISIONED stream with no records written in the whole window still pays for
 * its shards. Provisioned streams are billed per shard-hour whether or not data flows; extended
 * retention (> 24 h) per shard-hour too; each enhanced fan-out consumer per consumer-shard-hour
 * (https://aws.amazon.com/kinesis/data-streams/pricing/). "No records" is a records series with no
 * datapoints (CloudWatch publishes nothing for a stream nobody writes to:
 * https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html) or only zeros; a
 * series that could not be collected decides nothing. The whole monthly cost is the saving of
 * deleting the stream; keeping it as a 1-shard standby is the alternative the finding names.
 * This rule runs on low-traffic streams too (the traffic filter skips the other metric rules).
 */
import { tagExemptionUnknown } from "../tag-exemption";
import { metric } from "../metric-requests";
import { HOURS_PER_MONTH, usd } from "../pricing";
import { updateShardCountSteps } from "../metric/capacity";
import { metricFinding } from "../lib/finding-builder";
import { money } from "../lib/text-format";
import type { StreamMetricRule } from "../metric/types";
import { countOf } from "../wording";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { ruleConfig } from "../lib/config-schema";

export const RULE_ID = "kds-idle-stream";

export const kdsIdleStream: StreamMetricRule<Config> = (stream, ctx) => {
  if (stream.mode !== "PROVISIONED") return [];
  if (tagExemptionUnknown(RULE_ID, stream.tags, ctx.config)) return []; // tags unknown: no verdict (a stream exempt by tag is judged; the engine sets its finding apart)
  const shards = typeof stream.shardCount === "number" ? stream.shardCount : undefined;
  if (shards === undefined || shards < 1) return [];
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const records = ctx.metrics.get(metric.streamIncomingRecords(region, name));
  if (!records || records.status === "error") return []; // not collected: not established
  const total = records.status === "ok" ? records.values.reduce((a, b) => a + b, 0) : 0;
  if (total > 0) return [];

  const retention = typeof stream.retentionHours === "number" ? stream.retentionHours : 24;
  const consumers = ctx.consumers.length;
  const p = ctx.pricing;
  const shardCost = shards * p.shardHour * HOURS_PER_MONTH;
  const retentionCost = retention > 24 ? shards * p.extendedRetentionShardHour * HOURS_PER_MONTH : 0;
  const consumerCost = consumers * shards * p.efoConsumerShardHour * HOURS_PER_MONTH;
  const monthly = usd(shardCost + retentionCost + consumerCost);
  const standby = usd(p.shardHour * HOURS_PER_MONTH);
  const steps = updateShardCountSteps(shards, 1);
  const days = Math.round((ctx.window.end - ctx.window.start) / 86400);
  const parts = [
    `${countOf(shards, "shard")} x $${p.shardHour}/shard-hour`,
    ...(retentionCost > 0 ? [`extended retention (${retention} h) $${p.extendedRetentionShardHour}/shard-hour`] : []),
    ...(consumerCost > 0 ? [`${countOf(consumers, "enhanced fan-out consumer")} x $${p.efoConsumerShardHour}/consumer-shard-hour`] : []),
  ];
  const evidence = records.status === "ok" ? "IncomingRecords is 0 in every hour with a datapoint" : "no IncomingRecords datapoint: CloudWatch publishes none for a stream nobody writes to";
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "shardCount",
      found: `${countOf(shards, "shard")}, 0 records in ${days} days`,
      expected: "records written, or no provisioned shards",
      details: `Stream ${name} had no records written in the ${days}-day window (${evidence}) but pays for ${countOf(shards, "shard")}: ${parts.join(" + ")} = about $${money(monthly)}/month.`,
      remediation:
        `If nothing writes to it any more, delete it (DeleteStream; it drops any records still retained) to save about $${money(monthly)}/month. ` +
        (shards > 1
          ? `If it must stay as a standby, lower it to 1 shard with UpdateShardCount (${steps.length} call${steps.length === 1 ? "" : "s"}: ${[shards, ...steps].join(" -> ")}; each call can at most halve the count), about $${money(standby)}/month.`
          : `If it must stay as a standby, it is already at 1 shard (about $${money(standby)}/month).`),
      monthlyImpactUsd: monthly,
      data: {
        currentShards: shards,
        recordsInWindow: 0,
        monthlyCostUsd: monthly,
        standbyMonthlyCostUsd: standby,
        updateShardCountSteps: steps,
        retentionHours: retention,
        consumers,
      },
    }),
  ];
};

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({});

export default defineRule({
  id: RULE_ID,
  issue: "Idle Stream",
  title: "Provisioned stream with no records pays for its shards",
  severity: "medium",
  category: "cost",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description:
    "A PROVISIONED stream with no records written in the whole window (no IncomingRecords datapoint, or only zeros) still pays for every shard-hour, plus extended retention and enhanced fan-out consumer-shard-hours. The finding's monthly cost counts in the estimated savings (deleting the stream). Runs on low-traffic streams too.",
  remediation: "Delete the stream if nothing writes to it any more (DeleteStream), or keep it as a 1-shard standby (UpdateShardCount, at most halving per call).",
  docsUrl: "https://aws.amazon.com/kinesis/data-streams/pricing/",
  config: CONFIG,
  evaluate: { streamMetric: kdsIdleStream },
  examples,
  judgesLowTraffic: true,
});
