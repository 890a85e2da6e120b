/**
 * kinesis_analysis.json view-model (exact field names of the design brief; extra fields welcome).
 * Numbers that had no data are null ("no data"), never 0.
 */
import type { Finding, Severity } from "../../rules/model";
import { ruleMeta } from "../analyze/rule-meta";
import type { AuditAnalysis, DeliveryStreamAnalysis, StreamAnalysis } from "../analyze";
import type { AccountSummary } from "../analyze/audit-analysis";
import type { SuppressedFinding } from "../suppressions";
import type { MissingMetric } from "../analyze/missing-data";
import { conditionalSaving } from "../analyze/finding-totals";

export const ANALYSIS_FILE = "kinesis_analysis.json";
export const ANALYSIS_SCHEMA_VERSION = 1;

export interface FindingView {
  readonly rule_id: string;
  readonly issue: string;
  readonly severity: Severity;
  readonly category: string;
  readonly details: string;
  readonly remediation: string;
  readonly property: string | null;
  readonly found: string | null;
  readonly expected: string | null;
  readonly monthly_impact_usd: number | null;
  /** A saving that holds only if `conditional_on` is true; never part of monthly_impact_usd or the summary's estimated_monthly_savings. */
  readonly conditional_monthly_savings: number | null;
  readonly conditional_on: string | null;
  readonly docs_url: string;
  readonly data: Readonly<Record<string, unknown>> | null;
}

export interface MissingDataView {
  readonly metric: string;
  readonly stat: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly reason: string;
}

export interface DataStreamView {
  readonly stream_name: string;
  readonly stream_arn: string;
  /** The account the stream is in (from its ARN; null when unknown). */
  readonly account_id: string | null;
  readonly region: string;
  readonly status: string;
  readonly shard_count: number | null;
  readonly retention_period_hours: number | null;
  readonly encryption: string;
  readonly kms_key_id: string | null;
  readonly stream_mode: string;
  readonly enhanced_monitoring: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly consumers: readonly { readonly consumer_name: string; readonly max_lag_ms: number | null; readonly avg_lag_ms: number | null; readonly flagged: boolean }[];
  readonly findings: readonly FindingView[];
  readonly metrics: {
    readonly hours_with_data: number;
    readonly incoming_bytes: number | null;
    readonly incoming_records: number | null;
    readonly records_per_minute: number | null;
    readonly bytes_per_second: number | null;
    readonly utilization_mean_percent: number | null;
    readonly utilization_p95_percent: number | null;
    readonly utilization_peak_percent: number | null;
    readonly throttled_records: number | null;
    readonly throttle_rate_percent: number | null;
    readonly max_iterator_age_ms: number | null;
    readonly max_consumer_lag_ms: number | null;
  };
  readonly missing_data: readonly MissingDataView[];
  readonly health_score: number;
}

export interface FirehoseStreamView {
  readonly stream_name: string;
  readonly stream_arn: string;
  readonly account_id: string | null;
  readonly region: string;
  readonly status: string;
  readonly destination: string;
  readonly source: { readonly type: string; readonly stream_arn: string | null };
  readonly buffering: { readonly size_mb: number | null; readonly interval_seconds: number | null } | null;
  readonly encryption: { readonly enabled: boolean | null; readonly key_type: string | null };
  readonly backup: { readonly s3_backup_mode: string | null; readonly failed_records_to_s3: boolean | null };
  readonly lambda_integration: { readonly enabled: boolean | null; readonly function_arns: readonly string[] };
  readonly vpc_id: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly findings: readonly FindingView[];
  readonly metrics: {
    readonly incoming_records: number | null;
    readonly incoming_bytes: number | null;
    readonly records_per_minute: number | null;
    readonly success_metric: string | null;
    readonly delivery_attempts: number | null;
    readonly failure_rate_percent: number | null;
  };
  readonly missing_data: readonly MissingDataView[];
  readonly health_score: number;
}

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
  /** Findings accepted by a config exemption or the baseline (live-checks/suppressions.ts): still listed, marked, not gating. */
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

