/**
 * The audit snapshot: everything the collector gathered, as one versioned JSON document.
 * `--save-snapshot` writes it, `--from-snapshot` analyzes it with no AWS call; the analysis reads
 * nothing else, so every report can be reproduced from its snapshot.
 */
import type { AlarmConfig, ConsumerConfig, DeliveryStreamConfig, StreamConfig, VpcEndpointConfig } from "../rules/model";
import type { MetricSeries } from "../rules/metric-requests";

export const SNAPSHOT_KIND = "kinesis-guard-snapshot";
export const SNAPSHOT_VERSION = 1;

/** A resource left out of the analysis, with the reason (never dropped silently). */
export interface SkippedResource {
  readonly kind: "stream" | "deliveryStream";
  readonly name: string;
  readonly region: string;
  readonly arn?: string;
  /** e.g. "tag ExcludeFromAnalysis=true", "name prefix test-", "traffic 12.3 records/min <= 100". */
  readonly reason: string;
  /** Which filter skipped it (machine-readable twin of `reason`); "deleted" = vanished between list and describe. */
  readonly filter?: "tag" | "name-prefix" | "low-traffic" | "deleted";
}

/** Something that could not be collected; makes the audit "incomplete" (exit code 3). */
export interface CollectionError {
  readonly api: string;
  readonly region: string;
  /** The account it happened in (organization-wide audits). */
  readonly account?: string;
  /** Stream / delivery stream / metric the missing data belongs to, when there is one. */
  readonly resource?: string;
  readonly message: string;
}

/** The AWS account a snapshot is of (organization-wide audits, issue 16; absent in older snapshots). */
export interface SnapshotAccount {
  readonly id: string;
  /** Account name from Organizations, when listed there. */
  readonly name?: string;
}

export interface Snapshot {
  readonly kind: typeof SNAPSHOT_KIND;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly toolVersion: string;
  /** The account collected (an organization-wide audit writes one snapshot per account). */
  readonly account?: SnapshotAccount;
  /** ISO time the collection finished. */
  readonly collectedAt: string;
  /** Analysis window (hour-aligned), epoch seconds and days. */
  readonly window: { readonly start: number; readonly end: number; readonly days: number };
  readonly regions: readonly string[];
  /** Only resources that passed the collection-time filters (tags, names). */
  readonly streams: readonly StreamConfig[];
  readonly consumers: readonly ConsumerConfig[];
  readonly deliveryStreams: readonly DeliveryStreamConfig[];
  readonly alarms: readonly AlarmConfig[];
  readonly vpcEndpoints: readonly VpcEndpointConfig[];
  readonly metrics: readonly MetricSeries[];
  /**
   * Streams found in the configured DR regions (kds-cross-region), listed only: name, ARN, region,
   * tags. They are replica candidates, not audited streams.
   */
  readonly drStreams: readonly { readonly region: string; readonly name: string; readonly arn: string; readonly tags: Readonly<Record<string, string>> }[];
  readonly skipped: readonly SkippedResource[];
  readonly collection: {
    /** AWS API calls made, per "Service.Operation" (retries included). */
    readonly calls: Readonly<Record<string, number>>;
    readonly retries: Readonly<Record<string, number>>;
    readonly errors: readonly CollectionError[];
    /** False when any data could not be collected. */
    readonly complete: boolean;
    /** Things that lost no data but are worth knowing (e.g. tagging API denied, fell back to per-stream tag calls). */
    readonly notes?: readonly string[];
    readonly durationMs: number;
  };
}
