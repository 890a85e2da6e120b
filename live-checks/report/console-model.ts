/** View-model of the console summary: per-stream health, throughput utilization and consumer lag, then totals. */
import type { AccountedAnalysis } from "./analysis-json";
import type { Finding, Severity } from "../../rules/model";
import { bytesRate, count, dollars, ms, pct } from "./format";

export interface ConsoleModel {
  readonly header: string;
  /** Organization-wide audits: the accounts not fully audited, with why (empty otherwise). */
  readonly accountProblems: readonly { readonly id: string; readonly status: string; readonly reason: string }[];
  readonly streams: readonly { readonly name: string; readonly health: string; readonly utilization: string; readonly throughput: string; readonly lag: string; readonly findings: string }[];
  readonly firehose: readonly { readonly name: string; readonly health: string; readonly destination: string; readonly recordsPerMinute: string; readonly failureRate: string; readonly findings: string }[];
  readonly totals: {
    readonly dataStreams: number;
    readonly firehoseStreams: number;
    readonly skipped: number;
    readonly findings: number;
    readonly high: number;
    readonly medium: number;
    readonly low: number;
    readonly averageHealth: string;
    readonly savings: string;
    readonly costOpportunities: number;
    readonly laggingConsumers: number;
    readonly consumers: number;
    /** Suppressed findings counted in `findings` (config exemptions, baseline: they stay in the analysis' findings). */
    readonly suppressedCounted: number;
    /** Suppressed findings of the exemption tag: never in `findings` nor any other total. */
    readonly suppressedByTag: number;
  };
  /**
   * Every finding, grouped by resource: the resource with the most severe finding first (then by
   * how many findings it has, then by name), each resource's findings from high to low.
   */
  readonly findingGroups: readonly ConsoleFindingGroup[];
  /** Findings accepted by an exemption, the baseline or the exemption tag: not in findingGroups, listed with their reason. */
  readonly suppressed: readonly { readonly severity: string; readonly ruleId: string; readonly resource: string; readonly kind: string; readonly reason: string; readonly until: string }[];
  /** Every skipped resource with its reason (low traffic: only the metric and cost rules were skipped). */
  readonly skipped: readonly { readonly kind: string; readonly name: string; readonly region: string; readonly reason: string }[];
  readonly complete: boolean;
  readonly missingDataResources: number;
  readonly collectionErrors: number;
  readonly outDir: string;
  readonly files: readonly string[];
}

export interface ConsoleFindingGroup {
  readonly resource: string;
  readonly type: string;
  readonly findings: readonly { readonly severity: string; readonly ruleId: string; readonly issue: string; readonly details: string }[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

/** Findings grouped by resource, most severe first (see ConsoleModel.findingGroups). */
export function findingGroups(findings: readonly Finding[]): ConsoleFindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.resource.ref) ?? [];
    list.push(f);
    groups.set(f.resource.ref, list);
  }
  const worst = (fs: readonly Finding[]) => Math.min(...fs.map((f) => SEVERITY_RANK[f.severity]));
  return [...groups.values()]
    .map((fs) => [...fs].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.ruleId.localeCompare(b.ruleId) || (a.property ?? "").localeCompare(b.property ?? "")))
    .sort((a, b) => worst(a) - worst(b) || b.length - a.length || a[0]!.resource.displayName.localeCompare(b[0]!.resource.displayName))
    .map((fs) => ({
      resource: fs[0]!.resource.displayName,
      type: fs[0]!.resource.type,
      findings: fs.map((f) => ({ severity: f.severity.toUpperCase(), ruleId: f.ruleId, issue: f.issue, details: f.details })),
    }));
}

export function toConsoleModel(a: AccountedAnalysis, outDir: string, files: readonly string[]): ConsoleModel {
  const s = a.summary;
  const suppressed = new Set((a.suppressed ?? []).map((x) => x.finding));
  return {
    accountProblems: (a.accounts ?? []).filter((x) => x.status !== "complete").map((x) => ({ id: x.id, status: x.status, reason: x.reason ?? "" })),
    header: `kinesis-guard audit - ${a.accounts ? `${a.accounts.length} accounts (${a.accounts.filter((x) => x.status === "complete").length} complete) - ` : a.account ? `account ${a.account.id} - ` : ""}${a.regions.join(", ")} - window ${a.window.days} days ending ${new Date(a.window.end * 1000).toISOString().slice(0, 16)} UTC`,
    streams: a.streams.map((r) => {
      const lags = r.metrics.consumers.flatMap((c) => (c.maxLagMs === null ? [] : [c.maxLagMs]));
      const u = r.metrics.utilization;
      return {
        name: String(r.stream.name),
        health: String(r.healthScore),
        utilization: u ? `p95 ${pct(u.p95Percent)} / peak ${pct(u.peakPercent)}` : r.stream.mode === "ON_DEMAND" ? "on-demand" : "no data",
        throughput: bytesRate(r.metrics.bytesPerSecond),
        lag: r.metrics.consumers.length === 0 ? "-" : lags.length ? `${ms(Math.max(...lags))} (${r.metrics.consumers.length} consumer${r.metrics.consumers.length === 1 ? "" : "s"})` : "no data",
        findings: String(r.findings.length),
      };
    }),
    firehose: a.deliveryStreams.map((r) => ({
      name: String(r.deliveryStream.name),
      health: String(r.healthScore),
      destination: String(r.deliveryStream.destination),
      recordsPerMinute: count(r.metrics.recordsPerMinute),
      failureRate: pct(r.metrics.failureRatePercent, 2),
      findings: String(r.findings.length),
    })),
    totals: {
      dataStreams: s.totalDataStreams,
      firehoseStreams: s.totalFirehoseStreams,
      skipped: s.skippedResources,
      findings: s.totalFindings,
      high: s.findingsBySeverity.high,
      medium: s.findingsBySeverity.medium,
      low: s.findingsBySeverity.low,
      averageHealth: s.averageHealthScore === null ? "n/a" : String(s.averageHealthScore),
      savings: dollars(s.estimatedMonthlySavings),
      costOpportunities: s.costOptimizationOpportunities,
      laggingConsumers: s.laggingConsumers,
      consumers: s.consumers,
      suppressedCounted: (a.suppressed ?? []).filter((x) => x.suppression.kind !== "tag").length,
      suppressedByTag: (a.suppressed ?? []).filter((x) => x.suppression.kind === "tag").length,
    },
    findingGroups: findingGroups([...a.findings, ...(a.otherFindings ?? []).filter((f) => !a.findings.includes(f))].filter((f) => !suppressed.has(f))),
    // Most severe first, as the findings.
    suppressed: [...(a.suppressed ?? [])]
      .sort((x, y) => SEVERITY_RANK[x.finding.severity] - SEVERITY_RANK[y.finding.severity] || x.finding.ruleId.localeCompare(y.finding.ruleId) || x.finding.resource.displayName.localeCompare(y.finding.resource.displayName))
      .map((s) => ({
      severity: s.finding.severity.toUpperCase(),
      ruleId: s.finding.ruleId,
      resource: s.finding.resource.displayName,
      kind: s.suppression.kind,
      reason: s.suppression.reason,
      until: s.suppression.expires ? ` (until ${s.suppression.expires})` : "",
    })),
    skipped: a.skipped.map((k) => ({ kind: k.kind === "stream" ? "data stream" : "delivery stream", name: k.name, region: k.region, reason: k.reason })),
    complete: a.complete,
    missingDataResources: [...a.streams, ...a.deliveryStreams].filter((r) => r.missingData.length > 0).length,
    collectionErrors: a.collectionErrors.length,
    outDir,
    files,
  };
}
