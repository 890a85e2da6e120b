import { describe, expect, it } from "vitest";
import { HourlyValues } from "../../rules/metric/hourly-values";

const H = 3600;
const T0 = 1_794_834_000;

describe("HourlyValues (typed-array hourly loads, read as a Map)", () => {
  const hv = new HourlyValues([T0 + 5 * H, T0, T0 + 2 * H], [55.5, 0, 20]);

  it("reads like the Map it replaces: 0 is a value, a gap or an hour outside is undefined", () => {
    expect(hv.get(T0)).toBe(0);
    expect(hv.get(T0 + 2 * H)).toBe(20);
    expect(hv.get(T0 + 5 * H)).toBe(55.5);
    expect(hv.get(T0 + H)).toBeUndefined();
    expect(hv.get(T0 - H)).toBeUndefined();
    expect(hv.get(T0 + 6 * H)).toBeUndefined();
    expect(hv.get(T0 + 1800)).toBeUndefined();
    expect(hv.has(T0)).toBe(true);
    expect(hv.has(T0 + H)).toBe(false);
    expect(hv.size).toBe(3);
  });

  it("iterates its hours in time order", () => {
    const asMap = new Map([[T0, 0], [T0 + 2 * H, 20], [T0 + 5 * H, 55.5]]);
    expect([...hv]).toEqual([...asMap]);
    expect([...hv.keys()]).toEqual([...asMap.keys()]);
    expect([...hv.values()]).toEqual([...asMap.values()]);
    const seen: [number, number][] = [];
    hv.forEach((v, k) => seen.push([k, v]));
    expect(seen).toEqual([...asMap]);
  });

  it("is empty without hours, and refuses hours that are not whole hours apart or a length mismatch", () => {
    const empty = new HourlyValues([], []);
    expect(empty.size).toBe(0);
    expect(empty.get(T0)).toBeUndefined();
    expect([...empty]).toEqual([]);
    expect(() => new HourlyValues([T0, T0 + 1800], [1, 2])).toThrow(/whole/);
    expect(() => new HourlyValues([T0], [1, 2])).toThrow(/1 hours but 2 values/);
  });
});
