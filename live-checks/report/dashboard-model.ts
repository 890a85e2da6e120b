/**
 * View-model of throughput_utilization_dashboard.html, laid out for the person on call: summary
 * cards and the findings first (most severe resource first, each finding with its fix and links to
 * its two stub files), then per-stream health, consumer lag of every kind, a per-stream cost table,
 * hourly trend charts (svg-chart.ts) and the shard-level utilization heatmap (rows = shards,
 * columns = time buckets, value = the bucket's peak hourly utilization, so a bottleneck hour is
 * never averaged away), the hottest streams open and the rest collapsed. Sorting, filters and
 * search come from one inline script allowed by its hash (dashboard-script.ts); the page is
 * complete without it. The template only lays it out.
 */
import { rowsOnRead, type RowsOnRead } from "./rows-on-read";
import type { AuditAnalysis, DeliveryStreamAnalysis, StreamAnalysis } from "../analyze";
import { LAG_RULE_IDS, reportHooksOf } from "../analyze/rule-meta";
import type { TrendLimit } from "../../rules/define-rule";
import type { MissingMetric } from "../analyze/missing-data";
import type { Finding, Severity } from "../../rules/model";
import { byHashKey } from "../../rules/metric/hash-keys";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { consumerLagRows, type ConsumerKind, type ConsumerLagRow } from "./consumer-lag";
import { costTable } from "./cost-table";
import { dashboardScript } from "./dashboard-script";
import { bytesRate, count, dollars, healthClass, healthTone, heatColor, ms, pct, worstSeverity, type HealthTone } from "./format";
import { toRemediationStubs } from "./remediation-model";
import { accountOfArn, type AccountedAnalysis } from "./analysis-json";
import type { AccountSummary } from "../analyze/audit-analysis";
import { chartFrame, lineChart, niceDuration, type ChartFrame, type ChartInput, type ChartModel } from "./svg-chart";

/** Folder of the remediation stubs inside --out (write-reports.ts REMEDIATION_DIR; not imported: it imports this module). */
const REMEDIATION_DIR = "remediation";

/** Columns of the heatmap at most (a 7-day window gives 6-hour buckets). */
export const MAX_HEATMAP_COLUMNS = 28;
const HOT_PERCENT = 80;

/** Color steps of the heatmap: one CSS class per 5 % of utilization (u0..u20, u20 = 100 % and more). */
export const HEAT_LEVEL_PERCENT = 5;
const HEAT_LEVELS = 100 / HEAT_LEVEL_PERCENT;

/**
 * One heatmap cell. Kept small on purpose: a 1,000-stream fleet has ~150,000 cells, so the color is
 * a class (`css`, styled once in the page's <style>) rather than an inline style, and only hot cells
 * carry a tooltip (the row label, column header and cell label already give shard, time and %).
 */
export interface HeatCell {
  readonly value: number | null;
  readonly label: string;
  /** CSS classes: "u<level>" for the color step, "hot" at >= 80 %, "nodata" without data. */
  readonly css: string;
  readonly hot: boolean;
  /** Tooltip, only on hot cells ("" otherwise). */
  readonly title: string;
}

/** The level classes and their colors, for the template's <style>. */
export function heatLevelStyles(): { readonly cls: string; readonly color: string }[] {
  return Array.from({ length: HEAT_LEVELS + 1 }, (_, l) => ({ cls: `u${l}`, color: heatColor(l * HEAT_LEVEL_PERCENT) }));
}

function heatLevel(percent: number): number {
  return Math.max(0, Math.min(HEAT_LEVELS, Math.floor(percent / HEAT_LEVEL_PERCENT)));
}

// A heatmap cell's class and label come from these tables instead of a new string per cell
// (~150,000 cells at 1,000 streams; see docs/benchmarks.md, P2 memory).
const CELL_CSS = Array.from({ length: HEAT_LEVELS + 1 }, (_, l) => ({ cool: `u${l}`, hot: `u${l} hot` }));
const SMALL_LABELS = Array.from({ length: 1001 }, (_, i) => String(i));
const percentLabel = (rounded: number) => SMALL_LABELS[rounded] ?? String(rounded);

export interface HeatRow {
  readonly label: string;
  /** "shard": enhanced monitoring; "stream": stream-level average over all shards. */
  readonly level: "shard" | "stream";
  readonly bottleneck: boolean;
  readonly peakLabel: string;
  readonly cells: readonly HeatCell[];
}

export interface HeatmapStream {
  readonly streamName: string;
  /** Highest hourly utilization of any row (sort key: bottlenecks first); null without data. */
  readonly peak: number | null;
  readonly note: string;
  /**
   * Built on read (a getter) and kept only for the block last read: the page renders one block at
   * a time ({{#flat}}), so only that stream's cells are alive instead of every cell of the fleet
   * (~300,000 at 4,000 resources; docs/benchmarks.md, P4 memory).
   */
  readonly rows: readonly HeatRow[];
}

/** Streams whose heatmap and trend charts are open at load (the hottest / most urgent); the rest are collapsed in <details>. */
export const OPEN_BLOCKS = 10;

type Tone = HealthTone | "neutral";

export interface Card {
  readonly label: string;
  readonly value: string;
  readonly tone: Tone;
  /** Section the card links to ("#findings"). */
  readonly href: string;
  readonly note: string;
}

export interface FindingRow {
  readonly group: number;
  readonly severity: Severity;
  readonly severityRank: number;
  readonly resource: string;
  readonly ruleId: string;
  readonly issue: string;
  readonly details: string;
  readonly remediation: string;
  readonly impact: string;
  /** Monthly impact in USD for sorting ("" without). */
  readonly impactValue: string;
  /** remediation/<base>.ts and .sh, when the finding has stubs (findings on analyzed resources). */
  readonly stubs?: { readonly pulumi: string; readonly cli: string };
}

export interface FindingGroup {
  readonly index: number;
  readonly resource: string;
  readonly kind: string;
  readonly region: string;
  /** Organization-wide audits: the resource's account. */
  readonly account?: string;
  readonly health: string;
  readonly tone: HealthTone;
  readonly worst: Severity;
  readonly count: number;
  readonly rows: readonly FindingRow[];
}

