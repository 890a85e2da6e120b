import { describe, expect, it } from "vitest";
import { parseStackDocument } from "../../live-checks/stack/load";
import { evaluateStackDocument } from "../../live-checks/stack/evaluate";
import { parseConfigText, defaultConfig } from "../../live-checks/config-file";
import { SECRET_SIG, SIG_KEY } from "../../live-checks/stack/secrets";

const P = "urn:pulumi:dev::shop";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const step = (name: string, type: string, inputs: Record<string, unknown>) => ({
  op: "create",
  urn: `${P}::${type}::${name}`,
  newState: { urn: `${P}::${type}::${name}`, type, custom: true, inputs },
});
const preview = (...steps: unknown[]) => JSON.stringify({ config: { "aws:region": "us-east-1" }, steps });
const ids = (doc: string, config = defaultConfig()) =>
  evaluateStackDocument(parseStackDocument(doc, "p.json"), config).findings.map((f) => `${f.ruleId} ${f.resource.displayName}`).sort();

describe("evaluateStackDocument", () => {
  it("a value unknown during preview is no violation; a known one is", () => {
    const stream = "aws:kinesis/stream:Stream";
    expect(ids(preview(step("payments", stream, { name: "payments", shardCount: 1, encryptionType: UNKNOWN })))).not.toContain("kds-encryption payments");
    expect(ids(preview(step("payments", stream, { name: "payments", shardCount: 1, encryptionType: "NONE" })))).toContain("kds-encryption payments");
  });

  it("a credential given as a Pulumi secret is not plaintext; a plain string is", () => {
    const fh = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
    const http = (accessKey: unknown) => ({
      name: "to-partner",
      destination: "http_endpoint",
      httpEndpointConfiguration: { url: "https://x", accessKey, s3BackupMode: "FailedDataOnly", s3Configuration: { bucketArn: "arn:aws:s3:::b", roleArn: "r" } },
    });
    expect(ids(preview(step("to-partner", fh, http("plain-key-123"))))).toContain("kdf-plaintext-credentials to-partner");
    expect(ids(preview(step("to-partner", fh, http({ [SIG_KEY]: SECRET_SIG, ciphertext: "[secret]" }))))).not.toContain("kdf-plaintext-credentials to-partner");
  });

  it("a disabled policy does not run; the config's settings apply", () => {
    const doc = preview(step("audit", "aws:kinesis/stream:Stream", { name: "audit", shardCount: 1, retentionPeriod: 168 }));
    expect(ids(doc)).toContain("kds-retention audit");
    expect(ids(doc, parseConfigText("kds-retention: disabled\n", "c.yaml"))).not.toContain("kds-retention audit");
    expect(ids(doc, parseConfigText("kds-retention:\n  maxRetentionHours: 200\n", "c.yaml"))).not.toContain("kds-retention audit");
  });
});
