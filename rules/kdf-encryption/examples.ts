/**
 * kdf-encryption: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts,
 * docs/rules.md). DirectPut delivery streams are judged themselves (the policy kdf-encryption),
 * Kinesis-sourced ones by their source stream (kdf-encryption-source).
 */
import { awsFirehose, awsStream, exampleStreamArn, pulumiFirehose, pulumiStream, type RuleExample } from "../lib/examples";

const ROLE = "arn:aws:iam::123456789012:role/firehose";
const fromStream = (stream: string) => ({ kinesisSourceConfiguration: { kinesisStreamArn: exampleStreamArn(stream), roleArn: ROLE }, serverSideEncryption: undefined });
const awsFromStream = (stream: string) => ({
  DeliveryStreamType: "KinesisStreamAsSource",
  Source: { KinesisStreamSourceDescription: { KinesisStreamARN: exampleStreamArn(stream), RoleARN: ROLE } },
  DeliveryStreamEncryptionConfiguration: { Status: "DISABLED" },
});

const examples: readonly RuleExample[] = [
  {
    title: "a sensitive DirectPut delivery stream with SSE is fine",
    pulumi: [pulumiFirehose("customer-events")],
    aws: { deliveryStreams: [awsFirehose("customer-events")] },
    flagged: [],
  },
  {
    title: "a sensitive DirectPut delivery stream without SSE is flagged; a non-sensitive one is not judged",
    pulumi: [pulumiFirehose("customer-events", { serverSideEncryption: { enabled: false } }), pulumiFirehose("clickstream", { serverSideEncryption: { enabled: false } })],
    aws: {
      deliveryStreams: [
        awsFirehose("customer-events", { DeliveryStreamEncryptionConfiguration: { Status: "DISABLED" } }),
        awsFirehose("clickstream", { DeliveryStreamEncryptionConfiguration: { Status: "DISABLED" } }),
      ],
    },
    flagged: ["customer-events"],
  },
  {
    title: "Kinesis-sourced: judged by its source stream (unencrypted source flagged, KMS source fine)",
    pulumi: [
      pulumiStream("raw-feed", { encryptionType: "NONE", kmsKeyId: undefined, arn: exampleStreamArn("raw-feed") }),
      pulumiStream("safe-feed", { arn: exampleStreamArn("safe-feed") }),
      pulumiFirehose("customer-archive", fromStream("raw-feed")),
      pulumiFirehose("customer-backup", fromStream("safe-feed")),
    ],
    aws: {
      streams: [awsStream("raw-feed", { EncryptionType: "NONE", KeyId: undefined }), awsStream("safe-feed")],
      deliveryStreams: [awsFirehose("customer-archive", awsFromStream("raw-feed")), awsFirehose("customer-backup", awsFromStream("safe-feed"))],
    },
    flagged: ["customer-archive"],
  },
];
export default examples;
