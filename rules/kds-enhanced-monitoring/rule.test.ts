/** kds-enhanced-monitoring: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdsEnhancedMonitoring } from "./rule";
import { ctx, stream } from "../../test/policy-pack/fixtures";
const CRITICAL = { DataClassification: "public", Tier: "tier-1" };

describe("kds-enhanced-monitoring", () => {
  it("lists the missing required metrics of a critical stream and the added cost", () => {
    const [f] = kdsEnhancedMonitoring(stream("s", { tags: CRITICAL, shardCount: 3, shardLevelMetrics: ["IncomingBytes"] }), ctx("kds-enhanced-monitoring"));
    expect(f?.data).toEqual({ addedMonthlyCostUsd: 2.7, missingMetrics: ["IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"] });
  });
  it("accepts ALL and ignores non-critical streams", () => {
    expect(kdsEnhancedMonitoring(stream("s", { tags: CRITICAL, shardLevelMetrics: ["ALL"] }), ctx("kds-enhanced-monitoring"))).toEqual([]);
    expect(kdsEnhancedMonitoring(stream("s", { tags: { Tier: "tier-3" } }), ctx("kds-enhanced-monitoring"))).toEqual([]);
  });
});
