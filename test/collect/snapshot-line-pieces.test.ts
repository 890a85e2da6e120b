/**
 * Snapshot set lines written in pieces (collect/snapshot-set.ts): a line is JSON.stringify's text,
 * and accounts that finish at the same time never interleave their lines' pieces.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSnapshots, snapshotLinePieces, SnapshotSetWriter } from "../../live-checks/collect/snapshot-set";
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

describe("SnapshotSetWriter", () => {
  const dir = mkdtempSync(join(tmpdir(), "kg-set-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** An account's snapshot whose line is written in several pieces (> 1 MB: minute series added). */
  function bigSnapshot(id: string): Snapshot {
    const s = dashboardSnapshot();
    const base = s.metrics[0]!;
    const minutes = Array.from({ length: 10_080 }, (_, i) => s.window.start + i * 60);
    const extra = Array.from({ length: 8 }, (_, k) => ({ ...base, id: `${base.id}|minute-${k}`, period: 60, timestamps: minutes, values: minutes.map((t) => (t % 997) + k + 0.123456) }));
    return { ...s, account: { id }, metrics: [...s.metrics, ...extra] };
  }

  it("lines added at the same time are each whole: the set reads back every account as written", async () => {
    const ids = ["111111111111", "222222222222", "333333333333", "444444444444"];
    const snapshots = ids.map(bigSnapshot);
    expect(JSON.stringify(snapshots[0]).length).toBeGreaterThan(3 << 19); // at least two ~1 MB writes a line
    const path = join(dir, "set.jsonl");
    const writer = await SnapshotSetWriter.open(path, "test");
    await Promise.all(snapshots.map((s) => writer.add(s)));
    await writer.close();
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(ids.length + 2);
    expect(lines.slice(1, -1).sort()).toEqual(snapshots.map((s) => JSON.stringify(s)).sort());
    const read: string[] = [];
    for await (const { snapshot } of readSnapshots([path])) read.push(snapshot.account!.id);
    expect(read.sort()).toEqual(ids);
  });
});
