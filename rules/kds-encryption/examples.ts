/** kds-encryption: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsStream, pulumiStream, type RuleExample } from "../lib/examples";

const NONE = { encryptionType: "NONE", kmsKeyId: undefined };
const AWS_NONE = { EncryptionType: "NONE", KeyId: undefined };

const examples: readonly RuleExample[] = [
  {
    title: "a sensitive stream (by tag) encrypted with KMS is fine",
    pulumi: [pulumiStream("pii-events", { tags: { DataClassification: "pii" } })],
    aws: { streams: [awsStream("pii-events", {}, { DataClassification: "pii" })] },
    flagged: [],
  },
  {
    title: "a sensitive stream without encryption is flagged; a public one is not judged",
    pulumi: [pulumiStream("pii-events", { ...NONE, tags: { DataClassification: "pii" } }), pulumiStream("clicks", { ...NONE, tags: { DataClassification: "public" } })],
    aws: {
      streams: [awsStream("pii-events", AWS_NONE, { DataClassification: "pii" }), awsStream("clicks", AWS_NONE, { DataClassification: "public" })],
    },
    flagged: ["pii-events"],
  },
  {
    title: "untagged: name keywords match whole name tokens (plurals too), not substrings",
    pulumi: [pulumiStream("customers-feed", NONE), pulumiStream("userland-metrics", NONE)],
    aws: { streams: [awsStream("customers-feed", AWS_NONE), awsStream("userland-metrics", AWS_NONE)] },
    flagged: ["customers-feed"],
  },
  {
    title: "requireCustomerManagedKey: the AWS-managed key alias/aws/kinesis is flagged",
    config: { requireCustomerManagedKey: true },
    pulumi: [
      pulumiStream("payment-events"),
      pulumiStream("payment-ledger", { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }),
    ],
    aws: {
      streams: [awsStream("payment-events"), awsStream("payment-ledger", { KeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" })],
    },
    flagged: ["payment-events"],
  },
];
export default examples;
