/**
 * Per-destination facts for Firehose rules: the Pulumi property holding each destination's block,
 * buffering defaults and limits, and the S3 backup modes that keep failed records.
 * Sources: https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html ,
 * https://docs.aws.amazon.com/firehose/latest/dev/create-configure-backup.html ,
 * @pulumi/aws v7 types/input.d.ts (FirehoseDeliveryStream*Configuration docs).
 */
import type { DestinationType } from "../model";

/** Pulumi property of each destination's configuration block. */
export const DESTINATION_CONFIG_KEY: Readonly<Record<DestinationType, string>> = {
  extended_s3: "extendedS3Configuration",
  s3: "extendedS3Configuration",
  redshift: "redshiftConfiguration",
  elasticsearch: "elasticsearchConfiguration",
  opensearch: "opensearchConfiguration",
  opensearchserverless: "opensearchserverlessConfiguration",
  http_endpoint: "httpEndpointConfiguration",
  splunk: "splunkConfiguration",
  snowflake: "snowflakeConfiguration",
  iceberg: "icebergConfiguration",
};

export function isDestinationType(v: unknown): v is DestinationType {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(DESTINATION_CONFIG_KEY, v);
}

export interface BufferingLimits {
  readonly defaultSizeMb: number;
  readonly defaultIntervalSeconds: number;
  readonly maxSizeMb: number;
  readonly maxIntervalSeconds: number;
}

const STANDARD: BufferingLimits = { defaultSizeMb: 5, defaultIntervalSeconds: 300, maxSizeMb: 128, maxIntervalSeconds: 900 };

/** Buffering defaults and maxima. Redshift buffers through its intermediate S3 bucket (s3Configuration). */
export const BUFFERING: Readonly<Record<DestinationType, BufferingLimits>> = {
  extended_s3: STANDARD,
  s3: STANDARD,
  redshift: STANDARD,
  elasticsearch: { ...STANDARD, maxSizeMb: 100 },
  opensearch: { ...STANDARD, maxSizeMb: 100 },
  opensearchserverless: { ...STANDARD, maxSizeMb: 100 },
  http_endpoint: { ...STANDARD, maxSizeMb: 64 },
  // Splunk: 1-5 MB, 0-60 s, defaults 5 MB / 60 s.
  splunk: { defaultSizeMb: 5, defaultIntervalSeconds: 60, maxSizeMb: 5, maxIntervalSeconds: 60 },
  // Snowflake: defaults 1 MB / 0 s (low latency by default).
  snowflake: { defaultSizeMb: 1, defaultIntervalSeconds: 0, maxSizeMb: 128, maxIntervalSeconds: 900 },
  iceberg: STANDARD,
};

/** Where the buffering hints of a destination live, relative to the delivery stream's props. */
export function bufferingPath(dest: DestinationType): string {
  return dest === "redshift" ? "redshiftConfiguration.s3Configuration" : DESTINATION_CONFIG_KEY[dest];
}

/**
 * S3 backup modes that keep failed records, per destination. Redshift's "Enabled" backs up the
 * source records; OpenSearch/Elasticsearch (FailedDocumentsOnly, AllDocuments), Splunk
 * (FailedEventsOnly, AllEvents), HTTP endpoint and Snowflake (FailedDataOnly, AllData) write failed
 * records to S3 in either mode: only a missing s3Configuration loses them.
 */
export const FAILED_RECORD_BACKUP_MODES: Readonly<Partial<Record<DestinationType, readonly string[]>>> = {
  redshift: ["Enabled"],
  elasticsearch: ["FailedDocumentsOnly", "AllDocuments"],
  opensearch: ["FailedDocumentsOnly", "AllDocuments"],
  opensearchserverless: ["FailedDocumentsOnly", "AllDocuments"],
  splunk: ["FailedEventsOnly", "AllEvents"],
  http_endpoint: ["FailedDataOnly", "AllData"],
  snowflake: ["FailedDataOnly", "AllData"],
  iceberg: ["FailedDataOnly", "AllData"],
};

/** The provider's default s3BackupMode per destination (when the input is omitted). */
export const DEFAULT_S3_BACKUP_MODE: Readonly<Partial<Record<DestinationType, string>>> = {
  redshift: "Disabled",
  elasticsearch: "FailedDocumentsOnly",
  opensearch: "FailedDocumentsOnly",
  opensearchserverless: "FailedDocumentsOnly",
  splunk: "FailedEventsOnly",
  http_endpoint: "FailedDataOnly",
  snowflake: "FailedDataOnly",
  iceberg: "FailedDataOnly",
};
