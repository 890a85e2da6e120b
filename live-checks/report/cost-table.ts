/**
 * The dashboard's per-stream monthly cost table: current, recommended, savings.
 *
 * Savings are the findings' own figures: per resource, the same sum the summary's
 * `estimated_monthly_savings` takes (findingTotals over the resource's findings), so the table's
 * savings column adds up to the summary and each cell matches the cost findings' "Saves ..." texts.
 * Recommended = current - savings.
 *
 * Current is an estimate of what the resource pays for what the audit measures, at the prices the
 * cost findings used (AuditAnalysis.pricing; us-east-1 list prices when absent), month = 730 h,
 * window totals scaled to the month (https://aws.amazon.com/kinesis/data-streams/pricing/,
 * https://aws.amazon.com/kinesis/data-firehose/pricing/):
 * - provisioned stream: shard-hours; PUT payload units (each record in 25 KiB units); extended
 *   retention (> 24 h) per shard-hour; long-term retention (> 7 days) per GB-month of the data kept
 *   past 7 days; enhanced fan-out consumer-shard-hours and data retrieved (each consumer reads every
 *   byte written);
 * - on-demand stream: stream-hours and data in, each record rounded up to 1 KiB (at the window's
 *   average record size); a kds-on-demand-steady finding's own on-demand figure replaces this
 *   estimate, so the row and the finding say the same;
 * - delivery stream: ingestion, each record rounded up to 5 KiB; plus the S3 PUTs and NAT processing
 *   its cost findings measured.
 * Not included (not measured by the audit): reads of polling consumers and on-demand data out,
 * on-demand retention and fan-out, destination charges (S3 storage, Redshift, OpenSearch).
 * "no data" without traffic data or a known shard count: never a guessed zero.
 */
import type { AuditAnalysis, DeliveryStreamAnalysis, StreamAnalysis } from "../analyze";
import { findingTotals } from "../analyze/finding-totals";
import { reportHooksOf, ruleMeta } from "../analyze/rule-meta";
import { HOURS_PER_MONTH, pricingFor, usd, type Pricing } from "../../rules/pricing";
import { PUT_PAYLOAD_UNIT_BYTES } from "../../rules/pricing";
import type { Finding } from "../../rules/model";

const GIB = 1024 ** 3;
const KIB = 1024;
/** Firehose bills ingestion in 5 KB increments per record. */
const FIREHOSE_RECORD_INCREMENT = 5 * KIB;
const RETENTION_INCLUDED_HOURS = 24;
const EXTENDED_RETENTION_MAX_HOURS = 168;

export interface CostRow {
  readonly kind: "data stream" | "delivery stream";
  readonly name: string;
  readonly region: string;
  /** USD per month, null when the audit lacks what it takes (traffic data, shard count). */
  readonly currentUsd: number | null;
  readonly recommendedUsd: number | null;
  readonly savingsUsd: number;
  /** What the current estimate is made of, in words ("4 shards, PUT units, 168 h retention"). */
  readonly basis: string;
  /** Rule ids of the cost findings behind the savings. */
  readonly rules: readonly string[];
}

export interface CostTable {
  readonly rows: readonly CostRow[];
  readonly totalCurrentUsd: number;
  readonly totalRecommendedUsd: number;
  readonly totalSavingsUsd: number;
  /** Rows whose current cost is unknown (left out of the totals of current and recommended). */
  readonly unknownRows: number;
}

const monthScale = (a: AuditAnalysis) => (HOURS_PER_MONTH * 3600) / Math.max(1, a.window.end - a.window.start);

function pricesFor(a: AuditAnalysis, region: string): Pricing {
  return a.pricing?.[region] ?? pricingFor(region);
}

