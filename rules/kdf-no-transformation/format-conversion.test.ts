/**
 * Issue 11 point 10: record format conversion (JSON to Parquet/ORC) is a transformation, read by
 * both adapters; kdf-no-transformation judges raw-looking delivery streams by default, all on request.
 */
import { describe, expect, it } from "vitest";
import type { DeliveryStreamDescription } from "@aws-sdk/client-firehose";
import { adaptDeliveryStream } from "../../adapters/aws";
import { kdfNoTransformation } from "./rule";
import { UNKNOWN } from "../model";
import { S3, UNKNOWN_STRING, ctx, firehose } from "../../test/policy-pack/fixtures";

const CONVERSION = {
  inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
  outputFormatConfiguration: { serializer: { parquetSerDe: {} } },
  schemaConfiguration: { databaseName: "db", tableName: "events", roleArn: "arn:aws:iam::1:role/glue" },
};
const s3ds = (name: string, extra: Record<string, unknown> = {}) => firehose(name, { destination: "extended_s3", extendedS3Configuration: { ...S3, ...extra } });
const rule = (d: ReturnType<typeof s3ds>, over?: Record<string, unknown>) => kdfNoTransformation(d, ctx("kdf-no-transformation", over)).map((f) => f.ruleId);

describe("Pulumi adapter: extendedS3Configuration.dataFormatConversionConfiguration", () => {
  it("fills the model (enabled defaults to true) and the rule counts it as a transformation", () => {
    const converted = s3ds("raw-events-to-parquet", { dataFormatConversionConfiguration: CONVERSION });
    expect(converted.formatConversion).toBe(true);
    expect(converted.lambdaProcessor).toBe(false);
    expect(rule(converted)).toEqual([]);
  });
  it("a disabled conversion is no transformation", () => {
    const off = s3ds("raw-events", { dataFormatConversionConfiguration: { ...CONVERSION, enabled: false } });
    expect(off.formatConversion).toBe(false);
    expect(rule(off)).toEqual(["kdf-no-transformation"]);
  });
  it("an unknown conversion block at preview gives no verdict", () => {
    const unk = s3ds("raw-events", { dataFormatConversionConfiguration: UNKNOWN_STRING });
    expect(unk.formatConversion).toBe(UNKNOWN);
    expect(rule(unk)).toEqual([]);
  });
});

describe("AWS adapter: ExtendedS3DestinationDescription.DataFormatConversionConfiguration", () => {
  const describeWith = (conversion?: { Enabled?: boolean }): DeliveryStreamDescription => ({
    DeliveryStreamName: "raw-clicks",
    DeliveryStreamARN: "arn:aws:firehose:us-east-1:123456789012:deliverystream/raw-clicks",
    DeliveryStreamStatus: "ACTIVE",
    DeliveryStreamType: "DirectPut",
    VersionId: "1",
    HasMoreDestinations: false,
    Destinations: [
      {
        DestinationId: "d",
        ExtendedS3DestinationDescription: {
          RoleARN: "r",
          BucketARN: "b",
          BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 300 },
          CompressionFormat: "UNCOMPRESSED",
          EncryptionConfiguration: {},
          ...(conversion ? { DataFormatConversionConfiguration: { ...conversion, OutputFormatConfiguration: { Serializer: { OrcSerDe: {} } } } } : {}),
        },
      },
    ],
  });
  const adapt = (c?: { Enabled?: boolean }) => adaptDeliveryStream(describeWith(c), { region: "us-east-1", listedName: "raw-clicks", tags: {} });
  it("Enabled true (or omitted) is a transformation", () => {
    expect(adapt({ Enabled: true }).formatConversion).toBe(true);
    expect(adapt({}).formatConversion).toBe(true);
    expect(rule(adapt({ Enabled: true }))).toEqual([]);
  });
  it("Enabled false or no configuration is none", () => {
    expect(adapt({ Enabled: false }).formatConversion).toBe(false);
    expect(adapt().formatConversion).toBe(false);
    expect(rule(adapt())).toEqual(["kdf-no-transformation"]);
  });
});

describe("scope: raw-looking names by default, appliesTo all on request", () => {
  it("judges names with a raw token (raw, unprocessed, incoming), not others", () => {
    expect(rule(s3ds("incoming-orders"))).toEqual(["kdf-no-transformation"]);
    expect(rule(s3ds("unprocessed_events"))).toEqual(["kdf-no-transformation"]);
    expect(rule(s3ds("clickstream-to-s3"))).toEqual([]);
    expect(rule(s3ds("drawings-export"))).toEqual([]); // "raw" only as a substring
  });
  it("appliesTo all judges every delivery stream; rawNameKeywords is configurable", () => {
    expect(rule(s3ds("clickstream-to-s3"), { appliesTo: "all" })).toEqual(["kdf-no-transformation"]);
    expect(rule(s3ds("landing-zone-feed"), { rawNameKeywords: ["landing"] })).toEqual(["kdf-no-transformation"]);
    expect(rule(s3ds("raw-events"), { rawNameKeywords: ["landing"] })).toEqual([]);
  });
  it("mentions format conversion as a fix for S3 destinations", () => {
    const [f] = kdfNoTransformation(s3ds("raw-events"), ctx("kdf-no-transformation"));
    expect(f!.remediation).toContain("dataFormatConversionConfiguration");
    expect(f!.found).toContain("no record format conversion");
  });
});
