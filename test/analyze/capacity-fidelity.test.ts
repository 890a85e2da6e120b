/**
 * Issue 11, points 1, 2 and 4: capacity findings a user can act on safely. Hand-built snapshots
 * (numbers in the comments); each case reproduces what the rules got wrong before the fix.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { defaultConfig, parseConfigText } from "../../live-checks/config-file";
import { resolveRuleConfig } from "../../rules/config";
import { STREAM_METRIC_RULES } from "../../rules/metric";
import { hotShards } from "../../rules/kds-hot-shard/rule";
import { metric, type MetricSeries } from "../../rules/metric-requests";
import type { StreamConfig } from "../../rules/model";
import { US_EAST_1 } from "../../rules/pricing";
import { MIB, REGION, WINDOW, bytesAt, evenShards, lookupOf, noData, repeat, series, snapshotOf, stream } from "../fixtures/analysis/builders";
import { streamAlarms } from "../fixtures/analysis/fleet";

const HOURS = 168;

function run(ruleId: string, s: StreamConfig, metrics: MetricSeries[], cfg?: object) {
  return STREAM_METRIC_RULES[ruleId]!(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers: [] });
}
/** 7 days of hourly values: f(hour of day). */
const daily = (f: (hourOfDay: number) => number) => Array.from({ length: HOURS }, (_, i) => f(i % 24));
const bytes = (name: string, v: number[]) => series(metric.streamIncomingBytes(REGION, name), v);
/** Busiest minute per hour, as `pct` % of `shards` shards (1 MiB/s each, for 60 s). */
const minuteBytes = (name: string, pcts: number[], shards: number) =>
  series(metric.streamIncomingBytesPeakMinute(REGION, name), pcts.map((p) => (p / 100) * shards * MIB * 60));
/** Records per hour that make `shards` shards `pct` % utilized (1,000 records/s each). */
const recordsAt = (pct: number, shards: number) => (pct / 100) * shards * 1000 * 3600;

