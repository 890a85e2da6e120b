/**
 * kds-on-demand-steady: an ON_DEMAND stream with >= 24 hours of data whose hourly IncomingBytes are
 * "steady" (coefficient of variation = population stddev / mean < maxCoefficientOfVariation) AND
 * that provisioned mode would make cheaper. Cost model (monthly = mean over the hours with write
 * data x 730 h; https://aws.amazon.com/kinesis/data-streams/pricing/):
 *   on-demand   = stream-hour x 730 + data-in + data-out. AWS bills each record rounded up to the
 *                 nearest 1 KB (1,024 bytes), in and out, so a 100-byte record costs as much as a
 *                 1 KiB one: per hour, records x ceil(average record size / 1 KiB) KiB (the
 *                 hour's IncomingBytes / IncomingRecords; GetRecords.Bytes / GetRecords.Records for
 *                 data-out). Enhanced fan-out reads are billed in both modes and not included.
 *   provisioned = shards x shard-hour x 730 + PUT payload units x price per million, units per hour =
 *                 records x ceil(average record size / 25 KiB); GetRecords reads are free;
 *                 shards = max(1, ceil(peak hourly shards needed / target utilization)).
 */
import { metric } from "../metric-requests";
import { billedUnits, GIB, HOURS_PER_MONTH, KIB, ON_DEMAND_RECORD_UNIT_BYTES, PUT_PAYLOAD_UNIT_BYTES, type Pricing, usd } from "../pricing";
import { seriesHourlyTraffic, shardsNeeded, streamHourlyTraffic, type HourlyTraffic } from "../metric/capacity";
import { metricFinding } from "../lib/finding-builder";
import { fmt, money } from "../lib/text-format";
import { coefficientOfVariation, round } from "../metric/stats";
import { MIN_HOURS_WITH_DATA } from "../metric/utilization";
import type { MetricLookup, StreamMetricRule } from "../metric/types";
import type { Finding, StreamConfig } from "../model";
import { countOf } from "../wording";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { num, ruleConfig } from "../lib/config-schema";
import { numberOf, posInt, shardChange, type RemediationInput, type RemediationValues } from "../lib/remediation-values";

export const RULE_ID = "kds-on-demand-steady";
export { PUT_PAYLOAD_UNIT_BYTES };

/** What the estimate assumes, stated in the finding and in docs/analysis.md. */
export const BILLING_ASSUMPTION =
  "each record of an hour is taken at that hour's average size (IncomingBytes / IncomingRecords), rounded up to 1 KiB for on-demand and to 25 KiB PUT payload units for provisioned; records of mixed sizes can bill somewhat more or less";

/** Data-out as measured: hourly GetRecords traffic, or why it is not included. */
export type Reads = { readonly hours: readonly HourlyTraffic[] } | { readonly missing: string };

export interface OnDemandComparison {
  readonly provisionedShards: number;
  /** Raw bytes and records written per month. */
  readonly monthlyBytes: number;
  readonly monthlyRecords: number;
  readonly avgRecordBytes: number;
  /** On-demand data-in billed per month (GB = 2^30 bytes), after rounding each record up to 1 KiB. */
  readonly billedInGbPerMonth: number;
  /** Average billed KiB per record written (>= 1). */
  readonly billedKiBPerRecord: number;
  /** False when some hour lacked a records count: data-in then counts raw bytes there (a lower bound). */
  readonly billingExact: boolean;
  /** On-demand data-out (GetRecords) billed per month, GB; undefined when reads are not measured. */
  readonly billedOutGbPerMonth?: number;
  readonly putUnitsPerMonth: number;
  /** Average PUT payload units per record (1 up to 25 KiB). */
  readonly putUnitsPerRecord: number;
  readonly onDemandInUsd: number;
  readonly onDemandOutUsd: number;
  readonly provisionedMonthlyUsd: number;
  readonly onDemandMonthlyUsd: number;
  /** Monthly GB written above which provisioned (with this shard count) is cheaper; undefined when never. */
  readonly breakEvenGbPerMonth?: number;
}

/**
 * Cost comparison from hourly write traffic (hours with data) and, when measured, hourly GetRecords
 * traffic. Monthly values = window totals / hours with write data x 730.
 */
