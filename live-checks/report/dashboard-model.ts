/**
 * View-model of throughput_utilization_dashboard.html: summary cards, a shard-level utilization
 * heatmap (rows = shards, columns = time buckets, value = the bucket's peak hourly utilization, so a
 * bottleneck hour is never averaged away), per-stream health and lag, and every finding with its
 * remediation. The template only lays it out.
 */
import type { AuditAnalysis, StreamAnalysis } from "../analyze";
import { byHashKey } from "../../rules/metric/hash-keys";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { bytesRate, count, dollars, healthClass, heatColor, ms, pct } from "./format";

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
  readonly rows: readonly HeatRow[];
}

export interface DashboardModel {
  readonly title: string;
  readonly generatedAt: string;
  readonly windowLabel: string;
  readonly regions: string;
  readonly complete: boolean;
  readonly cards: readonly { readonly label: string; readonly value: string; readonly tone: string }[];
  readonly columns: readonly { readonly label: string }[];
  /** Column header groups: one per UTC day (colspan = its buckets). */
  readonly columnGroups: readonly { readonly label: string; readonly span: number }[];
  readonly bucketHours: number;
  /** CSS of the heat level classes (HeatCell.css). */
  readonly heatLevels: readonly { readonly cls: string; readonly color: string }[];
  readonly heatmap: readonly HeatmapStream[];
  readonly streams: readonly {
    readonly name: string;
    readonly mode: string;
    readonly shards: string;
    readonly health: number;
    readonly healthClass: string;
    readonly throughput: string;
    readonly utilizationP95: string;
    readonly utilizationPeak: string;
    readonly throttleRate: string;
    readonly iteratorAge: string;
    readonly consumerLag: string;
    readonly findings: number;
  }[];
  readonly consumers: readonly { readonly stream: string; readonly consumer: string; readonly maxLag: string; readonly avgLag: string; readonly flagged: boolean }[];
  readonly firehose: readonly {
    readonly name: string;
    readonly destination: string;
    readonly health: number;
    readonly healthClass: string;
    readonly recordsPerMinute: string;
    readonly failureRate: string;
    readonly findings: number;
  }[];
  readonly findings: readonly {
    readonly severity: string;
    readonly resource: string;
    readonly ruleId: string;
    readonly issue: string;
    readonly details: string;
    readonly remediation: string;
    readonly impact: string;
  }[];
  readonly skipped: readonly { readonly kind: string; readonly name: string; readonly reason: string }[];
  readonly alarms: readonly { readonly priority: number; readonly resource: string; readonly metric: string; readonly condition: string; readonly why: string }[];
  readonly drFlags: readonly { readonly stream: string; readonly status: string; readonly replica: string; readonly action: string; readonly missing: boolean }[];
  readonly missingData: readonly { readonly resource: string; readonly metric: string; readonly reason: string }[];
  /** What the collector could not read (a region, a listing, a stream's describe): named, never silent. */
  readonly collectionErrors: readonly { readonly api: string; readonly region: string; readonly resource: string; readonly message: string }[];
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

function heatmapFor(r: StreamAnalysis, start: number, buckets: number, bucketHours: number): HeatmapStream {
  const name = String(r.stream.name);
  const hot = new Set(r.findings.filter((f) => f.ruleId === "kds-hot-shard").map((f) => String(f.data?.shardId)));
  if (r.shardLoads.length > 0) {
    const rows = byHashKey(r.shardLoads.map((l) => ({ ...l, startingHashKey: l.shard.startingHashKey }))).map((l) => ({
      label: l.shard.shardId,
      level: "shard" as const,
      bottleneck: hot.has(l.shard.shardId) || (l.peakPercent ?? 0) >= HOT_PERCENT,
      peakLabel: pct(l.peakPercent ?? null),
      cells: bucketCells(l.hourly, start, buckets, bucketHours, `${name} ${l.shard.shardId}`),
    }));
    const peaks = r.shardLoads.flatMap((l) => (l.peakPercent === undefined ? [] : [l.peakPercent]));
    return { streamName: name, peak: peaks.length ? Math.max(...peaks) : null, note: `${rows.length} shard${rows.length === 1 ? "" : "s"}, shard-level metrics`, rows };
  }
  if (r.stream.mode === "ON_DEMAND") return { streamName: name, peak: null, note: "on-demand: capacity scales automatically, no shard utilization", rows: [] };
  const u = r.writeUtilization;
  if (!u) return { streamName: name, peak: null, note: "no utilization data", rows: [] };
  return {
    streamName: name,
    peak: u.peakPercent,
    note: `${u.shards} shard${u.shards === 1 ? "" : "s"}, stream-level ${u.shards === 1 ? "metrics" : "average (enable shard-level metrics to see each shard)"}`,
    rows: [{ label: u.shards === 1 ? "stream (1 shard)" : `all ${u.shards} shards (avg)`, level: "stream", bottleneck: u.peakPercent >= HOT_PERCENT, peakLabel: pct(u.peakPercent), cells: bucketCells(u.hourly, start, buckets, bucketHours, `${name} (all shards)`) }],
  };
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

export function toDashboardModel(a: AuditAnalysis): DashboardModel {
  const hours = Math.max(1, Math.round((a.window.end - a.window.start) / 3600));
  const bucketHours = Math.max(1, Math.ceil(hours / MAX_HEATMAP_COLUMNS));
  const buckets = Math.ceil(hours / bucketHours);
  const s = a.summary;
  const columns = Array.from({ length: buckets }, (_, b) => {
    const t = new Date((a.window.start + b * bucketHours * 3600) * 1000);
    return { label: t.getUTCHours() === 0 || b === 0 ? t.toISOString().slice(5, 10) : "" };
  });
  const columnGroups: { label: string; span: number }[] = [];
  for (const c of columns) {
    const last = columnGroups[columnGroups.length - 1];
    if (c.label || !last) columnGroups.push({ label: c.label, span: 1 });
    else last.span++;
  }
  const all = [
    ...a.streams.map((r) => ({ name: String(r.stream.name), f: r.findings })),
    ...a.deliveryStreams.map((r) => ({ name: String(r.deliveryStream.name), f: r.findings })),
    ...(a.otherFindings ?? []).map((f) => ({ name: f.resource.displayName, f: [f] })),
  ];
  return {
    title: "Kinesis throughput & utilization",
    generatedAt: a.analyzedAt,
    windowLabel: `${new Date(a.window.start * 1000).toISOString().slice(0, 16)} - ${new Date(a.window.end * 1000).toISOString().slice(0, 16)} UTC (${a.window.days} days)`,
    regions: a.regions.join(", "),
    complete: a.complete,
    cards: [
      { label: "Data streams", value: String(s.totalDataStreams), tone: "neutral" },
      { label: "Delivery streams", value: String(s.totalFirehoseStreams), tone: "neutral" },
      { label: "Average health", value: s.averageHealthScore === null ? "n/a" : String(s.averageHealthScore), tone: s.averageHealthScore === null ? "neutral" : healthClass(s.averageHealthScore) },
      { label: "High-priority issues", value: String(s.highPriorityIssues), tone: s.highPriorityIssues > 0 ? "bad" : "good" },
      { label: "Findings", value: String(s.totalFindings), tone: "neutral" },
      { label: "Est. monthly savings", value: dollars(s.estimatedMonthlySavings), tone: "neutral" },
      { label: "Ingest", value: `${((s.totalBytesPerSecond * 86400) / 1e9).toFixed(1)} GB/day`, tone: "neutral" },
      { label: "Lagging consumers", value: `${s.laggingConsumers} / ${s.consumers}`, tone: s.laggingConsumers > 0 ? "warn" : "good" },
      { label: "Skipped", value: String(s.skippedResources), tone: "neutral" },
    ],
    columns,
    columnGroups,
    bucketHours,
    heatLevels: heatLevelStyles(),
    // Bottlenecks first: the stream with the hottest hour on top; streams without data last.
    heatmap: a.streams
      .map((r) => heatmapFor(r, a.window.start, buckets, bucketHours))
      .sort((x, y) => (y.peak ?? -1) - (x.peak ?? -1) || x.streamName.localeCompare(y.streamName)),
    streams: a.streams.map((r) => {
      const lags = r.metrics.consumers.flatMap((c) => (c.maxLagMs === null ? [] : [c.maxLagMs]));
      return {
        name: String(r.stream.name),
        mode: String(r.stream.mode),
        shards: typeof r.stream.shardCount === "number" ? String(r.stream.shardCount) : "-",
        health: r.healthScore,
        healthClass: healthClass(r.healthScore),
        throughput: bytesRate(r.metrics.bytesPerSecond),
        utilizationP95: r.metrics.utilization ? pct(r.metrics.utilization.p95Percent) : r.stream.mode === "ON_DEMAND" ? "on-demand" : "no data",
        utilizationPeak: r.metrics.utilization ? pct(r.metrics.utilization.peakPercent) : r.stream.mode === "ON_DEMAND" ? "on-demand" : "no data",
        throttleRate: pct(r.metrics.throttleRatePercent, 2),
        iteratorAge: ms(r.metrics.maxIteratorAgeMs),
        consumerLag: r.metrics.consumers.length === 0 ? "-" : lags.length ? ms(Math.max(...lags)) : "no data",
        findings: r.findings.length,
      };
    }),
    consumers: a.streams.flatMap((r) =>
      r.metrics.consumers.map((c) => ({ stream: String(r.stream.name), consumer: c.consumerName, maxLag: ms(c.maxLagMs), avgLag: ms(c.avgLagMs), flagged: c.flagged })),
    ),
    firehose: a.deliveryStreams.map((r) => ({
      name: String(r.deliveryStream.name),
      destination: String(r.deliveryStream.destination),
      health: r.healthScore,
      healthClass: healthClass(r.healthScore),
      recordsPerMinute: count(r.metrics.recordsPerMinute),
      failureRate: pct(r.metrics.failureRatePercent, 2),
      findings: r.findings.length,
    })),
    findings: all
      .flatMap(({ name, f }) => f.map((x) => ({ name, x })))
      .sort((p, q) => SEVERITY_RANK[p.x.severity] - SEVERITY_RANK[q.x.severity] || p.name.localeCompare(q.name) || p.x.ruleId.localeCompare(q.x.ruleId))
      .map(({ name, x }) => ({ severity: x.severity, resource: name, ruleId: x.ruleId, issue: x.issue, details: x.details, remediation: x.remediation, impact: dollars(x.monthlyImpactUsd) })),
    alarms: a.alarmRecommendations.map((r) => ({
      priority: r.priority,
      resource: r.resourceName,
      metric: `${r.namespace} ${r.metricName}`,
      condition: `${r.statistic} ${r.comparison === "GreaterThanThreshold" ? ">" : "<"} ${r.threshold} over ${r.periodSeconds} s`,
      why: r.why,
    })),
    drFlags: a.drFlags.map((f) => ({
      stream: f.streamName,
      status: f.status,
      replica: f.replica ? `${f.replica.name} (${f.replica.region})` : "-",
      action: f.action,
      missing: f.status === "no-replica",
    })),
    skipped: a.skipped.map((k) => ({ kind: k.kind === "stream" ? "data stream" : "delivery stream", name: k.name, reason: k.reason })),
    missingData: [
      ...a.streams.flatMap((r) => r.missingData.map((m) => ({ resource: String(r.stream.name), metric: `${m.metric} (${m.stat})`, reason: m.reason }))),
      ...a.deliveryStreams.flatMap((r) => r.missingData.map((m) => ({ resource: String(r.deliveryStream.name), metric: `${m.metric} (${m.stat})`, reason: m.reason }))),
    ],
    collectionErrors: a.collectionErrors.map((e) => ({ api: e.api, region: e.region, resource: e.resource ?? "(all of the region)", message: e.message })),
  };
}
