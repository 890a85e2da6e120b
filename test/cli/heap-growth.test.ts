/** The report phase of an organization audit caps V8's heap growth unless the user chose their own (cli/heap-growth.ts). */
import { describe, expect, it } from "vitest";
import { capHeapGrowthForReports } from "../../live-checks/cli/heap-growth";

describe("capHeapGrowthForReports", () => {
  it("leaves a user's own --heap-growing-percent (either spelling) alone", () => {
    expect(capHeapGrowthForReports(["--heap-growing-percent=80"])).toBe(false);
    expect(capHeapGrowthForReports(["--heap_growing_percent=80"])).toBe(false);
  });
  it("caps it otherwise", () => {
    expect(capHeapGrowthForReports(["--max-old-space-size=512"])).toBe(true);
  });
});
