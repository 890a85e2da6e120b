/** View-model of the console summary: per-stream health, throughput utilization and consumer lag, then totals. */
import type { AuditAnalysis } from "../analyze";
import { bytesRate, count, dollars, ms, pct } from "./format";

export interface ConsoleModel {
  readonly header: string;
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
  };
  /** Every skipped resource with its reason (low traffic: only the metric and cost rules were skipped). */
  readonly skipped: readonly { readonly kind: string; readonly name: string; readonly region: string; readonly reason: string }[];
  readonly complete: boolean;
  readonly missingDataResources: number;
  readonly collectionErrors: number;
  readonly outDir: string;
  readonly files: readonly string[];
}

export function toConsoleModel(a: AuditAnalysis, outDir: string, files: readonly string[]): ConsoleModel {
  const s = a.summary;
  return {
    header: `kinesis-guard audit - ${a.regions.join(", ")} - window ${a.window.days} days ending ${new Date(a.window.end * 1000).toISOString().slice(0, 16)} UTC`,
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
    },
    skipped: a.skipped.map((k) => ({ kind: k.kind === "stream" ? "data stream" : "delivery stream", name: k.name, region: k.region, reason: k.reason })),
    complete: a.complete,
    missingDataResources: [...a.streams, ...a.deliveryStreams].filter((r) => r.missingData.length > 0).length,
    collectionErrors: a.collectionErrors.length,
    outDir,
    files,
  };
}
