/**
 * The live analysis: a snapshot in, findings and everything the reports show out. Pure (no AWS
 * calls, no clock: the timestamp comes from the snapshot), so every report can be reproduced from
 * its snapshot.
 *
 * Order: analysis-time traffic filter -> static + stack rules (rules/index.ts judgeInventory,
 * the same code as the policy pack) -> metric rules (rules/metric) -> traffic-based costs ->
 * per-resource health, metrics, missing data -> shard plan, alarm recommendations, DR flags.
 * A low-traffic resource is listed as skipped AND analyzed by the configuration rules: low traffic
 * skips only the metric and cost rules (and its shard plan); see filters.ts.
 * Findings on a resource the exemption tag exempts from the rule (rules/tag-exemption.ts) go the
 * same way, apart (`tagExempt`): listed as suppressed by the reports, never in a resource's
 * findings, health score, totals, shard plan, alarm recommendations or DR flags (as when they were not
 * listed at all).
 */
import { judgeInventory } from "../../rules/index";
import { CATALOG } from "../../rules/catalog";
import { resolveRuleConfig } from "../../rules/config";
import { DELIVERY_STREAM_METRIC_JUDGES, LOW_TRAFFIC_STREAM_RULES, STREAM_METRIC_JUDGES } from "../../rules/metric";
import type { TagExemptFinding } from "../../rules/tag-exemption";
import { DESTINATION_METRIC_PREFIX, type ConsumerConfig, type DeliveryStreamConfig, type Finding, type Inventory, type StreamConfig } from "../../rules/model";
import { metric } from "../../rules/metric-requests";
import { WindowHours, WindowHoursTable } from "./window-hours";
import { pricingFor } from "../../rules/pricing";
import type { KinesisGuardConfig } from "../config-file";
import type { Snapshot } from "../snapshot";
import { alarmRecommendations } from "./alarm-recommendations";
import { blockedRules, withoutBlocked } from "./blocked-rules";
import { deliveryStreamTraffic, skipCode, streamTraffic, type SkippedEntry } from "./filters";
import { healthScore } from "./health";
import { indexMetrics } from "./metric-index";
import { callGaps, deliveryStreamMissingData, gapDeductions, streamMissingData } from "./missing-data";
import { deliveryStreamMetrics, streamMetrics } from "./resource-metrics";
import { shardPlanFor } from "./shard-plan";
import { shardLoads } from "../../rules/metric/shard-load";
import { streamUtilization } from "../../rules/metric/utilization";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { streamHourlyTraffic } from "../../rules/metric/capacity";
import { streamMinutePeaks } from "../../rules/metric/minute-peaks";
import type { MetricLookup } from "../../rules/metric/types";
import { judgeDeliveryTraffic } from "./traffic-costs";
import { findingTotals } from "./finding-totals";
import { ruleMeta } from "./rule-meta";

/** Rules that cannot run live (their `live.packOnly`): e.g. the AWS APIs never return a credential in plain text. */
export const NOT_LIVE_RULES: ReadonlySet<string> = new Set(CATALOG.filter((r) => r.live.packOnly === true).map((r) => r.id));

export type { AuditAnalysis, AuditSummary, DeliveryStreamAnalysis, StreamAnalysis, StreamWriteUtilization } from "./audit-analysis";
import type { AuditAnalysis, DeliveryStreamAnalysis, StreamAnalysis, StreamWriteUtilization } from "./audit-analysis";

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

/**
 * Iterator age and each enhanced fan-out consumer's lag per hour, where collected hourly (a
 * window-long value from an older snapshot, metric-index.ts, is no hour). Kept as rows of the
 * window's hours (window-hours.ts): the snapshot's series are released before rendering.
 */
function hourlyLagOf(s: StreamConfig, consumers: readonly ConsumerConfig[], lookup: MetricLookup, table: WindowHoursTable): Pick<StreamAnalysis, "hourlyIteratorAgeMs" | "hourlyConsumerLagMs"> {
  const region = String(s.region ?? "");
  const name = String(s.name);
  const age = table.hourly(lookup.get(metric.streamIteratorAgeMax(region, name)));
  const lags = new Map<string, WindowHours>();
  for (const c of consumers) {
    const lag = table.hourly(lookup.get(metric.consumerLagMax(region, name, String(c.name))));
    if (lag) lags.set(String(c.name), lag);
  }
  return { ...(age ? { hourlyIteratorAgeMs: age } : {}), ...(lags.size > 0 ? { hourlyConsumerLagMs: lags } : {}) };
}

