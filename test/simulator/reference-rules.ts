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
      if (s.mode === "PROVISIONED" && withData.length >= 24) {
        const n = s.openShardCount;
        const util = withData.map(([b, r]) => Math.max(b / (n * MIB * 3600), r / (n * 1000 * 3600)) * 100);
        if (util.filter((u) => u > 80).length / util.length >= 0.9) add(s.name, "kds-under-provisioned", s.tags);
        const sorted = [...util].sort((a, b) => a - b);
        const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
        if (p95 < 20) add(s.name, "kds-over-provisioned", s.tags);
      }
      const wpte = windowStat("AWS/Kinesis", "WriteProvisionedThroughputExceeded", dims, "Sum");
      const recs = windowStat("AWS/Kinesis", "IncomingRecords", dims, "Sum");
      if (wpte !== undefined && recs !== undefined && wpte / (wpte + recs) > 0.01) add(s.name, "kds-write-throttling", s.tags);
      const age = windowStat("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", dims, "Maximum");
      if (age !== undefined && age > 60000) add(s.name, "kds-iterator-age", s.tags);
      for (const c of s.consumers) {
        const lag = windowStat("AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: s.name, ConsumerName: c.name }, "Maximum");
        if (lag !== undefined && lag > 5000) add(s.name, "kds-consumer-lag", s.tags, c.name);
      }
      if (s.mode === "PROVISIONED" && s.enhancedMetrics.includes("IncomingBytes")) {
        const open = s.shards.filter((x) => !x.closed);
        const totals = open.map((x) => windowStat("AWS/Kinesis", "IncomingBytes", { StreamName: s.name, ShardId: x.shardId }, "Sum") ?? 0);
        const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
        open.forEach((x, i) => totals[i]! > 2 * mean && add(s.name, "kds-hot-shard", s.tags, x.shardId));
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