describe("point 1: kds-under-provisioned never misses a saturated stream", () => {
  it("flags a daily curve with mean 94 % and p95 ~140 % on the window mean, sized for its peak at 80 %", () => {
    // 2 shards, utilization 94 x (1 + 0.5 cos(2 pi (h - 15) / 24)) %: mean exactly 94 % over 7 whole days,
    // 47 % .. 141 %; only 15 of 24 hours are above 80 % (62.5 % < 90 %), so the old rule said nothing.
    const s = stream("rides", { shardCount: 2 });
    const pct = daily((h) => 94 * (1 + 0.5 * Math.cos((2 * Math.PI * (h - 15)) / 24)));
    const f = run("kds-under-provisioned", s, [bytes("rides", pct.map((p) => bytesAt(p, 2)))]);
    expect(f).toHaveLength(1);
    const d = f[0]!.data!;
    expect(d.meanUtilizationPercent).toBeCloseTo(94, 6);
    // hours >= 100 %: cos >= 6/47 -> hours 10..20, 11 a day = 77 of 168.
    expect(d).toMatchObject({ reasons: ["mean", "saturated"], saturatedHours: 77, hotHours: 105, peakResolution: "hour" });
    // peak 141 % of 2 shards = 2.82 shards; / 80 % = 3.525 -> 4 shards (one call: 2 -> 4), peak then 70.5 %.
    expect(d).toMatchObject({ currentShards: 2, recommendedShards: 4, updateShardCountSteps: [4] });
    expect(d.projectedPeakUtilizationPercent).toBeCloseTo(70.5, 6);
    expect(f[0]!.remediation).toContain("so the peak runs at ~70.5 % (target 80 %) with UpdateShardCount, 1 call: 4");
    expect(f[0]!.details).toContain("mean write utilization 94.0 % > 80 %");
  });

  it("flags saturation alone: one hour a day at 110 % (mean 62 %), not six hours a week", () => {
    const s = stream("spiky", { shardCount: 2 });
    const oneHourADay = daily((h) => (h === 18 ? 110 : 60));
    const f = run("kds-under-provisioned", s, [bytes("spiky", oneHourADay.map((p) => bytesAt(p, 2)))]);
    // 7 of 168 hours (4.17 %) >= 100 % -> at least the 4 % default; peak 2.2 shards / 80 % -> 3.
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ reasons: ["saturated"], saturatedHours: 7, recommendedShards: 3 });
    const sixTimes = oneHourADay.map((p, i) => (i === 18 ? 60 : p)); // 6 of 168 = 3.57 % < 4 %
    expect(run("kds-under-provisioned", s, [bytes("spiky", sixTimes.map((p) => bytesAt(p, 2)))])).toEqual([]);
    // ... unless the share is configured lower.
    expect(run("kds-under-provisioned", s, [bytes("spiky", sixTimes.map((p) => bytesAt(p, 2)))], { saturatedHoursPercent: 3 })).toHaveLength(1);
  });

  it("uses the busiest minute where it was collected and says so", () => {
    // Hourly averages flat at 70 % of 2 shards: nothing to see hourly. The busiest minute is 77 %,
    // except at 18:00 each day: 105 % -> 7 saturated hours (4.17 %); peak 2.1 shards / 80 % -> 3.
    const s = stream("minutes", { shardCount: 2 });
    const m = [bytes("minutes", repeat(HOURS, bytesAt(70, 2))), minuteBytes("minutes", daily((h) => (h === 18 ? 105 : 77)), 2)];
    const f = run("kds-under-provisioned", s, m);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ reasons: ["saturated"], peakResolution: "minute", recommendedShards: 3 });
    expect(f[0]!.data!.peakUtilizationPercent).toBeCloseTo(105, 6);
    expect(f[0]!.data!.hourlyPeakUtilizationPercent).toBeCloseTo(70, 6);
    expect(f[0]!.details).toContain("busiest minute");
    // Without the minute series the same stream is not under-provisioned (hourly fallback).
    expect(run("kds-under-provisioned", s, [m[0]!])).toEqual([]);
  });

  it("lists every UpdateShardCount call when the peak needs more than a doubling", () => {
    // 3 shards at 95 % with an hour a day at 400 %: peak 12 shards / 80 % = 15 -> 3 -> 6 -> 12 -> 15.
    const s = stream("surge", { shardCount: 3 });
    const f = run("kds-under-provisioned", s, [bytes("surge", daily((h) => (h === 9 ? 400 : 95)).map((p) => bytesAt(p, 3)))]);
    expect(f[0]!.data).toMatchObject({ recommendedShards: 15, updateShardCountSteps: [6, 12, 15] });
    expect(f[0]!.remediation).toContain("3 calls: 6 -> 12 -> 15");
    expect(Number(f[0]!.data!.projectedPeakUtilizationPercent)).toBeLessThanOrEqual(80);
  });
});

describe("point 2: kds-over-provisioned never recommends a count that cannot carry the peak", () => {
  const s = stream("batch", { shardCount: 6 });
  it("gives no finding for 6 shards with one 90 % hour a day (1 shard would run it at 540 %)", () => {
    expect(run("kds-over-provisioned", s, [bytes("batch", daily((h) => (h === 3 ? 90 : 5)).map((p) => bytesAt(p, 6)))])).toEqual([]);
  });

  it("recommends the count that keeps the peak at or under 80 % and states the peak after the change", () => {
    // p95 3 % (7 spike hours of 168 sit above rank 160); peak 30 % of 6 = 1.8 shards / 80 % -> 3.
    const f = run("kds-over-provisioned", s, [bytes("batch", daily((h) => (h === 3 ? 30 : 3)).map((p) => bytesAt(p, 6)))]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ currentShards: 6, recommendedShards: 3, updateShardCountSteps: [3], peakResolution: "hour" });
    expect(f[0]!.data!.projectedPeakUtilizationPercent).toBeCloseTo(60, 6);
    expect(f[0]!.remediation).toContain("the peak then runs at ~60.0 % of capacity (target at most 80 %)");
    expect(f[0]!.monthlyImpactUsd).toBe(32.85); // 3 x $0.015 x 730
  });

  it("sizes for the busiest minute where collected: a 70 % minute peak leaves no safe reduction", () => {
    const hourly = bytes("batch", repeat(HOURS, bytesAt(10, 6)));
    // hourly alone: p95 10 %, peak 10 % -> 1 shard would do.
    expect(run("kds-over-provisioned", s, [hourly])[0]!.data).toMatchObject({ recommendedShards: 1 });
    // busiest minute 70 % of 6 shards once a day = 4.2 shards / 80 % -> 6: nothing to remove.
    expect(run("kds-over-provisioned", s, [hourly, minuteBytes("batch", daily((h) => (h === 3 ? 70 : 11)), 6)])).toEqual([]);
    // 25 % -> 1.5 shards -> 2, and the finding says the peak is a minute's.
    const f = run("kds-over-provisioned", s, [hourly, minuteBytes("batch", daily((h) => (h === 3 ? 25 : 11)), 6)]);
    expect(f[0]!.data).toMatchObject({ recommendedShards: 2, peakResolution: "minute" });
    expect(f[0]!.details).toContain("busiest minute");
  });

  it("with shard-level data, keeps every new shard under the target after UNIFORM_SCALING", () => {
    // 8 shards: shard 7 at 75 %, shard 6 at 15 %, the rest idle. Stream p95 11.25 %, peak 0.9 shards
    // -> 2 shards would do if traffic spread, but every uniform cut of 2..7 shards puts shards 6 and 7
    // (90 %) on one new shard.
    const shards = evenShards(8);
    const s8 = stream("skewed", { shards, shardLevelMetrics: ["IncomingBytes"] });
    const per = [0, 0, 0, 0, 0, 0, 15, 75];
    const m = [
      bytes("skewed", repeat(HOURS, bytesAt(90, 1))),
      ...shards.map((sh, i) => (per[i] ? series(metric.shardIncomingBytes(REGION, "skewed", sh.shardId), repeat(HOURS, bytesAt(per[i]!, 1))) : noData(metric.shardIncomingBytes(REGION, "skewed", sh.shardId)))),
    ];
    expect(run("kds-over-provisioned", s8, m)).toEqual([]);
  });
});

