/** Shared by the tests of what an organization audit does to a kept analysis (row spill, analysis spill, shared strings). */
import { expect } from "vitest";
import type { AuditAnalysis } from "../../live-checks/analyze/audit-analysis";
import { renderReports } from "../../live-checks/report/write-reports";

/** Every report of `actual` (files and console summary) is byte for byte the one of `expected`. */
export function expectSameReports(expected: AuditAnalysis, actual: AuditAnalysis): void {
  const x = renderReports(expected, { outDir: "out" });
  const y = renderReports(actual, { outDir: "out" });
  expect([...y.files.keys()]).toEqual([...x.files.keys()]);
  for (const [rel, content] of x.files) expect(y.files.get(rel), rel).toBe(content);
  expect(y.console).toBe(x.console);
}
