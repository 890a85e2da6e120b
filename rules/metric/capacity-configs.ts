/**
 * The configs of the three capacity rules (kds-under-provisioned, kds-over-provisioned,
 * kds-hot-shard), declared beside the capacity plan that reads all three (capacity-plan.ts): each
 * rule's folder re-exports its own (rules/<id>/config.ts), and the shared helpers import no rule.
 * The two provisioning rules share their shape: a utilization threshold and the peak the
 * recommended shard count may reach.
 */
import type { Static } from "@sinclair/typebox";
import { num, ruleConfig } from "../lib/config-schema";

/** A utilization percentage setting (of 100). */
const percent = (description: string, def: number, minimum = 1) => num(description, def, minimum, 100);

/** The utilization the window's peak may reach with the recommended shard count (both provisioning rules; 80 % by default). */
const targetPeak = (description: string) => ({ targetPeakUtilizationPercent: percent(description, 80) });

export const UNDER_PROVISIONED_CONFIG = ruleConfig({
  maxUtilizationPercent: percent("Window mean utilization above which the stream is under-provisioned (%); also the level that makes an hour hot.", 80),
  consistentHoursPercent: percent("Share of hours with data above maxUtilizationPercent that also flags the stream (%).", 90),
  saturatedHoursPercent: percent(
    "Share of hours at or above 100 % of capacity (busiest minute where collected) that flags the stream (%); 4 is about one hour a day. At least one such hour is needed.",
    4,
    0,
  ),
  ...targetPeak("Utilization the window's peak may reach with the recommended shard count (%)."),
});

export const OVER_PROVISIONED_CONFIG = ruleConfig({
  minUtilizationPercent: percent("p95 hourly utilization below which the stream is over-provisioned (%).", 20, 0),
  percentile: percent("Percentile of hourly utilization that is compared (1-100).", 95),
  targetUtilizationPercent: percent("Utilization the percentile may reach with the recommended shard count (%).", 60),
  ...targetPeak("Utilization the window's peak may reach after any reduction (%): the recommended shard count, and a merged shard in the shard plan."),
});

export const HOT_SHARD_CONFIG = ruleConfig({
  hotFactor: num("A shard is hot above this multiple of the stream's mean per-shard load.", 2, 1),
  minPeakUtilizationPercent: percent("A shard is hot only if its peak is above this share of one shard's write capacity (%).", 50, 0),
  coldUtilizationPercent: percent(
    "Adjacent shards both with a peak below this utilization (%) are merge candidates (the merged peak must stay within kds-over-provisioned's targetPeakUtilizationPercent).",
    10,
    0,
  ),
});

/** The resolved configs (every key present: each has a default). */
export type UnderProvisionedConfig = Static<typeof UNDER_PROVISIONED_CONFIG>;
export type OverProvisionedConfig = Static<typeof OVER_PROVISIONED_CONFIG>;
export type HotShardConfig = Static<typeof HOT_SHARD_CONFIG>;
