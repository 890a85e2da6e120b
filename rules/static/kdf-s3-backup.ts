/**
 * kdf-s3-backup: destinations that can fail must keep failed records in S3
 * (https://docs.aws.amazon.com/firehose/latest/dev/create-configure-backup.html). Redshift needs
 * s3BackupMode "Enabled"; the other destinations back up failed records in both of their modes
 * (see FAILED_RECORD_BACKUP_MODES), so for them only a missing backup configuration is flagged.
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import type { RuleContext } from "../types";
import { DESTINATION_CONFIG_KEY, FAILED_RECORD_BACKUP_MODES } from "./destinations";
import { finding, judged, show } from "./finding";

const ID = "kdf-s3-backup";

export function kdfS3Backup(ds: DeliveryStreamConfig, { config }: RuleContext): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  const dest = ds.destination;
  if (!isKnown(dest)) return [];
  if (!((config.destinations ?? []) as string[]).includes(dest)) return [];
  if (!isKnown(ds.backsUpFailedRecordsToS3) || ds.backsUpFailedRecordsToS3) return [];
  const block = DESTINATION_CONFIG_KEY[dest];
  const modes = FAILED_RECORD_BACKUP_MODES[dest] ?? [];
  const mode = isKnown(ds.s3BackupMode) ? ds.s3BackupMode : undefined;
  const fix =
    dest === "redshift"
      ? `Set ${block}.s3BackupMode: "Enabled" with ${block}.s3BackupConfiguration { bucketArn, roleArn }.`
      : `Give ${block} an s3Configuration bucket and s3BackupMode ${modes.map((m) => `"${m}"`).join(" or ")}.`;
  return [
    finding(ID, {
      resource: ds.id,
      property: `${block}.s3BackupMode`,
      found: show(mode),
      expected: modes.map((m) => `"${m}"`).join(" or "),
      details: `Delivery stream "${ds.id.displayName}" (${dest}) has s3BackupMode ${show(mode)}: records that cannot be delivered to ${dest} are not kept in S3 and are lost.`,
      remediation: fix,
    }),
  ];
}
