/**
 * kds-hot-shard's config, in a file of its own: the capacity plan (rules/metric/capacity-plan.ts) that
 * kds-hot-shard shares with the other capacity rules reads it without importing the rule.
 */
import type { Static } from "@sinclair/typebox";
import { num, ruleConfig } from "../lib/config-schema";

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

export const CONFIG = ruleConfig({
  hotFactor: num("A shard is hot above this multiple of the stream's mean per-shard load.", 2, 1),
  minPeakUtilizationPercent: num("A shard is hot only if its peak is above this share of one shard's write capacity (%).", 50, 0, 100),
  coldUtilizationPercent: num("Adjacent shards both with a peak below this utilization (%) are merge candidates (the merged peak must stay within kds-over-provisioned's targetPeakUtilizationPercent).", 10, 0, 100),
});
