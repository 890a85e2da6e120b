import { describe, expect, it } from "vitest";
import { mapInFlight } from "../../live-checks/collect/in-flight";

describe("mapInFlight (GetMetricData calls in flight)", () => {
  it("never runs more than the limit at once, starts the next as one ends, keeps input order", async () => {
    let active = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const run = mapInFlight([10, 11, 12, 13, 14, 15, 16, 17, 18, 19], 4, async (x, i) => {
      active++;
      most = Math.max(most, active);
      await new Promise<void>((r) => release.push(r));
      active--;
      return `${i}:${x * 2}`;
    });
    // Drain: release the oldest waiting call until all ten have run.
    for (let done = 0; done < 10; done++) {
      while (release.length === 0) await Promise.resolve();
      expect(active).toBeLessThanOrEqual(4);
      release.shift()!();
      await Promise.resolve();
    }
    expect(await run).toEqual(["0:20", "1:22", "2:24", "3:26", "4:28", "5:30", "6:32", "7:34", "8:36", "9:38"]);
    expect(most).toBe(4);
  });

  it("handles fewer items than the limit and none at all; refuses a limit below 1", async () => {
    expect(await mapInFlight([1, 2], 4, async (x) => x + 1)).toEqual([2, 3]);
    expect(await mapInFlight([], 4, async (x: number) => x)).toEqual([]);
    await expect(mapInFlight([1], 0, async (x) => x)).rejects.toThrow(/limit must be a whole number >= 1/);
  });

  it("passes a failure through (the collector turns it into error series per call)", async () => {
    await expect(mapInFlight([1, 2, 3], 2, async (x) => { if (x === 2) throw new Error("boom"); return x; })).rejects.toThrow("boom");
  });
});
