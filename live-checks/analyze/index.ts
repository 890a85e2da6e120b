/**
 * The live analysis: a snapshot in, findings and everything the reports show out. Pure (no AWS
 * calls, no clock: the timestamp comes from the snapshot), so every report can be reproduced from
 * its snapshot.
 *
 * Order: analysis-time traffic filter -> static + stack rules (rules/index.ts evaluateInventory,
 * the same code as the policy pack) -> metric rules (rules/metric) -> traffic-based costs ->
 * per-resource health, metrics, missing data -> shard plan, alarm recommendations, DR flags.
 */
import { evaluateInventory } from "../../rules/index";
import { DELIVERY_STREAM_METRIC_RULES, STREAM_METRIC_RULES } from "../../rules/metric";
import type { ConsumerConfig, DeliveryStreamConfig, Finding, Inventory, StreamConfig } from "../../rules/model";
import { pricingFor, type Pricing } from "../../rules/pricing";
import type { MetricWindow } from "../../rules/metrics";
import type { KinesisGuardConfig } from "../config-file";
import type { CollectionError, Snapshot } from "../snapshot";
import { alarmRecommendations, type AlarmRecommendation } from "./alarm-recommendations";
import { blockedRules, withoutBlocked } from "./blocked-rules";
import { drFlags, type DrFlag } from "./dr-flags";
import { deliveryStreamTraffic, skipCode, streamTraffic, type SkippedEntry } from "./filters";
import { healthScore } from "./health";
import { indexMetrics } from "./metric-index";
import { deliveryStreamMissingData, streamMissingData, type MissingMetric } from "./missing-data";
import { deliveryStreamMetrics, streamMetrics, type DeliveryStreamMetrics, type StreamMetrics } from "./resource-metrics";
import { shardPlanFor, type ShardPlanEntry } from "./shard-plan";
import { shardLoads, type ShardLoad } from "../../rules/metric/shard-load";
import { streamUtilization, type UtilizationSummary } from "../../rules/metric/utilization";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { streamHourlyTraffic } from "../../rules/metric/capacity";
import { streamMinutePeaks } from "../../rules/metric/minute-peaks";
import type { MetricLookup } from "../../rules/metric/types";
import { withTrafficCost } from "./traffic-costs";
import { findingTotals } from "./finding-totals";

/** Rules that cannot run live: the AWS APIs never return the credential in plain text. */
export const NOT_LIVE_RULES: ReadonlySet<string> = new Set(["kdf-plaintext-credentials"]);

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
  readonly missingData: readonly MissingMetric[];
}

export interface AuditSummary {
  readonly totalDataStreams: number;
  readonly totalFirehoseStreams: number;
  readonly skippedResources: number;
  readonly highPriorityIssues: number;
  readonly totalFindings: number;
  readonly findingsBySeverity: Readonly<Record<"high" | "medium" | "low", number>>;
  /** Over analyzed data streams and delivery streams; null when there are none. */
  readonly averageHealthScore: number | null;
  readonly costOptimizationOpportunities: number;
  readonly estimatedMonthlySavings: number;
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
  readonly skipped: readonly SkippedEntry[];
  /** Every finding, in resource order. */
  readonly findings: readonly Finding[];
  /** Findings on resources outside the analyzed set (e.g. drift: a stack resource missing in AWS). */
  readonly otherFindings?: readonly Finding[];
  readonly shardPlan: readonly ShardPlanEntry[];
  readonly alarmRecommendations: readonly AlarmRecommendation[];
  readonly drFlags: readonly DrFlag[];
  readonly collectionErrors: readonly CollectionError[];
  /** False when collection failed somewhere or a resource misses metric data. */
  readonly complete: boolean;
  readonly summary: AuditSummary;
  /** Prices the cost findings used, per audited region (list prices with the config's overrides): the dashboard's cost table. */
  readonly pricing?: Readonly<Record<string, Pricing>>;
}

const byName = <T extends { name: unknown; region: unknown }>(a: T, b: T) =>
  String(a.region).localeCompare(String(b.region)) || String(a.name).localeCompare(String(b.name));

export { withExtraFindings } from "./extra-findings";

function writeUtilizationOf(s: StreamConfig, lookup: MetricLookup): { writeUtilization?: StreamWriteUtilization } {
  if (s.mode === "ON_DEMAND") return {};
  const u = streamUtilization(s, lookup);
  if (!u) return {};
  return { writeUtilization: { shards: u.shards, peakPercent: u.peakPercent, hourly: new HourlyValues(u.traffic.map((t) => t.hour), u.hourlyPercent), ...peakMinuteOf(s, lookup, u.shards) } };
}

