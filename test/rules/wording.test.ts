import { describe, expect, it } from "vitest";
import { countOf } from "../../rules/wording";

describe("countOf", () => {
  it("says 1 shard, not 1 shards; other counts and unknowns take the plural", () => {
    expect(countOf(1, "shard")).toBe("1 shard");
    expect(countOf("1", "shard")).toBe("1 shard");
    expect(countOf(0, "shard")).toBe("0 shards");
    expect(countOf(12, "metric")).toBe("12 metrics");
    expect(countOf("?", "shard")).toBe("? shards");
  });
});