export interface StreamRow {
  readonly name: string;
  readonly region: string;
  readonly mode: string;
  readonly shards: string;
  readonly health: number;
  readonly tone: HealthTone;
  /** Worst finding severity ("" without findings), and the rule ids (space-separated) for the filters. */
  readonly worst: string;
  readonly severityRank: number;
  readonly rules: string;
  readonly throughput: string;
  readonly throughputValue: string;
  readonly utilizationP95: string;
  readonly utilizationP95Value: string;
  readonly utilizationPeak: string;
  readonly utilizationPeakValue: string;
  readonly throttleRate: string;
  readonly throttleRateValue: string;
  readonly iteratorAge: string;
  readonly iteratorAgeValue: string;
  readonly consumerLag: string;
  readonly consumerLagValue: string;
  readonly findings: number;
}

export interface LagRowView {
  readonly stream: string;
  readonly consumer: string;
  readonly kind: string;
  readonly kindKey: ConsumerKind;
  readonly metric: string;
  readonly maxLag: string;
  readonly maxLagValue: string;
  readonly avgLag: string;
  readonly avgLagValue: string;
  readonly flagged: boolean;
}

export interface CostRowView {
  readonly kind: string;
  readonly name: string;
  readonly current: string;
  readonly currentValue: string;
  readonly recommended: string;
  readonly recommendedValue: string;
  readonly savings: string;
  readonly savingsValue: string;
  readonly basis: string;
  readonly rules: string;
}

export interface TrendBlock {
  readonly name: string;
  readonly open: boolean;
  readonly tone: HealthTone;
  readonly headline: string;
  /**
   * Built anew on each read (a getter): the page renders one block at a time ({{#flat}}), so only
   * that block's charts (paths of ~1 kB each, four or more per stream) are alive at once instead of
   * every chart of the fleet (docs/benchmarks.md, P2 memory).
   */
  readonly charts: readonly ChartModel[];
}

export interface HeatmapBlock extends HeatmapStream {
  readonly open: boolean;
  readonly peakLabel: string;
}

/** One account of an organization-wide audit (the dashboard's "Accounts" section, hottest first). */
export interface AccountRowView {
  readonly id: string;
  readonly name: string;
  readonly status: AccountSummary["status"];
  readonly tone: HealthTone;
  readonly regions: string;
  readonly resources: string;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly health: string;
  readonly savings: string;
  readonly reason: string;
}

/**
 * Accounts with the most severe findings first (then failed and incomplete ones: their state is
 * unknown), so at thousands of resources the first rows say where to look.
 */
export function accountRows(accounts: readonly AccountSummary[]): AccountRowView[] {
  const statusRank = { failed: 0, incomplete: 1, complete: 2 } as const;
  return [...accounts]
    .sort(
      (x, y) =>
        y.findingsBySeverity.high - x.findingsBySeverity.high ||
        y.findingsBySeverity.medium - x.findingsBySeverity.medium ||
        statusRank[x.status] - statusRank[y.status] ||
        y.findingsBySeverity.low - x.findingsBySeverity.low ||
        x.id.localeCompare(y.id),
    )
    .map((a) => ({
      id: a.id,
      name: a.name ?? "",
      status: a.status,
      tone: a.status === "failed" ? "bad" : a.status === "incomplete" ? "warn" : healthTone(a.averageHealthScore ?? 100, a.findingsBySeverity.high ? "high" : a.findingsBySeverity.medium ? "medium" : a.findingsBySeverity.low ? "low" : null),
      regions: a.regions.join(", "),
      resources: `${a.dataStreams} + ${a.firehoseStreams}`,
      high: a.findingsBySeverity.high,
      medium: a.findingsBySeverity.medium,
      low: a.findingsBySeverity.low,
      health: a.averageHealthScore === null ? "n/a" : String(a.averageHealthScore),
      savings: dollars(a.estimatedMonthlySavings) || "$0.00",
      reason: a.reason ?? "",
    }));
}

export interface DashboardModel {
  /** Organization-wide audits: one row per account, hottest first (empty for one account). */
  readonly accounts: readonly AccountRowView[];
  readonly title: string;
  readonly generatedAt: string;
  readonly windowLabel: string;
  readonly regions: string;
  readonly complete: boolean;
  /** The inline script and its CSP hash source (dashboard-script.ts). */
  readonly script: string;
  readonly scriptHash: string;
  /** The first screen: what is broken, where. */
  readonly headline: string;
  readonly cards: readonly Card[];
  readonly toc: readonly { readonly id: string; readonly label: string; readonly count: string }[];
  readonly findingGroups: readonly FindingGroup[];
  readonly findingCount: number;
  /**
   * Findings accepted by a config exemption, the baseline or the exemption tag (live-checks/
   * suppressions.ts), most severe first: listed with why, never gating. Exemption and baseline ones
   * are also in findingGroups (they stay in their resource's findings); tag ones are only here.
   */
  readonly suppressed: readonly { readonly severity: Severity; readonly ruleId: string; readonly issue: string; readonly resource: string; readonly kind: string; readonly reason: string; readonly until: string }[];
  readonly filters: {
    readonly severities: readonly Severity[];
    readonly rules: readonly { readonly id: string; readonly issue: string }[];
    readonly resources: readonly string[];
  };
  readonly streams: RowsOnRead<StreamRow>;
  /** `pollingRules` / `fanOutRules`: the rules whose findings mark a consumer lagging (names for the hint). */
  readonly lag: { readonly rows: RowsOnRead<LagRowView>; readonly lagging: number; readonly total: number; readonly pollingRules: string; readonly fanOutRules: string };
  readonly cost: { readonly rows: RowsOnRead<CostRowView>; readonly totalCurrent: string; readonly totalRecommended: string; readonly totalSavings: string; readonly unknownRows: number };
  /** Shared geometry of every chart (svg-chart.ts). */
  readonly frame: ChartFrame;
  readonly trends: RowsOnRead<TrendBlock>;
  /** Delivery success and data freshness per hour, per delivery stream (most urgent first, the first few open). */
  readonly deliveryTrends: RowsOnRead<DeliveryTrendBlock>;
  readonly columns: readonly { readonly label: string }[];
  /** Column header groups: one per UTC day (colspan = its buckets). */
  readonly columnGroups: readonly { readonly label: string; readonly span: number }[];
  readonly bucketHours: number;
  /** CSS of the heat level classes (HeatCell.css). */
  readonly heatLevels: readonly { readonly cls: string; readonly color: string }[];
  readonly heatmap: RowsOnRead<HeatmapBlock>;
  readonly firehose: RowsOnRead<FirehoseRowView>;
  readonly skipped: readonly { readonly kind: string; readonly name: string; readonly reason: string }[];
  readonly alarms: RowsOnRead<AlarmRowView>;
  readonly drFlags: readonly { readonly stream: string; readonly status: string; readonly replica: string; readonly action: string; readonly missing: boolean }[];
  readonly missingData: readonly { readonly resource: string; readonly metric: string; readonly reason: string }[];
  /** What the collector could not read (a region, a listing, a stream's describe): named, never silent. */
  readonly collectionErrors: readonly { readonly api: string; readonly region: string; readonly resource: string; readonly message: string }[];
}