describe("point 2: shard-plan merges obey the same bound", () => {
  const shards = evenShards(4);
  const snapshot = (pcts: number[], minute?: number[]) => {
    const total = pcts.reduce((a, b) => a + b, 0);
    const s = stream("pairs", { shards, shardLevelMetrics: ["IncomingBytes"] });
    return snapshotOf({
      streams: [s],
      alarms: streamAlarms("pairs"),
      metrics: [
        series(metric.streamIncomingRecords(REGION, "pairs"), repeat(HOURS, 60_000)),
        bytes("pairs", repeat(HOURS, bytesAt(total, 1))),
        ...(minute ? [minuteBytes("pairs", minute, 1)] : []),
        ...shards.map((sh, i) => series(metric.shardIncomingBytes(REGION, "pairs", sh.shardId), repeat(HOURS, bytesAt(pcts[i]!, 1)))),
      ],
    });
  };
  const merges = (a: AuditAnalysis) => a.shardPlan.filter((p) => p.action === "merge").map((p) => [p.shardId, p.adjacentShardId]);
  const cold50 = parseConfigText(JSON.stringify({ "kds-hot-shard": { coldUtilizationPercent: 50 } }), "kg.json");

  it("does not merge two shards whose sum would peak above 80 %", () => {
    // 45 % each, "cold" below 50 %: merged 90 % > 80 % -> no merge.
    expect(merges(analyzeSnapshot(snapshot([45, 45, 45, 45]), cold50))).toEqual([]);
    // 30 % each: merged 60 % -> both pairs.
    expect(merges(analyzeSnapshot(snapshot([30, 30, 30, 30]), cold50))).toEqual([
      [shards[0]!.shardId, shards[1]!.shardId],
      [shards[2]!.shardId, shards[3]!.shardId],
    ]);
  });

  it("scales shard peaks by the stream's busiest minute", () => {
    // kds-over-provisioned off (4 x 8 % would be resized, which plans no merges). The stream's busiest
    // minute is 5.5x its hour (176 % of one shard = 44 % of 4): each shard peaks at ~44 % (cold below 50 %),
    // a merged pair at ~88 % > 80 % -> no merge. Hourly data alone: merged 16 % -> both pairs.
    const cfg = parseConfigText(JSON.stringify({ "kds-over-provisioned": "disabled", "kds-hot-shard": { coldUtilizationPercent: 50 } }), "kg.json");
    expect(merges(analyzeSnapshot(snapshot([8, 8, 8, 8], repeat(HOURS, 176)), cfg))).toEqual([]);
    expect(merges(analyzeSnapshot(snapshot([8, 8, 8, 8]), cfg))).toHaveLength(2);
  });
});

