/** kdf-encryption: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdfEncryption } from "./rule";
import { kdfEncryptionSource } from "./source-stream";
import { T, UNKNOWN_STRING, ctx, firehose, inventory, stream } from "../../test/policy-pack/fixtures";

describe("kdf-encryption", () => {
  it("judges DirectPut streams only; Kinesis-sourced ones are left to the stack rule", () => {
    const tags = { DataClassification: "confidential" };
    expect(kdfEncryption(firehose("f", { destination: "extended_s3", tags }), ctx("kdf-encryption")).map((f) => f.property)).toEqual(["serverSideEncryption.enabled"]);
    const sourced = firehose("f", { destination: "extended_s3", tags, kinesisSourceConfiguration: { kinesisStreamArn: "a", roleArn: "r" } });
    expect(kdfEncryption(sourced, ctx("kdf-encryption"))).toEqual([]);
    const aws = firehose("f", { destination: "extended_s3", tags, serverSideEncryption: { enabled: true } });
    expect(kdfEncryption(aws, ctx("kdf-encryption"))).toEqual([]);
    expect(kdfEncryption(aws, ctx("kdf-encryption", { requireCustomerManagedKey: true })).map((f) => f.property)).toEqual(["serverSideEncryption.keyType"]);
  });
  it("judges a Kinesis-sourced stream by its source, found by ref or by ARN", () => {
    const arn = "arn:aws:kinesis:us-east-1:1:stream/src";
    const plain = stream("src", { arn, tags: { Tier: "tier-3" } });
    const encrypted = stream("src", { arn, encryptionType: "KMS", tags: { Tier: "tier-3" } });
    const byArn = firehose("f", { destination: "extended_s3", tags: { DataClassification: "pii" }, kinesisSourceConfiguration: { kinesisStreamArn: arn, roleArn: "r" } });
    expect(kdfEncryptionSource(inventory({ streams: [plain], deliveryStreams: [byArn] }), ctx("kdf-encryption")).map((f) => f.resource.displayName)).toEqual(["f"]);
    expect(kdfEncryptionSource(inventory({ streams: [encrypted], deliveryStreams: [byArn] }), ctx("kdf-encryption"))).toEqual([]);
    const byRef = firehose(
      "g",
      { destination: "extended_s3", tags: { DataClassification: "pii" }, kinesisSourceConfiguration: { kinesisStreamArn: UNKNOWN_STRING, roleArn: "r" } },
      { kinesisSourceConfiguration: [{ urn: plain.id.ref, type: T.stream }] },
    );
    expect(kdfEncryptionSource(inventory({ streams: [plain], deliveryStreams: [byRef] }), ctx("kdf-encryption"))).toHaveLength(1);
    // Source outside the stack: cannot judge.
    expect(kdfEncryptionSource(inventory({ deliveryStreams: [byArn] }), ctx("kdf-encryption"))).toEqual([]);
  });
});
