/** kdf-s3-backup: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsFirehose, awsRedshift, pulumiFirehose, pulumiRedshift, type RuleExample } from "../lib/examples";

const BACKUP = { s3BackupMode: "Enabled", s3BackupConfiguration: { roleArn: "arn:aws:iam::123456789012:role/firehose", bucketArn: "arn:aws:s3:::backup" } };
const AWS_BACKUP = {
  S3BackupMode: "Enabled",
  S3BackupDescription: { RoleARN: "arn:aws:iam::123456789012:role/firehose", BucketARN: "arn:aws:s3:::backup", BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: "UNCOMPRESSED", EncryptionConfiguration: {} },
};

const examples: readonly RuleExample[] = [
  {
    title: "a Redshift destination with S3 backup is fine",
    pulumi: [pulumiRedshift("warehouse-loader", BACKUP)],
    aws: { deliveryStreams: [awsRedshift("warehouse-loader", AWS_BACKUP)] },
    flagged: [],
  },
  {
    title: "a Redshift destination without S3 backup is flagged; an S3 destination needs none",
    pulumi: [pulumiRedshift("warehouse-loader"), pulumiFirehose("events-to-s3")],
    aws: { deliveryStreams: [awsRedshift("warehouse-loader"), awsFirehose("events-to-s3")] },
    flagged: ["warehouse-loader"],
  },
  {
    title: "the destinations judged are a setting",
    config: { destinations: ["splunk"] },
    pulumi: [pulumiRedshift("warehouse-loader")],
    aws: { deliveryStreams: [awsRedshift("warehouse-loader")] },
    flagged: [],
  },
];
export default examples;
