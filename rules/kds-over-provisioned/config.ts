/**
 * kds-over-provisioned's config, in a file of its own: the capacity plan (rules/metric/capacity-plan.ts) that
 * kds-over-provisioned shares with the other capacity rules reads it without importing the rule.
 */
import type { Static } from "@sinclair/typebox";
import { num, ruleConfig } from "../lib/config-schema";

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

export const CONFIG = ruleConfig({
  minUtilizationPercent: num("p95 hourly utilization below which the stream is over-provisioned (%).", 20, 0, 100),
  percentile: num("Percentile of hourly utilization that is compared (1-100).", 95, 1, 100),
  targetUtilizationPercent: num("Utilization the percentile may reach with the recommended shard count (%).", 60, 1, 100),
  targetPeakUtilizationPercent: num("Utilization the window's peak may reach after any reduction (%): the recommended shard count, and a merged shard in the shard plan.", 80, 1, 100),
});
