/**
 * kdf-encryption (static part): sensitive DirectPut delivery streams need server-side encryption
 * (https://docs.aws.amazon.com/firehose/latest/dev/encryption.html). A stream fed by Kinesis Data
 * Streams cannot enable SSE itself; rules/stack/kdf-encryption-source.ts judges its source.
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import type { RuleContext } from "../types";
import { finding, judged, scopeWord, show } from "./finding";

const ID = "kdf-encryption";

export function kdfEncryption(ds: DeliveryStreamConfig, { config }: RuleContext): Finding[] {
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
        remediation: `Set serverSideEncryption: { enabled: true, keyType: "${config.requireCustomerManagedKey === true ? "CUSTOMER_MANAGED_CMK" : "AWS_OWNED_CMK"}" } (StartDeliveryStreamEncryption, in place).`,
      }),
    ];
  }
  if (config.requireCustomerManagedKey === true && isKnown(keyType) && keyType !== "CUSTOMER_MANAGED_CMK") {
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
