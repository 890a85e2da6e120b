/**
 * The policy pack as the engine drives it (Analyzer gRPC), fed bad config and odd props:
 * a bad --policy-pack-config is refused with the policy, key, value and what is allowed; props
 * with unknowns, missing properties, wrong types or huge tag maps give no crash, no "can't run"
 * diagnostic and no false violation.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackClient, type AnalyzerInput } from "../harness/analyzer";

const ROOT = path.resolve(__dirname, "../..");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const urn = (type: string, name: string) => `urn:pulumi:dev::t::${type}::${name}`;
const res = (type: string, name: string, properties: Record<string, unknown>): AnalyzerInput => ({ type, name, urn: urn(type, name), properties });

let pack: PackClient;
beforeAll(async () => {
  pack = await PackClient.start(ROOT);
  await pack.configureStack();
}, 120_000);
afterAll(async () => pack?.close());

describe("bad --policy-pack-config", () => {
  const cases: [string, Record<string, Record<string, unknown>>, RegExp][] = [
    ["wrong type", { "kds-retention": { maxRetentionHours: "168" } }, /kds-retention\.maxRetentionHours.*"168".*number/s],
    ["out of range", { "kds-retention": { maxRetentionHours: 2 } }, /kds-retention\.maxRetentionHours.*2.*25/s],
    ["unknown key with did-you-mean", { "kds-retention": { maxRetentionHour: 200 } }, /maxRetentionHour.*did you mean "maxRetentionHours"/s],
  ];
  it.each(cases)("%s is refused naming policy, key, value and what is allowed", async (_n, config, re) => {
    await pack.configure(config);
    await expect(pack.analyze(res(STREAM, "s", { name: "s", shardCount: 1 }))).rejects.toThrow(re);
  });
  afterAll(async () => pack.configure({}));
});

describe("odd props: no crash, no false violation", () => {
  const huge = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, `v${i}`.repeat(20)]));
  const cases: [string, AnalyzerInput][] = [
    ["a stream with no properties at all", res(STREAM, "bare", {})],
    ["retentionPeriod and shardCount as strings", res(STREAM, "typed", { name: "typed", shardCount: "2", retentionPeriod: "24" })],
    ["tags as an array / null / number", res(STREAM, "tags", { name: "tags", shardCount: 1, tags: ["DataClassification", "pii"] })],
    ["null tags", res(STREAM, "tagsnull", { name: "tagsnull", shardCount: 1, tags: null })],
    ["a huge tag map", res(STREAM, "huge", { name: "huge", shardCount: 1, tags: huge })],
    ["unknown values everywhere during preview", res(STREAM, "unk", { name: UNKNOWN, shardCount: UNKNOWN, retentionPeriod: UNKNOWN, encryptionType: UNKNOWN, tags: UNKNOWN, streamModeDetails: UNKNOWN })],
    ["shardLevelMetrics as a string", res(STREAM, "slm", { name: "slm", shardCount: 1, shardLevelMetrics: "ALL" })],
    ["a delivery stream with an unknown destination", res(FIREHOSE, "weird", { name: "weird", destination: "carrier-pigeon" })],
    ["a delivery stream with its config block as a string", res(FIREHOSE, "strblock", { name: "strblock", destination: "extended_s3", extendedS3Configuration: "oops" })],
    ["a delivery stream with processors: null", res(FIREHOSE, "nullproc", { name: "nullproc", destination: "extended_s3", extendedS3Configuration: { roleArn: "r", bucketArn: "b", processingConfiguration: { enabled: true, processors: null } } })],
    ["a delivery stream with no properties", res(FIREHOSE, "barefh", {})],
  ];
  it.each(cases)("%s", async (_n, r) => {
    await pack.configure({});
    const diags = await pack.analyze(r);
    const text = JSON.stringify(diags);
    expect(text).not.toMatch(/can't run|cannot run|TypeError|undefined is not|Cannot read prop/i);
    // None of these is sensitive, critical or long-retention: only the delivery-stream rules that
    // judge defaults (small buffers, no transformation) may speak, and only on a real destination.
    const allowed = r.type === FIREHOSE ? ["kdf-no-transformation", "kdf-small-buffers"] : [];
    expect(diags.map((d) => d.policyName).filter((p) => !allowed.includes(p))).toEqual([]);
  });

  it("a huge stack with odd resources: AnalyzeStack answers", async () => {
    await pack.configure({});
    const many = Array.from({ length: 300 }, (_, i) => res(STREAM, `s${i}`, { name: `s${i}`, shardCount: i % 3 === 0 ? "x" : 1, tags: i % 5 === 0 ? null : { n: String(i) } }));
    const diags = await pack.analyzeStack([...many, res(FIREHOSE, "weird", { destination: 42 })]);
    expect(JSON.stringify(diags)).not.toMatch(/TypeError|Cannot read prop/i);
  });
});
