/**
 * What the live analysis produces (AuditAnalysis and its parts): the shape every report reads.
 * Kept apart from the analysis code (index.ts) so modules that take an analysis and return one
 * (extra-findings.ts) do not import the analysis back (no import cycle, issue 12).
 */
import type { ConsumerConfig, DeliveryStreamConfig, Finding, Severity, StreamConfig } from "../../rules/model";
import type { MetricWindow } from "../../rules/metric-requests";
import type { Pricing } from "../../rules/pricing";
import type { TrendLimit } from "../../rules/define-rule";
import type { TagExemptFinding } from "../../rules/tag-exemption";
import type { ShardLoad } from "../../rules/metric/shard-load";
import type { UtilizationSummary } from "../../rules/metric/utilization";
import type { CollectionError } from "../snapshot";
import type { AlarmRecommendation } from "./alarm-recommendations";
import type { DrFlag } from "../../rules/kds-cross-region/dr-flags";
import type { SkippedEntry } from "./filters";
import type { MissingMetric } from "./missing-data";
import type { DeliveryStreamMetrics, StreamMetrics } from "./resource-metrics";
import type { ShardPlanEntry } from "./shard-plan";

export interface StreamAnalysis {
  readonly stream: StreamConfig;
  readonly consumers: readonly ConsumerConfig[];
  readonly findings: readonly Finding[];
  readonly healthScore: number;
  readonly metrics: StreamMetrics;
  /** Open shards' load from shard-level metrics (empty without enhanced monitoring). */
  readonly shardLoads: readonly ShardLoad[];
  /**
   * Hourly write utilization of the whole stream against its open shards (not for on-demand
   * streams; absent without data): what the dashboard draws without shard-level metrics. Kept here
   * so the reports never need the snapshot's metric series (docs/benchmarks.md, P2 memory).
   */
  readonly writeUtilization?: StreamWriteUtilization;
  /** Bytes written per second, per hour with data (hourly IncomingBytes Sum / 3600): the dashboard's throughput chart. */
  readonly hourlyBytesPerSecond?: ReadonlyMap<number, number>;
  /** Worst GetRecords.IteratorAgeMilliseconds per hour with data (the polling consumers' lag): the dashboard's lag trend. */
  readonly hourlyIteratorAgeMs?: ReadonlyMap<number, number>;
  /** Worst SubscribeToShardEvent.MillisBehindLatest per hour with data, by enhanced fan-out consumer name (consumers with data only). */
  readonly hourlyConsumerLagMs?: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly missingData: readonly MissingMetric[];
}

/** The part of the stream's UtilizationSummary the reports draw, with the hours indexed. */
export interface StreamWriteUtilization extends Pick<UtilizationSummary, "shards" | "peakPercent"> {
  /** Utilization % per hour start (epoch seconds). */
  readonly hourly: ReadonlyMap<number, number>;
  /** The hour with the busiest minute (rules/metric/minute-peaks.ts) and that minute's % of write capacity; absent when minute peaks were not collected. */
  readonly peakMinute?: { readonly hour: number; readonly percent: number };
}

export interface DeliveryStreamAnalysis {
  readonly deliveryStream: DeliveryStreamConfig;
  readonly findings: readonly Finding[];
  readonly healthScore: number;
  readonly metrics: DeliveryStreamMetrics;
  /** Successful share (%) of the delivery attempts per hour with attempts (hourly Success Sum / SampleCount). */
  readonly hourlySuccessPercent?: ReadonlyMap<number, number>;
  /** Worst DeliveryTo<Destination>.DataFreshness per hour with data (seconds). */
  readonly hourlyFreshnessSeconds?: ReadonlyMap<number, number>;
  readonly missingData: readonly MissingMetric[];
}

export interface AuditSummary {
  readonly totalDataStreams: number;
  readonly totalFirehoseStreams: number;
  readonly skippedResources: number;
  readonly highPriorityIssues: number;
  readonly totalFindings: number;
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  /** Over analyzed data streams and delivery streams; null when there are none. */
  readonly averageHealthScore: number | null;
  readonly costOptimizationOpportunities: number;
  readonly estimatedMonthlySavings: number;
  readonly conditionalMonthlySavings: number;
  readonly totalIncomingBytes: number;
  readonly totalIncomingRecords: number;
  readonly totalBytesPerSecond: number;
  readonly totalFirehoseIncomingBytes: number;
  readonly consumers: number;
  readonly laggingConsumers: number;
  readonly maxConsumerLagMs: number | null;
  readonly complete: boolean;
}

export interface AuditAnalysis {
  readonly analyzedAt: string;
  readonly toolVersion: string;
  readonly window: MetricWindow & { readonly days: number };
  readonly regions: readonly string[];
  readonly streams: readonly StreamAnalysis[];
  readonly deliveryStreams: readonly DeliveryStreamAnalysis[];
  readonly skipped: readonly (SkippedEntry & { readonly accountId?: string })[];
  /** Every finding, in resource order. */
  readonly findings: readonly Finding[];
  /**
   * Findings on resources the exemption tag exempts from the rule (rules/tag-exemption.ts): not in
   * `findings` nor in any count, score or plan; the reports list them as suppressed (kind "tag").
   */
  readonly tagExempt?: readonly TagExemptFinding[];
  /** Findings on resources outside the analyzed set (e.g. drift: a stack resource missing in AWS). */
  readonly otherFindings?: readonly Finding[];
  /** accountId: set by an organization-wide merge (analyze/organization.ts); single-account audits name the account once. */
  readonly shardPlan: readonly (ShardPlanEntry & { readonly accountId?: string })[];
  readonly alarmRecommendations: readonly (AlarmRecommendation & { readonly accountId?: string })[];
  readonly drFlags: readonly (DrFlag & { readonly accountId?: string })[];
  readonly collectionErrors: readonly CollectionError[];
  /** False when collection failed somewhere or a resource misses metric data. */
  readonly complete: boolean;
  readonly summary: AuditSummary;
  /** Prices the cost findings used, per audited region (list prices with the config's overrides): the dashboard's cost table. */
  readonly pricing?: Readonly<Record<string, Pricing>>;
  /** Organization-wide audits (issue 16): one entry per account, in account id order (analyze/organization.ts). */
  readonly accounts?: readonly AccountSummary[];
  /** The rules' limits on the hourly-charted metrics (their trendLimits hooks, from their config): lines on the dashboard's trends. */
  readonly trendLimits?: readonly TrendLimit[];
}

/** One account of an organization-wide audit: what was audited there and how it went. */
export interface AccountSummary {
  readonly id: string;
  readonly name?: string;
  readonly regions: readonly string[];
  /** "failed": nothing collected (e.g. the role could not be assumed); "incomplete": some data missing. */
  readonly status: "complete" | "incomplete" | "failed";
  readonly reason?: string;
  readonly dataStreams: number;
  readonly firehoseStreams: number;
  readonly findingsBySeverity: Readonly<Record<"high" | "medium" | "low", number>>;
  readonly averageHealthScore: number | null;
  readonly estimatedMonthlySavings: number;
  readonly complete: boolean;
}
