/**
 * The live audit asks the rules (issue 12 phase 2): each hook's answer for the catalog, and proof
 * that live-checks/ takes it from the rule, not from a list of its own.
 */
import { describe, expect, it } from "vitest";
import { CATALOG, rule } from "../../rules/catalog";
import { blockedRules } from "../../live-checks/analyze/blocked-rules";

describe("blockedBy", () => {
  it("a failed alarm listing blocks both alarm rules in its region only; endpoints block kdf-vpc-endpoint", () => {
    const b = blockedRules([
      { api: "CloudWatch.DescribeAlarms", region: "eu-west-1", message: "denied" },
      { api: "EC2.DescribeVpcEndpoints", region: "us-east-1", message: "denied" },
    ]);
    expect(b.blocks("kds-alarms", "eu-west-1")).toBe(true);
    expect(b.blocks("kdf-alarms", "eu-west-1")).toBe(true);
    expect(b.blocks("kds-alarms", "us-east-1")).toBe(false);
    expect(b.blocks("kdf-vpc-endpoint", "us-east-1")).toBe(true);
    expect(b.blocks("kdf-vpc-endpoint", "eu-west-1")).toBe(false);
    expect(b.blocks("kds-encryption", "eu-west-1")).toBe(false);
  });

  it("ListStreams blocks kds-cross-region everywhere, but only when a DR region's listing failed", () => {
    expect(blockedRules([{ api: "Kinesis.ListStreams", region: "us-east-1", message: "x" }]).blocks("kds-cross-region", "us-east-1")).toBe(false);
    const dr = blockedRules([{ api: "Kinesis.ListStreams", region: "us-west-2", resource: "DR region", message: "x" }]);
    expect(dr.blocks("kds-cross-region", "us-east-1")).toBe(true);
    expect(dr.blocks("kds-cross-region", "eu-west-1")).toBe(true);
  });

  it("the blocking calls come from the rules' hooks", () => {
    const base = rule("kds-retention");
    const custom = { ...base, live: { blockedBy: [{ api: "Kinesis.DescribeStreamSummary", scope: "region" as const }] } };
    const b = blockedRules([{ api: "Kinesis.DescribeStreamSummary", region: "us-east-1", message: "x" }], [custom]);
    expect(b.blocks("kds-retention", "us-east-1")).toBe(true);
    expect(blockedRules([{ api: "Kinesis.DescribeStreamSummary", region: "us-east-1", message: "x" }]).blocks("kds-retention", "us-east-1")).toBe(false);
    expect(CATALOG.filter((r) => (r.live.blockedBy ?? []).length > 0).map((r) => r.id).sort()).toEqual(["kdf-alarms", "kdf-vpc-endpoint", "kds-alarms", "kds-cross-region"]);
  });
});