export interface FirehoseRowView {
  readonly name: string;
  readonly destination: string;
  readonly health: number;
  readonly tone: HealthTone;
  readonly worst: string;
  readonly severityRank: number;
  readonly rules: string;
  readonly recordsPerMinute: string;
  readonly recordsPerMinuteValue: string;
  readonly failureRate: string;
  readonly failureRateValue: string;
  readonly findings: number;
}

export interface AlarmRowView {
  readonly priority: number;
  readonly resource: string;
  readonly metric: string;
  readonly condition: string;
  readonly why: string;
}

export function bucketCells(hourly: ReadonlyMap<number, number>, start: number, buckets: number, bucketHours: number, shardsLabel: string): HeatCell[] {
  // A plain loop without a closure per cell: ~150,000 cells at 1,000 streams (docs/benchmarks.md, P2 memory).
  const cells = new Array<HeatCell>(buckets);
  for (let b = 0; b < buckets; b++) {
    const peak = bucketPeak(hourly, start + b * bucketHours * 3600, bucketHours);
    if (Number.isNaN(peak)) {
      cells[b] = NO_DATA_CELL;
      continue;
    }
    const hot = peak >= HOT_PERCENT;
    const level = CELL_CSS[heatLevel(peak)]!;
    cells[b] = {
      value: Math.round(peak * 10) / 10,
      label: percentLabel(Math.round(peak)),
      css: hot ? level.hot : level.cool,
      hot,
      title: hot ? `${shardsLabel}, ${new Date((start + b * bucketHours * 3600) * 1000).toISOString().slice(5, 16).replace("T", " ")} UTC +${bucketHours}h: peak ${peak.toFixed(1)} % of write capacity` : "",
    };
  }
  return cells;
}

const NO_DATA_CELL: HeatCell = Object.freeze({ value: null, label: "", css: "nodata", hot: false, title: "" });

/** Highest value in the `hours` hours from `from` (epoch seconds); NaN when none has data. */
function bucketPeak(hourly: ReadonlyMap<number, number>, from: number, hours: number): number {
  if (hourly instanceof HourlyValues) return hourly.maxOver(from, hours);
  let peak = NaN;
  for (let h = 0; h < hours; h++) {
    const v = hourly.get(from + h * 3600);
    if (v !== undefined && !(v <= peak)) peak = v;
  }
  return peak;
}

/** A stream's heatmap block without its rows: what sorts it and heads it; `rows` builds the cells. */
interface HeatmapHead {
  readonly streamName: string;
  readonly peak: number | null;
  readonly note: string;
  readonly rows: () => HeatRow[];
}

/** The hottest hour a stream's heatmap shows (its shards' or the whole stream's), null without data: the heatmap's order. */
function heatPeak(r: StreamAnalysis): number | null {
  if (r.shardLoads.length > 0) {
    let peak: number | null = null;
    for (const l of r.shardLoads) if (l.peakPercent !== undefined && (peak === null || l.peakPercent > peak)) peak = l.peakPercent;
    return peak;
  }
  if (r.stream.mode === "ON_DEMAND") return null;
  return r.writeUtilization?.peakPercent ?? null;
}

function heatmapFor(r: StreamAnalysis, start: number, buckets: number, bucketHours: number): HeatmapHead {
  const name = String(r.stream.name);
  const peak = heatPeak(r);
  if (r.shardLoads.length > 0) {
    const rows = () => {
      const hot = new Set(r.findings.flatMap((f) => {
        const shardOf = reportHooksOf(f.ruleId).hotShardOf;
        return shardOf ? [shardOf(f)] : [];
      }));
      return byHashKey(r.shardLoads.map((l) => ({ ...l, startingHashKey: l.shard.startingHashKey }))).map((l) => ({
        label: l.shard.shardId,
        level: "shard" as const,
        bottleneck: hot.has(l.shard.shardId) || (l.peakPercent ?? 0) >= HOT_PERCENT,
        peakLabel: pct(l.peakPercent ?? null),
        cells: bucketCells(l.hourly, start, buckets, bucketHours, `${name} ${l.shard.shardId}`),
      }));
    };
    const n = r.shardLoads.length;
    return { streamName: name, peak, note: `${n} shard${n === 1 ? "" : "s"}, shard-level metrics`, rows };
  }
  if (r.stream.mode === "ON_DEMAND") return { streamName: name, peak: null, note: "on-demand: capacity scales automatically, no shard utilization", rows: () => [] };
  const u = r.writeUtilization;
  if (!u) return { streamName: name, peak: null, note: "no utilization data", rows: () => [] };
  return {
    streamName: name,
    peak,
    note: `${u.shards} shard${u.shards === 1 ? "" : "s"}, stream-level ${u.shards === 1 ? "metrics" : "average (enable shard-level metrics to see each shard)"}`,
    rows: () => [{ label: u.shards === 1 ? "stream (1 shard)" : `all ${u.shards} shards (avg)`, level: "stream", bottleneck: u.peakPercent >= HOT_PERCENT, peakLabel: pct(u.peakPercent), cells: bucketCells(u.hourly, start, buckets, bucketHours, `${name} (all shards)`) }],
  };
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };
/** Sort rank of a resource's worst severity; 3 without findings. */
const rankOf = (worst: Severity | null) => (worst === null ? 3 : SEVERITY_RANK[worst]);
/** A number for a data-v sort attribute; "" for no data (sorts last). */
const v = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? "" : String(Math.round(x * 10 ** digits) / 10 ** digits));
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Stub files per finding, matched by resource, rule and details (remediation-model.ts names them). */
function stubIndex(a: AuditAnalysis): (f: Finding) => { pulumi: string; cli: string } | undefined {
  const byKey = new Map<string, string[]>();
  for (const s of toRemediationStubs(a)) {
    const key = `${s.context.resourceArn}\u0000${s.ruleId}\u0000${s.context.details}`;
    byKey.set(key, [...(byKey.get(key) ?? []), s.fileBase]);
  }
  return (f) => {
    const base = byKey.get(`${f.resource.ref}\u0000${f.ruleId}\u0000${f.details}`)?.shift();
    return base === undefined ? undefined : { pulumi: `${REMEDIATION_DIR}/${base}.ts`, cli: `${REMEDIATION_DIR}/${base}.sh` };
  };
}

