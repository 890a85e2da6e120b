/**
 * The redaction primitives (issue 14, point 1): free text is searched for whole tokens equal to a
 * secret only, so names that merely contain a secret's text stay intact; drift values of secret
 * properties are replaced where they are placed, whatever their length.
 */
import { describe, expect, it } from "vitest";
import { pathTouchesSecret, redactFinding, redactText, SECRET_PLACEHOLDER } from "../../live-checks/stack/secrets";
import { compareDeliveryStreams, compareStreams } from "../../live-checks/drift/compare";
import { firehose, stream, S3 } from "../policy-pack/fixtures";

describe("redactText", () => {
  it("replaces a secret standing as a value, never inside a longer name, ARN or path", () => {
    const text = `Stream "orders" (orders-stream, stream/orders, orders.v2, my_orders): --name orders, Key=orders,Value=orders; [orders] ends in orders.`;
    expect(redactText(text, ["orders"])).toBe(
      `Stream "[secret]" (orders-stream, stream/orders, orders.v2, my_orders): --name [secret], Key=[secret],Value=[secret]; [[secret]] ends in [secret].`,
    );
  });
  it("longest secrets first; one- and two-character values are not searched for in text", () => {
    expect(redactText("key alias/team-key-1 and 1 shard", ["alias/team-key-1", "1"])).toBe(`key ${SECRET_PLACEHOLDER} and 1 shard`);
    expect(redactText("pii data", ["pii"])).toBe(`${SECRET_PLACEHOLDER} data`);
  });
  it("a finding's data is redacted like its text", () => {
    const f = redactFinding({ details: "VPC vpc-0abc.", remediation: "x", data: { vpcId: "vpc-0abc", nested: ["vpc-0abc", 3] } }, ["vpc-0abc"]);
    expect(f).toEqual({ details: `VPC ${SECRET_PLACEHOLDER}.`, remediation: "x", data: { vpcId: SECRET_PLACEHOLDER, nested: [SECRET_PLACEHOLDER, 3] } });
  });
});

describe("drift of secret properties", () => {
  it("a secret KMS key or tag: the difference is found, both values print as [secret], the revert command gets a stand-in", () => {
    const s = stream("orders-stream", { encryptionType: "KMS", kmsKeyId: "alias/k1", tags: { Owner: "x1", Team: "t" } });
    const l = stream("orders-stream", { encryptionType: "KMS", kmsKeyId: "alias/k2", tags: { Owner: "x2", Team: "t" } });
    const secret = (p: string) => p === "kmsKeyId" || p === "tags.Owner";
    const d = compareStreams(s, l, secret);
    expect(d.map((x) => [x.property, x.stackValue, x.liveValue])).toEqual([
      ["kmsKeyId", "[secret]", "[secret]"],
      ["tags", "Owner=[secret]", "Owner=[secret]"],
    ]);
    expect(d[0]!.revert).toBe("aws kinesis start-stream-encryption --stream-name orders-stream --encryption-type KMS --key-id '[secret kmsKeyId]'");
    expect(JSON.stringify(d)).not.toMatch(/alias\/k1|alias\/k2|x1|x2/);
    // without secrets: the values as before
    expect(compareStreams(s, l).map((x) => x.stackValue)).toEqual(["alias/k1", "Owner=x1"]);
  });
  it("a secret destination block (a password in it makes the whole output secret): buffering drift prints [secret]", () => {
    const s = firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, bufferingSize: 64 } });
    const l = firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, bufferingSize: 5 } });
    const d = compareDeliveryStreams(s, l, (p) => pathTouchesSecret(p, ["extendedS3Configuration"]));
    expect(d.map((x) => [x.property, x.stackValue, x.liveValue])).toEqual([["bufferingSize", "[secret]", "[secret]"]]);
  });
});
