/**
 * kinesis_analysis.json view-model (exact field names of the design brief; extra fields welcome),
 * typed by its one declaration in analysis-schema.ts (which is also the published JSON Schema).
 * Numbers that had no data are null ("no data"), never 0.
 */
import { RowsOnRead, rowsOnRead } from "./rows-on-read";
import type { Finding } from "../../rules/model";
import { ruleMeta } from "../analyze/rule-meta";
import type { AuditAnalysis, DeliveryStreamAnalysis, StreamAnalysis } from "../analyze";
import type { AccountSummary } from "../analyze/audit-analysis";
import type { SuppressedFinding } from "../suppressions";
import type { MissingMetric } from "../analyze/missing-data";
import { conditionalSaving } from "../analyze/finding-totals";
import type { AnalysisReport, DataStreamView, FindingView, FirehoseStreamView, MissingDataView, OrganizationView } from "./analysis-schema";

export const ANALYSIS_FILE = "kinesis_analysis.json";
export const ANALYSIS_SCHEMA_VERSION = 1;

export type { AnalysisReport, DataStreamView, FindingView, FirehoseStreamView, MissingDataView, OrganizationView } from "./analysis-schema";

/**
 * The AWS account the audit looked at: from sts:GetCallerIdentity on a live audit, else (a saved
 * snapshot) the account of the resources' ARNs. Null when neither tells.
 */
export interface AuditAccount {
  readonly id: string;
  /** The caller's ARN (live audits only). */
  readonly callerArn?: string;
  readonly source: "sts:GetCallerIdentity" | "resource ARNs";
}

/** An analysis with the account it is about (set by the audit command; absent in unit fixtures). */
export type AccountedAnalysis = AuditAnalysis & {
  readonly account?: AuditAccount;
  /** Findings accepted by a config exemption, the baseline or the exemption tag (live-checks/suppressions.ts): still listed, marked, not gating. */
  readonly suppressed?: readonly SuppressedFinding[];
};

/** The account of one ARN (arn:partition:service:region:ACCOUNT:...), when it names one. */
export function accountOfArn(arn: unknown): string | undefined {
  const id = typeof arn === "string" ? arn.split(":")[4] : undefined;
  return id !== undefined && /^\d{12}$/.test(id) ? id : undefined;
}

/** The account of the analyzed resources' ARNs (arn:partition:service:region:ACCOUNT:...), when they agree on one. */
export function accountFromArns(arns: readonly unknown[]): string | undefined {
  const ids = new Set(arns.flatMap((a) => (typeof a === "string" ? [a.split(":")[4] ?? ""] : [])).filter((id) => /^\d{12}$/.test(id)));
  return ids.size === 1 ? [...ids][0] : undefined;
}

export function organizationView(accounts: readonly AccountSummary[]): OrganizationView {
  const count = (s: AccountSummary["status"]) => accounts.filter((a) => a.status === s).length;
  return {
    accounts: accounts.map((a) => ({
      account_id: a.id,
      account_name: a.name ?? null,
      status: a.status,
      reason: a.reason ?? null,
      regions: a.regions,
      data_streams: a.dataStreams,
      firehose_streams: a.firehoseStreams,
      findings_by_severity: a.findingsBySeverity,
      average_health_score: a.averageHealthScore,
      estimated_monthly_savings: a.estimatedMonthlySavings,
    })),
    totals: { accounts: accounts.length, complete: count("complete"), incomplete: count("incomplete"), failed: count("failed") },
  };
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);
const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const boolOrNull = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);

