/**
 * kds-retention: retention at or above the threshold costs extended-retention shard-hours
 * (https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html,
 * https://aws.amazon.com/kinesis/data-streams/pricing/). Security Hub control Kinesis.3 asks for
 * >= 168 h: teams that follow it exempt those streams with a justification tag.
 */
import { isKnown, type Finding, type StreamConfig } from "../model";
import { HOURS_PER_MONTH, usd } from "../pricing";
import type { RuleContext } from "../types";
import { finding, judged } from "./finding";
import { countOf } from "../wording";

const ID = "kds-retention";

export function kdsRetention(stream: StreamConfig, { config, pricing }: RuleContext): Finding[] {
  if (!judged(ID, stream.name, stream.tags, config)) return [];
  const tags = stream.tags;
  if (!isKnown(tags)) return [];
  const justified = ((config.exemptTagKeys ?? []) as string[]).map((k) => k.toLowerCase());
  if (Object.keys(tags ?? {}).some((k) => justified.includes(k.toLowerCase()))) return [];
  const hours = stream.retentionHours;
  if (!isKnown(hours)) return [];
  const max = Number(config.maxRetentionHours);
  const recommended = Number(config.recommendedRetentionHours);
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
      remediation: `Set retentionPeriod: ${recommended} (DecreaseStreamRetentionPeriod), or tag the stream with ${((config.exemptTagKeys ?? []) as string[])[0] ?? "a justification tag"} if consumers need the replay window (e.g. Security Hub Kinesis.3).`,
      ...(saving === undefined ? {} : { monthlyImpactUsd: saving }),
    }),
  ];
}