export interface AnalysisReport {
  readonly schema_version: number;
  readonly tool_version: string;
  /**
   * The audited AWS account (null: unknown, e.g. an empty snapshot). The caller's ARN is not part
   * of the file: a saved snapshot re-analyzed later must give the same file, and it knows the
   * account only from the resources' ARNs.
   */
  readonly account_id: string | null;
  /**
   * Findings accepted by an exemption in the config file or by the --baseline file: they stay in
   * their resource's `findings` and are listed here; they do not fail
   * the gate. The summary's counts and health scores still include them.
   */
  readonly suppressed_findings: readonly {
    readonly rule_id: string;
    readonly severity: Severity;
    readonly resource_name: string;
    readonly resource_ref: string;
    readonly property: string | null;
    readonly kind: "exemption" | "baseline";
    readonly reason: string;
    readonly expires: string | null;
  }[];
  readonly window: { readonly start: string; readonly end: string; readonly days: number };
  readonly data_streams: readonly DataStreamView[];
  readonly firehose_streams: readonly FirehoseStreamView[];
  /** Findings on resources outside the analyzed set (stack-scoped audit: a stack resource missing in AWS). */
  readonly other_findings: readonly (FindingView & { readonly resource_name: string; readonly resource_ref: string })[];
  /** Organization-wide audits only: one entry per account, in account id order. */
  readonly organization?: OrganizationView;
  readonly skipped: readonly { readonly kind: string; readonly name: string; readonly account_id: string | null; readonly region: string; readonly arn: string | null; readonly reason: string; readonly reason_code: string }[];
  readonly alarm_recommendations: readonly {
    readonly account_id: string | null;
    readonly priority: number;
    readonly resource_name: string;
    readonly resource_type: string;
    readonly region: string;
    readonly namespace: string;
    readonly metric_name: string;
    readonly dimensions: Readonly<Record<string, string>>;
    readonly statistic: string;
    readonly comparison: string;
    readonly threshold: number;
    readonly period_seconds: number;
    readonly evaluation_periods: number;
    readonly why: string;
  }[];
  readonly dr_flags: readonly {
    readonly stream_name: string;
    readonly account_id: string | null;
    readonly region: string;
    readonly status: string;
    readonly dr_regions: readonly string[];
    readonly replica: { readonly name: string; readonly region: string } | null;
    readonly action: string;
  }[];
  readonly collection: { readonly complete: boolean; readonly errors: readonly { readonly api: string; readonly account_id: string | null; readonly region: string; readonly resource: string | null; readonly message: string }[] };
  readonly summary: {
    readonly total_data_streams: number;
    readonly total_firehose_streams: number;
    readonly analysis_timestamp: string;
    readonly region: string;
    readonly regions: readonly string[];
    readonly high_priority_issues: number;
    readonly total_findings: number;
    readonly findings_by_severity: Readonly<Record<Severity, number>>;
    readonly average_health_score: number | null;
    readonly cost_optimization_opportunities: number;
    readonly estimated_monthly_savings: number;
    /** Sum of the findings' conditional_monthly_savings (not in estimated_monthly_savings). */
    readonly conditional_monthly_savings: number;
    readonly skipped_resources: number;
    readonly aggregate_throughput: {
      readonly data_streams_incoming_bytes: number;
      readonly data_streams_incoming_records: number;
      readonly data_streams_bytes_per_second: number;
      readonly data_streams_gb_per_day: number;
      readonly firehose_incoming_bytes: number;
    };
    readonly consumer_lag: { readonly consumers: number; readonly lagging_consumers: number; readonly max_lag_ms: number | null };
    readonly audit_complete: boolean;
  };
}

export interface OrganizationView {
  readonly accounts: readonly {
    readonly account_id: string;
    readonly account_name: string | null;
    /** complete; incomplete (some data missing); failed (nothing collected, e.g. the role could not be assumed). */
    readonly status: "complete" | "incomplete" | "failed";
    readonly reason: string | null;
    readonly regions: readonly string[];
    readonly data_streams: number;
    readonly firehose_streams: number;
    readonly findings_by_severity: Readonly<Record<Severity, number>>;
    readonly average_health_score: number | null;
    readonly estimated_monthly_savings: number;
  }[];
  readonly totals: { readonly accounts: number; readonly complete: number; readonly incomplete: number; readonly failed: number };
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
    data_streams: a.streams.map((r) => dataStreamView(r, a.account?.id)),
    firehose_streams: a.deliveryStreams.map((r) => firehoseView(r, a.account?.id)),
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
