/** kdf-s3-backup: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdfS3Backup } from "./rule";
import { S3, ctx, firehose } from "../../test/policy-pack/fixtures";

describe("kdf-s3-backup, per destination", () => {
  const check = (destination: string, key: string, block: Record<string, unknown>, cfg?: Record<string, unknown>) =>
    kdfS3Backup(firehose("f", { destination, [key]: block }), ctx("kdf-s3-backup", cfg)).map((f) => f.property);
  it("Redshift needs s3BackupMode Enabled", () => {
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3 })).toEqual(["redshiftConfiguration.s3BackupMode"]);
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3, s3BackupMode: "Disabled" })).toHaveLength(1);
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3, s3BackupMode: "Enabled", s3BackupConfiguration: S3 })).toEqual([]);
  });
  it("OpenSearch, Elasticsearch, OpenSearch Serverless, Splunk and HTTP back up failed records in both modes", () => {
    for (const [dest, key, modes] of [
      ["opensearch", "opensearchConfiguration", ["FailedDocumentsOnly", "AllDocuments"]],
      ["elasticsearch", "elasticsearchConfiguration", ["FailedDocumentsOnly", "AllDocuments"]],
      ["opensearchserverless", "opensearchserverlessConfiguration", ["FailedDocumentsOnly", "AllDocuments"]],
      ["splunk", "splunkConfiguration", ["FailedEventsOnly", "AllEvents"]],
      ["http_endpoint", "httpEndpointConfiguration", ["FailedDataOnly", "AllData"]],
    ] as const) {
      for (const m of modes) expect(check(dest, key, { s3Configuration: S3, s3BackupMode: m }), `${dest} ${m}`).toEqual([]);
      expect(check(dest, key, {}), `${dest} without s3Configuration`).toEqual([`${key}.s3BackupMode`]);
    }
  });
  it("S3 destinations and destinations outside the configured list are not judged", () => {
    expect(check("extended_s3", "extendedS3Configuration", S3)).toEqual([]);
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3 }, { destinations: ["splunk"] })).toEqual([]);
  });
});