interface Resource {
  readonly name: string;
  readonly kind: string;
  readonly region: string;
  readonly health: number | null;
  readonly findings: readonly Finding[];
  /** Organization-wide audits: the resource's account (from its ARN). */
  readonly account?: string;
}

function findingGroups(a: AuditAnalysis): FindingGroup[] {
  const stubs = stubIndex(a);
  const resources: Resource[] = [
    ...a.streams.map((r) => ({ name: String(r.stream.name), kind: "data stream", region: String(r.stream.region ?? ""), health: r.healthScore, findings: r.findings })),
    ...a.deliveryStreams.map((r) => ({ name: String(r.deliveryStream.name), kind: "delivery stream", region: String(r.deliveryStream.region ?? ""), health: r.healthScore, findings: r.findings })),
  ];
  // Findings on resources outside the analysis (e.g. a stack resource missing in AWS): one group per resource.
  const other = new Map<string, Finding[]>();
  for (const f of a.otherFindings ?? []) other.set(f.resource.ref, [...(other.get(f.resource.ref) ?? []), f]);
  for (const fs of other.values()) resources.push({ name: fs[0]!.resource.displayName, kind: "resource", region: fs[0]!.resource.ref.split(":")[3] ?? "", health: null, findings: fs });
  if (a.accounts) {
    resources.forEach((r, i) => {
      const account = accountOfArn(r.findings[0]?.resource.ref);
      if (account) resources[i] = { ...r, account };
    });
  }

  const withFindings = resources
    .filter((r) => r.findings.length > 0)
    .map((r) => ({ r, worst: worstSeverity(r.findings)! }))
    .sort((x, y) => {
      const count = (r: Resource, s: Severity) => r.findings.filter((f) => f.severity === s).length;
      return SEVERITY_RANK[x.worst] - SEVERITY_RANK[y.worst] || count(y.r, x.worst) - count(x.r, x.worst) || x.r.name.localeCompare(y.r.name) || x.r.region.localeCompare(y.r.region) || (x.r.account ?? "").localeCompare(y.r.account ?? "");
    });
  return withFindings.map(({ r, worst }, index) => ({
    index,
    resource: r.name,
    kind: r.kind,
    region: r.region,
    ...(r.account ? { account: r.account } : {}),
    health: r.health === null ? "-" : String(r.health),
    tone: healthTone(r.health ?? 100, worst),
    worst,
    count: r.findings.length,
    rows: [...r.findings]
      .sort((p, q) => SEVERITY_RANK[p.severity] - SEVERITY_RANK[q.severity] || (q.monthlyImpactUsd ?? 0) - (p.monthlyImpactUsd ?? 0) || p.ruleId.localeCompare(q.ruleId))
      .map((f) => {
        const stub = stubs(f);
        return {
          group: index,
          severity: f.severity,
          severityRank: SEVERITY_RANK[f.severity],
          resource: r.name,
          ruleId: f.ruleId,
          issue: f.issue,
          details: f.details,
          remediation: f.remediation,
          impact: dollars(f.monthlyImpactUsd),
          impactValue: v(f.monthlyImpactUsd, 2),
          ...(stub ? { stubs: stub } : {}),
        };
      }),
  }));
}

const GIB_DAY = 86400 / 1e9;

function throughputChart(r: StreamAnalysis, start: number, hours: number): ChartModel {
  const name = String(r.stream.name);
  const u = r.writeUtilization;
  const missing = r.missingData.some((m) => m.metric === "IncomingBytes" || m.metric === "IncomingRecords");
  const noData = missing ? "no data: IncomingBytes / IncomingRecords could not be collected (see Missing data)" : "no data: no IncomingBytes datapoint in the window";
  if (u) {
    const cap = `${u.shards.toLocaleString("en-US")} MiB/s or ${(u.shards * 1000).toLocaleString("en-US")} records/s`;
    return lineChart({
      title: `${name}: hourly write throughput, % of capacity (${plural(u.shards, "shard")}: ${cap})`,
      kind: "throughput",
      windowStart: start,
      hours,
      values: u.hourly,
      format: (x) => `${Math.round(x)} %`,
      refLines: [
        { value: 80, label: "80 %", cls: "ref-warn" },
        { value: 100, label: "capacity", cls: "ref-cap" },
      ],
      minYMax: 100,
      ...(u.peakMinute ? { marker: { hour: u.peakMinute.hour, value: u.peakMinute.percent, label: `busiest minute: ${Math.round(u.peakMinute.percent)} % of capacity` } } : {}),
      noData,
    });
  }
  return lineChart({
    title: `${name}: hourly write throughput${r.stream.mode === "ON_DEMAND" ? " (on-demand: capacity follows traffic, no fixed line)" : ""}`,
    kind: "throughput",
    windowStart: start,
    hours,
    values: r.hourlyBytesPerSecond,
    format: bytesRate,
    noData,
  });
}

