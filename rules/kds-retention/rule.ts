/**
 * kds-retention: retention at or above the threshold costs extended-retention shard-hours
 * (https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html,
 * https://aws.amazon.com/kinesis/data-streams/pricing/). Security Hub control Kinesis.3 asks for
 * >= 168 h: teams that follow it exempt those streams with a justification tag.
 */
import { isKnown, type Finding, type StreamConfig } from "../model";
import { HOURS_PER_MONTH, usd } from "../pricing";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import { countOf } from "../wording";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { num, ruleConfig, strings } from "../lib/config-schema";
import { numberIn, posInt, type RemediationInput, type RemediationValues } from "../lib/remediation-values";

const ID = "kds-retention";

export function kdsRetention(stream: StreamConfig, { config, pricing }: RuleContext<Config>): Finding[] {
  if (!judged(ID, stream.name, stream.tags, config)) return [];
  const tags = stream.tags;
  if (!isKnown(tags)) return [];
  const justified = config.exemptTagKeys.map((k) => k.toLowerCase());
  if (Object.keys(tags ?? {}).some((k) => justified.includes(k.toLowerCase()))) return [];
  const hours = stream.retentionHours;
  if (!isKnown(hours)) return [];
  const max = config.maxRetentionHours;
  const recommended = config.recommendedRetentionHours;
  if (hours < max) return [];

  // Extended retention (beyond 24 h) is billed per shard-hour on provisioned streams; going back to
  // 24 h saves all of it. On-demand streams pay per GB instead (traffic unknown here).
  const shards = isKnown(stream.shardCount) ? stream.shardCount : undefined;
  const provisioned = stream.mode === "PROVISIONED";
  const saving =
    shards !== undefined && provisioned && recommended <= 24
      ? usd(pricing.extendedRetentionShardHour * shards * HOURS_PER_MONTH)
      : undefined;
  return [
    finding(ID, {
      resource: stream.id,
      property: "retentionPeriod",
      found: `${hours} h`,
      expected: `${recommended} h (flagged at >= ${max} h)`,
      details:
        `Stream "${stream.id.displayName}" retains records for ${hours} h; ${recommended} h is the default and usually enough.` +
        (saving === undefined
          ? ""
          : ` Extended retention costs $${pricing.extendedRetentionShardHour}/shard-hour x ${countOf(shards ?? "?", "shard")} x ${HOURS_PER_MONTH} h = $${saving.toFixed(2)}/month.`),
      remediation: `Set retentionPeriod: ${recommended} (DecreaseStreamRetentionPeriod), or tag the stream with ${config.exemptTagKeys[0] ?? "a justification tag"} if consumers need the replay window (e.g. Security Hub Kinesis.3).`,
      ...(saving === undefined ? {} : { monthlyImpactUsd: saving }),
    }),
  ];
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  maxRetentionHours: num("Retention (h) at or above which the stream is flagged.", 168, 25),
  recommendedRetentionHours: num("Retention (h) recommended instead.", 24, 24),
  exemptTagKeys: strings("Tag keys that justify long retention (any value exempts).", ["RetentionJustification", "RetentionRequired"]),
});

/** The retention the finding recommends (data, else its `expected` text, else the rule's default). */
function retentionRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  const target =
    posInt(f.data?.recommendedRetentionHours) ?? numberIn(f.expected, /^(\d+) h\b/) ?? numberIn(f.remediation, /retentionPeriod: (\d+)/) ?? input.config.recommendedRetentionHours;
  return { retention: { currentHours: typeof input.stream?.retentionHours === "number" ? input.stream.retentionHours : null, targetHours: target } };
}

export default defineRule({
  id: ID,
  issue: "Excessive Retention",
  title: "Retention longer than needed",
  severity: "low",
  category: "cost",
  scope: ["static"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "Retention at or above the threshold (extended retention is billed per shard-hour) on a stream not tagged as needing it. Trade-off: AWS Security Hub control Kinesis.3 asks for at least 168 h; exempt those streams by tag.",
  remediation: "Lower retentionPeriod to 24 h (DecreaseStreamRetentionPeriod), or tag the stream with a retention justification to exempt it.",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html",
  config: CONFIG,
  evaluate: { stream: kdsRetention },
  examples,
  live: { remediationValues: retentionRemediation },
});
