import { describe, expect, it } from "vitest";
import { datapointsFor, deliveryStreamQueryBound, HOURLY, metricNeeds, WINDOW_PERIOD, type MetricRequest } from "../../rules/metric-requests";
import { consumer, deliveryStream, stream } from "../fixtures/analysis/builders";
import { GMD_MAX_DATAPOINTS, GMD_MAX_QUERIES, minimumCalls, planMetricCalls } from "../../live-checks/collect/planner";
import { buildQueries } from "../../live-checks/collect/metrics";

const DAY = 86_400;
const win = (days: number) => ({ start: 1_700_000_000 - (1_700_000_000 % 3600) - days * DAY, end: 1_700_000_000 - (1_700_000_000 % 3600) });

function reqs(n: number, period: number | typeof WINDOW_PERIOD, region = "us-east-1", tag = "m"): MetricRequest[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${region}|AWS/Kinesis|${tag}|StreamName=s${String(i).padStart(5, "0")}|Sum|${period}`,
    region,
    namespace: "AWS/Kinesis" as const,
    metricName: tag,
    dimensions: { StreamName: `s${i}` },
    stat: "Sum" as const,
    period,
  }));
}

function checkLimits(calls: ReturnType<typeof planMetricCalls>): void {
  for (const c of calls) {
    expect(c.requests.length).toBeLessThanOrEqual(GMD_MAX_QUERIES);
    expect(c.datapoints).toBeLessThanOrEqual(GMD_MAX_DATAPOINTS);
  }
}

describe("GetMetricData planner", () => {
  it("packs 7-day hourly + window queries by the 500-query limit (datapoints never bind at 168 per series)", () => {
    const w = win(7);
    const all = [...reqs(700, HOURLY), ...reqs(401, WINDOW_PERIOD, "us-east-1", "w")];
    const calls = planMetricCalls(all, w);
    checkLimits(calls);
    expect(calls).toHaveLength(3); // ceil(1101 / 500)
    expect(minimumCalls(all, w)).toBe(3);
    expect(calls.reduce((n, c) => n + c.requests.length, 0)).toBe(1101);
  });

  it("respects the 100,800-datapoint limit on long windows and reaches the exact minimum", () => {
    // 30 days hourly = 720 datapoints: at most 140 series per call.
    const w = win(30);
    const all = reqs(300, HOURLY);
    const calls = planMetricCalls(all, w);
    checkLimits(calls);
    expect(calls).toHaveLength(3); // ceil(300 / 140)
    expect(minimumCalls(all, w)).toBe(3);
  });

  it("matches the exact minimum on many generated fleets, and one call fewer provably cannot hold them", () => {
    const room = (a: number, h: number) => Math.max(0, Math.min(GMD_MAX_QUERIES - a, GMD_MAX_DATAPOINTS - a * h));
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let checkedThree = 0;
    for (let i = 0; i < 60; i++) {
      const days = 1 + rnd(40);
      const h = 24 * days;
      const big = rnd(1100);
      const small = rnd(700);
      const w = win(days);
      const all = [...reqs(big, HOURLY), ...reqs(small, WINDOW_PERIOD, "us-east-1", "w")];
      const calls = planMetricCalls(all, w);
      checkLimits(calls);
      expect(calls.reduce((n, c) => n + c.requests.length, 0)).toBe(big + small);
      const min = minimumCalls(all, w);
      expect(calls).toHaveLength(min);
      if (min === 3) {
        // Exhaustive: no split of the hourly series over two calls leaves room for the rest.
        const cap = Math.min(GMD_MAX_QUERIES, Math.floor(GMD_MAX_DATAPOINTS / h));
        let fits = false;
        for (let a = 0; a <= big; a++) {
          const b = big - a;
          if (a <= cap && b <= cap && room(a, h) + room(b, h) >= small) fits = true;
        }
        expect(fits).toBe(false);
        checkedThree++;
      }
    }
    expect(checkedThree).toBeGreaterThan(0);
  });

  it("never mixes regions in one call and counts the minimum per region", () => {
    const w = win(7);
    const all = [...reqs(10, HOURLY, "us-east-1"), ...reqs(10, HOURLY, "eu-west-1")];
    const calls = planMetricCalls(all, w);
    expect(calls).toHaveLength(2);
    for (const c of calls) expect(new Set(c.requests.map((r) => r.region)).size).toBe(1);
    expect(minimumCalls(all, w)).toBe(2);
  });

  it("fetches a series asked twice only once, and plans deterministically", () => {
    const w = win(7);
    const a = reqs(3, HOURLY);
    const calls1 = planMetricCalls([...a, ...a], w);
    const calls2 = planMetricCalls([...a].reverse(), w);
    expect(calls1[0]!.requests).toHaveLength(3);
    expect(calls1).toEqual(calls2);
  });

  it("plans nothing for no requests", () => {
    expect(planMetricCalls([], win(7))).toEqual([]);
    expect(minimumCalls([], win(7))).toBe(0);
  });

  it("builds queries with ids CloudWatch accepts and the right periods", () => {
    const w = win(7);
    const [call] = planMetricCalls([...reqs(2, HOURLY), ...reqs(1, WINDOW_PERIOD, "us-east-1", "w")], w);
    const q = buildQueries(call!, w);
    for (const x of q) expect(x.Id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    expect(new Set(q.map((x) => x.Id)).size).toBe(3);
    const periods = q.map((x) => x.MetricStat!.Period).sort((a, b) => a! - b!);
    expect(periods).toEqual([3600, 3600, 7 * DAY]);
  });
});

describe("the trend series (issue 15): lag and delivery per hour, within the request budget", () => {
  const s = stream("orders", { shardCount: 2 });
  const needs = metricNeeds({ streams: [s], consumers: [consumer("orders", "reader")], deliveryStreams: [deliveryStream("orders-to-s3")] });
  const find = (metricName: string, stat: string) => needs.filter((r) => r.metricName === metricName && r.stat === stat);

  it("asks for iterator age, fan-out lag, Success and DataFreshness per hour, each once (the window's values come from the hours)", () => {
    for (const [m, stat] of [
      ["GetRecords.IteratorAgeMilliseconds", "Maximum"],
      ["SubscribeToShardEvent.MillisBehindLatest", "Maximum"],
      ["DeliveryToS3.Success", "Sum"],
      ["DeliveryToS3.Success", "SampleCount"],
      ["DeliveryToS3.DataFreshness", "Maximum"],
    ] as const) {
      expect(find(m, stat).map((r) => r.period), `${m} ${stat}`).toEqual([HOURLY]);
    }
    // an average of hourly averages is not the window's: the lag average stays one window-long value
    expect(find("SubscribeToShardEvent.MillisBehindLatest", "Average").map((r) => r.period)).toEqual([WINDOW_PERIOD]);
  });

  it("keeps room in the streams' calls for every hourly delivery stream series, DataFreshness included", () => {
    const bound = deliveryStreamQueryBound();
    const w = win(7);
    const hourly = bound.filter(({ shape }) => datapointsFor(shape, w) === 168).reduce((n, b) => n + b.count, 0);
    const windowLong = bound.filter(({ shape }) => datapointsFor(shape, w) === 1).reduce((n, b) => n + b.count, 0);
    // records and bytes per hour, Success Sum and SampleCount, DataFreshness; bytes over the window
    expect([hourly, windowLong]).toEqual([5, 1]);
  });

  it("packs a 1,000-stream fleet's series into the minimum of calls: as few as before the trend series", () => {
    const w = win(7);
    const fleet = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    const all = metricNeeds({
      streams: fleet.map((n) => stream(n, { shardCount: 10 })),
      consumers: fleet.map((n) => consumer(n, `${n}-c`)),
      deliveryStreams: fleet.map((n) => deliveryStream(`${n}-to-s3`)),
    });
    const calls = planMetricCalls(all, w);
    checkLimits(calls);
    expect(calls).toHaveLength(minimumCalls(all, w));
    // 12 series per stream + consumer + delivery stream (11 before, DataFreshness is new), all of at
    // most 168 datapoints: the 500-query limit binds, as it did with the window-long values:
    // ceil(12,000 / 500) = 24 calls (22 before). Hourly series beside the window-long ones (instead
    // of in their place) would be 16 per trio: 32 calls.
    expect(all).toHaveLength(12_000);
    expect(calls).toHaveLength(24);
  });
});

