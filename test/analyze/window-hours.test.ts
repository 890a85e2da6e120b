import { describe, expect, it } from "vitest";
import { HOURLY, type MetricSeries } from "../../rules/metric-requests";
import { WindowHoursTable } from "../../live-checks/analyze/window-hours";

const T0 = 1_794_834_000;
const window = { start: T0, end: T0 + 168 * HOURLY };

function series(values: number[]): MetricSeries {
  return {
    id: "m0",
    region: "us-east-1",
    namespace: "AWS/Kinesis",
    metricName: "GetRecords.IteratorAgeMilliseconds",
    dimensions: { StreamName: "s" },
    stat: "Maximum",
    period: HOURLY,
    timestamps: values.map((_, i) => T0 + i * HOURLY),
    values,
    status: "ok",
  };
}

describe("WindowHoursTable (trend rows in shared buffers)", () => {
  it("hands out more rows than its size hint, each row its own values", () => {
    const table = new WindowHoursTable(window, 2);
    const rows = Array.from({ length: 5 }, (_, i) => table.hourly(series([i, i + 10, i + 20]))!);
    rows.forEach((r, i) => expect([...r]).toEqual([[T0, i], [T0 + HOURLY, i + 10], [T0 + 2 * HOURLY, i + 20]]));
    const ratio = table.ratio(series([1, 2]), series([4, 4]))!;
    expect([...ratio]).toEqual([[T0, 25], [T0 + HOURLY, 50]]);
    rows.forEach((r, i) => expect(r.get(T0)).toBe(i));
  });

  it("a row given back (no datapoint in the window) leaves the next row clean", () => {
    const table = new WindowHoursTable(window, 1);
    const outside = { ...series([5]), timestamps: [T0 - 10 * HOURLY] };
    expect(table.hourly(outside)).toBeUndefined();
    const r = table.hourly(series([7]))!;
    expect([...r]).toEqual([[T0, 7]]);
  });
});
