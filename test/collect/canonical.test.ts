/** toJsonValue (live-checks/collect/canonical.ts) must give what a JSON round trip gives, without the text. */
import { describe, expect, it } from "vitest";
import { toJsonValue } from "../../live-checks/collect/canonical";

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

  it("keeps arrays of plain finite numbers as they are (no copy of the metric series)", () => {
    const values = [1, 2, 3];
    const out = toJsonValue({ values, other: [1, NaN] }) as { values: number[]; other: unknown[] };
    expect(out.values).toBe(values);
    expect(out.other).toEqual([1, null]);
  });
});
