/**
 * AnalysisSpill / KeptAccounts (analyze/analysis-spill.ts): an organization-wide audit writes each
 * analyzed account to a temporary file and reads it back for the reports. What comes back must give
 * the same reports, byte for byte, with its hourly maps reading their rows from the file; what
 * cannot be written stays in memory, unchanged.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { AnalysisSpill, KeptAccounts } from "../../live-checks/analyze/analysis-spill";
import type { AuditAnalysis } from "../../live-checks/analyze/audit-analysis";
import { RowSpill } from "../../live-checks/analyze/row-spill";
import { WindowHours } from "../../live-checks/analyze/window-hours";
import { defaultConfig } from "../../live-checks/config-file";
import { HourlyValues } from "../../rules/metric/hourly-values";
import { dashboardSnapshot } from "../report/dashboard-fixture";
import { expectSameReports } from "./same-reports";

const config = defaultConfig();
const fresh = (): AuditAnalysis => analyzeSnapshot(dashboardSnapshot(), config);

describe("AnalysisSpill", () => {
  it("an analysis written and read back gives the same reports; its hourly maps are of their class and read from the file", () => {
    const spill = new AnalysisSpill(new RowSpill());
    const original = fresh();
    expect(original.streams.some((s) => s.shardLoads.length > 0 && (s.hourlyConsumerLagMs?.size ?? 0) > 0)).toBe(true);
    const handle = spill.put(fresh());
    expect(handle).toBeTypeOf("number");
    const back = spill.take(handle!);
    expectSameReports(original, back);
    const s = back.streams.find((x) => x.shardLoads.length > 0)!;
    expect(s.shardLoads[0]!.hourly).toBeInstanceOf(HourlyValues);
    expect((s.shardLoads[0]!.hourly as HourlyValues).movedRow()).toBeDefined();
    expect([...s.shardLoads[0]!.hourly]).toEqual([...original.streams.find((x) => x.stream.name === s.stream.name)!.shardLoads[0]!.hourly]);
    const lag = back.streams.find((x) => (x.hourlyConsumerLagMs?.size ?? 0) > 0)!.hourlyConsumerLagMs!;
    for (const m of lag.values()) expect(m).toBeInstanceOf(WindowHours);
  });

  it("several analyses in one file each come back as themselves, in any order", () => {
    const spill = new AnalysisSpill(new RowSpill());
    const a = fresh();
    const renamed = JSON.parse(JSON.stringify(dashboardSnapshot()).replaceAll('"saturated"', '"saturated-2"')) as ReturnType<typeof dashboardSnapshot>;
    const b = analyzeSnapshot(renamed, config);
    const ha = spill.put(fresh())!;
    const hb = spill.put(analyzeSnapshot(renamed, config))!;
    expectSameReports(b, spill.take(hb));
    expectSameReports(a, spill.take(ha));
  });

  it("what node:v8 cannot write is refused and left as it was (the caller keeps it in memory)", () => {
    const spill = new AnalysisSpill(new RowSpill());
    const original = fresh();
    const odd = { ...fresh(), unserializable: () => 1 } as unknown as AuditAnalysis;
    const maps = odd.streams.map((s) => s.hourlyBytesPerSecond);
    expect(spill.put(odd)).toBeUndefined();
    expect(odd.streams.map((s) => s.hourlyBytesPerSecond)).toEqual(maps);
    odd.streams.forEach((s, i) => expect(s.hourlyBytesPerSecond).toBe(maps[i]));
    const { unserializable, ...rest } = odd as unknown as { unserializable: unknown } & AuditAnalysis;
    void unserializable;
    expectSameReports(original, rest);
  });
});

describe("KeptAccounts", () => {
  const status = (id: string) => ({ id, regions: ["us-east-1"], status: "complete" as const });

  it("gives every account back in the order added, from the file or, without one, from memory", () => {
    for (const rows of [new RowSpill(), undefined]) {
      const kept = new KeptAccounts(rows);
      kept.add(status("222222222222"), fresh());
      kept.add(status("111111111111"), fresh());
      expect(kept.size).toBe(2);
      const all = kept.all();
      expect(all.map((x) => x.account.id)).toEqual(["222222222222", "111111111111"]);
      for (const x of all) expectSameReports(fresh(), x.analysis);
    }
  });
});
