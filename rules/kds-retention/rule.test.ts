/** kds-retention: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdsRetention } from "./rule";
import { UNKNOWN_STRING, ctx, stream } from "../../test/policy-pack/fixtures";

describe("kds-retention", () => {
  it("flags >= 168 h with the saving $0.020 x shards x 730", () => {
    const [f] = kdsRetention(stream("s", { shardCount: 4, retentionPeriod: 168 }), ctx("kds-retention"));
    expect(f?.monthlyImpactUsd).toBe(58.4);
    expect(f?.found).toBe("168 h");
  });
  it("gives no saving on on-demand streams, and no finding below the threshold, when justified, or unknown", () => {
    const od = kdsRetention(stream("s", { retentionPeriod: 200, streamModeDetails: { streamMode: "ON_DEMAND" } }), ctx("kds-retention"));
    expect(od).toHaveLength(1);
    expect(od[0]!.monthlyImpactUsd).toBeUndefined();
    expect(kdsRetention(stream("s", { shardCount: 1, retentionPeriod: 167 }), ctx("kds-retention"))).toEqual([]);
    expect(kdsRetention(stream("s", { retentionPeriod: 168, tags: { retentionjustification: "audit" } }), ctx("kds-retention"))).toEqual([]);
    expect(kdsRetention(stream("s", { retentionPeriod: UNKNOWN_STRING }), ctx("kds-retention"))).toEqual([]);
  });
});
