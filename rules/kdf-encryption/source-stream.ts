/**
 * kdf-encryption (stack part): a delivery stream fed by a Kinesis stream cannot enable SSE itself
 * (https://docs.aws.amazon.com/firehose/latest/dev/encryption.html: "when you configure a Kinesis
 * data stream as the data source ... Firehose doesn't store the data"); its source stream is judged
 * instead. The source is found by the graph (streamRef) or by ARN; a source outside the inventory
 * cannot be judged (no finding). The static part and the metadata: ./rule.ts.
 */
import { isKnown, type Finding, type Inventory, type StreamConfig } from "../model";
import type { RuleContext } from "../types";
import { isAwsManagedKinesisKey } from "../kds-encryption/rule";
import { finding } from "../lib/finding-builder";
import { judged, scopeWord, show } from "../lib/judge";
import type { Config } from "./config";

const ID = "kdf-encryption";

export function kdfEncryptionSource(inv: Inventory, { config }: RuleContext<Config>): Finding[] {
  const byRef = new Map<string, StreamConfig>();
  const byArn = new Map<string, StreamConfig>();
  for (const s of inv.streams) {
    byRef.set(s.id.ref, s);
    if (isKnown(s.arn) && s.arn) byArn.set(s.arn, s);
  }
  const out: Finding[] = [];
  for (const ds of inv.deliveryStreams) {
    const src = ds.source;
    if (src.type !== "KinesisStreamAsSource") continue;
    if (!judged(ID, ds.name, ds.tags, config)) continue;
    const stream =
      (src.streamRef !== undefined ? byRef.get(src.streamRef) : undefined) ??
      (isKnown(src.streamArn) && src.streamArn ? byArn.get(src.streamArn) : undefined);
    if (!stream || !isKnown(stream.encryptionType)) continue;
    const who = `Delivery stream "${ds.id.displayName}" (${scopeWord(config)}) reads from Kinesis stream "${stream.id.displayName}"`;
    if (stream.encryptionType !== "KMS") {
      out.push(
        finding(ID, {
          resource: ds.id,
          property: "kinesisSourceConfiguration.kinesisStreamArn",
          found: `source stream "${stream.id.displayName}" encryptionType ${show(stream.encryptionType)}`,
          expected: 'source stream encryptionType "KMS"',
          details: `${who}, which is not encrypted (encryptionType ${show(stream.encryptionType)}); a Kinesis-sourced delivery stream cannot enable SSE itself, so its data is unencrypted at rest in the source.`,
          remediation: `Encrypt the source stream "${stream.id.displayName}": encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" (or a customer-managed key).`,
          data: { sourceStream: stream.id.ref },
        }),
      );
    } else if (config.requireCustomerManagedKey && isKnown(stream.kmsKeyId) && isAwsManagedKinesisKey(stream.kmsKeyId)) {
      out.push(
        finding(ID, {
          resource: ds.id,
          property: "kinesisSourceConfiguration.kinesisStreamArn",
          found: `source stream "${stream.id.displayName}" kmsKeyId ${show(stream.kmsKeyId)}`,
          expected: "source stream encrypted with a customer-managed KMS key",
          details: `${who}, which uses the AWS-managed key; requireCustomerManagedKey asks for a customer-managed KMS key.`,
          remediation: `Set kmsKeyId of stream "${stream.id.displayName}" to a customer-managed aws.kms.Key ARN.`,
          data: { sourceStream: stream.id.ref },
        }),
      );
    }
  }
  return out;
}