/** A rule's limit on a charted metric (the analysis' trendLimits), drawn as a dashed line. */
function limitLine(a: AuditAnalysis, metricName: TrendLimit["metric"], format: (v: number) => string, floor = false): ChartInput["refLines"] {
  const l = a.trendLimits?.find((t) => t.metric === metricName);
  return l ? [{ value: l.value, label: `${l.label} ${format(l.value)}`, cls: "ref-warn", ...(floor ? { floor } : {}) }] : [];
}

/** Whether the analysis lists `metricName` (of this consumer, when given) as missing: it could not be collected, which is not "no datapoint". */
function notCollected(missing: readonly MissingMetric[], metricName: string, consumer?: string): boolean {
  return missing.some((m) => m.metric.endsWith(` ${metricName}`) && (consumer === undefined || m.dimensions.ConsumerName === consumer));
}

/**
 * Lag per hour, one chart per consumer: the polling consumers' iterator age (the stream's
 * GetRecords.IteratorAgeMilliseconds) and each enhanced fan-out consumer's MillisBehindLatest,
 * hourly Maximums, with the limit of the rule that judges it. A consumer without an hourly series
 * says why: no datapoint in the window, or a snapshot that holds one value for the window.
 */
function lagCharts(a: AuditAnalysis, r: StreamAnalysis, rows: readonly ConsumerLagRow[], start: number, hours: number): ChartModel[] {
  const name = String(r.stream.name);
  return rows.map((c) => {
    const polling = c.kind === "polling";
    const metricName = polling ? "GetRecords.IteratorAgeMilliseconds" : "SubscribeToShardEvent.MillisBehindLatest";
    const window = notCollected(r.missingData, metricName, polling ? undefined : c.consumer)
      ? `${metricName} could not be collected (see Missing data)`
      : c.maxLagMs === null
        ? `no ${metricName} datapoint in the window`
        : `the snapshot holds one value for the window (max ${ms(c.maxLagMs)}${c.flagged ? ", lagging" : ""}); re-collect for hours`;
    return lineChart({
      title: polling ? `${name}: iterator age per hour (polling consumers, GetRecords.IteratorAgeMilliseconds max)` : `${name} / ${c.consumer}: enhanced fan-out lag per hour (MillisBehindLatest max)`,
      kind: polling ? "iterator-age" : "consumer-lag",
      windowStart: start,
      hours,
      values: polling ? r.hourlyIteratorAgeMs : r.hourlyConsumerLagMs?.get(c.consumer),
      format: ms,
      niceTop: niceDuration,
      refLines: limitLine(a, polling ? "GetRecords.IteratorAgeMilliseconds" : "SubscribeToShardEvent.MillisBehindLatest", ms),
      noData: `no data per hour: ${window}`,
    });
  });
}

/** Axis bottoms for success rates: the highest strictly below every value and the limit, so none is clipped. */
const SUCCESS_FLOORS = [99, 98, 95, 90, 80, 50, 0] as const;

function successFloor(values: ReadonlyMap<number, number> | undefined, limit: number | undefined): number {
  let lo = limit ?? 100;
  for (const v of values?.values() ?? []) if (v < lo) lo = v;
  return SUCCESS_FLOORS.find((f) => f < lo) ?? 0;
}

const successLabel = (x: number) => `${Number.isInteger(Math.round(x * 10) / 10) ? Math.round(x) : x.toFixed(1)} %`;
const seconds = (s: number) => ms(s * 1000);

export interface DeliveryTrendBlock {
  readonly name: string;
  readonly open: boolean;
  readonly tone: HealthTone;
  readonly headline: string;
  /** Built on each read, like TrendBlock.charts. */
  readonly charts: readonly ChartModel[];
}

/**
 * Per delivery stream: delivery success (% of attempts per hour, hourly Success Sum / SampleCount,
 * with kdf-delivery-failures' floor) and data freshness (hourly DataFreshness Maximum, with the
 * buffer interval it should stay near and the recommended alarm's limit).
 */
function deliveryCharts(a: AuditAnalysis, r: DeliveryStreamAnalysis, start: number, hours: number): ChartModel[] {
  const d = r.deliveryStream;
  const name = String(d.name);
  const metricPrefix = r.metrics.successMetric?.replace(/\.Success$/, "");
  const unknown = "no data: the destination is unknown, and with it the DeliveryTo<destination> metrics";
  const failure = r.metrics.failureRatePercent;
  const floor = limitLine(a, "DeliveryTo*.Success", successLabel, true);
  const interval = d.buffering?.intervalSeconds;
  return [
    lineChart({
      title: `${name}: delivery success per hour (${metricPrefix ?? "DeliveryTo<destination>"}.Success, % of attempts)`,
      kind: "delivery-success",
      windowStart: start,
      hours,
      values: r.hourlySuccessPercent,
      format: successLabel,
      refLines: floor,
      yRange: { min: successFloor(r.hourlySuccessPercent, floor?.[0]?.value), max: 100 },
      noData: !metricPrefix
        ? unknown
        : notCollected(r.missingData, `${metricPrefix}.Success`)
          ? `no data per hour: ${metricPrefix}.Success could not be collected (see Missing data)`
          : failure === null
            ? `no data per hour: no ${metricPrefix}.Success datapoint in the window (no delivery attempt)`
            : `no data per hour: the snapshot holds one value for the window (${pct(failure, 2)} failed); re-collect for hours`,
    }),
    lineChart({
      title: `${name}: data freshness per hour (${metricPrefix ?? "DeliveryTo<destination>"}.DataFreshness max)`,
      kind: "delivery-freshness",
      windowStart: start,
      hours,
      values: r.hourlyFreshnessSeconds,
      format: seconds,
      niceTop: (s) => niceDuration(s * 1000) / 1000,
      refLines: [...(typeof interval === "number" ? [{ value: interval, label: `buffer interval ${seconds(interval)}`, cls: "ref-info", guide: true }] : []), ...(limitLine(a, "DeliveryTo*.DataFreshness", seconds) ?? [])],
      noData: !metricPrefix
        ? unknown
        : notCollected(r.missingData, `${metricPrefix}.DataFreshness`)
          ? `no data per hour: ${metricPrefix}.DataFreshness could not be collected (see Missing data)`
          : `no data per hour: no ${metricPrefix}.DataFreshness datapoint in the window`,
    }),
  ];
}

