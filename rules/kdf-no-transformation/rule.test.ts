/** kdf-no-transformation: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdfNoTransformation } from "./rule";
import { LAMBDA, S3, ctx, firehose } from "../../test/policy-pack/fixtures";

describe("kdf-no-transformation", () => {
  it("flags a raw-data stream without an enabled Lambda processor, naming the destination block", () => {
    const [f] = kdfNoTransformation(firehose("raw-f", { destination: "http_endpoint", httpEndpointConfiguration: { s3Configuration: S3 } }), ctx("kdf-no-transformation"));
    expect(f?.property).toBe("httpEndpointConfiguration.processingConfiguration");
    expect(kdfNoTransformation(firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: LAMBDA } }), ctx("kdf-no-transformation"))).toEqual([]);
  });
});