/**
 * Delivery success (% of attempts: Success Sum / SampleCount of the same hour, hours with attempts
 * only) and data freshness per hour, where collected hourly.
 */
function hourlyDeliveryOf(d: DeliveryStreamConfig, lookup: MetricLookup, table: WindowHoursTable): Pick<DeliveryStreamAnalysis, "hourlySuccessPercent" | "hourlyFreshnessSeconds"> {
  if (typeof d.destination !== "string") return {};
  const prefix = DESTINATION_METRIC_PREFIX[d.destination];
  const region = String(d.region ?? "");
  const name = String(d.name);
  const success = table.ratio(lookup.get(metric.firehoseSuccessSum(region, name, prefix)), lookup.get(metric.firehoseSuccessCount(region, name, prefix)));
  const fresh = table.hourly(lookup.get(metric.firehoseDataFreshnessMax(region, name, prefix)));
  return { ...(success ? { hourlySuccessPercent: success } : {}), ...(fresh ? { hourlyFreshnessSeconds: fresh } : {}) };
}

/** Hourly bytes/s for the reports' throughput chart (the snapshot's series are released before rendering). */
function hourlyBytesPerSecondOf(s: StreamConfig, lookup: MetricLookup): { hourlyBytesPerSecond?: HourlyValues } {
  const withBytes = streamHourlyTraffic(s, lookup).filter((t) => t.bytes !== undefined);
  if (withBytes.length === 0) return {};
  return { hourlyBytesPerSecond: new HourlyValues(withBytes.map((t) => t.hour), withBytes.map((t) => t.bytes! / 3600)) };
}

/** Tag-exempt findings in the analysis' resource order (streams, then delivery streams, by region and name), each resource's in the order judged. */
function inResourceOrder(xs: readonly TagExemptFinding[], resources: readonly (StreamConfig | DeliveryStreamConfig)[]): TagExemptFinding[] {
  const rank = new Map(resources.map((r, i) => [r.id.ref, i]));
  return xs.map((x, i) => [x, i] as const).sort(([a, i], [b, j]) => (rank.get(a.finding.resource.ref) ?? rank.size) - (rank.get(b.finding.resource.ref) ?? rank.size) || i - j).map(([x]) => x);
}