/** A finding's `data` made JSON-safe (BigInt-free, finite numbers only). */
function jsonSafe(data: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | null {
  if (!data) return null;
  return JSON.parse(JSON.stringify(data, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown>;
}

export function findingView(f: Finding): FindingView {
  const meta = ruleMeta(f.ruleId);
  return {
    rule_id: f.ruleId,
    issue: f.issue,
    severity: f.severity,
    category: meta.category,
    details: f.details,
    remediation: f.remediation,
    property: f.property ?? null,
    found: f.found ?? null,
    expected: f.expected ?? null,
    monthly_impact_usd: f.monthlyImpactUsd ?? null,
    conditional_monthly_savings: conditionalSaving(f)?.usd ?? null,
    conditional_on: conditionalSaving(f)?.premise || null,
    docs_url: meta.docsUrl,
    data: jsonSafe(f.data),
  };
}

const missingView = (m: MissingMetric): MissingDataView => ({ metric: m.metric, stat: m.stat, dimensions: m.dimensions, reason: m.reason });

function dataStreamView(r: StreamAnalysis, account: string | undefined): DataStreamView {
  const s = r.stream;
  const m = r.metrics;
  const lags = m.consumers.flatMap((c) => (c.maxLagMs === null ? [] : [c.maxLagMs]));
  return {
    stream_name: str(s.name),
    stream_arn: str(s.arn),
    account_id: accountOfArn(s.arn) ?? account ?? null,
    region: str(s.region),
    status: s.status ?? "UNKNOWN",
    shard_count: numOrNull(s.shardCount),
    retention_period_hours: numOrNull(s.retentionHours),
    encryption: str(s.encryptionType) || "NONE",
    kms_key_id: strOrNull(s.kmsKeyId),
    stream_mode: str(s.mode),
    enhanced_monitoring: Array.isArray(s.shardLevelMetrics) ? [...(s.shardLevelMetrics as readonly string[])] : [],
    tags: typeof s.tags === "object" ? { ...s.tags } : {},
    consumers: m.consumers.map((c) => ({ consumer_name: c.consumerName, max_lag_ms: c.maxLagMs, avg_lag_ms: c.avgLagMs, flagged: c.flagged })),
    findings: r.findings.map(findingView),
    metrics: {
      hours_with_data: m.hoursWithData,
      incoming_bytes: m.incomingBytes,
      incoming_records: m.incomingRecords,
      records_per_minute: m.recordsPerMinute,
      bytes_per_second: m.bytesPerSecond,
      utilization_mean_percent: m.utilization?.meanPercent ?? null,
      utilization_p95_percent: m.utilization?.p95Percent ?? null,
      utilization_peak_percent: m.utilization?.peakPercent ?? null,
      throttled_records: m.throttledRecords,
      throttle_rate_percent: m.throttleRatePercent,
      max_iterator_age_ms: m.maxIteratorAgeMs,
      max_consumer_lag_ms: lags.length ? Math.max(...lags) : null,
    },
    missing_data: r.missingData.map(missingView),
    health_score: r.healthScore,
  };
}

function firehoseView(r: DeliveryStreamAnalysis, account: string | undefined): FirehoseStreamView {
  const d = r.deliveryStream;
  const m = r.metrics;
  return {
    stream_name: str(d.name),
    stream_arn: str(d.arn),
    account_id: accountOfArn(d.arn) ?? account ?? null,
    region: str(d.region),
    status: d.status ?? "UNKNOWN",
    destination: str(d.destination),
    source: { type: d.source.type, stream_arn: d.source.type === "KinesisStreamAsSource" ? strOrNull(d.source.streamArn) : null },
    buffering: d.buffering ? { size_mb: numOrNull(d.buffering.sizeMb), interval_seconds: numOrNull(d.buffering.intervalSeconds) } : null,
    encryption: { enabled: boolOrNull(d.sse.enabled), key_type: strOrNull(d.sse.keyType) },
    backup: { s3_backup_mode: strOrNull(d.s3BackupMode), failed_records_to_s3: boolOrNull(d.backsUpFailedRecordsToS3) },
    lambda_integration: { enabled: boolOrNull(d.lambdaProcessor), function_arns: [...(d.lambdaArns ?? [])] },
    vpc_id: d.vpc ? strOrNull(d.vpc.vpcId) : null,
    tags: typeof d.tags === "object" ? { ...d.tags } : {},
    findings: r.findings.map(findingView),
    metrics: {
      incoming_records: m.incomingRecords,
      incoming_bytes: m.incomingBytes,
      records_per_minute: m.recordsPerMinute,
      success_metric: m.successMetric,
      delivery_attempts: m.deliveryAttempts,
      failure_rate_percent: m.failureRatePercent,
    },
    missing_data: r.missingData.map(missingView),
    health_score: r.healthScore,
  };
}

export function toAnalysisReport(a: AccountedAnalysis): AnalysisReport {
  return reportWith(
    a,
    a.streams.map((r) => dataStreamView(r, a.account?.id)),
    a.deliveryStreams.map((r) => firehoseView(r, a.account?.id)),
  );
}

/**
 * The bytes of `JSON.stringify(toAnalysisReport(a), null, 2) + "\n"`, in pieces: every top-level
 * list one entry at a time, the data and delivery streams' views built as they are written, so
 * neither the views of every resource nor the whole text (7.5 MB at 4,000 resources) sit in memory
 * at once (docs/benchmarks.md, P4 memory).
 */
export function* analysisJsonPieces(a: AccountedAnalysis): Generator<string> {
  const report = reportWith(
    a,
    rowsOnRead(a.streams, (r) => dataStreamView(r, a.account?.id)),
    rowsOnRead(a.deliveryStreams, (r) => firehoseView(r, a.account?.id)),
  );
  yield "{";
  let first = true;
  for (const [key, value] of Object.entries(report)) {
    const sep = `${first ? "" : ","}\n  ${JSON.stringify(key)}: `;
    const list: Iterable<unknown> | undefined = Array.isArray(value) ? value : value instanceof RowsOnRead ? value : undefined;
    if (list) {
      // An entry of a top-level list sits 4 spaces in; JSON text has no raw line break inside a string.
      let n = 0;
      for (const item of list) yield `${n++ === 0 ? `${sep}[\n    ` : ",\n    "}${(JSON.stringify(item, null, 2) ?? "null").replaceAll("\n", "\n    ")}`;
      yield n === 0 ? `${sep}[]` : "\n  ]";
    } else {
      const json = JSON.stringify(value, null, 2) as string | undefined;
      if (json === undefined) continue; // JSON.stringify leaves out undefined
      yield sep + json.replaceAll("\n", "\n  ");
    }
    first = false;
  }
  yield first ? "}\n" : "\n}\n";
}

/** The report with its two resource lists as given (arrays, or RowsOnRead for analysisJsonPieces). */
function reportWith<D, F>(a: AccountedAnalysis, dataStreams: D, firehoseStreams: F): Omit<AnalysisReport, "data_streams" | "firehose_streams"> & { data_streams: D; firehose_streams: F } {
  const s = a.summary;
  const iso = (t: number) => new Date(t * 1000).toISOString();
  return {
    schema_version: ANALYSIS_SCHEMA_VERSION,
    tool_version: a.toolVersion,
    account_id: a.account?.id ?? null,
    suppressed_findings: (a.suppressed ?? []).map((s) => ({
      rule_id: s.finding.ruleId,
      severity: s.finding.severity,
      resource_name: s.finding.resource.displayName,
      resource_ref: s.finding.resource.ref,
      property: s.finding.property ?? null,
      kind: s.suppression.kind,
      reason: s.suppression.reason,
      expires: s.suppression.expires ?? null,
    })),
    window: { start: iso(a.window.start), end: iso(a.window.end), days: a.window.days },
    ...(a.accounts ? { organization: organizationView(a.accounts) } : {}),
    data_streams: dataStreams,
    firehose_streams: firehoseStreams,
    other_findings: (a.otherFindings ?? []).map((f) => ({ ...findingView(f), resource_name: f.resource.displayName, resource_ref: f.resource.ref })),
    skipped: a.skipped.map((k) => ({ kind: k.kind, name: k.name, account_id: k.accountId ?? accountOfArn(k.arn) ?? a.account?.id ?? null, region: k.region, arn: k.arn ?? null, reason: k.reason, reason_code: k.code })),
    alarm_recommendations: a.alarmRecommendations.map((r) => ({
      account_id: r.accountId ?? a.account?.id ?? null,
      priority: r.priority,
      resource_name: r.resourceName,
      resource_type: r.resourceType,
      region: r.region,
      namespace: r.namespace,
      metric_name: r.metricName,
      dimensions: r.dimensions,
      statistic: r.statistic,
      comparison: r.comparison,
      threshold: r.threshold,
      period_seconds: r.periodSeconds,
      evaluation_periods: r.evaluationPeriods,
      why: r.why,
    })),
    dr_flags: a.drFlags.map((f) => ({ stream_name: f.streamName, account_id: f.accountId ?? a.account?.id ?? null, region: f.region, status: f.status, dr_regions: f.drRegions, replica: f.replica, action: f.action })),
    collection: {
      complete: a.complete,
      errors: a.collectionErrors.map((e) => ({ api: e.api, account_id: e.account ?? a.account?.id ?? null, region: e.region, resource: e.resource ?? null, message: e.message })),
    },
    summary: {
      total_data_streams: s.totalDataStreams,
      total_firehose_streams: s.totalFirehoseStreams,
      analysis_timestamp: a.analyzedAt,
      region: a.regions.join(","),
      regions: a.regions,
      high_priority_issues: s.highPriorityIssues,
      total_findings: s.totalFindings,
      findings_by_severity: s.findingsBySeverity,
      average_health_score: s.averageHealthScore,
      cost_optimization_opportunities: s.costOptimizationOpportunities,
      estimated_monthly_savings: s.estimatedMonthlySavings,
      conditional_monthly_savings: s.conditionalMonthlySavings,
      skipped_resources: s.skippedResources,
      aggregate_throughput: {
        data_streams_incoming_bytes: s.totalIncomingBytes,
        data_streams_incoming_records: s.totalIncomingRecords,
        data_streams_bytes_per_second: s.totalBytesPerSecond,
        data_streams_gb_per_day: (s.totalBytesPerSecond * 86400) / 1e9,
        firehose_incoming_bytes: s.totalFirehoseIncomingBytes,
      },
      consumer_lag: { consumers: s.consumers, lagging_consumers: s.laggingConsumers, max_lag_ms: s.maxConsumerLagMs },
      audit_complete: a.complete,
    },
  };
}
