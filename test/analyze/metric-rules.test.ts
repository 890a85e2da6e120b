/** Metric rules against hand-computed numbers (see the comments for each expected value). */
import { describe, expect, it } from "vitest";
import { resolveRuleConfig } from "../../rules/config";
import { metric } from "../../rules/metric-requests";
import { US_EAST_1 } from "../../rules/pricing";
import { updateShardCountSteps, utilizationPercent } from "../../rules/metric/capacity";
import { splitHashKey, contiguous } from "../../rules/metric/hash-keys";
import { coefficientOfVariation, percentile } from "../../rules/metric/stats";
import { STREAM_METRIC_RULES } from "../../rules/metric";
import type { MetricSeries } from "../../rules/metric-requests";
import type { ConsumerConfig, StreamConfig } from "../../rules/model";
import { REGION, WINDOW, consumer, evenShards, failed, lookupOf, repeat, series, stream } from "../fixtures/analysis/builders";

function runStream(ruleId: string, s: StreamConfig, metrics: MetricSeries[], consumers: ConsumerConfig[] = [], cfg?: object) {
  const rule = STREAM_METRIC_RULES[ruleId]!;
  return rule(s, { config: resolveRuleConfig(ruleId, cfg), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}

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
