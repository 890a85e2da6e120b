/**
 * kdf-s3-backup: destinations that can fail must keep failed records in S3
 * (https://docs.aws.amazon.com/firehose/latest/dev/create-configure-backup.html). Redshift needs
 * s3BackupMode "Enabled"; the other destinations back up failed records in both of their modes
 * (see FAILED_RECORD_BACKUP_MODES), so for them only a missing backup configuration is flagged.
 *
 * What is at stake differs. OpenSearch, Splunk, HTTP endpoint: records that still fail after the
 * retry duration are written only to the backup bucket, so without one they are dropped
 * (https://docs.aws.amazon.com/firehose/latest/dev/retry.html). Redshift: Firehose stages every
 * batch in the intermediate S3 bucket and a COPY that fails past the retry duration is skipped with
 * a manifest in that bucket's errors/ folder for a manual backfill (same page): the records are not
 * lost. What "Disabled" loses is the separate copy of the source records (before any Lambda
 * transformation): no replay of the original data, and no second copy once the intermediate
 * objects expire or are deleted.
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import type { RuleContext } from "../types";
import { DESTINATION_CONFIG_KEY, FAILED_RECORD_BACKUP_MODES } from "../lib/destinations";
import { finding } from "../lib/finding-builder";
import { judged, show } from "../lib/judge";
import { Type, type Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { oneOf, ruleConfig } from "../lib/config-schema";

const ID = "kdf-s3-backup";

export function kdfS3Backup(ds: DeliveryStreamConfig, { config }: RuleContext<Config>): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  const dest = ds.destination;
  if (!isKnown(dest)) return [];
  if (!config.destinations.includes(dest)) return [];
  if (!isKnown(ds.backsUpFailedRecordsToS3) || ds.backsUpFailedRecordsToS3) return [];
  const block = DESTINATION_CONFIG_KEY[dest];
  const modes = FAILED_RECORD_BACKUP_MODES[dest] ?? [];
  const mode = isKnown(ds.s3BackupMode) ? ds.s3BackupMode : undefined;
  const fix =
    dest === "redshift"
      ? `Set ${block}.s3BackupMode: "Enabled" with ${block}.s3BackupConfiguration { bucketArn, roleArn }.`
      : `Give ${block} an s3Configuration bucket and s3BackupMode ${modes.map((m) => `"${m}"`).join(" or ")}.`;
  const details =
    dest === "redshift"
      ? `Delivery stream "${ds.id.displayName}" (redshift) has s3BackupMode ${show(mode)}: no separate copy of the source records is kept. ` +
        `Batches whose COPY fails stay in the intermediate S3 bucket, listed in a manifest under errors/ for a manual backfill; ` +
        `what is missing is the original (pre-transformation) records for replay, and any copy once the intermediate objects expire or are deleted.`
      : `Delivery stream "${ds.id.displayName}" (${dest}) has s3BackupMode ${show(mode)} without a backup bucket: records that still fail after the retry duration are not kept in S3 and are lost.`;
  return [
    finding(ID, {
      resource: ds.id,
      property: `${block}.s3BackupMode`,
      found: show(mode),
      expected: modes.map((m) => `"${m}"`).join(" or "),
      details,
      remediation: fix,
    }),
  ];
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  destinations: Type.Array(oneOf(["redshift", "elasticsearch", "opensearch", "opensearchserverless", "splunk", "http_endpoint", "snowflake", "iceberg"]), {
    description: "Destinations that must back up failed records to S3.",
    default: ["redshift", "elasticsearch", "opensearch", "opensearchserverless", "splunk", "http_endpoint"],
  }),
});

export default defineRule({
  id: ID,
  issue: "Missing S3 Backup",
  title: "No S3 backup of failed or source records",
  severity: "high",
  category: "reliability",
  scope: ["static"],
  resourceType: "deliveryStream",
  enforcement: "mandatory",
  description:
    "A Redshift, OpenSearch, Elasticsearch, Splunk or HTTP endpoint destination without S3 backup. OpenSearch, Elasticsearch, Splunk and HTTP endpoint: records that still fail after the retry duration are dropped. Redshift: failed COPY batches are not lost (they stay in the intermediate S3 bucket, listed in an errors/ manifest for a manual backfill); what is lost is the separate copy of the source records (before any Lambda transformation), for replay and once the intermediate objects expire.",
  remediation: "Configure S3 backup for failed records (s3BackupMode FailedDocumentsOnly / FailedEventsOnly / FailedDataOnly, or Enabled for Redshift) with an s3BackupConfiguration bucket.",
  docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/retry.html",
  config: CONFIG,
  evaluate: { deliveryStream: kdfS3Backup },
  examples,
});
