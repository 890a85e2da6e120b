/**
 * A deliberately plain re-statement of the rule semantics (the brief's definitions, catalog
 * defaults), evaluated directly on a scenario and the simulator's metric series. Used only to
 * check that the scenarios' planted ground truth (`expected`) is what the rules say; the product's
 * analysis has its own implementation and is tested against the same `expected`.
 */
import { classify, isExempt, nameTokens } from "../../rules/classify";
import { defaultConfigs } from "../../rules/config";
import { aggregate, seriesKey, statValue, type StatName } from "../../simulator/metrics/series";
import type { ExpectedFinding, ExpectedSkip, Scenario } from "../../simulator/scenario";
import { buildWorld, type RegionWorld, type SimDeliveryStream, type SimStream } from "../../simulator/world";

const CFG = defaultConfigs();
const cfg = (id: string) => CFG[id]!;
const MIB = 1048576;

export interface Verdict {
  findings: ExpectedFinding[];
  skipped: ExpectedSkip[];
}

export function evaluate(scenario: Scenario, windowEnd: number, days = 7): Verdict {
  const world = buildWorld(scenario);
  const end = Math.floor(windowEnd / 3600) * 3600;
  const start = end - days * 86400;
  const nowMin = end / 60;
  const out: Verdict = { findings: [], skipped: [] };

  for (const region of world.regions.values()) {
    const def = (ns: string, m: string, dims: Record<string, string>) => region.series.get(seriesKey(ns, m, dims));
    const windowStat = (ns: string, m: string, dims: Record<string, string>, stat: StatName) => {
      const d = def(ns, m, dims);
      return d ? statValue(aggregate(d, start / 60, end / 60, nowMin), stat) : undefined;
    };
    const hourly = (ns: string, m: string, dims: Record<string, string>): (number | undefined)[] => {
      const d = def(ns, m, dims);
      const hours: (number | undefined)[] = [];
      for (let t = start; t < end; t += 3600) hours.push(d ? statValue(aggregate(d, t / 60, t / 60 + 60, nowMin), "Sum") : undefined);
      return hours;
    };
    // Per hour, the busiest minute's Sum (what the collector's max-minute-per-hour series holds).
    const minutePeaks = (ns: string, m: string, dims: Record<string, string>): (number | undefined)[] => {
      const d = def(ns, m, dims);
      const hours: (number | undefined)[] = [];
      for (let t = start; t < end; t += 3600) {
        let best: number | undefined;
        for (let k = 0; k < 60; k++) {
          const v = d ? statValue(aggregate(d, t / 60 + k, t / 60 + k + 1, nowMin), "Sum") : undefined;
          if (v !== undefined && (best === undefined || v > best)) best = v;
        }
        hours.push(best);
      }
      return hours;
    };
    const add = (resource: string, ruleId: string, tags: Record<string, string>, detail?: string) => {
      if (isExempt(ruleId, tags, cfg(ruleId)) === true) return;
      out.findings.push({ region: region.region, resource, ruleId, ...(detail ? { detail } : {}) });
    };
    const excluded = (name: string, tags: Record<string, string>): ExpectedSkip["reason"] | undefined => {
      if (name.startsWith("test-") || name.startsWith("dev-")) return "name-prefix";
      if (Object.entries(tags).some(([k, v]) => k.toLowerCase() === "excludefromanalysis" && v.toLowerCase() === "true")) return "tag";
      return undefined;
    };
    // Low traffic: records per minute over the minutes with data (hours with a datapoint x 60) <= 100.
    const lowTraffic = (recordsByHour: (number | undefined)[]): boolean => {
      const withData = recordsByHour.filter((x): x is number => x !== undefined);
      return withData.length === 0 || withData.reduce((a, b) => a + b, 0) / (withData.length * 60) <= 100;
    };
    // Low traffic skips the metric and cost rules only: configuration rules still judge the resource.
    const COST = new Set(["kds-retention", "kdf-small-buffers", "kdf-vpc-endpoint"]);
    const addFor = (quiet: boolean): Add => (resource, ruleId, tags, detail) => (quiet && COST.has(ruleId) ? undefined : add(resource, ruleId, tags, detail));

    for (const s of region.streams) {
      if (s.createdAt >= end) continue; // not created yet: not in this window's fleet
      const dims = { StreamName: s.name };
      const reason = excluded(s.name, s.tags);
      if (reason) {
        out.skipped.push({ region: region.region, name: s.name, reason });
        continue;
      }
      const recordsByHour = hourly("AWS/Kinesis", "IncomingRecords", dims);
      const quiet = lowTraffic(recordsByHour);
      if (quiet) out.skipped.push({ region: region.region, name: s.name, reason: "low-traffic" });
      streamRules(s, region, world.regions.get("us-west-2"), addFor(quiet));
      // kds-idle-stream: provisioned, no records at all in the window.
      if (s.mode === "PROVISIONED" && recordsByHour.every((x) => x === undefined || x === 0)) add(s.name, "kds-idle-stream", s.tags);
      if (quiet) continue;
      // metric rules
      const bytes = hourly("AWS/Kinesis", "IncomingBytes", dims);
      const records = hourly("AWS/Kinesis", "IncomingRecords", dims);
      const withData = bytes.map((b, i) => (b === undefined || records[i] === undefined ? undefined : ([b, records[i]!] as const))).filter((x) => x !== undefined);
      // Capacity (issue 11): one plan per stream - under-provisioned, else a safe reduction, else hot shards.
      const cap = capacityVerdict(s, bytes, records, withData.length, (metricName, d) => hourly("AWS/Kinesis", metricName, d), (metricName, d) => minutePeaks("AWS/Kinesis", metricName, d));
      if (cap.under) add(s.name, "kds-under-provisioned", s.tags);
      if (cap.over) add(s.name, "kds-over-provisioned", s.tags);
      cap.hot.forEach((shardId) => add(s.name, "kds-hot-shard", s.tags, shardId));
      const wpte = windowStat("AWS/Kinesis", "WriteProvisionedThroughputExceeded", dims, "Sum");
      const recs = windowStat("AWS/Kinesis", "IncomingRecords", dims, "Sum");
      if (wpte !== undefined && recs !== undefined && wpte / (wpte + recs) > 0.01) add(s.name, "kds-write-throttling", s.tags);
      const age = windowStat("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", dims, "Maximum");
      if (age !== undefined && age > 60000) add(s.name, "kds-iterator-age", s.tags);
      for (const c of s.consumers) {
        const lag = windowStat("AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: s.name, ConsumerName: c.name }, "Maximum");
        if (lag !== undefined && lag > 5000) add(s.name, "kds-consumer-lag", s.tags, c.name);
      }
      if (s.mode === "ON_DEMAND") {
        const b = bytes.filter((x): x is number => x !== undefined);
        if (b.length >= 24) {
          const mean = b.reduce((x, y) => x + y, 0) / b.length;
          const cv = Math.sqrt(b.reduce((x, y) => x + (y - mean) ** 2, 0) / b.length) / mean;
          const peakShards = Math.max(...withData.map(([by, r]) => Math.max(by / (MIB * 3600), r / (1000 * 3600))));
          const shards = Math.max(1, Math.ceil(peakShards / 0.6));
          // Each record billed rounded up: 1 KiB on-demand (in and out), 25 KiB PUT payload units;
          // an hour's records taken at that hour's average size. Monthly = window sum / hours x 730.
          const units = (by: number, r: number, unit: number) => (r > 0 ? r * Math.max(1, Math.ceil(by / r / unit - 1e-9)) : 0);
          const perMonth = 730 / withData.length;
          const kibIn = withData.reduce((a, [by, r]) => a + units(by, r, 1024), 0) * perMonth;
          const puts = withData.reduce((a, [by, r]) => a + units(by, r, 25 * 1024), 0) * perMonth;
          const readBytes = hourly("AWS/Kinesis", "GetRecords.Bytes", dims);
          const readRecords = hourly("AWS/Kinesis", "GetRecords.Records", dims);
          const kibOut = readBytes.reduce<number>((a, by, i) => a + (by === undefined || readRecords[i] === undefined ? 0 : units(by, readRecords[i]!, 1024)), 0) * perMonth;
          const onDemand = 0.04 * 730 + (0.08 * kibIn + 0.04 * kibOut) / 1024 ** 2;
          const provisioned = 0.015 * shards * 730 + (puts * 0.014) / 1e6;
          if (cv < 0.3 && provisioned < onDemand) add(s.name, "kds-on-demand-steady", s.tags);
        }
      }
    }

    for (const d of region.deliveryStreams) {
      if (d.createdAt >= end) continue;
      const recordsMetric = d.sourceStream ? "DataReadFromKinesisStream.Records" : "IncomingRecords";
      const dims = { DeliveryStreamName: d.name };
      const reason = excluded(d.name, d.tags);
      if (reason) {
        out.skipped.push({ region: region.region, name: d.name, reason });
        continue;
      }
      const quiet = lowTraffic(hourly("AWS/Firehose", recordsMetric, dims));
      if (quiet) out.skipped.push({ region: region.region, name: d.name, reason: "low-traffic" });
      deliveryRules(d, region, addFor(quiet));
      if (quiet) continue;
      // kdf-small-buffers, live: with hourly bytes in, flushes per hour = max(3600 / interval, bytes / size)
      // (either hint triggers a flush); flagged at >= 2x the flushes of the hints raised to 5 MB / 300 s
      // (Splunk: 60 s at most). Without bytes: size < 5 MB and interval < 300 s.
      const size = d.spec.buffering?.sizeMb ?? 5;
      const interval = d.spec.buffering?.intervalSeconds ?? (d.spec.destination === "splunk" ? 60 : 300);
      const inBytes = hourly("AWS/Firehose", d.sourceStream ? "DataReadFromKinesisStream.Bytes" : "IncomingBytes", dims).filter((b): b is number => b !== undefined && b > 0);
      if (inBytes.length === 0) {
        if (size < 5 && interval < 300) add(d.name, "kdf-small-buffers", d.tags);
      } else {
        const recSize = Math.max(size, 5);
        const recInterval = Math.max(interval, d.spec.destination === "splunk" ? 60 : 300);
        const flushes = (sz: number, iv: number) => inBytes.reduce((a, b) => a + Math.max(3600 / Math.max(1, iv), b / (sz * MIB)), 0);
        if ((recSize !== size || recInterval !== interval) && flushes(size, interval) >= 2 * flushes(recSize, recInterval)) add(d.name, "kdf-small-buffers", d.tags);
      }
      const sum = windowStat("AWS/Firehose", `${d.metricPrefix}.Success`, dims, "Sum");
      const count = windowStat("AWS/Firehose", `${d.metricPrefix}.Success`, dims, "SampleCount");
      if (sum !== undefined && count) {
        if (1 - sum / count > 0.01) add(d.name, "kdf-delivery-failures", d.tags);
      }
    }
  }
  return out;
}

type Hourly = (metricName: string, dims: Record<string, string>) => (number | undefined)[];

/**
 * kds-under-provisioned, kds-over-provisioned and kds-hot-shard, as one plan (catalog defaults):
 * demand = max(bytes / 1 MiB/s, records / 1,000/s) per second of the period, in shards' worth.
 * - under: >= 24 h with data and (mean utilization > 80 %, or > 80 % in >= 90 % of hours, or
 *   demand at the busiest minute >= 100 % of capacity in >= 4 % of hours, at least one).
 * - over (only when not under): > 1 shard, p95 < 20 %, and some m < n with m >= n x p95 / 60 %,
 *   m >= peak / 80 % and, with shard-level data, every new shard of UNIFORM_SCALING to m (charged
 *   every current shard it overlaps) at most 80 % at each hour's burst (busiest minute / hour).
 * - hot shards (only when neither): shard-level IncomingBytes; a shard without data is idle (0);
 *   load = sum of hourly demand; hot when load > 2 x mean over open shards or it is the only busy
 *   shard, and its peak (hourly demand x burst) > 50 % of one shard.
 */
function capacityVerdict(
  s: SimStream,
  bytes: readonly (number | undefined)[],
  records: readonly (number | undefined)[],
  hoursWithData: number,
  hourly: Hourly,
  minutePeaks: Hourly,
): { under: boolean; over: boolean; hot: string[] } {
  const none = { under: false, over: false, hot: [] as string[] };
  if (s.mode !== "PROVISIONED" || hoursWithData < 24) return none;
  // A rule the stream is exempt from takes no part in the plan.
  const takes = (id: string) => isExempt(id, s.tags, cfg(id)) !== true;
  const n = s.openShardCount;
  const need = (b: number, r: number, seconds: number) => Math.max(b / (MIB * seconds), r / (1000 * seconds));
  const dims = { StreamName: s.name };
  const bMin = minutePeaks("IncomingBytes", dims);
  const rMin = minutePeaks("IncomingRecords", dims);
  const hourNeed = bytes.map((b, i) => (b === undefined || records[i] === undefined ? undefined : need(b, records[i]!, 3600)));
  const demand = hourNeed.map((h, i) => (h === undefined ? undefined : Math.max(h, need(bMin[i] ?? 0, rMin[i] ?? 0, 60))));
  const burst = hourNeed.map((h, i) => (h === undefined || h === 0 ? 1 : demand[i]! / h));
  const util = hourNeed.filter((h): h is number => h !== undefined).map((h) => (h / n) * 100);
  const demands = demand.filter((d): d is number => d !== undefined);
  const peak = Math.max(...demands);
  const mean = util.reduce((a, b) => a + b, 0) / util.length;
  const saturated = demands.filter((d) => d >= n).length;
  const under = takes("kds-under-provisioned") && (mean > 80 || util.filter((u) => u > 80).length / util.length >= 0.9 || (saturated > 0 && saturated / demands.length >= 0.04));
  if (under) return { ...none, under };

  const enhanced = s.enhancedMetrics.includes("IncomingBytes");
  const open = s.shards.filter((x) => !x.closed).sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
  const shardHourly = open.map((x) => {
    const d = { StreamName: s.name, ShardId: x.shardId };
    const b = hourly("IncomingBytes", d);
    const r = s.enhancedMetrics.includes("IncomingRecords") ? hourly("IncomingRecords", d) : b.map(() => 0);
    return b.map((v, i) => need(v ?? 0, r[i] ?? 0, 3600));
  });
  const sorted = [...util].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  let over = false;
  if (takes("kds-over-provisioned") && n > 1 && p95 < 20) {
    const first = Math.max(1, Math.ceil((n * p95) / 60 - 1e-9), Math.ceil(peak / 0.8 - 1e-9));
    const space = 1n << 128n;
    const newShardPeak = (m: number) => {
      let worst = 0;
      for (let j = 0; j < m; j++) {
        const lo = (space * BigInt(j)) / BigInt(m);
        const hi = (space * BigInt(j + 1)) / BigInt(m) - 1n;
        const members = open.map((x, i) => [x, i] as const).filter(([x]) => BigInt(x.startingHashKey) <= hi && BigInt(x.endingHashKey) >= lo);
        burst.forEach((k, h) => (worst = Math.max(worst, members.reduce((a, [, i]) => a + shardHourly[i]![h]!, 0) * k)));
      }
      return worst;
    };
    for (let m = first; m < n && !over; m++) over = !enhanced || newShardPeak(m) <= 0.8;
  }
  if (over || !enhanced || !takes("kds-hot-shard")) return { ...none, over };

  const loads = shardHourly.map((h) => h.reduce((a, b) => a + b, 0));
  const meanLoad = loads.reduce((a, b) => a + b, 0) / loads.length;
  const busy = loads.filter((l) => l > 0).length;
  const peakOf = (i: number) => Math.max(...shardHourly[i]!.map((v, h) => v * burst[h]!));
  const hot = open.filter((_, i) => loads[i]! > 0 && (loads[i]! > 2 * meanLoad || busy === 1) && peakOf(i) > 0.5).map((x) => x.shardId);
  return { under: false, over: false, hot };
}

type Add = (resource: string, ruleId: string, tags: Record<string, string>, detail?: string) => void;

function alarmWatches(region: RegionWorld, ns: string, metric: (m: string) => boolean, dimName: string, dimValue: string): boolean {
  return region.alarms.some((a) => {
    const ms = a.spec.metrics
      ? a.spec.metrics.map((m) => ({ ns: m.namespace, m: m.metricName, dims: m.dimensions ?? {} }))
      : [{ ns: a.spec.namespace ?? "", m: a.spec.metricName ?? "", dims: a.spec.dimensions ?? {} }];
    return ms.some((x) => x.ns === ns && metric(x.m) && x.dims[dimName] === dimValue);
  });
}

function streamRules(s: SimStream, region: RegionWorld, dr: RegionWorld | undefined, add: Add): void {
  if (classify("sensitive", s.name, s.tags, cfg("kds-encryption")) === true && s.encryptionType !== "KMS") add(s.name, "kds-encryption", s.tags);
  const required = cfg("kds-enhanced-monitoring").requiredMetrics as string[];
  if (classify("critical", s.name, s.tags, cfg("kds-enhanced-monitoring")) === true && !required.every((m) => s.enhancedMetrics.includes(m))) {
    add(s.name, "kds-enhanced-monitoring", s.tags);
  }
  const exemptKeys = (cfg("kds-retention").exemptTagKeys as string[]).map((k) => k.toLowerCase());
  if (s.retentionHours >= 168 && !Object.keys(s.tags).some((k) => exemptKeys.includes(k.toLowerCase()))) add(s.name, "kds-retention", s.tags);
  const need = ["GetRecords.IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"];
  if (!need.every((m) => alarmWatches(region, "AWS/Kinesis", (x) => x === m, "StreamName", s.name))) add(s.name, "kds-alarms", s.tags);
  if (classify("critical", s.name, s.tags, cfg("kds-cross-region")) === true) {
    const replica = (dr?.streams ?? []).some((r) => r.tags.ReplicaOf === s.name || r.name === `${s.name}-replica` || r.name === `${s.name}-dr`);
    if (!replica) add(s.name, "kds-cross-region", s.tags);
  }
}

function deliveryRules(d: SimDeliveryStream, region: RegionWorld, add: Add): void {
  const spec = d.spec;
  // Format conversion is a transformation; by default only raw-looking names (name tokens) are judged.
  const rawName = nameTokens(d.name).some((t) => (cfg("kdf-no-transformation").rawNameKeywords as string[]).some((k) => t === k || t === `${k}s`));
  if ((!spec.lambdaArn || spec.processingDisabled) && !spec.formatConversion && rawName) add(d.name, "kdf-no-transformation", d.tags);
  if (spec.destination === "redshift" && (spec.s3BackupMode ?? "Disabled") !== "Enabled") add(d.name, "kdf-s3-backup", d.tags);
  if (!alarmWatches(region, "AWS/Firehose", (m) => /^DeliveryTo.*\.(Success|DataFreshness)$/.test(m), "DeliveryStreamName", d.name)) add(d.name, "kdf-alarms", d.tags);
  const sensitive = classify("sensitive", d.name, d.tags, cfg("kdf-encryption")) === true;
  if (sensitive && !d.sourceStream && !spec.sse?.enabled) add(d.name, "kdf-encryption", d.tags);
  if (sensitive && d.sourceStream && d.sourceStream.encryptionType !== "KMS") add(d.name, "kdf-encryption", d.tags);
  if (spec.vpc && !region.vpcEndpoints.some((e) => e.spec.vpcId === spec.vpc!.vpcId && e.spec.type === "Gateway" && /\.s3$/.test(e.spec.serviceName))) {
    add(d.name, "kdf-vpc-endpoint", d.tags);
  }
}

export const key = (f: { region: string; resource?: string; name?: string; ruleId?: string; reason?: string; detail?: string }) =>
  [f.region, f.resource ?? f.name, f.ruleId ?? f.reason, f.detail ?? ""].join("|");