export function compareOnDemand(
  input: { hours: readonly HourlyTraffic[]; reads?: readonly HourlyTraffic[]; peakShardsNeeded: number; targetPercent: number },
  pricing: Pricing,
): OnDemandComparison {
  const provisionedShards = Math.max(1, Math.ceil(input.peakShardsNeeded / (input.targetPercent / 100)));
  const perMonth = input.hours.length > 0 ? HOURS_PER_MONTH / input.hours.length : 0;
  let bytes = 0;
  let records = 0;
  let inKiB = 0;
  let putUnits = 0;
  let exact = true;
  for (const h of input.hours) {
    bytes += h.bytes ?? 0;
    records += h.records ?? 0;
    const kib = billedUnits(h.bytes, h.records, ON_DEMAND_RECORD_UNIT_BYTES);
    inKiB += kib.units;
    exact &&= kib.exact;
    putUnits += billedUnits(h.bytes, h.records, PUT_PAYLOAD_UNIT_BYTES).units;
  }
  let outKiB: number | undefined;
  if (input.reads) {
    outKiB = 0;
    for (const h of input.reads) outKiB += billedUnits(h.bytes, h.records, ON_DEMAND_RECORD_UNIT_BYTES).units;
  }
  const monthlyBytes = bytes * perMonth;
  const monthlyRecords = records * perMonth;
  const billedInGbPerMonth = ((inKiB * KIB) / GIB) * perMonth;
  const billedOutGbPerMonth = outKiB === undefined ? undefined : ((outKiB * KIB) / GIB) * perMonth;
  const putUnitsPerMonth = putUnits * perMonth;

  const shardCost = provisionedShards * pricing.shardHour * HOURS_PER_MONTH;
  const putCost = (putUnitsPerMonth / 1e6) * pricing.putPayloadUnitsPerMillion;
  const onDemandFixed = pricing.onDemandStreamHour * HOURS_PER_MONTH;
  const onDemandInUsd = billedInGbPerMonth * pricing.onDemandGbIn;
  const onDemandOutUsd = (billedOutGbPerMonth ?? 0) * pricing.onDemandGbOut;
  // Per raw GB written, at the current record sizes and read ratio: on-demand pays data-in (+ out),
  // provisioned pays PUT payload units.
  const rawGb = monthlyBytes / GIB;
  const perGbDiff = rawGb > 0 ? (onDemandInUsd + onDemandOutUsd - putCost) / rawGb : 0;
  const breakEven = perGbDiff > 0 ? Math.max(0, (shardCost - onDemandFixed) / perGbDiff) : undefined;
  return {
    provisionedShards,
    monthlyBytes,
    monthlyRecords,
    avgRecordBytes: monthlyRecords > 0 ? monthlyBytes / monthlyRecords : 0,
    billedInGbPerMonth,
    billedKiBPerRecord: records > 0 ? inKiB / records : 0,
    billingExact: exact,
    ...(billedOutGbPerMonth === undefined ? {} : { billedOutGbPerMonth }),
    putUnitsPerMonth,
    putUnitsPerRecord: records > 0 ? putUnits / records : 0,
    onDemandInUsd,
    onDemandOutUsd,
    provisionedMonthlyUsd: shardCost + putCost,
    onDemandMonthlyUsd: onDemandFixed + onDemandInUsd + onDemandOutUsd,
    ...(breakEven === undefined ? {} : { breakEvenGbPerMonth: breakEven }),
  };
}

/** The stream's hourly GetRecords traffic, or why data-out is not included (never a zero for no data). */
export function streamReads(stream: StreamConfig, lookup: MetricLookup): Reads {
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const b = lookup.get(metric.streamGetRecordsBytes(region, name));
  const r = lookup.get(metric.streamGetRecordsRecords(region, name));
  if (!b || !r) return { missing: "GetRecords metrics not collected" };
  if (b.status === "error" || r.status === "error") return { missing: "GetRecords metrics could not be collected" };
  const hours = seriesHourlyTraffic(b, r);
  if (hours.length === 0) return { missing: "no GetRecords data in the window" };
  return { hours };
}

