/** kds-cross-region: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdsCrossRegion } from "./rule";
import { UNKNOWN_STRING, ctx, inventory, stream } from "../../test/policy-pack/fixtures";
const CRITICAL = { DataClassification: "public", Tier: "tier-1" };

describe("kds-cross-region", () => {
  const primary = stream("orders", { arn: "arn:aws:kinesis:us-east-1:1:stream/orders", tags: CRITICAL });
  it("accepts a replica in a DR region by tag or by name suffix", () => {
    const byTag = stream("copy", { region: "us-west-2", arn: "arn:aws:kinesis:us-west-2:1:stream/copy", tags: { ReplicaOf: "orders" } });
    expect(kdsCrossRegion(inventory({ streams: [primary, byTag] }), ctx("kds-cross-region"))).toEqual([]);
    const byName = stream("orders-dr", { region: "us-west-2", arn: "arn:aws:kinesis:us-west-2:1:stream/orders-dr", tags: { Tier: "tier-3" } });
    expect(kdsCrossRegion(inventory({ streams: [primary, byName] }), ctx("kds-cross-region"))).toEqual([]);
  });
  it("does not count a replica in the same region or outside the DR regions; counts the live audit's drStreams", () => {
    const same = stream("orders-replica", { region: "us-east-1", arn: "arn:aws:kinesis:us-east-1:1:stream/orders-replica", tags: { Tier: "tier-3" } });
    const [f] = kdsCrossRegion(inventory({ streams: [primary, same] }), ctx("kds-cross-region"));
    expect(f?.found).toBe("replica streams only outside the DR regions");
    const dr = [{ region: "us-west-2", name: "orders-replica", tags: {} }];
    expect(kdsCrossRegion(inventory({ streams: [primary], drStreams: dr }), ctx("kds-cross-region"))).toEqual([]);
    expect(kdsCrossRegion(inventory({ streams: [primary], drStreams: dr }), ctx("kds-cross-region", { drRegions: ["eu-west-1"] }))).toHaveLength(1);
  });
  it("gives no verdict while another stream's tags are unknown", () => {
    const pending = stream("x", { tags: UNKNOWN_STRING });
    expect(kdsCrossRegion(inventory({ streams: [primary, pending] }), ctx("kds-cross-region"))).toEqual([]);
  });
});
