/**
 * Minute peaks on the collector's side, without a server: requests ask CloudWatch for Period 60,
 * the planner counts their 1-minute datapoints, and each page's points are folded into per-hour
 * maxima as they arrive (the 10,080 minutes of a week never stay in our arrays).
 */
import { describe, expect, it } from "vitest";
import type { GetMetricDataCommandInput, GetMetricDataCommandOutput } from "@aws-sdk/client-cloudwatch";
import { buildQueries, fetchMetricCall } from "../../live-checks/collect/metrics";
import { fillReserved, GMD_MAX_DATAPOINTS, GMD_MAX_QUERIES, minimumCalls, planMetricCalls, reservedDatapoints, reservedQueries, type MetricCall } from "../../live-checks/collect/planner";
import { deliveryStreamSlots } from "../../live-checks/collect/region";
import {
  datapointsFor,
  deliveryStreamQueryBound,
  HOURLY,
  MAX_MINUTE_PER_HOUR,
  metric,
  metricNeeds,
  minutePeaksAvailable,
  WINDOW_PERIOD,
  type MetricRequest,
} from "../../rules/metric-requests";
import { DESTINATION_METRIC_PREFIX, type DeliveryStreamConfig, type StreamConfig } from "../../rules/model";
import { TokenBucket } from "../../live-checks/collect/scheduler";

const DAY = 86_400;
const END = 1_700_000_000 - (1_700_000_000 % 3600);
const win = (days: number) => ({ start: END - days * DAY, end: END });
const page = (o: Partial<GetMetricDataCommandOutput>) => ({ $metadata: {}, ...o }) as GetMetricDataCommandOutput;

const stream = (name: string, mode: "PROVISIONED" | "ON_DEMAND"): StreamConfig =>
  ({ kind: "stream", id: { ref: name, displayName: name, type: "stream" }, name, region: "us-east-1", arn: `arn:aws:kinesis:us-east-1:1:stream/${name}`, mode, shardLevelMetrics: [] }) as unknown as StreamConfig;

function reqs(n: number, period: number | typeof WINDOW_PERIOD, tag: string, reduce = false): MetricRequest[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `us-east-1|AWS/Kinesis|${tag}|StreamName=s${String(i).padStart(5, "0")}|Sum|${period}${reduce ? `|${MAX_MINUTE_PER_HOUR}` : ""}`,
    region: "us-east-1",
    namespace: "AWS/Kinesis" as const,
    metricName: tag,
    dimensions: { StreamName: `s${i}` },
    stat: "Sum" as const,
    period,
    ...(reduce ? { reduce: MAX_MINUTE_PER_HOUR } : {}),
  }));
}

function checkLimits(calls: readonly MetricCall[], window: { start: number; end: number }): void {
  for (const c of calls) {
    expect(c.requests.length + reservedQueries(c)).toBeLessThanOrEqual(GMD_MAX_QUERIES);
    expect(c.datapoints).toBeLessThanOrEqual(GMD_MAX_DATAPOINTS);
    expect(c.datapoints).toBe(c.requests.reduce((n, r) => n + datapointsFor(r, window), 0) + reservedDatapoints(c));
  }
}