export const kdsOnDemandSteady: StreamMetricRule<Config> = (stream, ctx) => {
  if (stream.mode !== "ON_DEMAND") return [];
  const traffic = streamHourlyTraffic(stream, ctx.metrics);
  if (traffic.length < MIN_HOURS_WITH_DATA) return [];
  const bytes = traffic.flatMap((t) => (t.bytes === undefined ? [] : [t.bytes]));
  const cv = coefficientOfVariation(bytes);
  const maxCv = ctx.config.maxCoefficientOfVariation;
  if (cv === undefined || cv >= maxCv) return [];
  const target = ctx.config.targetUtilizationPercent;
  const reads = streamReads(stream, ctx.metrics);
  const cmp = compareOnDemand(
    { hours: traffic, ...("hours" in reads ? { reads: reads.hours } : {}), peakShardsNeeded: Math.max(...traffic.map(shardsNeeded)), targetPercent: target },
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
  const dataIn = `data-in $${money(cmp.onDemandInUsd)} (${fmt(cmp.billedInGbPerMonth, 1)} GB billed for ${fmt(cmp.monthlyBytes / GIB, 1)} GB written: ${fmt(cmp.avgRecordBytes, 0)}-byte records average, billed ${fmt(cmp.billedKiBPerRecord, 2)} KiB each${cmp.billingExact ? "" : "; hours without a record count at raw bytes, a lower bound"})`;
  const dataOut =
    cmp.billedOutGbPerMonth === undefined
      ? `data-out not included (${"missing" in reads ? reads.missing : "not measured"})`
      : `data-out $${money(cmp.onDemandOutUsd)} (${fmt(cmp.billedOutGbPerMonth, 1)} GB read through GetRecords, rounded the same way)`;
  const efo = ctx.consumers.length > 0 ? `; enhanced fan-out reads of ${countOf(ctx.consumers.length, "consumer")} not included (billed in both modes)` : "";
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "streamModeDetails.streamMode",
      found: `ON_DEMAND, hourly traffic CV ${round(cv, 3)}`,
      expected: `PROVISIONED with ${countOf(cmp.provisionedShards, "shard")}`,
      details:
        `Stream ${name}: hourly IncomingBytes are steady (CV ${round(cv, 3)} < ${maxCv}). On-demand costs about $${money(cmp.onDemandMonthlyUsd)}/month ` +
        `($${money(ctx.pricing.onDemandStreamHour * HOURS_PER_MONTH)} stream-hours, ${dataIn}, ${dataOut}${efo}) vs $${money(cmp.provisionedMonthlyUsd)}/month provisioned with ${countOf(cmp.provisionedShards, "shard")} ` +
        `(${fmt(cmp.putUnitsPerMonth / 1e6, 1)} million PUT payload units); ${breakEven}. Estimate: ${BILLING_ASSUMPTION}.`,
      remediation: `Switch to provisioned mode (UpdateStreamMode) with ${countOf(cmp.provisionedShards, "shard")} (peak at ${target} % utilization). Saves about $${money(saving)}/month.`,
      monthlyImpactUsd: saving,
      data: {
        coefficientOfVariation: cv,
        ...cmp,
        savingUsd: saving,
        dataOutIncluded: cmp.billedOutGbPerMonth !== undefined,
        ...("missing" in reads ? { dataOutMissing: reads.missing } : {}),
        assumption: BILLING_ASSUMPTION,
      },
    }),
  ];
};

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  maxCoefficientOfVariation: num("Hourly traffic CV below which traffic is steady.", 0.3, 0),
  targetUtilizationPercent: num("Utilization the provisioned shard count aims for (%).", 60, 1, 100),
});

/** Switch to provisioned (the stream keeps its open shards), then step to provisionedShards. */
function onDemandSteadyRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  const from = posInt(input.stream?.shardCount);
  const to = posInt(f.data?.provisionedShards);
  if (from === undefined || to === undefined || from === to) return {};
  return { shardChange: shardChange(from, to) };
}

export default defineRule({
  id: RULE_ID,
  issue: "On-Demand Misconduct",
  title: "Steady on-demand stream that provisioned mode would make cheaper",
  severity: "low",
  category: "cost",
  scope: ["metric"],
  resourceType: "stream",
  enforcement: "advisory",
  description:
    "An ON_DEMAND stream whose hourly traffic is steady (coefficient of variation below the threshold) and would cost less in provisioned mode. On-demand data-in and data-out are billed per record rounded up to 1 KiB, provisioned PUT payload units per 25 KiB: each hour's records are taken at that hour's average size.",
  remediation: "Switch to provisioned mode with the recommended shard count (UpdateStreamMode), keeping headroom for peaks.",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html",
  config: CONFIG,
  evaluate: { streamMetric: kdsOnDemandSteady },
  examples,
  live: { remediationValues: onDemandSteadyRemediation },
  // The dashboard's cost table takes the finding's on-demand figure as the stream's current cost.
  report: { onDemandMonthlyUsd: (f) => numberOf(f.data?.onDemandMonthlyUsd) },
});