function savingsOf(findings: readonly Finding[]): { savings: number; rules: string[] } {
  const counted = findings.filter((f) => ruleMeta(f.ruleId).category === "cost" && typeof f.monthlyImpactUsd === "number");
  return { savings: findingTotals(findings, []).estimatedMonthlySavings, rules: [...new Set(counted.map((f) => f.ruleId))] };
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function streamRow(a: AuditAnalysis, r: StreamAnalysis): CostRow {
  const s = r.stream;
  const name = String(s.name);
  const region = String(s.region ?? "");
  const p = pricesFor(a, region);
  const { savings, rules } = savingsOf(r.findings);
  const scale = monthScale(a);
  const records = r.metrics.incomingRecords === null ? undefined : r.metrics.incomingRecords * scale;
  const bytes = r.metrics.incomingBytes === null ? undefined : r.metrics.incomingBytes * scale;
  const avgRecord = records && bytes !== undefined ? bytes / records : undefined;
  const basis: string[] = [];
  let current: number | undefined = 0;

  if (s.mode === "ON_DEMAND") {
    const steady = r.findings.find((f) => reportHooksOf(f.ruleId).onDemandMonthlyUsd !== undefined);
    const fromFinding = steady && reportHooksOf(steady.ruleId).onDemandMonthlyUsd?.(steady);
    if (steady && fromFinding !== undefined) {
      current += fromFinding;
      basis.push(`on-demand writes (${steady.ruleId}'s estimate)`);
    } else if (records !== undefined && avgRecord !== undefined) {
      // On-demand data in is billed per record rounded up to 1 KiB.
      const gbIn = (records * Math.max(1, Math.ceil(avgRecord / KIB)) * KIB) / GIB;
      current += p.onDemandStreamHour * HOURS_PER_MONTH + gbIn * p.onDemandGbIn;
      basis.push("on-demand stream-hours, data in (1 KiB per record)");
    } else current = undefined;
  } else {
    const shards = num(s.shardCount);
    if (shards === undefined || records === undefined || avgRecord === undefined) current = undefined;
    else {
      const units = avgRecord <= PUT_PAYLOAD_UNIT_BYTES ? 1 : Math.ceil(avgRecord / PUT_PAYLOAD_UNIT_BYTES);
      current += shards * p.shardHour * HOURS_PER_MONTH + ((records * units) / 1e6) * p.putPayloadUnitsPerMillion;
      basis.push(`${shards} shard${shards === 1 ? "" : "s"}, PUT units`);
      const hours = num(s.retentionHours);
      if (hours !== undefined && hours > RETENTION_INCLUDED_HOURS) {
        current += shards * p.extendedRetentionShardHour * HOURS_PER_MONTH;
        if (hours > EXTENDED_RETENTION_MAX_HOURS && bytes !== undefined) {
          // Data older than 7 days, stored: (retention - 168 h) of writes at the window's hourly rate.
          current += ((bytes / HOURS_PER_MONTH) * (hours - EXTENDED_RETENTION_MAX_HOURS) / GIB) * p.longTermRetentionGbMonth;
        }
        basis.push(`${hours} h retention`);
      }
      const efo = r.consumers.length;
      if (efo > 0 && bytes !== undefined) {
        current += efo * shards * p.efoConsumerShardHour * HOURS_PER_MONTH + efo * (bytes / GIB) * p.efoGb;
        basis.push(`${efo} fan-out consumer${efo === 1 ? "" : "s"}`);
      }
    }
  }
  return row("data stream", name, region, current, savings, basis, rules);
}

function deliveryRow(a: AuditAnalysis, r: DeliveryStreamAnalysis): CostRow {
  const d = r.deliveryStream;
  const name = String(d.name);
  const region = String(d.region ?? "");
  const p = pricesFor(a, region);
  const { savings, rules } = savingsOf(r.findings);
  const scale = monthScale(a);
  const records = r.metrics.incomingRecords === null ? undefined : r.metrics.incomingRecords * scale;
  const bytes = r.metrics.incomingBytes === null ? undefined : r.metrics.incomingBytes * scale;
  const basis: string[] = [];
  let current: number | undefined;
  if (records !== undefined && bytes !== undefined && records > 0) {
    const billed = records * Math.max(1, Math.ceil(bytes / records / FIREHOSE_RECORD_INCREMENT)) * FIREHOSE_RECORD_INCREMENT;
    current = (billed / GIB) * p.firehoseGb;
    basis.push("ingestion (5 KiB per record)");
  }
  // What the cost findings measured beyond ingestion: their "now" side.
  for (const f of r.findings) {
    // e.g. the S3 PUTs a small-buffers finding priced (S3 destinations only)
    const beyond = reportHooksOf(f.ruleId).deliveryCostBeyondIngestion?.(f, p);
    if (beyond !== undefined && current !== undefined) {
      current += beyond.usd;
      basis.push(beyond.basis);
    }
    // kdf-vpc-endpoint's NAT processing is not counted: Firehose's own writes do not pass through the
    // customer's NAT gateway, and the producers' NAT cost is conditional on where they run
    // (rules/kdf-vpc-endpoint/traffic-cost.ts), kept out of the savings as out of "now".
  }
  return row("delivery stream", name, region, current, savings, basis, rules);
}

function row(kind: CostRow["kind"], name: string, region: string, current: number | undefined, savings: number, basis: string[], rules: string[]): CostRow {
  const cur = current === undefined ? null : usd(current);
  return {
    kind,
    name,
    region,
    currentUsd: cur,
    recommendedUsd: cur === null ? null : usd(cur - savings),
    savingsUsd: savings,
    basis: cur === null ? "no traffic data" : basis.join(", "),
    rules,
  };
}

/** Every analyzed data stream and delivery stream, largest savings first, then most expensive. */
export function costTable(a: AuditAnalysis): CostTable {
  const rows = [...a.streams.map((r) => streamRow(a, r)), ...a.deliveryStreams.map((r) => deliveryRow(a, r))].sort(
    (x, y) => y.savingsUsd - x.savingsUsd || (y.currentUsd ?? -1) - (x.currentUsd ?? -1) || x.name.localeCompare(y.name),
  );
  const known = rows.filter((r) => r.currentUsd !== null);
  return {
    rows,
    totalCurrentUsd: usd(known.reduce((t, r) => t + r.currentUsd!, 0)),
    totalRecommendedUsd: usd(known.reduce((t, r) => t + r.recommendedUsd!, 0)),
    totalSavingsUsd: usd(rows.reduce((t, r) => t + r.savingsUsd, 0)),
    unknownRows: rows.length - known.length,
  };
}