/** The busiest minute of the window (the hour it fell in and its % of the open shards' write capacity), where minute peaks were collected. */
function peakMinuteOf(s: StreamConfig, lookup: MetricLookup, shards: number): { peakMinute?: { hour: number; percent: number } } {
  const m = streamMinutePeaks(s, lookup);
  if (!m || shards <= 0) return {};
  let best = 0;
  for (let i = 1; i < m.hours.length; i++) if (m.shardsNeeded[i]! > m.shardsNeeded[best]!) best = i;
  return { peakMinute: { hour: m.hours[best]!, percent: (m.shardsNeeded[best]! / shards) * 100 } };
}

/** Hourly bytes/s for the reports' throughput chart (the snapshot's series are released before rendering). */
function hourlyBytesPerSecondOf(s: StreamConfig, lookup: MetricLookup): { hourlyBytesPerSecond?: HourlyValues } {
  const withBytes = streamHourlyTraffic(s, lookup).filter((t) => t.bytes !== undefined);
  if (withBytes.length === 0) return {};
  return { hourlyBytesPerSecond: new HourlyValues(withBytes.map((t) => t.hour), withBytes.map((t) => t.bytes! / 3600)) };
}

export function analyzeSnapshot(snapshot: Snapshot, config: KinesisGuardConfig): AuditAnalysis {
  const lookup = indexMetrics(snapshot.metrics);
  const window = snapshot.window;
  const settings = config.settings;
  const enabled = (id: string) => config.enforcement[id] !== "disabled" && !NOT_LIVE_RULES.has(id);
  const pricing = (region: string | undefined) => pricingFor(region, settings.pricing);

  // 1. Analysis-time filter: low traffic (collection-time skips arrive in snapshot.skipped).
  const skipped: SkippedEntry[] = snapshot.skipped.map((s) => ({ ...s, code: skipCode(s.reason) }));
  const streams: StreamConfig[] = [];
  for (const s of [...snapshot.streams].sort(byName)) {
    const t = streamTraffic(s, lookup, window, settings.minRecordsPerMinute);
    if (t.skipReason) skipped.push({ kind: "stream", name: String(s.name), region: String(s.region ?? ""), ...(typeof s.arn === "string" ? { arn: s.arn } : {}), reason: t.skipReason, code: "low-traffic" });
    else streams.push(s);
  }
  const deliveryStreams: DeliveryStreamConfig[] = [];
  for (const d of [...snapshot.deliveryStreams].sort(byName)) {
    const t = deliveryStreamTraffic(d, lookup, window, settings.minRecordsPerMinute);
    if (t.skipReason) skipped.push({ kind: "deliveryStream", name: String(d.name), region: String(d.region ?? ""), ...(typeof d.arn === "string" ? { arn: d.arn } : {}), reason: t.skipReason, code: "low-traffic" });
    else deliveryStreams.push(d);
  }
  const streamArns = new Set(streams.map((s) => String(s.arn)));
  const consumers = snapshot.consumers.filter((c) => streamArns.has(String(c.streamArn)));

  // 2. Static + stack rules on the live configuration.
  const inventory: Inventory = {
    streams,
    consumers,
    deliveryStreams,
    alarms: snapshot.alarms,
    vpcEndpoints: snapshot.vpcEndpoints,
    drStreams: snapshot.drStreams,
  };
  const configs = config.rules as Record<string, (typeof config.rules)[string]>;
  // Rules whose input listing failed (e.g. DescribeAlarms) report nothing rather than a guess.
  const regionByRef = new Map<string, string>([...streams, ...deliveryStreams].map((r) => [r.id.ref, String(r.region ?? "")]));
  const staticFindings = withoutBlocked(evaluateInventory(inventory, { configs, pricing, only: enabled }), blockedRules(snapshot.collection.errors), (ref) => regionByRef.get(ref));

  // 3. Metric rules, 4. traffic-based costs; group by resource.
  const findingsByRef = new Map<string, Finding[]>();
  const add = (f: Finding) => {
    const list = findingsByRef.get(f.resource.ref) ?? [];
    list.push(f);
    findingsByRef.set(f.resource.ref, list);
  };
  const dsByRef = new Map(deliveryStreams.map((d) => [d.id.ref, d]));
  for (const f of staticFindings) {
    const d = dsByRef.get(f.resource.ref);
    add(d ? withTrafficCost(f, d, lookup, window, pricing(String(d.region ?? ""))) : f);
  }
  const consumersByArn = new Map<unknown, ConsumerConfig[]>();
  for (const c of consumers) consumersByArn.set(c.streamArn, [...(consumersByArn.get(c.streamArn) ?? []), c]);
  const consumersOf = (s: StreamConfig): ConsumerConfig[] => consumersByArn.get(s.arn) ?? [];
  for (const s of streams) {
    const ctxBase = { pricing: pricing(String(s.region ?? "")), metrics: lookup, window, consumers: consumersOf(s) };
    for (const [id, fn] of Object.entries(STREAM_METRIC_RULES)) {
      if (enabled(id)) fn(s, { ...ctxBase, config: config.rules[id]! }).forEach(add);
    }
  }
  for (const d of deliveryStreams) {
    for (const [id, fn] of Object.entries(DELIVERY_STREAM_METRIC_RULES)) {
      if (enabled(id)) fn(d, { pricing: pricing(String(d.region ?? "")), metrics: lookup, window, config: config.rules[id]! }).forEach(add);
    }
  }

  // 5. Per resource.
  const deductions = settings.healthScore;
  const windowSeconds = window.end - window.start;
  const lagThreshold = Number(config.rules["kds-consumer-lag"]?.maxMillisBehindLatest ?? 5000);
  const streamResults: StreamAnalysis[] = streams.map((s) => {
    const findings = findingsByRef.get(s.id.ref) ?? [];
    const cs = consumersOf(s);
    return {
      stream: s,
      consumers: cs,
      findings,
      healthScore: healthScore(findings, deductions),
      metrics: streamMetrics(s, cs, lookup, window, lagThreshold),
      shardLoads: shardLoads(s, lookup).filter((l) => l.hoursWithData > 0),
      ...writeUtilizationOf(s, lookup),
      ...hourlyBytesPerSecondOf(s, lookup),
      missingData: streamMissingData(s, cs, lookup),
    };
  });
  const deliveryResults: DeliveryStreamAnalysis[] = deliveryStreams.map((d) => {
    const findings = findingsByRef.get(d.id.ref) ?? [];
    return {
      deliveryStream: d,
      findings,
      healthScore: healthScore(findings, deductions),
      metrics: deliveryStreamMetrics(d, lookup, window),
      missingData: deliveryStreamMissingData(d, lookup),
    };
  });
  const allFindings = [...streamResults.flatMap((r) => r.findings), ...deliveryResults.flatMap((r) => r.findings)];

  // 6. Plans and recommendations.
  const shardPlan = streamResults.flatMap((r) =>
    shardPlanFor(r.stream, r.findings, lookup, config.rules["kds-hot-shard"]!, windowSeconds, r.metrics.incomingBytes, pricing(String(r.stream.region ?? ""))),
  );
  const alarms = alarmRecommendations(allFindings, { streams, consumers, alarms: snapshot.alarms }, config.rules);
  const dr = enabled("kds-cross-region") ? drFlags(streams, snapshot.drStreams, allFindings, config.rules["kds-cross-region"]!) : [];

  const complete = snapshot.collection.complete && snapshot.collection.errors.length === 0 && [...streamResults, ...deliveryResults].every((r) => r.missingData.length === 0);
  const allLags = streamResults.flatMap((r) => r.metrics.consumers);
  const maxLags = allLags.flatMap((c) => (c.maxLagMs === null ? [] : [c.maxLagMs]));
  const sumOf = (xs: readonly (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

  return {
    analyzedAt: snapshot.collectedAt,
    toolVersion: snapshot.toolVersion,
    window,
    regions: snapshot.regions,
    streams: streamResults,
    deliveryStreams: deliveryResults,
    skipped: skipped.sort((a, b) => a.kind.localeCompare(b.kind) || a.region.localeCompare(b.region) || a.name.localeCompare(b.name)),
    findings: allFindings,
    shardPlan,
    alarmRecommendations: alarms,
    drFlags: dr,
    collectionErrors: snapshot.collection.errors,
    complete,
    pricing: Object.fromEntries(snapshot.regions.map((r) => [r, pricing(r)])),
    summary: {
      totalDataStreams: streamResults.length,
      totalFirehoseStreams: deliveryResults.length,
      skippedResources: skipped.length,
      ...findingTotals(allFindings, [...streamResults, ...deliveryResults].map((r) => r.healthScore)),
      totalIncomingBytes: sumOf(streamResults.map((r) => r.metrics.incomingBytes)),
      totalIncomingRecords: sumOf(streamResults.map((r) => r.metrics.incomingRecords)),
      totalBytesPerSecond: sumOf(streamResults.map((r) => r.metrics.bytesPerSecond)),
      totalFirehoseIncomingBytes: sumOf(deliveryResults.map((r) => r.metrics.incomingBytes)),
      consumers: allLags.length,
      laggingConsumers: allLags.filter((c) => c.flagged).length,
      maxConsumerLagMs: maxLags.length ? Math.max(...maxLags) : null,
      complete,
    },
  };
}
