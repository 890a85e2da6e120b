/**
 * kds-under-provisioned's config, in a file of its own: the capacity plan (rules/metric/capacity-plan.ts) that
 * kds-under-provisioned shares with the other capacity rules reads it without importing the rule.
 */
import type { Static } from "@sinclair/typebox";
import { num, ruleConfig } from "../lib/config-schema";

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

export const CONFIG = ruleConfig({
  maxUtilizationPercent: num("Window mean utilization above which the stream is under-provisioned (%); also the level that makes an hour hot.", 80, 1, 100),
  consistentHoursPercent: num("Share of hours with data above maxUtilizationPercent that also flags the stream (%).", 90, 1, 100),
  saturatedHoursPercent: num("Share of hours at or above 100 % of capacity (busiest minute where collected) that flags the stream (%); 4 is about one hour a day. At least one such hour is needed.", 4, 0, 100),
  targetPeakUtilizationPercent: num("Utilization the window's peak may reach with the recommended shard count (%).", 80, 1, 100),
});
