/** kdf-plaintext-credentials: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdfPlaintextCredentials } from "./rule";
import { S3, ctx, firehose } from "../../test/policy-pack/fixtures";

describe("kdf-plaintext-credentials", () => {
  it("reports each plaintext credential field", () => {
    const f = firehose("f", { destination: "http_endpoint", httpEndpointConfiguration: { s3Configuration: S3, accessKey: "k" } });
    expect(kdfPlaintextCredentials(f, ctx("kdf-plaintext-credentials")).map((x) => x.property)).toEqual(["httpEndpointConfiguration.accessKey"]);
  });
});
