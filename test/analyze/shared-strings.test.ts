/**
 * shareStrings (analyze/shared-strings.ts): an organization audit points equal strings of a kept
 * analysis at one string. The analysis must read the same afterwards: every report the same bytes,
 * shared constants (frozen) and class instances (hourly rows) left alone.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import type { AuditAnalysis } from "../../live-checks/analyze/audit-analysis";
import { RowSpill } from "../../live-checks/analyze/row-spill";
import { shareStrings } from "../../live-checks/analyze/shared-strings";
import { defaultConfig } from "../../live-checks/config-file";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { dashboardSnapshot } from "../report/dashboard-fixture";
import { expectSameReports } from "./same-reports";

describe("shareStrings", () => {
  it("the reports of an analysis with its strings shared are the same bytes (also after the row spill)", () => {
    const config = defaultConfig();
    const kept = analyzeSnapshot(dashboardSnapshot(), config);
    const shared = analyzeSnapshot(dashboardSnapshot(), config);
    new RowSpill().spill(shared);
    shareStrings(shared);
    expectSameReports(kept, shared);
  });

  it("leaves frozen objects and class instances as they are, visits Map values and shared subtrees once", () => {
    const frozen = Object.freeze({ name: "orders" });
    const hourly = new HourlyValues([3600, 7200], [1, 2]);
    const child = { arn: "arn:aws:kinesis:us-east-1:111122223333:stream/orders" };
    const lag = new Map([["reader", { consumer: "reader" }]]);
    const a = { frozen, hourly, lag, twice: [child, child], names: ["orders", `${"ord"}ers`] } as unknown as AuditAnalysis;
    expect(() => shareStrings(a)).not.toThrow();
    const after = a as unknown as { frozen: typeof frozen; hourly: HourlyValues; lag: typeof lag; twice: (typeof child)[]; names: string[] };
    expect(after.frozen).toBe(frozen);
    expect(Object.isFrozen(after.frozen)).toBe(true);
    expect(after.hourly).toBeInstanceOf(HourlyValues);
    expect([...after.hourly]).toEqual([[3600, 1], [7200, 2]]);
    expect(after.lag.get("reader")).toEqual({ consumer: "reader" });
    expect(after.twice[0]).toBe(after.twice[1]);
    expect(after.names).toEqual(["orders", "orders"]);
  });
});