/** Delivery trend blocks, the most urgent first (worst finding, then the highest failure rate), the first few open. */
function deliveryTrendBlocks(a: AuditAnalysis, start: number, hours: number): RowsOnRead<DeliveryTrendBlock> {
  const failureOf = (r: DeliveryStreamAnalysis) => r.metrics.failureRatePercent ?? -1;
  const urgentFirst = [...a.deliveryStreams].sort(
    (x, y) => rankOf(worstSeverity(x.findings)) - rankOf(worstSeverity(y.findings)) || failureOf(y) - failureOf(x) || String(x.deliveryStream.name).localeCompare(String(y.deliveryStream.name)),
  );
  return rowsOnRead(urgentFirst, (r, i) => {
    const worst = worstSeverity(r.findings);
    let freshest: number | undefined;
    for (const v of r.hourlyFreshnessSeconds?.values() ?? []) if (freshest === undefined || v > freshest) freshest = v;
    return {
      name: String(r.deliveryStream.name),
      open: i < OPEN_BLOCKS,
      tone: healthTone(r.healthScore, worst),
      headline: [
        `${String(r.deliveryStream.destination)}`,
        r.metrics.failureRatePercent === null ? "failed deliveries: no data" : `${pct(r.metrics.failureRatePercent, 2)} failed`,
        freshest === undefined ? "freshness: no data" : `oldest record up to ${seconds(freshest)}`,
        worst ? `worst finding ${worst}` : "no findings",
      ].join(", "),
      // Built when the block renders (see TrendBlock.charts).
      get charts() {
        return deliveryCharts(a, r, start, hours);
      },
    };
  });
}

