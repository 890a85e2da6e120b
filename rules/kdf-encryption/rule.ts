/**
 * kdf-encryption (static part): sensitive DirectPut delivery streams need server-side encryption
 * (https://docs.aws.amazon.com/firehose/latest/dev/encryption.html). A stream fed by Kinesis Data
 * Streams cannot enable SSE itself; ./source-stream.ts judges its source.
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged, scopeWord, show } from "../lib/judge";
import { defineRule, type PulumiProps } from "../define-rule";
import examples from "./examples";
import { kdfEncryptionSource } from "./source-stream";
import { CONFIG, type Config } from "./config";

export type { Config } from "./config";

const ID = "kdf-encryption";

export function kdfEncryption(ds: DeliveryStreamConfig, { config }: RuleContext<Config>): Finding[] {
  if (ds.source.type !== "DirectPut") return [];
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  const { enabled, keyType } = ds.sse;
  if (!isKnown(enabled)) return [];
  const who = `Delivery stream "${ds.id.displayName}" (${scopeWord(config)}, DirectPut)`;
  if (!enabled) {
    return [
      finding(ID, {
        resource: ds.id,
        property: "serverSideEncryption.enabled",
        found: "false",
        expected: "true",
        details: `${who} has no server-side encryption: records are buffered unencrypted at rest.`,
        remediation: `Set serverSideEncryption: { enabled: true, keyType: "${config.requireCustomerManagedKey ? "CUSTOMER_MANAGED_CMK" : "AWS_OWNED_CMK"}" } (StartDeliveryStreamEncryption, in place).`,
      }),
    ];
  }
  if (config.requireCustomerManagedKey && isKnown(keyType) && keyType !== "CUSTOMER_MANAGED_CMK") {
    return [
      finding(ID, {
        resource: ds.id,
        property: "serverSideEncryption.keyType",
        found: show(keyType ?? "AWS_OWNED_CMK"),
        expected: '"CUSTOMER_MANAGED_CMK"',
        details: `${who} is encrypted with an AWS-owned key; requireCustomerManagedKey asks for a customer-managed KMS key.`,
        remediation: 'Set serverSideEncryption.keyType: "CUSTOMER_MANAGED_CMK" and keyArn to a KMS key ARN.',
      }),
    ];
  }
  return [];
}

/**
 * Pack remediation: SSE with an AWS-owned key (StartDeliveryStreamEncryption, in place); none when a
 * customer-managed key is required (a person chooses it).
 */
function fixDeliveryStreamSse(props: PulumiProps, findings: readonly Finding[], _ds: DeliveryStreamConfig, config: Config): PulumiProps | undefined {
  if (config.requireCustomerManagedKey) return undefined;
  if (!findings.some((f) => f.property === "serverSideEncryption.enabled")) return undefined;
  return { ...props, serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } };
}

export default defineRule({
  id: ID,
  issue: "No Encryption",
  title: "Sensitive delivery stream without server-side encryption",
  severity: "high",
  category: "security",
  scope: ["static", "stack"],
  resourceType: "deliveryStream",
  enforcement: "mandatory",
  description: "A sensitive DirectPut delivery stream without server-side encryption. A delivery stream fed by a Kinesis stream cannot enable SSE itself: its source stream is judged instead.",
  remediation: 'Enable serverSideEncryption { enabled: true, keyType: "AWS_OWNED_CMK" } (or CUSTOMER_MANAGED_CMK); for a Kinesis source, encrypt the source stream with KMS.',
  docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/encryption.html",
  config: CONFIG,
  evaluate: { deliveryStream: kdfEncryption, stack: kdfEncryptionSource },
  examples,
  stackPolicyName: "kdf-encryption-source",
  // A Kinesis-sourced delivery stream is flagged for its source stream's encryption: the same issue
  // as kds-encryption's finding on that stream (one fix: encrypt the stream).
  live: { issueKey: (f) => (typeof f.data?.sourceStream === "string" ? `stream-encryption|${f.data.sourceStream}` : undefined) },
  pack: { fixDeliveryStream: fixDeliveryStreamSse },
});
