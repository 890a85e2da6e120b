/** toJsonValue (live-checks/collect/canonical.ts) must give what a JSON round trip gives, without the text. */
import { describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { canonicalSnapshot, toJsonValue } from "../../live-checks/collect/canonical";
import { metric } from "../../rules/metric-requests";
import { REGION, series } from "../fixtures/analysis/builders";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";

const sortedKeysJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x as object).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x,
  );

describe("toJsonValue", () => {
  const tricky = {
    z: 1,
    a: { when: new Date("2026-11-23T10:00:00Z"), gone: undefined, fn: () => 1, nested: [{ y: 2, b: undefined }] },
    nums: [1, 2.5, -3],
    odd: [1, NaN, Infinity, -0, undefined, () => 0],
    holes: [1, , 3],
    big: { toJSON: () => ({ k: "v" }) },
    nil: null,
    s: "text",
    t: true,
  };

  it("deep-equals JSON.parse(JSON.stringify(x)) and keeps keys sorted", () => {
    const out = toJsonValue(tricky);
    expect(out).toEqual(JSON.parse(JSON.stringify(tricky)));
    expect(JSON.stringify(out)).toBe(sortedKeysJson(JSON.parse(JSON.stringify(tricky))));
    expect(Object.keys(out as object)).toEqual(["a", "big", "holes", "nil", "nums", "odd", "s", "t", "z"]);
    expect(Object.is((out as { odd: unknown[] }).odd[3], 0)).toBe(true); // -0 comes back as 0, as from JSON
  });

  it("copies arrays like JSON does (numbers included: only the metric series are kept, see canonicalSnapshot)", () => {
    const values = [1, 2, 3];
    const out = toJsonValue({ values, other: [1, NaN] }) as { values: number[]; other: unknown[] };
    expect(out.values).toEqual(values);
    expect(out.other).toEqual([1, null]);
  });
});

describe("canonicalSnapshot: the metric series", () => {
  const hours = Array.from({ length: 168 }, (_, i) => 1_795_000_000 + i * 3600);
  const withSeries = (n: number) => {
    const base = fixtureSnapshot();
    const metrics = Array.from({ length: n }, (_, i) => series(metric.streamIncomingBytes(REGION, `s-${i}`), hours.map((_h, j) => (i * 168 + j) * 1.5 + 0.25), hours));
    return { ...base, metrics };
  };

  it("keeps the series' number arrays as they are (shared timestamps stay shared), with keys sorted as JSON would give", () => {
    const snap = withSeries(3);
    const out = canonicalSnapshot(snap);
    const byId = new Map(snap.metrics.map((m) => [m.id, m]));
    for (const m of out.metrics) {
      expect(m.values).toBe(byId.get(m.id)!.values);
      expect(m.timestamps).toBe(hours);
      expect(Object.keys(m)).toEqual(Object.keys(m).sort());
    }
    // What the generic walk gives for the whole document (keys sorted, JSON's values), byte for byte.
    expect(JSON.stringify(out)).toBe(JSON.stringify(toJsonValue(out)));
    expect(Object.keys(out)).toEqual(Object.keys(out).sort());
  });

  it("copies a series array JSON would change (-0, NaN)", () => {
    const snap = withSeries(1);
    const odd = { ...snap.metrics[0]!, values: [1, -0, NaN] };
    const out = canonicalSnapshot({ ...snap, metrics: [odd] });
    expect(out.metrics[0]!.values).toEqual([1, 0, null]);
    expect(Object.is(out.metrics[0]!.values[1], 0)).toBe(true);
  });

  // A loop that reads both arrays of objects and arrays of numbers, once optimized by V8, turns
  // the number arrays it reads into arrays of boxed numbers (3x the memory: P2 round 7). Checked
  // with V8's own elements-kind test after enough rounds for the optimizer to step in.
  it("leaves the series values unboxed (double elements) after canonicalizing many snapshots", () => {
    setFlagsFromString("--allow-natives-syntax");
    const hasDoubleElements = new Function("a", "return %HasDoubleElements(a)") as (a: unknown) => boolean;
    const boxedPerRound: number[] = [];
    for (let round = 0; round < 8; round++) boxedPerRound.push(canonicalSnapshot(withSeries(1500)).metrics.filter((m) => !hasDoubleElements(m.values)).length);
    expect(boxedPerRound).toEqual(boxedPerRound.map(() => 0));
  });
});
