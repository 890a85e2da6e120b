/**
 * kdf-plaintext-credentials: good and bad inputs with the exact resources flagged
 * (test/rules/examples.test.ts, docs/rules.md). A Pulumi-only rule in effect: DescribeDeliveryStream
 * never returns a password, so the live audit has nothing to judge (its example shows that).
 */
import { awsRedshift, pulumiRedshift, type RuleExample } from "../lib/examples";

const BACKUP = { s3BackupMode: "Enabled", s3BackupConfiguration: { roleArn: "arn:aws:iam::123456789012:role/firehose", bucketArn: "arn:aws:s3:::backup" } };

const examples: readonly RuleExample[] = [
  {
    title: "no password in the program (Secrets Manager) is fine; the live audit never sees one",
    pulumi: [pulumiRedshift("warehouse-loader", { ...BACKUP, secretsManagerConfiguration: { enabled: true, secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:loader" } })],
    aws: { deliveryStreams: [awsRedshift("warehouse-loader", { S3BackupMode: "Enabled" })] },
    flagged: [],
  },
  {
    title: "a Redshift password given as a plain string is flagged",
    pulumi: [pulumiRedshift("warehouse-loader", { ...BACKUP, password: "hunter2" })],
    flagged: ["warehouse-loader"],
  },
];
export default examples;
