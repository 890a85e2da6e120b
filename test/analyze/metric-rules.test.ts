/** Metric rules against hand-computed numbers (see the comments for each expected value). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../../rules/config";
import { metric } from "../../rules/metrics";
import { US_EAST_1 } from "../../rules/pricing";
import { updateShardCountSteps, utilizationPercent } from "../../rules/metric/capacity";
import { splitHashKey, contiguous } from "../../rules/metric/hash-keys";
import { coefficientOfVariation, percentile } from "../../rules/metric/stats";
import { STREAM_METRIC_RULES, DELIVERY_STREAM_METRIC_RULES } from "../../rules/metric";
import { coldMergePairs } from "../../rules/kds-hot-shard/rule";
import type { MetricSeries } from "../../rules/metrics";
import type { ConsumerConfig, DeliveryStreamConfig, StreamConfig } from "../../rules/model";
import {
  GIB, REGION, WINDOW, bytesAt, consumer, deliveryStream, evenShards, failed, lookupOf, noData, repeat, series, stream,
} from "../fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}
function runDelivery(ruleId: string, d: DeliveryStreamConfig, metrics: MetricSeries[]) {
  const rule = DELIVERY_STREAM_METRIC_RULES[ruleId]!;
  return rule(d, { config: resolveRuleConfig(ruleId, undefined), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW });
}
const bytes = (name: string) => metric.streamIncomingBytes(REGION, name);
const records = (name: string) => metric.streamIncomingRecords(REGION, name);

describe("capacity arithmetic", () => {
  it("utilization is the larger of the bytes and records share of shards x 1 MiB/s / 1,000 rec/s", () => {
    // 2 shards for an hour: 7,549,747,200 bytes and 7,200,000 records of capacity.
    // 3,774,873,600 bytes = 50 %; 6,480,000 records = 90 % -> 90 %.
    expect(utilizationPercent({ hour: 0, bytes: 3_774_873_600, records: 6_480_000 }, 2)).toBeCloseTo(90, 10);
    expect(utilizationPercent({ hour: 0, bytes: 3_774_873_600 }, 2)).toBeCloseTo(50, 10);
  });
  it("plans UpdateShardCount in steps of at most double / half", () => {
    expect(updateShardCountSteps(8, 2)).toEqual([4, 2]);
    expect(updateShardCountSteps(10, 1)).toEqual([5, 3, 2, 1]);
    expect(updateShardCountSteps(2, 7)).toEqual([4, 7]);
  });
  it("nearest-rank percentile and population CV", () => {
    expect(percentile([...repeat(20, 10), ...repeat(4, 15)], 95)).toBe(15); // rank ceil(22.8) = 23 -> 15
    expect(percentile([...repeat(23, 5), 30], 95)).toBe(5); // rank 23 -> 5
    expect(coefficientOfVariation([1, 3])).toBeCloseTo(0.5, 12); // mean 2, sd 1
    expect(coefficientOfVariation([1.0, 1.2, 1.0, 1.2])).toBeCloseTo(0.1 / 1.1, 12);
  });
});

describe("hash keys", () => {
  it("splits the full range at 2^127 (the value the AWS docs use for an even split)", () => {
    expect(splitHashKey("0", "340282366920938463463374607431768211455")).toBe("170141183460469231731687303715884105728");
  });
  it("splits the last quarter at 7 x 2^125", () => {
    const last = evenShards(4)[3]!;
    expect(last.startingHashKey).toBe("255211775190703847597530955573826158592"); // 3 x 2^126
    expect(splitHashKey(last.startingHashKey, last.endingHashKey)).toBe("297747071055821155530452781502797185024");
  });
  it("splits a two-key range between the keys and refuses a single key", () => {
    expect(splitHashKey("5", "6")).toBe("6");
    expect(splitHashKey("5", "5")).toBeUndefined();
  });
  it("knows contiguous ranges", () => {
    const [a, b, c] = evenShards(3);
    expect(contiguous(a!, b!)).toBe(true);
    expect(contiguous(a!, c!)).toBe(false);
  });
});

describe("kds-under-provisioned", () => {
  const s = stream("orders", { shardCount: 2 });
  it("flags > 80 % in >= 90 % of hours and sizes for 60 % at peak", () => {
    // 22 of 24 hours at 90 % (91.7 % of hours) -> flagged; peak 90 % x 2 shards / 60 % = 3 shards.
    const f = runStream("kds-under-provisioned", s, [series(bytes("orders"), [...repeat(22, bytesAt(90, 2)), ...repeat(2, bytesAt(50, 2))])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.issue).toBe("Under-Provisioned Shards");
    expect(f[0]!.severity).toBe("high");
    expect(f[0]!.data).toMatchObject({ currentShards: 2, recommendedShards: 3, hotHours: 22, hoursWithData: 24, updateShardCountSteps: [3] });
  });
  it("does not flag 21 of 24 hot hours (87.5 %) with a mean of 76.9 % and no saturated hour", () => {
    // (21 x 85 + 3 x 20) / 24 = 76.875 % <= 80 %; 87.5 % of hours < 90 %; no hour at 100 %.
    expect(runStream("kds-under-provisioned", s, [series(bytes("orders"), [...repeat(21, bytesAt(85, 2)), ...repeat(3, bytesAt(20, 2))])])).toEqual([]);
  });
  it("flags 21 of 24 hours at 90 % on the window mean (85 % > 80 %), the spec's definition", () => {
    // (21 x 90 + 3 x 50) / 24 = 85 %. Before issue 11 this stream (87.5 % of hours hot) got no finding.
    const f = runStream("kds-under-provisioned", s, [series(bytes("orders"), [...repeat(21, bytesAt(90, 2)), ...repeat(3, bytesAt(50, 2))])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ reasons: ["mean"], currentShards: 2, recommendedShards: 3 });
    expect(f[0]!.data!.meanUtilizationPercent).toBeCloseTo(85, 9);
  });
  it("needs 24 hours with data", () => {
    expect(runStream("kds-under-provisioned", s, [series(bytes("orders"), repeat(23, bytesAt(95, 2)))])).toEqual([]);
  });
  it("reads no data as no data, not as zero (and ignores on-demand streams)", () => {
    expect(runStream("kds-under-provisioned", s, [noData(bytes("orders")), noData(records("orders"))])).toEqual([]);
    const od = stream("od", { mode: "ON_DEMAND" });
    expect(runStream("kds-under-provisioned", od, [series(bytes("od"), repeat(48, bytesAt(99, 4)))])).toEqual([]);
  });
});

describe("kds-over-provisioned", () => {
  it("uses p95 of hourly utilization and prices the idle shards", () => {
    const s = stream("clicks", { shardCount: 8 });
    // p95 (rank 23 of 24) = 15 % -> ceil(8 x 15 / 60) = 2 shards; 6 x $0.015 x 730 = $65.70.
    const f = runStream("kds-over-provisioned", s, [series(bytes("clicks"), [...repeat(20, bytesAt(10, 8)), ...repeat(4, bytesAt(15, 8))])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.monthlyImpactUsd).toBe(65.7);
    expect(f[0]!.data).toMatchObject({ currentShards: 8, recommendedShards: 2, updateShardCountSteps: [4, 2] });
    expect(f[0]!.remediation).toContain("2 calls");
  });
  it("does not flag p95 at 20 % or a single shard", () => {
    const s = stream("clicks", { shardCount: 8 });
    expect(runStream("kds-over-provisioned", s, [series(bytes("clicks"), repeat(24, bytesAt(20, 8)))])).toEqual([]);
    const one = stream("tiny", { shardCount: 1 });
    expect(runStream("kds-over-provisioned", one, [series(bytes("tiny"), repeat(24, bytesAt(1, 1)))])).toEqual([]);
  });
});

describe("kds-write-throttling", () => {
  const s = stream("payments");
  const throttled = metric.streamWriteThrottled(REGION, "payments");
  it("flags 200 throttled of 10,000 attempts (2 %)", () => {
    const f = runStream("kds-write-throttling", s, [series(throttled, [200]), series(records("payments"), [4900, 4900])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data!.throttleRatePercent).toBeCloseTo(2, 12);
  });
  it("does not flag 99 of 10,000 (0.99 %) or missing data", () => {
    expect(runStream("kds-write-throttling", s, [series(throttled, [99]), series(records("payments"), [9901])])).toEqual([]);
    expect(runStream("kds-write-throttling", s, [noData(throttled), series(records("payments"), [10])])).toEqual([]);
  });
});

describe("kds-iterator-age and kds-consumer-lag", () => {
  const s = stream("events");
  const age = metric.streamIteratorAgeMax(REGION, "events");
  it("flags a max iterator age above 60,000 ms only", () => {
    expect(runStream("kds-iterator-age", s, [series(age, [60_001])])).toHaveLength(1);
    expect(runStream("kds-iterator-age", s, [series(age, [60_000])])).toEqual([]);
    expect(runStream("kds-iterator-age", s, [failed(age)])).toEqual([]);
  });
  it("flags each lagging consumer once, naming it", () => {
    const consumers = [consumer("events", "fast"), consumer("events", "slow")];
    const f = runStream("kds-consumer-lag", s, [
      series(metric.consumerLagMax(REGION, "events", "fast"), [4_000]),
      series(metric.consumerLagMax(REGION, "events", "slow"), [5_001]),
    ], consumers);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ consumer: "slow", maxLagMs: 5_001 });
    expect(f[0]!.details).toContain("slow");
  });
  it("honours the exemption tag", () => {
    const ex = stream("events", { tags: { "kinesis-guard:exempt": "kds-iterator-age" } });
    expect(runStream("kds-iterator-age", ex, [series(age, [999_999])])).toEqual([]);
  });
});

describe("kds-hot-shard", () => {
  const shards = evenShards(4);
  const s = stream("telemetry", { shards, shardCount: 4, shardLevelMetrics: ["IncomingBytes", "IncomingRecords"] });
  const shardBytes = (i: number, v: number[]) => series(metric.shardIncomingBytes(REGION, "telemetry", shards[i]!.shardId), v);
  it("flags a shard above 2x the mean and splits it at its midpoint", () => {
    // one hour at 10, 10, 10, 70 % of a shard -> mean 25 %, threshold 50 % -> shard 3 (2.8x), peak 70 % > the 50 % floor.
    const f = runStream("kds-hot-shard", s, [shardBytes(0, [bytesAt(10, 1)]), shardBytes(1, [bytesAt(10, 1)]), shardBytes(2, [bytesAt(10, 1)]), shardBytes(3, [bytesAt(70, 1)])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data).toMatchObject({ shardId: shards[3]!.shardId, newStartingHashKey: "297747071055821155530452781502797185024" });
    expect(f[0]!.data!.factor).toBeCloseTo(2.8, 12);
    expect(String(f[0]!.data!.command)).toBe(
      `aws kinesis split-shard --stream-name telemetry --shard-to-split ${shards[3]!.shardId} --new-starting-hash-key 297747071055821155530452781502797185024 --region us-east-1`,
    );
  });
  it("needs shard-level IncomingBytes and provisioned mode", () => {
    const plain = stream("telemetry", { shards, shardCount: 4 });
    expect(runStream("kds-hot-shard", plain, [shardBytes(0, [1]), shardBytes(3, [700])])).toEqual([]);
  });
  it("pairs cold adjacent shards for merging, never a hot one", () => {
    // peak hourly utilization: shard 0 5 %, 1 8 %, 2 5 %, 3 hot.
    const m = [shardBytes(0, [bytesAt(5, 1)]), shardBytes(1, [bytesAt(8, 1)]), shardBytes(2, [bytesAt(5, 1)]), shardBytes(3, [bytesAt(90, 1)])];
    const pairs = coldMergePairs(s, lookupOf(m), resolveRuleConfig("kds-hot-shard", undefined));
    expect(pairs.map((p) => [p.shard.shardId, p.adjacent.shardId])).toEqual([[shards[0]!.shardId, shards[1]!.shardId]]);
    expect(pairs[0]!.command).toContain("merge-shards");
  });
});

describe("kds-on-demand-steady", () => {
  const s = stream("audit-log", { mode: "ON_DEMAND", shardCount: undefined });
  it("flags steady traffic that provisioned would carry cheaper, with the numbers", () => {
    // Hourly bytes alternate 1.0 / 1.2 GiB (mean 1.1, sd 0.1, CV 0.0909); 1,000,000 records/h.
    // Peak need: 1.2 GiB / (1 MiB x 3600) = 0.3413 shards -> / 0.6 -> 1 shard.
    // Provisioned: 1 x 0.015 x 730 = 10.95 + 730e6 PUT units (1,074 and 1,288-byte records: 1 each) x 0.014/1e6 = 10.22 -> 21.17.
    // On-demand: records average 1,073.7 / 1,288.5 bytes, each billed as 2 KiB: 2e6 KiB/h x 730 =
    // 1.46e9 KiB = 1,392.3645 GiB x 0.08 = 111.38916 + 0.04 x 730 = 29.20 -> 140.58916 (no GetRecords
    // data: data-out not included). Saving 140.58916 - 21.17 = 119.41916 -> 119.42.
    const f = runStream("kds-on-demand-steady", s, [
      series(bytes("audit-log"), Array.from({ length: 24 }, (_, i) => (i % 2 ? 1.2 : 1.0) * GIB)),
      series(records("audit-log"), repeat(24, 1_000_000)),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data!.coefficientOfVariation).toBeCloseTo(0.1 / 1.1, 9);
    expect(f[0]!.data!.provisionedShards).toBe(1);
    expect(f[0]!.data!.provisionedMonthlyUsd).toBeCloseTo(21.17, 9);
    expect(f[0]!.data!.onDemandMonthlyUsd).toBeCloseTo(140.58916015625, 9);
    expect(f[0]!.monthlyImpactUsd).toBe(119.42);
    // 1 shard ($10.95) costs less than on-demand's stream charge ($29.20) before any byte: no "break-even at 0 GB".
    expect(f[0]!.details).toContain("provisioned is cheaper at any volume: on-demand's per-stream charge alone is $29.20/month");
    expect(f[0]!.details).toContain("provisioned with 1 shard (730 million PUT payload units);");
    expect(f[0]!.details).not.toMatch(/break-even at 0 GB/);
  });
  it("does not flag bursty traffic (CV 0.5)", () => {
    expect(runStream("kds-on-demand-steady", s, [series(bytes("audit-log"), Array.from({ length: 24 }, (_, i) => (i % 2 ? 1.5 : 0.5) * GIB))])).toEqual([]);
  });
});

describe("kdf-delivery-failures", () => {
  const d = deliveryStream("to-redshift", { destination: "redshift" });
  const sum = metric.firehoseSuccessSum(REGION, "to-redshift", "DeliveryToRedshift");
  const count = metric.firehoseSuccessCount(REGION, "to-redshift", "DeliveryToRedshift");
  it("flags 1 - 970/1000 = 3 %", () => {
    const f = runDelivery("kdf-delivery-failures", d, [series(sum, [970]), series(count, [1000])]);
    expect(f).toHaveLength(1);
    expect(f[0]!.data!.failureRatePercent).toBeCloseTo(3, 10);
    expect(f[0]!.issue).toBe("Firehose Delivery Failures");
  });
  it("does not flag 0.5 % or no data", () => {
    expect(runDelivery("kdf-delivery-failures", d, [series(sum, [995]), series(count, [1000])])).toEqual([]);
    expect(runDelivery("kdf-delivery-failures", d, [noData(sum), noData(count)])).toEqual([]);
  });
});