describe("minute-peak requests", () => {
  it("are asked for provisioned streams only, and only when the caller wants them", () => {
    const subjects = { streams: [stream("p", "PROVISIONED"), stream("od", "ON_DEMAND")], consumers: [], deliveryStreams: [] };
    const ids = (o?: { minutePeaks: boolean }) => metricNeeds(subjects, o).filter((r) => r.reduce === MAX_MINUTE_PER_HOUR).map((r) => r.id);
    expect(ids({ minutePeaks: true })).toEqual([metric.streamIncomingBytesPeakMinute("us-east-1", "p").id, metric.streamIncomingRecordsPeakMinute("us-east-1", "p").id]);
    expect(ids()).toEqual([]); // optional data: older snapshots without them are not "missing data"
  });

  it("count 1,440 datapoints per day (10,080 for 7 days) and are sent at Period 60, Sum", () => {
    const r = metric.streamIncomingBytesPeakMinute("us-east-1", "p");
    expect(r.period).toBe(HOURLY); // the series the rules read is hourly
    expect(datapointsFor(r, win(7))).toBe(10_080);
    expect(datapointsFor(r, win(14))).toBe(20_160);
    const [call] = planMetricCalls([r, metric.streamIncomingBytes("us-east-1", "p")], win(7));
    const q = buildQueries(call!, win(7));
    expect(q.map((x) => [x.MetricStat!.Metric!.MetricName, x.MetricStat!.Period, x.MetricStat!.Stat])).toEqual([
      ["IncomingBytes", 3600, "Sum"],
      ["IncomingBytes", 60, "Sum"],
    ]);
    expect(call!.datapoints).toBe(10_080 + 168);
  });

  it("fit CloudWatch's 15-day retention of 1-minute data up to 14-day windows, and are not asked past that", () => {
    expect(minutePeaksAvailable(7)).toBe(true);
    expect(minutePeaksAvailable(14)).toBe(true);
    // A 15-day window starts up to an hour more than 15 days before the collection (its end is floored to the hour).
    expect(minutePeaksAvailable(15)).toBe(false);
    expect(minutePeaksAvailable(30)).toBe(false);
  });

  it("fit the room the collector keeps per delivery stream, whatever its kind (hourly series and window-long values)", () => {
    // Every kind of delivery stream the adapter produces: each destination or none, each source, with
    // and without buffering. Its requests must fit the slots reserved for one delivery stream.
    const kinds: DeliveryStreamConfig[] = [];
    for (const destination of [...Object.keys(DESTINATION_METRIC_PREFIX), undefined]) {
      for (const source of [{ type: "DirectPut" }, { type: "KinesisStreamAsSource", streamArn: "arn:aws:kinesis:us-east-1:1:stream/s" }]) {
        for (const buffering of [{ sizeMb: 1, intervalSeconds: 60 }, undefined]) {
          kinds.push({ kind: "deliveryStream", id: { ref: "d", displayName: "d", type: "x" }, name: `d-${kinds.length}`, region: "us-east-1", destination, source, buffering } as unknown as DeliveryStreamConfig);
        }
      }
    }
    let largest = 0;
    for (const days of [1, 7, 14, 20]) {
      const w = win(days);
      for (const d of kinds) {
        const needs = metricNeeds({ streams: [], consumers: [], deliveryStreams: [d] });
        largest = Math.max(largest, needs.length);
        const [call] = planMetricCalls([], w, { "us-east-1": deliveryStreamSlots(1, w) });
        const filled = fillReserved([call!], needs, w);
        // All of them in the one call planned for it, none left for a call of its own.
        expect(filled).toHaveLength(1);
        expect(filled[0]!.requests.map((r) => r.id).sort()).toEqual(needs.map((r) => r.id).sort());
        expect(filled[0]!.datapoints).toBeLessThanOrEqual(call!.datapoints);
      }
    }
    // Hourly series are part of it (records, and bytes where buffering hints flush), not only 1-datapoint values.
    expect(deliveryStreamQueryBound().some(({ shape }) => datapointsFor(shape, win(7)) === 168)).toBe(true);
    expect(deliveryStreamQueryBound().reduce((n, b) => n + b.count, 0)).toBe(largest);
  });
});