describe("point 4: hot shards", () => {
  const shards = evenShards(4);
  const name = "tenants";
  const shardBytes = (i: number, pct: number | undefined, sh = shards, n = name) =>
    pct === undefined ? noData(metric.shardIncomingBytes(REGION, n, sh[i]!.shardId)) : series(metric.shardIncomingBytes(REGION, n, sh[i]!.shardId), repeat(HOURS, bytesAt(pct, 1)));
  const shardRecords = (i: number, pct: number | undefined, sh = shards, n = name) =>
    pct === undefined ? noData(metric.shardIncomingRecords(REGION, n, sh[i]!.shardId)) : series(metric.shardIncomingRecords(REGION, n, sh[i]!.shardId), repeat(HOURS, recordsAt(pct, 1)));

  it("counts shards without datapoints as idle: in the mean, and as merge candidates", () => {
    // shard 0 at 60 %, shard 1 at 25 %, shards 2 and 3 publish nothing while the stream has traffic.
    // Mean over 4 open shards 21.25 % -> shard 0 is 2.82x (the old mean over shards with data, 42.5 %, hid it).
    const s = stream(name, { shards, shardLevelMetrics: ["IncomingBytes", "IncomingRecords"] });
    const snap = snapshotOf({
      streams: [s],
      alarms: streamAlarms(name),
      metrics: [
        series(metric.streamIncomingRecords(REGION, name), repeat(HOURS, 60_000)),
        bytes(name, repeat(HOURS, bytesAt(85, 1))),
        shardBytes(0, 60), shardBytes(1, 25), shardBytes(2, undefined), shardBytes(3, undefined),
        shardRecords(0, 1), shardRecords(1, 1), shardRecords(2, undefined), shardRecords(3, undefined),
      ],
    });
    const a = analyzeSnapshot(snap, defaultConfig());
    const hot = a.findings.filter((f) => f.ruleId === "kds-hot-shard");
    expect(hot.map((f) => f.data?.shardId)).toEqual([shards[0]!.shardId]);
    expect(hot[0]!.data!.factor).toBeCloseTo(60 / 21.25, 9);
    expect(hot[0]!.data!.idleShardIds).toEqual([shards[2]!.shardId, shards[3]!.shardId]);
    expect(a.shardPlan.map((p) => [p.action, p.shardId, p.adjacentShardId ?? null])).toEqual([
      ["split", shards[0]!.shardId, null],
      ["merge", shards[2]!.shardId, shards[3]!.shardId],
    ]);
  });

  it("reports a stream with all traffic on one shard", () => {
    // 2 shards: shard 1 at 70 %, shard 0 publishes nothing -> the only busy shard (factor 2.0, not above 2x).
    const two = evenShards(2);
    const s = stream("single", { shards: two, shardLevelMetrics: ["IncomingBytes"] });
    const m = [bytes("single", repeat(HOURS, bytesAt(70, 1))), shardBytes(0, undefined, two, "single"), shardBytes(1, 70, two, "single")];
    const f = run("kds-hot-shard", s, m);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ shardId: two[1]!.shardId, allTraffic: true, idleShardIds: [two[0]!.shardId] });
    expect(f[0]!.details).toContain("carried all of the stream's writes");
    // Zero-valued datapoints say the same as none.
    expect(run("kds-hot-shard", s, [m[0]!, shardBytes(0, 0, two, "single"), m[2]!])).toHaveLength(1);
  });

  it("needs the shard's peak above 50 % of one shard: a stream at 7 % of a shard never gets a split", () => {
    const s = stream(name, { shards, shardLevelMetrics: ["IncomingBytes"] });
    // 1, 1, 1, 7 %: shard 3 is 2.8x the mean, but peaks at 7 %.
    const m = [bytes(name, repeat(HOURS, bytesAt(10, 1))), shardBytes(0, 1), shardBytes(1, 1), shardBytes(2, 1), shardBytes(3, 7)];
    expect(hotShards(s, lookupOf(m), resolveRuleConfig("kds-hot-shard", undefined))).toEqual([]);
    expect(hotShards(s, lookupOf(m), resolveRuleConfig("kds-hot-shard", { minPeakUtilizationPercent: 5 }))).toHaveLength(1);
  });

  it("counts records as well as bytes (small records hit 1,000 records/s first)", () => {
    // Bytes even at 10 % a shard; records: shard 3 at 90 %, the others at 10 % -> hot by records.
    const s = stream(name, { shards, shardLevelMetrics: ["IncomingBytes", "IncomingRecords"] });
    const m = [
      bytes(name, repeat(HOURS, bytesAt(40, 1))),
      series(metric.streamIncomingRecords(REGION, name), repeat(HOURS, recordsAt(120, 1))),
      ...[0, 1, 2, 3].map((i) => shardBytes(i, 10)),
      ...[10, 10, 10, 90].map((p, i) => shardRecords(i, p)),
    ];
    const f = run("kds-hot-shard", s, m);
    expect(f.map((x) => x.data?.shardId)).toEqual([shards[3]!.shardId]);
    expect(f[0]!.data!.factor).toBeCloseTo(90 / 30, 9);
    expect(f[0]!.data!.peakUtilizationPercent).toBeCloseTo(90, 9);
  });

  it("plans one action per stream: a safe UpdateShardCount wins over splitting, and findings and plan agree", () => {
    // 8 shards: shard 7 at 55 %, shard 6 at 15 %, the rest at 1 %: stream 9.5 %, p95 < 20 %.
    // Shard 7 is hot (5.8x, peak 55 %); 8 -> 2 is safe even with the skew (new shard 1 = shards 4..7 = 72 %).
    // Before: "split shard 7" AND "UpdateShardCount 8 -> 2" for the same stream.
    const eight = evenShards(8);
    const per = [1, 1, 1, 1, 1, 1, 15, 55];
    const s = stream("mixed-plan", { shards: eight, shardLevelMetrics: ["IncomingBytes"] });
    const snap = snapshotOf({
      streams: [s],
      alarms: streamAlarms("mixed-plan"),
      metrics: [
        series(metric.streamIncomingRecords(REGION, "mixed-plan"), repeat(HOURS, 60_000)),
        bytes("mixed-plan", repeat(HOURS, bytesAt(76, 1))),
        ...eight.map((sh, i) => series(metric.shardIncomingBytes(REGION, "mixed-plan", sh.shardId), repeat(HOURS, bytesAt(per[i]!, 1)))),
      ],
    });
    const a = analyzeSnapshot(snap, defaultConfig());
    const capacity = a.findings.filter((f) => ["kds-under-provisioned", "kds-over-provisioned", "kds-hot-shard"].includes(f.ruleId));
    expect(capacity.map((f) => f.ruleId)).toEqual(["kds-over-provisioned"]);
    expect(capacity[0]!.data).toMatchObject({ recommendedShards: 2, hotShardIds: [eight[7]!.shardId] });
    expect(capacity[0]!.data!.projectedShardPeakUtilizationPercent).toBeCloseTo(72, 9);
    expect(capacity[0]!.details).toContain(`Hot shard ${eight[7]!.shardId}`);
    expect(a.shardPlan.map((p) => [p.action, p.targetShardCount])).toEqual([["update_shard_count", 2]]);
    expectConsistent(a);
    // With kds-over-provisioned disabled, the split is the plan (and the finding).
    const noOver = analyzeSnapshot(snap, parseConfigText(JSON.stringify({ "kds-over-provisioned": "disabled" }), "kg.json"));
    expect(noOver.findings.filter((f) => f.ruleId === "kds-hot-shard").map((f) => f.data?.shardId)).toEqual([eight[7]!.shardId]);
    expect(noOver.shardPlan.map((p) => p.action)).toContain("split");
    expectConsistent(noOver);
  });
});

/** The plan and the findings agree: UpdateShardCount entries are the under/over findings, splits the hot-shard ones, never both kinds per stream. */
function expectConsistent(a: AuditAnalysis): void {
  for (const r of a.streams) {
    const name = String(r.stream.name);
    const plan = a.shardPlan.filter((p) => p.streamName === name);
    const resize = plan.filter((p) => p.action === "update_shard_count");
    const reshard = plan.filter((p) => p.action !== "update_shard_count");
    expect(resize.length === 0 || reshard.length === 0, name).toBe(true);
    expect(resize.map((p) => p.ruleId).sort()).toEqual(r.findings.filter((f) => f.ruleId === "kds-under-provisioned" || f.ruleId === "kds-over-provisioned").map((f) => f.ruleId).sort());
    expect(plan.filter((p) => p.action === "split").map((p) => p.shardId)).toEqual(r.findings.filter((f) => f.ruleId === "kds-hot-shard").map((f) => f.data?.shardId));
  }
}