export function toDashboardModel(a: AccountedAnalysis): DashboardModel {
  const hours = Math.max(1, Math.round((a.window.end - a.window.start) / 3600));
  const start = a.window.start;
  const bucketHours = Math.max(1, Math.ceil(hours / MAX_HEATMAP_COLUMNS));
  const buckets = Math.ceil(hours / bucketHours);
  const s = a.summary;
  // A column starts a day group where its bucket starts on a new UTC day (windows end on the collection hour, not at midnight).
  const dayOf = (b: number) => new Date((start + b * bucketHours * 3600) * 1000).toISOString().slice(5, 10);
  const columns = Array.from({ length: buckets }, (_, b) => ({ label: b === 0 || dayOf(b) !== dayOf(b - 1) ? dayOf(b) : "" }));
  const columnGroups: { label: string; span: number }[] = [];
  for (const c of columns) {
    const last = columnGroups[columnGroups.length - 1];
    if (c.label || !last) columnGroups.push({ label: c.label, span: 1 });
    else last.span++;
  }

  const groups = findingGroups(a);
  const findingRows = groups.flatMap((g) => g.rows);
  const lagRows = consumerLagRows(a);
  const lagging = lagRows.filter((c) => c.flagged).length;
  const lagByStream = new Map<string, ConsumerLagRow[]>();
  // Keyed by account too: an organization-wide audit has the same stream name in several accounts.
  const lagKey = (account: string | undefined, region: string, stream: string) => `${account ?? ""}\u0000${region}\u0000${stream}`;
  for (const c of lagRows) lagByStream.set(lagKey(c.account, c.region, c.stream), [...(lagByStream.get(lagKey(c.account, c.region, c.stream)) ?? []), c]);
  const costs = costTable(a);

  // Attention order for the per-stream blocks: worst finding first, then the hottest.
  const peakOf = (r: StreamAnalysis) => r.writeUtilization?.peakPercent ?? r.metrics.utilization?.peakPercent ?? -1;
  const streamsByAttention = [...a.streams].sort(
    (x, y) => rankOf(worstSeverity(x.findings)) - rankOf(worstSeverity(y.findings)) || peakOf(y) - peakOf(x) || String(x.stream.name).localeCompare(String(y.stream.name)),
  );
  const hotStreams = a.streams.filter((r) => peakOf(r) >= HOT_PERCENT).length;
  const bySeverity = s.findingsBySeverity;
  const highResources = groups.filter((g) => g.worst === "high").length;

  const cards: Card[] = [
    { label: "High", value: String(bySeverity.high), tone: bySeverity.high > 0 ? "bad" : "good", href: "#findings", note: bySeverity.high > 0 ? `on ${plural(highResources, "resource")}` : "none" },
    { label: "Medium", value: String(bySeverity.medium), tone: bySeverity.medium > 0 ? "warn" : "good", href: "#findings", note: "findings" },
    { label: "Low", value: String(bySeverity.low), tone: bySeverity.low > 0 ? "minor" : "good", href: "#findings", note: "findings" },
    { label: "Lagging consumers", value: `${lagging} / ${lagRows.length}`, tone: lagging > 0 ? "bad" : "good", href: "#lag", note: "polling + enhanced fan-out" },
    { label: "Streams >= 80 % capacity", value: String(hotStreams), tone: hotStreams > 0 ? "warn" : "good", href: "#heatmap", note: "peak hour" },
    { label: "Est. monthly savings", value: dollars(s.estimatedMonthlySavings) || "$0.00", tone: "neutral", href: "#cost", note: plural(s.costOptimizationOpportunities, "cost finding") },
    { label: "Average health", value: s.averageHealthScore === null ? "n/a" : String(s.averageHealthScore), tone: s.averageHealthScore === null ? "neutral" : healthClass(s.averageHealthScore), href: "#streams", note: "out of 100" },
    { label: "Analyzed", value: `${s.totalDataStreams} + ${s.totalFirehoseStreams}`, tone: "neutral", href: "#streams", note: "data + delivery streams" },
    { label: "Ingest", value: `${(s.totalBytesPerSecond * GIB_DAY).toFixed(1)} GB/day`, tone: "neutral", href: "#trends", note: "data streams" },
    { label: "Skipped", value: String(s.skippedResources), tone: "neutral", href: "#skipped", note: "not analyzed" },
  ];

  const headline =
    findingRows.length === 0
      ? "No findings: nothing to act on."
      : bySeverity.high > 0
        ? `${plural(bySeverity.high, "high-severity finding")} on ${plural(highResources, "resource")}${lagging ? `, ${plural(lagging, "lagging consumer")}` : ""}: start with the first group below; each finding says what to do and links its Pulumi and AWS CLI fix.`
        : `No high-severity finding. ${plural(findingRows.length, "finding")} below, most severe first${lagging ? `; ${plural(lagging, "lagging consumer")}` : ""}.`;

  const script = dashboardScript();
  // The rows of the block read last (the template reads rows.length, then the rows, of one block at a time).
  let lastRows: { readonly of: HeatmapHead; readonly rows: HeatRow[] } | undefined;
  const rowsOf = (h: HeatmapHead): HeatRow[] => {
    if (lastRows?.of !== h) lastRows = { of: h, rows: h.rows() };
    return lastRows.rows;
  };
  // Bottlenecks first: the stream with the hottest hour on top; streams without data last.
  const hottestFirst = a.streams
    .map((r) => ({ r, peak: heatPeak(r), name: String(r.stream.name) }))
    .sort((x, y) => (y.peak ?? -1) - (x.peak ?? -1) || x.name.localeCompare(y.name))
    .map((x) => x.r);
  const heatmapBlocks = rowsOnRead(hottestFirst, (r, i): HeatmapBlock => {
    const h = heatmapFor(r, start, buckets, bucketHours);
    return {
      streamName: h.streamName,
      peak: h.peak,
      note: h.note,
      open: i < OPEN_BLOCKS,
      peakLabel: h.peak === null ? "no data" : `peak ${pct(h.peak, 0)}`,
      get rows() {
        return rowsOf(h);
      },
    };
  });

  const alarms = rowsOnRead(a.alarmRecommendations, (r) => ({
    priority: r.priority,
    resource: r.resourceName,
    metric: `${r.namespace} ${r.metricName}`,
    condition: `${r.statistic} ${r.comparison === "GreaterThanThreshold" ? ">" : "<"} ${r.threshold} over ${r.periodSeconds} s`,
    why: r.why,
  }));
  const missingData = [
    ...a.streams.flatMap((r) => r.missingData.map((m) => ({ resource: String(r.stream.name), metric: `${m.metric} (${m.stat})`, reason: m.reason }))),
    ...a.deliveryStreams.flatMap((r) => r.missingData.map((m) => ({ resource: String(r.deliveryStream.name), metric: `${m.metric} (${m.stat})`, reason: m.reason }))),
  ];
  const suppressed = [...(a.suppressed ?? [])]
    .sort((x, y) => rankOf(x.finding.severity) - rankOf(y.finding.severity) || x.finding.ruleId.localeCompare(y.finding.ruleId) || x.finding.resource.displayName.localeCompare(y.finding.resource.displayName))
    .map((x) => ({
      severity: x.finding.severity,
      ruleId: x.finding.ruleId,
      issue: x.finding.issue,
      resource: x.finding.resource.displayName + (x.finding.property ? ` (${x.finding.property})` : ""),
      kind: x.suppression.kind,
      reason: x.suppression.reason,
      until: x.suppression.expires ?? "",
    }));
  const toc = [
    ...(a.accounts ? [{ id: "accounts", label: "Accounts", count: String(a.accounts.length) }] : []),
    { id: "findings", label: "Findings", count: String(findingRows.length) },
    ...(suppressed.length ? [{ id: "suppressed", label: "Suppressed", count: String(suppressed.length) }] : []),
    { id: "streams", label: "Streams", count: String(a.streams.length) },
    { id: "lag", label: "Consumer lag", count: `${lagging}/${lagRows.length}` },
    { id: "cost", label: "Cost", count: dollars(costs.totalSavingsUsd) || "$0.00" },
    { id: "trends", label: "Trends", count: "" },
    { id: "heatmap", label: "Heatmap", count: String(hotStreams) },
    { id: "firehose", label: "Delivery streams", count: String(a.deliveryStreams.length) },
    ...(alarms.length ? [{ id: "alarm-recommendations", label: "Alarms", count: String(alarms.length) }] : []),
    ...(a.drFlags.length ? [{ id: "dr-flags", label: "DR", count: String(a.drFlags.length) }] : []),
    ...(missingData.length ? [{ id: "missing-data", label: "Missing data", count: String(missingData.length) }] : []),
    ...(a.collectionErrors.length ? [{ id: "collection-errors", label: "Not collected", count: String(a.collectionErrors.length) }] : []),
    { id: "skipped", label: "Skipped", count: String(a.skipped.length) },
  ];

  return {
    accounts: a.accounts ? accountRows(a.accounts) : [],
    title: "Kinesis throughput & utilization",
    generatedAt: a.analyzedAt,
    windowLabel: `${new Date(start * 1000).toISOString().slice(0, 16)} - ${new Date(a.window.end * 1000).toISOString().slice(0, 16)} UTC (${a.window.days} days, hourly)`,
    regions: a.regions.join(", "),
    complete: a.complete,
    script: script.text,
    scriptHash: script.cspSource,
    headline,
    cards,
    toc,
    findingGroups: groups,
    findingCount: findingRows.length,
    suppressed,
    filters: {
      severities: (["high", "medium", "low"] as const).filter((x) => bySeverity[x] > 0),
      rules: [...new Map(findingRows.map((f) => [f.ruleId, { id: f.ruleId, issue: f.issue }])).values()].sort((x, y) => x.id.localeCompare(y.id)),
      resources: [...new Set(groups.map((g) => g.resource))].sort(),
    },
    streams: rowsOnRead(a.streams, (r) => {
      const worst = worstSeverity(r.findings);
      const lags = (lagByStream.get(lagKey(accountOfArn(r.stream.arn), String(r.stream.region ?? ""), String(r.stream.name))) ?? []).filter((c) => c.kind === "enhanced-fan-out");
      const lagValues = lags.flatMap((c) => (c.maxLagMs === null ? [] : [c.maxLagMs]));
      const iteratorLagging = r.findings.some((f) => reportHooksOf(f.ruleId).flagsPollingLag === true);
      const u = r.metrics.utilization;
      const noUtil = r.stream.mode === "ON_DEMAND" ? "on-demand" : "no data";
      return {
        name: String(r.stream.name),
        region: String(r.stream.region ?? ""),
        mode: String(r.stream.mode),
        shards: typeof r.stream.shardCount === "number" ? String(r.stream.shardCount) : "-",
        health: r.healthScore,
        tone: healthTone(r.healthScore, worst),
        worst: worst ?? "",
        severityRank: rankOf(worst),
        rules: [...new Set(r.findings.map((f) => f.ruleId))].join(" "),
        throughput: bytesRate(r.metrics.bytesPerSecond),
        throughputValue: v(r.metrics.bytesPerSecond),
        utilizationP95: u ? pct(u.p95Percent) : noUtil,
        utilizationP95Value: v(u?.p95Percent),
        utilizationPeak: u ? pct(u.peakPercent) : noUtil,
        utilizationPeakValue: v(u?.peakPercent),
        throttleRate: pct(r.metrics.throttleRatePercent, 2),
        throttleRateValue: v(r.metrics.throttleRatePercent, 4),
        iteratorAge: `${ms(r.metrics.maxIteratorAgeMs)}${iteratorLagging ? " (lagging)" : ""}`,
        iteratorAgeValue: v(r.metrics.maxIteratorAgeMs),
        consumerLag: lags.length === 0 ? "-" : lagValues.length ? `${ms(Math.max(...lagValues))}${lags.some((c) => c.flagged) ? " (lagging)" : ""}` : "no data",
        consumerLagValue: lagValues.length ? v(Math.max(...lagValues)) : "",
        findings: r.findings.length,
      };
    }),
    lag: {
      pollingRules: LAG_RULE_IDS.polling.join(", ") || "none",
      fanOutRules: LAG_RULE_IDS.fanOut.join(", ") || "none",
      rows: rowsOnRead(lagRows, (c) => ({
        stream: c.stream,
        consumer: c.consumer,
        kind: c.kind === "polling" ? "polling (GetRecords)" : "enhanced fan-out",
        kindKey: c.kind,
        metric: c.metric,
        maxLag: ms(c.maxLagMs),
        maxLagValue: v(c.maxLagMs),
        avgLag: c.kind === "polling" ? "not collected" : ms(c.avgLagMs),
        avgLagValue: v(c.avgLagMs),
        flagged: c.flagged,
      })),
      lagging,
      total: lagRows.length,
    },
    cost: {
      rows: rowsOnRead(costs.rows, (c) => ({
        kind: c.kind,
        name: c.name,
        current: c.currentUsd === null ? "no data" : dollars(c.currentUsd),
        currentValue: v(c.currentUsd, 2),
        recommended: c.recommendedUsd === null ? "no data" : dollars(c.recommendedUsd),
        recommendedValue: v(c.recommendedUsd, 2),
        savings: c.savingsUsd > 0 ? dollars(c.savingsUsd) : "-",
        savingsValue: v(c.savingsUsd, 2),
        basis: c.basis,
        rules: c.rules.join(" "),
      })),
      totalCurrent: dollars(costs.totalCurrentUsd),
      totalRecommended: dollars(costs.totalRecommendedUsd),
      totalSavings: dollars(costs.totalSavingsUsd) || "$0.00",
      unknownRows: costs.unknownRows,
    },
    frame: chartFrame(start, hours),
    trends: rowsOnRead(streamsByAttention, (r, i) => {
      const name = String(r.stream.name);
      const worst = worstSeverity(r.findings);
      const peak = r.writeUtilization?.peakPercent;
      return {
        name,
        open: i < OPEN_BLOCKS,
        tone: healthTone(r.healthScore, worst),
        headline: [
          peak === undefined ? (r.stream.mode === "ON_DEMAND" ? "on-demand" : "no utilization data") : `peak hour ${pct(peak, 0)} of capacity`,
          worst ? `worst finding ${worst}` : "no findings",
        ].join(", "),
        get charts() {
          return [throughputChart(r, start, hours), ...lagCharts(a, r, lagByStream.get(lagKey(accountOfArn(r.stream.arn), String(r.stream.region ?? ""), name)) ?? [], start, hours)];
        },
      };
    }),
    deliveryTrends: deliveryTrendBlocks(a, start, hours),
    columns,
    columnGroups,
    bucketHours,
    heatLevels: heatLevelStyles(),
    heatmap: heatmapBlocks,
    firehose: rowsOnRead(a.deliveryStreams, (r) => {
      const worst = worstSeverity(r.findings);
      return {
        name: String(r.deliveryStream.name),
        destination: String(r.deliveryStream.destination),
        health: r.healthScore,
        tone: healthTone(r.healthScore, worst),
        worst: worst ?? "",
        severityRank: rankOf(worst),
        rules: [...new Set(r.findings.map((f) => f.ruleId))].join(" "),
        recordsPerMinute: count(r.metrics.recordsPerMinute),
        recordsPerMinuteValue: v(r.metrics.recordsPerMinute),
        failureRate: pct(r.metrics.failureRatePercent, 2),
        failureRateValue: v(r.metrics.failureRatePercent, 4),
        findings: r.findings.length,
      };
    }),
    alarms,
    drFlags: a.drFlags.map((f) => ({
      stream: f.streamName,
      status: f.status,
      replica: f.replica ? `${f.replica.name} (${f.replica.region})` : "-",
      action: f.action,
      missing: f.status === "no-replica",
    })),
    skipped: a.skipped.map((k) => ({ kind: k.kind === "stream" ? "data stream" : "delivery stream", name: k.name, reason: k.reason })),
    missingData,
    collectionErrors: a.collectionErrors.map((e) => ({ api: e.api, region: e.region, resource: e.resource ?? "(all of the region)", message: e.message })),
  };
}