export function analyzeSnapshot(snapshot: Snapshot, config: KinesisGuardConfig): AuditAnalysis {
  const lookup = indexMetrics(snapshot.metrics);
  const window = snapshot.window;
  const settings = config.settings;
  const enabled = (id: string) => config.enforcement[id] !== "disabled" && !NOT_LIVE_RULES.has(id);
  const pricing = (region: string | undefined) => pricingFor(region, settings.pricing);

  // 1. Analysis-time filter: low traffic (collection-time skips arrive in snapshot.skipped). A
  // low-traffic resource is listed as skipped and still judged by the configuration rules.
  const skipped: SkippedEntry[] = snapshot.skipped.map((s) => ({ ...s, code: skipCode(s.reason) }));
  const lowTraffic = new Set<string>();
  const streams: StreamConfig[] = [...snapshot.streams].sort(byName);
  for (const s of streams) {
    const t = streamTraffic(s, lookup, window, settings.minRecordsPerMinute);
    if (!t.skipReason) continue;
    lowTraffic.add(s.id.ref);
    skipped.push({ kind: "stream", name: String(s.name), region: String(s.region ?? ""), ...(typeof s.arn === "string" ? { arn: s.arn } : {}), reason: t.skipReason, code: "low-traffic" });
  }
  const deliveryStreams: DeliveryStreamConfig[] = [...snapshot.deliveryStreams].sort(byName);
  for (const d of deliveryStreams) {
    const t = deliveryStreamTraffic(d, lookup, window, settings.minRecordsPerMinute);
    if (!t.skipReason) continue;
    lowTraffic.add(d.id.ref);
    skipped.push({ kind: "deliveryStream", name: String(d.name), region: String(d.region ?? ""), ...(typeof d.arn === "string" ? { arn: d.arn } : {}), reason: t.skipReason, code: "low-traffic" });
  }
  const costOnQuiet = (f: Finding) => lowTraffic.has(f.resource.ref) && ruleMeta(f.ruleId).category === "cost";
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
  // A failed call about one resource (its consumers, its shards) withholds the rules that needed it there.
  const where = (kind: string, r: StreamConfig | DeliveryStreamConfig) => ({ region: String(r.region ?? ""), resource: `${kind}/${String(r.name)}` });
  const locationByRef = new Map([...streams.map((r) => [r.id.ref, where("stream", r)] as const), ...deliveryStreams.map((r) => [r.id.ref, where("deliveryStream", r)] as const)]);
  const blocked = blockedRules(snapshot.collection.errors);
  const gapsOf = (kind: string, r: StreamConfig | DeliveryStreamConfig) => {
    const at = where(kind, r);
    return callGaps(snapshot.collection.errors, at.region, at.resource, blocked, (id) => (enabled(id) ? CATALOG.find((c) => c.id === id) : undefined), r);
  };
  const judged = judgeInventory(inventory, { configs, pricing, only: enabled });
  const kept = (fs: readonly Finding[]) => new Set(withoutBlocked(fs, blocked, (ref) => locationByRef.get(ref)).filter((f) => !costOnQuiet(f)));
  const keptStatic = kept([...judged.findings, ...judged.tagExempt.map((x) => x.finding)]);
  const staticJudgement = { findings: judged.findings.filter((f) => keptStatic.has(f)), tagExempt: judged.tagExempt.filter((x) => keptStatic.has(x.finding)) };

  // 3. Metric rules, 4. traffic-based costs; group by resource.
  const findingsByRef = new Map<string, Finding[]>();
  const isBlocked = (f: Finding) => {
    const at = locationByRef.get(f.resource.ref);
    return at !== undefined && blocked.blocks(f.ruleId, at.region, at.resource);
  };
  const add = (f: Finding) => {
    if (isBlocked(f)) return;
    const list = findingsByRef.get(f.resource.ref) ?? [];
    list.push(f);
    findingsByRef.set(f.resource.ref, list);
  };
  const tagExempt: TagExemptFinding[] = [];
  const addJudgement = (j: { readonly findings: readonly Finding[]; readonly tagExempt: readonly TagExemptFinding[] }) => {
    j.findings.forEach(add);
    for (const x of j.tagExempt) if (!isBlocked(x.finding)) tagExempt.push(x);
  };
  const configOf = (id: string) => (enabled(id) ? config.rules[id] : undefined);
  // A verdict judged on measured traffic (kdf-small-buffers') is a cost finding too: never on a quiet delivery stream.
  const traffic = judgeDeliveryTraffic(staticJudgement, deliveryStreams, { lookup, window, pricing, configOf });
  addJudgement({ findings: traffic.findings.filter((f) => !costOnQuiet(f)), tagExempt: traffic.tagExempt.filter((x) => !costOnQuiet(x.finding)) });
  const consumersByArn = new Map<unknown, ConsumerConfig[]>();
  for (const c of consumers) consumersByArn.set(c.streamArn, [...(consumersByArn.get(c.streamArn) ?? []), c]);
  const consumersOf = (s: StreamConfig): ConsumerConfig[] => consumersByArn.get(s.arn) ?? [];
  // The capacity rules plan together (one action per stream): they see which rules are enabled.
  const enabledConfigs = Object.fromEntries(Object.entries(config.rules).filter(([id]) => enabled(id)));
  for (const s of streams) {
    const ctxBase = { pricing: pricing(String(s.region ?? "")), metrics: lookup, window, consumers: consumersOf(s), ruleConfigs: enabledConfigs };
    const quiet = lowTraffic.has(s.id.ref);
    for (const [id, fn] of Object.entries(STREAM_METRIC_JUDGES)) {
      if (enabled(id) && (!quiet || LOW_TRAFFIC_STREAM_RULES.has(id))) addJudgement(fn(s, { ...ctxBase, config: config.rules[id]! }));
    }
  }
  for (const d of deliveryStreams) {
    if (lowTraffic.has(d.id.ref)) continue;
    for (const [id, fn] of Object.entries(DELIVERY_STREAM_METRIC_JUDGES)) {
      if (enabled(id)) addJudgement(fn(d, { pricing: pricing(String(d.region ?? "")), metrics: lookup, window, config: config.rules[id]! }));
    }
  }

  // 5. Per resource.
  const deductions = settings.healthScore;
  const windowSeconds = window.end - window.start;
  // The consumer lag report's limit: the rule that gives one (kds-consumer-lag), from its config even when disabled.
  const lagRule = CATALOG.find((r) => r.live.consumerLagLimitMs !== undefined);
  const lagThreshold = lagRule?.live.consumerLagLimitMs?.(config.rules[lagRule.id] ?? resolveRuleConfig(lagRule.id, undefined)) ?? Number.POSITIVE_INFINITY;
  // The lag and delivery trends per hour, as rows of shared buffers (window-hours.ts).
  // At most one row per stream (iterator age), per consumer (its lag) and two per delivery stream.
  const hoursTable = new WindowHoursTable(window, streams.length + consumers.length + 2 * deliveryStreams.length);
  const streamResults: StreamAnalysis[] = streams.map((s) => {
    const findings = findingsByRef.get(s.id.ref) ?? [];
    const cs = consumersOf(s);
    const missingData = [...streamMissingData(s, cs, lookup), ...gapsOf("stream", s)];
    return {
      stream: s,
      consumers: cs,
      findings,
      healthScore: healthScore([...findings, ...gapDeductions(missingData)], deductions),
      metrics: streamMetrics(s, cs, lookup, window, lagThreshold),
      shardLoads: shardLoads(s, lookup).filter((l) => l.hoursWithData > 0),
      ...writeUtilizationOf(s, lookup),
      ...hourlyBytesPerSecondOf(s, lookup),
      ...hourlyLagOf(s, cs, lookup, hoursTable),
      missingData,
    };
  });
  const deliveryResults: DeliveryStreamAnalysis[] = deliveryStreams.map((d) => {
    const findings = findingsByRef.get(d.id.ref) ?? [];
    const missingData = [...deliveryStreamMissingData(d, lookup), ...gapsOf("deliveryStream", d)];
    return {
      deliveryStream: d,
      findings,
      healthScore: healthScore([...findings, ...gapDeductions(missingData)], deductions),
      metrics: deliveryStreamMetrics(d, lookup, window),
      ...hourlyDeliveryOf(d, lookup, hoursTable),
      missingData,
    };
  });
  const allFindings = [...streamResults.flatMap((r) => r.findings), ...deliveryResults.flatMap((r) => r.findings)];

  // 6. Plans and recommendations.
  const shardPlan = streamResults.filter((r) => !lowTraffic.has(r.stream.id.ref)).flatMap((r) =>
    shardPlanFor(r.stream, r.findings, lookup, enabledConfigs, windowSeconds, r.metrics.incomingBytes, pricing(String(r.stream.region ?? ""))),
  );
  const alarms = alarmRecommendations(allFindings, { streams, consumers, alarms: snapshot.alarms }, config.rules);
  // DR flags from the rules that give them (kds-cross-region), when enabled.
  const dr = CATALOG.flatMap((r) => {
    const flags = r.live.drFlags;
    if (!flags || !enabled(r.id)) return [];
    return flags({ streams, drStreams: snapshot.drStreams, findings: allFindings.filter((f) => f.ruleId === r.id), config: config.rules[r.id]!, blocked: (region) => blocked.blocks(r.id, region) });
  });

  // The limits the enabled rules judge the charted metrics by (a disabled rule flags nothing: no line).
  const trendLimits = CATALOG.flatMap((r) => (enabled(r.id) ? (r.live.trendLimits?.(config.rules[r.id] ?? resolveRuleConfig(r.id, undefined)) ?? []) : []));

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
    ...(tagExempt.length ? { tagExempt: inResourceOrder(tagExempt, [...streams, ...deliveryStreams]) } : {}),
    shardPlan,
    alarmRecommendations: alarms,
    drFlags: dr,
    collectionErrors: snapshot.collection.errors,
    complete,
    pricing: Object.fromEntries(snapshot.regions.map((r) => [r, pricing(r)])),
    trendLimits,
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
