import { describe, expect, it } from "vitest";
import { bucketCells, heatLevelStyles } from "../../live-checks/report/dashboard-model";
import { heatColor } from "../../live-checks/report/format";

const START = 1_700_000_000 - (1_700_000_000 % 3600);

describe("heatmap cells (short markup: color class, tooltip only when hot)", () => {
  // 4 buckets of 2 h: bucket 0 cold (peak 37.5), 1 no data, 2 hot (peak 91.26 over 12), 3 over capacity (130)
  const hourly = new Map<number, number>([
    [START, 12],
    [START + 3600, 37.5],
    [START + 4 * 3600, 12],
    [START + 5 * 3600, 91.26],
    [START + 6 * 3600, 130],
  ]);
  const cells = bucketCells(hourly, START, 4, 2, "s1 shardId-000000000001");

  it("takes each bucket's peak hour, classes it by 5 % step, and never shows missing data as 0", () => {
    expect(cells.map((c) => c.value)).toEqual([37.5, null, 91.3, 130]);
    expect(cells.map((c) => c.label)).toEqual(["38", "", "91", "130"]);
    expect(cells.map((c) => c.css)).toEqual(["u7", "nodata", "u18 hot", "u20 hot"]);
  });

  it("gives a tooltip to hot cells only, naming the shard, the bucket and the exact peak", () => {
    expect(cells[0]!.title).toBe("");
    expect(cells[1]!.title).toBe("");
    expect(cells[2]!.title).toBe(`s1 shardId-000000000001, ${new Date((START + 4 * 3600) * 1000).toISOString().slice(5, 16).replace("T", " ")} UTC +2h: peak 91.3 % of write capacity`);
  });

  it("styles every level class once, green to red", () => {
    const levels = heatLevelStyles();
    expect(levels).toHaveLength(21);
    expect(levels[0]).toEqual({ cls: "u0", color: heatColor(0) });
    expect(levels[20]).toEqual({ cls: "u20", color: heatColor(100) });
    expect(new Set(levels.map((l) => l.color)).size).toBe(21);
  });
});
