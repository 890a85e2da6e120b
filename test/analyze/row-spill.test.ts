/**
 * RowSpill (analyze/row-spill.ts): an organization-wide audit moves each account's hourly rows to a
 * temporary file once analyzed; every map reads the same afterwards and the reports are the same
 * bytes.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { RowSpill } from "../../live-checks/analyze/row-spill";
import { defaultConfig } from "../../live-checks/config-file";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { dashboardSnapshot } from "../report/dashboard-fixture";
import { expectSameReports } from "./same-reports";

const H = 3600;
const T0 = 1_794_834_000;

describe("RowSpill", () => {
  it("a moved row reads the same: get, has, entries, size, maxOver", () => {
    const hv = new HourlyValues([T0 + 5 * H, T0, T0 + 2 * H], [55.5, 0, 20]);
    const before = { entries: [...hv], size: hv.size, max: hv.maxOver(T0, 6), part: hv.maxOver(T0 + H, 2) };
    hv.moveRowTo(new RowSpill());
    expect({ entries: [...hv], size: hv.size, max: hv.maxOver(T0, 6), part: hv.maxOver(T0 + H, 2) }).toEqual(before);
    expect(hv.get(T0 + 5 * H)).toBe(55.5);
    expect(hv.has(T0 + H)).toBe(false);
  });

  it("many rows (more than it caches) come back each with its own values", () => {
    const spill = new RowSpill();
    const rows = Array.from({ length: 200 }, (_, i) => new HourlyValues([T0, T0 + H], [i, i / 3]));
    for (const r of rows) r.moveRowTo(spill);
    rows.forEach((r, i) => expect([...r]).toEqual([[T0, i], [T0 + H, i / 3]]));
  });

  it("the reports of a spilled analysis are the same bytes", () => {
    const config = defaultConfig();
    const kept = analyzeSnapshot(dashboardSnapshot(), config);
    const spilled = analyzeSnapshot(dashboardSnapshot(), config);
    new RowSpill().spill(spilled);
    expect(spilled.streams.some((s) => s.shardLoads.length > 0)).toBe(true);
    expectSameReports(kept, spilled);
  });
});
