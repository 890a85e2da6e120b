import { describe, expect, it } from "vitest";
import { Secret } from "@pulumi/policy";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN, isUnknown } from "../../rules/model";
import { LAMBDA, S3, UNKNOWN_STRING, alarm, firehose, stream, urn, T } from "./fixtures";

describe("stream adapter", () => {
  it("applies the provider defaults for missing inputs", () => {
    const s = stream("s", { shardCount: 2 });
    expect(s).toMatchObject({ encryptionType: "NONE", retentionHours: 24, mode: "PROVISIONED", shardLevelMetrics: [], shardCount: 2, tags: {} });
  });
  it("expands ALL shard-level metrics and reads on-demand mode", () => {
    const s = stream("s", { shardLevelMetrics: ["ALL"], streamModeDetails: { streamMode: "ON_DEMAND" } });
    expect(s.shardLevelMetrics).toHaveLength(7);
    expect(s.mode).toBe("ON_DEMAND");
  });
  it("maps unknown values to UNKNOWN instead of defaults", () => {
    const s = stream("s", { encryptionType: UNKNOWN_STRING, retentionPeriod: UNKNOWN_STRING, tags: { a: UNKNOWN_STRING } });
    expect(s.encryptionType).toBe(UNKNOWN);
    expect(s.retentionHours).toBe(UNKNOWN);
    expect(s.tags).toBe(UNKNOWN);
  });
  it("falls back to the logical name and takes the region from the input, else the ARN", () => {
    expect(stream("x", { name: undefined }).name).toBe("x");
    expect(stream("x", { region: "eu-west-1" }).region).toBe("eu-west-1");
    expect(stream("x", { arn: "arn:aws:kinesis:us-west-2:1:stream/x" }).region).toBe("us-west-2");
  });
});

describe("delivery stream adapter", () => {
  it("defaults buffering per destination: 5 MB / 300 s, Splunk 5 / 60, Snowflake 1 / 0, Redshift via s3Configuration", () => {
    expect(firehose("a", { destination: "extended_s3", extendedS3Configuration: S3 }).buffering).toEqual({ sizeMb: 5, intervalSeconds: 300 });
    expect(firehose("b", { destination: "splunk", splunkConfiguration: { s3Configuration: S3 } }).buffering).toEqual({ sizeMb: 5, intervalSeconds: 60 });
    expect(firehose("c", { destination: "snowflake", snowflakeConfiguration: { s3Configuration: S3 } }).buffering).toEqual({ sizeMb: 1, intervalSeconds: 0 });
    const r = firehose("d", { destination: "redshift", redshiftConfiguration: { s3Configuration: { ...S3, bufferingSize: 10, bufferingInterval: 400 } } });
    expect(r.buffering).toEqual({ sizeMb: 10, intervalSeconds: 400 });
  });
  it("reads the source: DirectPut by default, Kinesis with the stream ref from property dependencies", () => {
    expect(firehose("a", { destination: "extended_s3" }).source).toEqual({ type: "DirectPut" });
    const k = firehose(
      "b",
      { destination: "extended_s3", kinesisSourceConfiguration: { kinesisStreamArn: "arn:aws:kinesis:us-east-1:1:stream/s", roleArn: "r" } },
      { kinesisSourceConfiguration: [{ urn: "urn:role", type: "aws:iam/role:Role" }, { urn: urn(T.stream, "s"), type: T.stream }] },
    );
    expect(k.source).toEqual({ type: "KinesisStreamAsSource", streamArn: "arn:aws:kinesis:us-east-1:1:stream/s", streamRef: urn(T.stream, "s") });
  });
  it("requires enabled: true for the Lambda processor (the provider defaults it to false)", () => {
    expect(firehose("a", { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: LAMBDA } }).lambdaProcessor).toBe(true);
    const off = { ...LAMBDA, enabled: undefined };
    expect(firehose("b", { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: off } }).lambdaProcessor).toBe(false);
    expect(firehose("c", { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: UNKNOWN_STRING } }).lambdaProcessor).toBe(UNKNOWN);
  });
  it("normalizes S3 backup of failed records per destination", () => {
    const b = (dest: string, block: Record<string, unknown>) =>
      firehose("x", { destination: dest, [`${dest === "http_endpoint" ? "httpEndpoint" : dest}Configuration`]: block }).backsUpFailedRecordsToS3;
    expect(b("redshift", { s3Configuration: S3 })).toBe(false);
    expect(b("redshift", { s3Configuration: S3, s3BackupMode: "Enabled", s3BackupConfiguration: S3 })).toBe(true);
    expect(b("opensearch", { s3Configuration: S3 })).toBe(true);
    expect(b("opensearch", { s3Configuration: S3, s3BackupMode: "AllDocuments" })).toBe(true);
    expect(b("opensearch", {})).toBe(false);
    expect(b("splunk", { s3Configuration: S3, s3BackupMode: "FailedEventsOnly" })).toBe(true);
    expect(b("http_endpoint", { s3Configuration: S3, s3BackupMode: "AllData" })).toBe(true);
    expect(b("redshift", { s3Configuration: S3, s3BackupMode: UNKNOWN_STRING })).toBe(UNKNOWN);
  });
  it("marks credentials plaintext unless they arrive as a secret (envelope or Secret object)", () => {
    const cfg = (password: unknown) => firehose("x", { destination: "redshift", redshiftConfiguration: { s3Configuration: S3, password } }).credentials;
    expect(cfg("p")).toEqual([{ path: "redshiftConfiguration.password", plaintext: true }]);
    expect(cfg({ [specialSigKey]: specialSecretSig, value: "p" })).toEqual([{ path: "redshiftConfiguration.password", plaintext: false }]);
    expect(cfg(new Secret("p"))).toEqual([{ path: "redshiftConfiguration.password", plaintext: false }]);
    expect(cfg(UNKNOWN_STRING)).toEqual([{ path: "redshiftConfiguration.password", plaintext: false }]);
  });
  it("defaults SSE to off, and its key type to AWS_OWNED_CMK once enabled", () => {
    expect(firehose("a", { destination: "extended_s3" }).sse).toMatchObject({ enabled: false });
    expect(firehose("b", { destination: "extended_s3", serverSideEncryption: { enabled: true } }).sse).toMatchObject({ enabled: true, keyType: "AWS_OWNED_CMK" });
  });
  it("judges a destination it does not know (a newer provider's) as unknown instead of failing the whole stack", () => {
    const d = firehose("bad", { destination: "ftp" });
    expect(isUnknown(d.destination)).toBe(true);
    expect(isUnknown(d.buffering?.sizeMb)).toBe(true);
  });
});

describe("alarm adapter", () => {
  it("collects the direct metric and every metricQueries metric, and the dimension dependencies", () => {
    const a = alarm(
      "a",
      {
        metricQueries: [
          { id: "e", expression: "1 - m" },
          { id: "m", metric: { namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: { DeliveryStreamName: UNKNOWN_STRING } } },
        ],
      },
      { metricQueries: [{ urn: urn(T.firehose, "f"), type: T.firehose }] },
    );
    expect(a.metrics).toEqual([{ namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: [{ name: "DeliveryStreamName", value: UNKNOWN }] }]);
    expect(a.dependsOn).toEqual([urn(T.firehose, "f")]);
  });
});
