/** Large reports are written in slices (live-checks/atomic-write.ts): the bytes must be the whole string's UTF-8. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringSlices, writeFileAtomic } from "../../live-checks/atomic-write";

describe("stringSlices", () => {
  it("never cuts a surrogate pair, and the slices join to the string", () => {
    const text = "a" + "😀".repeat(10) + "b"; // each emoji is two UTF-16 units
    for (const size of [1, 2, 3, 4, 7]) {
      const slices = [...stringSlices(text, size)];
      expect(slices.join("")).toBe(text);
      for (const s of slices) expect(Buffer.from(s, "utf8").toString("utf8")).toBe(s); // no lone surrogate (it would become U+FFFD)
      expect(slices.every((s) => s.length > 0 && s.length <= Math.max(size, 2))).toBe(true); // a one-unit slice takes a whole pair
    }
  });

  it("writes a multi-slice string byte for byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kg-atomic-"));
    const text = ("é😀x".repeat(100_000) + "\n").repeat(3); // > 1 MB of UTF-16 units, slices cut near pairs
    await writeFileAtomic(join(dir, "r.txt"), text);
    expect(readFileSync(join(dir, "r.txt"))).toEqual(Buffer.from(text, "utf8"));
  });
});