describe("planner with minute queries", () => {
  it("reaches the exact minimum on mixes of minute, hourly and window-long queries", () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 80; i++) {
      const days = [1, 2, 3, 5, 7, 10, 14][rnd(7)]!;
      const w = win(days);
      const all = [...reqs(rnd(i % 2 ? 40 : 600), HOURLY, "m", true), ...reqs(rnd(i % 3 ? 800 : 5000), HOURLY, "h"), ...reqs(rnd(i % 5 ? 900 : 3000), WINDOW_PERIOD, "w")];
      const calls = planMetricCalls(all, w);
      checkLimits(calls, w);
      expect(calls.reduce((n, c) => n + c.requests.length, 0)).toBe(all.length);
      expect(calls).toHaveLength(minimumCalls(all, w));
    }
  });

  it("counts a call more than the datapoints alone when the query count binds around full minute calls", () => {
    // 216 minute queries (10,080 each) fill 21.6 calls; 22 calls would need 18 of them full and the
    // 4 others holding 9 minute queries and 491 other queries each: 1,964 < 48 + 2,336. So 23.
    const w = win(7);
    const all = [...reqs(216, HOURLY, "m", true), ...reqs(48, HOURLY, "h"), ...reqs(2336, WINDOW_PERIOD, "w")];
    const points = 216 * 10_080 + 48 * 168 + 2336;
    expect(Math.ceil(points / GMD_MAX_DATAPOINTS)).toBe(22);
    expect(minimumCalls(all, w)).toBe(23);
    const calls = planMetricCalls(all, w);
    checkLimits(calls, w);
    expect(calls).toHaveLength(23);
  });

  it("keeps reserved slots (hourly and 1-datapoint) in few calls and fills them later without adding calls", () => {
    const w = win(7);
    const known = [...reqs(300, HOURLY, "m", true), ...reqs(1200, HOURLY, "h"), ...reqs(700, WINDOW_PERIOD, "w")];
    // 150 delivery streams: 2 hourly series and 3 window-long values each.
    const late = [...reqs(2 * 150, HOURLY, "dsh"), ...reqs(3 * 150, WINDOW_PERIOD, "ds")];
    const calls = planMetricCalls(known, w, { "us-east-1": [{ datapoints: 168, count: 300 }, { datapoints: 1, count: 450 }] });
    checkLimits(calls, w);
    const waiting = calls.filter((c) => c.reserved);
    expect(waiting.reduce((n, c) => n + reservedQueries(c), 0)).toBe(late.length);
    expect(waiting.reduce((n, c) => n + reservedDatapoints(c), 0)).toBe(300 * 168 + 450);
    // Most calls can go before the late requests are known.
    expect(waiting.length).toBeLessThan(calls.length / 4);
    const filled = fillReserved(waiting, late, w);
    checkLimits(filled, w);
    expect(filled).toHaveLength(waiting.length);
    expect(calls.length).toBe(minimumCalls([...known, ...late], w));
    const sent = [...calls.filter((c) => !c.reserved), ...filled].flatMap((c) => c.requests.map((r) => r.id));
    expect(sent.sort()).toEqual([...known, ...late].map((r) => r.id).sort());
  });

  it("plans what does not fit the reserved slots into calls of its own", () => {
    const w = win(7);
    const calls = planMetricCalls(reqs(5, HOURLY, "h"), w, { "us-east-1": [{ datapoints: 1, count: 2 }] });
    expect(calls).toHaveLength(1);
    const filled = fillReserved(calls, [...reqs(3, WINDOW_PERIOD, "ds"), ...reqs(1, HOURLY, "late-hourly")], w);
    checkLimits(filled, w);
    expect(filled.flatMap((c) => c.requests).length).toBe(5 + 4);
    expect(filled.every((c) => !c.reserved)).toBe(true);
    // Fewer late requests than slots: the call shrinks, a call left empty is dropped.
    const onlyReserved = planMetricCalls([], w, { "us-east-1": [{ datapoints: 168, count: 1 }, { datapoints: 1, count: 3 }] });
    expect(fillReserved(onlyReserved, [], w)).toEqual([]);
  });

  it("puts an hourly request in an hourly slot, and a 1-datapoint request in any slot left", () => {
    const w = win(7);
    const [call] = planMetricCalls(reqs(3, HOURLY, "h"), w, { "us-east-1": [{ datapoints: 168, count: 2 }, { datapoints: 1, count: 1 }] });
    expect(call!.reserved).toEqual([{ datapoints: 168, count: 2 }, { datapoints: 1, count: 1 }]);
    const filled = fillReserved([call!], [...reqs(1, HOURLY, "late-h"), ...reqs(2, WINDOW_PERIOD, "late-w")], w);
    expect(filled).toHaveLength(1);
    expect(filled[0]!.datapoints).toBe(4 * 168 + 2);
  });

  it("with fewer late requests than slots, never needs more calls than planned, nor fewer than the minimum", () => {
    let seed = 5;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 30; i++) {
      const w = win([1, 7, 14][rnd(3)]!);
      const known = [...reqs(rnd(300), HOURLY, "m", true), ...reqs(rnd(3000), HOURLY, "h"), ...reqs(rnd(2000), WINDOW_PERIOD, "w")];
      const ds = 1 + rnd(400);
      const slots = deliveryStreamSlots(ds, w);
      const calls = planMetricCalls(known, w, { "us-east-1": slots });
      checkLimits(calls, w);
      // Some delivery streams need less than the most (no destination, no buffering) or were not described.
      const hourly = reqs(ds + rnd(ds), HOURLY, "dsh");
      const single = reqs(rnd(3 * ds), WINDOW_PERIOD, "dsw");
      const filled = fillReserved(calls.filter((c) => c.reserved), [...hourly, ...single], w);
      checkLimits(filled, w);
      const total = calls.filter((c) => !c.reserved).length + filled.length;
      expect(total).toBeLessThanOrEqual(calls.length);
      expect(total).toBeGreaterThanOrEqual(minimumCalls([...known, ...hourly, ...single], w));
      expect(calls.length).toBe(minimumCalls(known, w, { "us-east-1": slots }));
    }
  });
});

