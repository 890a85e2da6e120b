/** kdf-small-buffers: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdfSmallBuffers } from "./rule";
import { S3, UNKNOWN_STRING, ctx, firehose } from "../../test/policy-pack/fixtures";

describe("kdf-small-buffers", () => {
  const s3 = (size?: number, interval?: number) =>
    firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, bufferingSize: size, bufferingInterval: interval } });
  it("needs both size and interval below the minimums; estimates PUTs from the interval alone", () => {
    const [f] = kdfSmallBuffers(s3(1, 60), ctx("kdf-small-buffers"));
    expect(f?.data).toMatchObject({ estimatedPutsPerMonth: 43200, recommendedPutsPerMonth: 8640 });
    expect(f?.monthlyImpactUsd).toBe(0.17); // (43,200 - 8,640) / 1000 x $0.005
    expect(kdfSmallBuffers(s3(1, 300), ctx("kdf-small-buffers"))).toEqual([]);
    expect(kdfSmallBuffers(s3(5, 60), ctx("kdf-small-buffers"))).toEqual([]);
    expect(kdfSmallBuffers(s3(), ctx("kdf-small-buffers"))).toEqual([]);
  });
  it("respects Splunk's limits (defaults 5 MB / 60 s are the maximum) and flags Snowflake's 1 MB / 0 s defaults", () => {
    expect(kdfSmallBuffers(firehose("sp", { destination: "splunk", splunkConfiguration: { s3Configuration: S3 } }), ctx("kdf-small-buffers"))).toEqual([]);
    const sp = kdfSmallBuffers(firehose("sp", { destination: "splunk", splunkConfiguration: { s3Configuration: S3, bufferingSize: 1, bufferingInterval: 10 } }), ctx("kdf-small-buffers"));
    expect(sp[0]?.expected).toBe(">= 5 MB or >= 60 s");
    const sf = kdfSmallBuffers(firehose("sf", { destination: "snowflake", snowflakeConfiguration: { s3Configuration: S3 } }), ctx("kdf-small-buffers"));
    expect(sf[0]?.data?.estimatedPutsPerMonth).toBeUndefined();
  });
  it("gives no finding when a hint is unknown", () => {
    expect(kdfSmallBuffers(firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, bufferingSize: 1, bufferingInterval: UNKNOWN_STRING } }), ctx("kdf-small-buffers"))).toEqual([]);
  });
});
