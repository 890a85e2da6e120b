/** snapshotLinePieces (collect/snapshot-set.ts): a snapshot set's line, written in pieces, is JSON.stringify's text. */
import { describe, expect, it } from "vitest";
import { snapshotLinePieces } from "../../live-checks/collect/snapshot-set";
import type { Snapshot } from "../../live-checks/snapshot";
import { dashboardSnapshot } from "../report/dashboard-fixture";

describe("snapshotLinePieces", () => {
  it("joins to JSON.stringify(snapshot) + newline, with each metric series a piece of its own", () => {
    const s: Snapshot = { ...dashboardSnapshot(), account: { id: "111122223333", name: "prod \"main\" \u2028" } };
    const pieces = [...snapshotLinePieces(s)];
    expect(pieces.join("")).toBe(JSON.stringify(s) + "\n");
    expect(s.metrics.length).toBeGreaterThan(1);
    expect(pieces.length).toBeGreaterThanOrEqual(s.metrics.length);
  });

  it("same text with no metric series, with undefined fields, and for an empty object", () => {
    const s = { ...dashboardSnapshot(), metrics: [], account: undefined } as unknown as Snapshot;
    expect([...snapshotLinePieces(s)].join("")).toBe(JSON.stringify(s) + "\n");
    expect([...snapshotLinePieces({} as Snapshot)].join("")).toBe("{}\n");
  });
});