describe("fetchMetricCall: minute points reduced to per-hour maxima as pages arrive", () => {
  const w = { start: END - 3 * 3600, end: END };
  const minuteReq = metric.streamIncomingBytesPeakMinute("us-east-1", "p");
  const hourlyReq = metric.streamIncomingBytes("us-east-1", "p");
  const call: MetricCall = { region: "us-east-1", requests: [hourlyReq, minuteReq].sort((a, b) => (a.id < b.id ? -1 : 1)), datapoints: 0 };
  const minuteIndex = call.requests.indexOf(minuteReq);
  const hourlyIndex = call.requests.indexOf(hourlyReq);
  /** Minute m of the window (0..179): value m % 60 + 1, except a burst at minute 61. */
  const minuteValue = (m: number) => (m === 61 ? 1000 : (m % 60) + 1);

  it("keeps one value per hour, the busiest minute, across page boundaries that split an hour", async () => {
    const inputs: GetMetricDataCommandInput[] = [];
    const cuts = [0, 45, 100, 180]; // pages end mid-hour
    let p = 0;
    const series = await fetchMetricCall(call, w, async (input) => {
      inputs.push(input);
      const from = cuts[p]!;
      const to = cuts[p + 1]!;
      p++;
      const minutes = Array.from({ length: to - from }, (_, i) => from + i);
      return page({
        MetricDataResults: [
          { Id: `q${minuteIndex}`, Timestamps: minutes.map((m) => new Date((w.start + m * 60) * 1000)), Values: minutes.map(minuteValue) },
          ...(p === 1 ? [{ Id: `q${hourlyIndex}`, Timestamps: [0, 1, 2].map((h) => new Date((w.start + h * 3600) * 1000)), Values: [1830, 2830, 1830] }] : []),
        ],
        ...(p < cuts.length - 1 ? { NextToken: `t${p}` } : {}),
      });
    });
    expect(inputs).toHaveLength(3);
    expect(inputs.map((i) => i.MetricDataQueries![minuteIndex]!.MetricStat!.Period)).toEqual([60, 60, 60]);
    const peaks = series[minuteIndex]!;
    expect(peaks).toMatchObject({ id: minuteReq.id, period: HOURLY, reduce: MAX_MINUTE_PER_HOUR, status: "ok" });
    expect(peaks.timestamps).toEqual([w.start, w.start + 3600, w.start + 7200]);
    expect(peaks.values).toEqual([60, 1000, 60]);
    // The hourly series of the same stream is untouched, and shares the reduced series' hours.
    expect(series[hourlyIndex]!.values).toEqual([1830, 2830, 1830]);
    expect(series[hourlyIndex]!.timestamps).toBe(peaks.timestamps);
  });

  it("places minutes that arrive out of order (a server ignoring ScanBy) in their hour", async () => {
    const minutes = [150, 3, 61, 100, 0, 179, 59];
    const series = await fetchMetricCall(call, w, async () =>
      page({ MetricDataResults: [{ Id: `q${minuteIndex}`, Timestamps: minutes.map((m) => new Date((w.start + m * 60) * 1000)), Values: minutes.map(minuteValue) }] }),
    );
    expect(series[minuteIndex]!.timestamps).toEqual([w.start, w.start + 3600, w.start + 7200]);
    expect(series[minuteIndex]!.values).toEqual([60, 1000, 60]);
  });

  it("reads no minute datapoint as no data, never a zero peak", async () => {
    const series = await fetchMetricCall(call, w, async () => page({ MetricDataResults: [{ Id: `q${minuteIndex}`, Timestamps: [], Values: [] }] }));
    expect(series[minuteIndex]).toMatchObject({ status: "no-data", timestamps: [], values: [] });
  });
});

describe("pacing by datapoints", () => {
  it("reserves a call's datapoints, not one token, against a datapoints-per-second bucket", () => {
    // 356,400 datapoints a second (90 % of 396,000), half a second's worth at once.
    const b = new TokenBucket(356_400, 178_200);
    expect(b.reserve(0, 100_800)).toBe(0);
    expect(b.reserve(0, 100_800)).toBe(0); // within the burst
    const wait = b.reserve(0, 100_800);
    // The third call waits until the first two calls' datapoints, less the burst, have drained.
    expect(wait).toBeCloseTo(((2 * 100_800 - 178_199) / 356_400) * 1000, 0);
  });
});

