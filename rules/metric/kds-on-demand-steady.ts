/**
 * kds-on-demand-steady: an ON_DEMAND stream with >= 24 hours of data whose hourly IncomingBytes are
 * "steady" (coefficient of variation = population stddev / mean < maxCoefficientOfVariation) AND
 * that provisioned mode would make cheaper. Cost model (monthly = mean hourly value over hours with
 * data x 730 h; https://aws.amazon.com/kinesis/data-streams/pricing/):
 *   provisioned = shards x shard-hour x 730 + PUT payload units (25 KB each; one per record when the
 *                 average record is <= 25 KB) x price per million,
 *                 shards = max(1, ceil(peak hourly shards needed / target utilization))
 *   on-demand   = stream-hour x 730 + GB written x price per GB in (reads are not known from the
 *                 write metrics, so the on-demand cost - and the saving - is a lower bound).
 */
import { isExempt } from "../classify";
import { HOURS_PER_MONTH, type Pricing, usd } from "../pricing";
import { shardsNeeded, streamHourlyTraffic } from "./capacity";
import { fmt, metricFinding, money } from "./finding";
import { coefficientOfVariation, mean, round } from "./stats";
import { MIN_HOURS_WITH_DATA } from "./utilization";
import type { StreamMetricRule } from "./types";
import { countOf } from "../wording";

export const RULE_ID = "kds-on-demand-steady";

const GIB = 1024 ** 3;
export const PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;

export interface OnDemandComparison {
  readonly provisionedShards: number;
  readonly monthlyBytes: number;
  readonly monthlyRecords: number;
  readonly avgRecordBytes: number;
  readonly putUnitsPerRecord: number;
  readonly provisionedMonthlyUsd: number;
  readonly onDemandMonthlyUsd: number;
  /** Monthly GB written above which provisioned (with this shard count) is cheaper; undefined when never. */
  readonly breakEvenGbPerMonth?: number;
}

/** Cost comparison from hourly traffic (mean hourly bytes/records over hours with data). */
export function compareOnDemand(
  input: { meanHourlyBytes: number; meanHourlyRecords: number; peakShardsNeeded: number; targetPercent: number },
  pricing: Pricing,
): OnDemandComparison {
  const provisionedShards = Math.max(1, Math.ceil(input.peakShardsNeeded / (input.targetPercent / 100)));
  const monthlyBytes = input.meanHourlyBytes * HOURS_PER_MONTH;
  const monthlyRecords = input.meanHourlyRecords * HOURS_PER_MONTH;
  const avgRecordBytes = monthlyRecords > 0 ? monthlyBytes / monthlyRecords : 0;
  const putUnitsPerRecord = avgRecordBytes <= PUT_PAYLOAD_UNIT_BYTES ? 1 : Math.ceil(avgRecordBytes / PUT_PAYLOAD_UNIT_BYTES);
  const shardCost = provisionedShards * pricing.shardHour * HOURS_PER_MONTH;
  const putCost = ((monthlyRecords * putUnitsPerRecord) / 1e6) * pricing.putPayloadUnitsPerMillion;
  const onDemandFixed = pricing.onDemandStreamHour * HOURS_PER_MONTH;
  const onDemandMonthlyUsd = onDemandFixed + (monthlyBytes / GIB) * pricing.onDemandGbIn;
  // Per GB written: on-demand pays onDemandGbIn, provisioned pays PUT units at the current record size.
  const putPerGb = avgRecordBytes > 0 ? ((GIB / avgRecordBytes) * putUnitsPerRecord * pricing.putPayloadUnitsPerMillion) / 1e6 : 0;
  const perGbDiff = pricing.onDemandGbIn - putPerGb;
  const breakEven = perGbDiff > 0 ? Math.max(0, (shardCost - onDemandFixed) / perGbDiff) : undefined;
  return {
    provisionedShards,
    monthlyBytes,
    monthlyRecords,
    avgRecordBytes,
    putUnitsPerRecord,
    provisionedMonthlyUsd: shardCost + putCost,
    onDemandMonthlyUsd,
    ...(breakEven === undefined ? {} : { breakEvenGbPerMonth: breakEven }),
  };
}

export const kdsOnDemandSteady: StreamMetricRule = (stream, ctx) => {
  if (stream.mode !== "ON_DEMAND") return [];
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const traffic = streamHourlyTraffic(stream, ctx.metrics);
  if (traffic.length < MIN_HOURS_WITH_DATA) return [];
  const bytes = traffic.flatMap((t) => (t.bytes === undefined ? [] : [t.bytes]));
  const records = traffic.flatMap((t) => (t.records === undefined ? [] : [t.records]));
  const cv = coefficientOfVariation(bytes);
  const maxCv = Number(ctx.config.maxCoefficientOfVariation);
  if (cv === undefined || cv >= maxCv) return [];
  const target = Number(ctx.config.targetUtilizationPercent);
  const meanBytes = mean(bytes) ?? 0;
  // Without a records series, estimate one PUT unit per 25 KB written (a lower bound).
  const meanRecords = mean(records) ?? meanBytes / PUT_PAYLOAD_UNIT_BYTES;
  const cmp = compareOnDemand(
    { meanHourlyBytes: meanBytes, meanHourlyRecords: meanRecords, peakShardsNeeded: Math.max(...traffic.map(shardsNeeded)), targetPercent: target },
    ctx.pricing,
  );
  if (cmp.provisionedMonthlyUsd >= cmp.onDemandMonthlyUsd) return [];
  const saving = usd(cmp.onDemandMonthlyUsd - cmp.provisionedMonthlyUsd);
  const name = String(stream.name);
  const breakEven =
    cmp.breakEvenGbPerMonth === undefined
      ? "provisioned never gets cheaper per GB at this record size"
      : cmp.breakEvenGbPerMonth === 0
        ? `provisioned is cheaper at any volume: on-demand's per-stream charge alone is $${money(ctx.pricing.onDemandStreamHour * HOURS_PER_MONTH)}/month`
        : `break-even at ${fmt(cmp.breakEvenGbPerMonth, 0)} GB/month written (now ${fmt(cmp.monthlyBytes / GIB, 0)} GB/month)`;
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "streamModeDetails.streamMode",
      found: `ON_DEMAND, hourly traffic CV ${round(cv, 3)}`,
      expected: `PROVISIONED with ${countOf(cmp.provisionedShards, "shard")}`,
      details: `Stream ${name}: hourly IncomingBytes are steady (CV ${round(cv, 3)} < ${maxCv}); on-demand costs about $${money(cmp.onDemandMonthlyUsd)}/month for writes alone (reads not included: unknown from write metrics) vs $${money(cmp.provisionedMonthlyUsd)}/month provisioned with ${countOf(cmp.provisionedShards, "shard")}; ${breakEven}.`,
      remediation: `Switch to provisioned mode (UpdateStreamMode) with ${countOf(cmp.provisionedShards, "shard")} (peak at ${target} % utilization). Saves at least $${money(saving)}/month.`,
      monthlyImpactUsd: saving,
      data: { coefficientOfVariation: cv, ...cmp, savingUsd: saving },
    }),
  ];
};
