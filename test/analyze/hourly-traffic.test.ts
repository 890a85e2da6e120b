/**
 * The merged hourly traffic of an IncomingBytes and an IncomingRecords series (rules/metric/capacity.ts):
 * the linear merge the analysis uses must give exactly what the map-based definition gives, for
 * series in time order (what the collector stores) and for anything else a snapshot file may hold.
 */
import { describe, expect, it } from "vitest";
import { byTimestamp } from "../../rules/metric/series";
import { hourlyTraffic, mergeHourly, seriesHourlyTraffic, streamHourlyTraffic } from "../../rules/metric/capacity";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { metric, type MetricSeries } from "../../rules/metric-requests";
import type { StreamConfig } from "../../rules/model";
import type { MetricLookup } from "../../rules/metric/types";
import { hashString, uniform } from "../../simulator/prng";

const H = 3600;
const T0 = 1_794_834_000;

/** The simulator's deterministic randomness as a stream, so a failure names a reproducible case. */
function prng(seed: string): () => number {
  const key = hashString(seed);
  let i = 0;
  return () => uniform(key, i++);
}

function series(name: "IncomingBytes" | "IncomingRecords", timestamps: number[], values: number[], status: MetricSeries["status"] = "ok"): MetricSeries {
  const req = name === "IncomingBytes" ? metric.streamIncomingBytes("us-east-1", "s") : metric.streamIncomingRecords("us-east-1", "s");
  return { ...req, status, timestamps, values };
}

function randomSeries(rand: () => number, name: "IncomingBytes" | "IncomingRecords"): MetricSeries | undefined {
  const kind = rand();
  if (kind < 0.1) return undefined;
  const hours = Array.from({ length: 48 }, (_, i) => T0 + i * H).filter(() => rand() < 0.7);
  let ts = hours;
  if (kind < 0.25) ts = [...hours].sort(() => rand() - 0.5); // out of order
  else if (kind < 0.35 && hours.length > 1) ts = [...hours, hours[0]!]; // a duplicate hour
  const values = ts.map(() => Math.round(rand() * 1e9) / 7);
  if (kind > 0.9) values.pop(); // a timestamp without a value
  const status = kind > 0.95 ? "no-data" : "ok";
  return series(name, ts, values, status);
}

describe("mergeHourly / seriesHourlyTraffic", () => {
  it("equals the map-based definition on 500 random pairs (ordered, shuffled, duplicated, short, missing, no-data)", () => {
    const rand = prng("hourly-traffic");
    for (let c = 0; c < 500; c++) {
      const bytes = randomSeries(rand, "IncomingBytes");
      const records = randomSeries(rand, "IncomingRecords");
      const expected = hourlyTraffic(byTimestamp(bytes), byTimestamp(records));
      expect(seriesHourlyTraffic(bytes, records), `case ${c}`).toEqual(expected);
    }
  });

  it("merges two ordered series hour by hour, NaN where one side has no datapoint", () => {
    const m = mergeHourly(series("IncomingBytes", [T0, T0 + 2 * H], [10, 30]), series("IncomingRecords", [T0 + H, T0 + 2 * H], [2, 3]));
    expect([...m.hours]).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect([...m.bytes]).toEqual([10, NaN, 30]);
    expect([...m.records]).toEqual([NaN, 2, 3]);
    expect(seriesHourlyTraffic(series("IncomingBytes", [T0], [0]), undefined)).toEqual([{ hour: T0, bytes: 0 }]);
  });

  it("has no hours for missing, no-data and error series (never zeros)", () => {
    expect(mergeHourly(undefined, undefined).hours.length).toBe(0);
    expect(seriesHourlyTraffic(series("IncomingBytes", [T0], [5], "no-data"), series("IncomingRecords", [T0], [5], "error"))).toEqual([]);
  });
});

describe("streamHourlyTraffic", () => {
  const stream = { id: { ref: "r", displayName: "s", type: "aws:kinesis/stream:Stream" }, kind: "stream", name: "s", region: "us-east-1" } as unknown as StreamConfig;
  const bytes = series("IncomingBytes", [T0, T0 + H], [1, 2]);
  const lookupOf = (): MetricLookup => ({ get: (req) => (req.id === bytes.id ? bytes : undefined) });

  it("is computed once per lookup and stream (the rules, plans and dashboard share it)", () => {
    const lookup = lookupOf();
    const first = streamHourlyTraffic(stream, lookup);
    expect(first).toEqual([{ hour: T0, bytes: 1 }, { hour: T0 + H, bytes: 2 }]);
    expect(streamHourlyTraffic(stream, lookup)).toBe(first);
    expect(streamHourlyTraffic(stream, lookupOf())).not.toBe(first); // another snapshot: recomputed
  });
});

describe("HourlyValues.maxOver", () => {
  const hv = new HourlyValues([T0, T0 + H, T0 + 3 * H], [5, 70, 20]);
  it("is the highest value with data in the range, NaN when none has data", () => {
    expect(hv.maxOver(T0, 2)).toBe(70);
    expect(hv.maxOver(T0 + 2 * H, 2)).toBe(20);
    expect(hv.maxOver(T0 - 5 * H, 6)).toBe(5);
    expect(hv.maxOver(T0 + 4 * H, 3)).toBeNaN();
    expect(hv.maxOver(T0 + 2 * H, 1)).toBeNaN();
    expect(hv.maxOver(T0 + 1800, 2)).toBeNaN(); // not on an hour of this series
  });
});
