/**
 * kds-encryption: sensitive streams must use server-side encryption with KMS
 * (https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html).
 */
import { isKnown, type Finding, type StreamConfig } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged, scopeWord, show } from "../lib/judge";
import type { Static } from "@sinclair/typebox";
import { defineRule, type PulumiProps } from "../define-rule";
import examples from "./examples";
import { appliesTo, bool, classification, ruleConfig } from "../lib/config-schema";

const ID = "kds-encryption";
/** The AWS-managed key for Kinesis, by alias name or alias ARN. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

export function isAwsManagedKinesisKey(keyId: string | undefined): boolean {
  return keyId === undefined || keyId === AWS_MANAGED_KINESIS_KEY || keyId.endsWith(`:${AWS_MANAGED_KINESIS_KEY}`);
}

export function kdsEncryption(stream: StreamConfig, { config }: RuleContext<Config>): Finding[] {
  if (!judged(ID, stream.name, stream.tags, config)) return [];
  const enc = stream.encryptionType;
  if (!isKnown(enc)) return [];
  const who = `Stream "${stream.id.displayName}" (${scopeWord(config)})`;
  if (enc !== "KMS") {
    return [
      finding(ID, {
        resource: stream.id,
        property: "encryptionType",
        found: show(enc),
        expected: '"KMS"',
        details: `${who} has encryptionType ${show(enc)}; expected "KMS": its records are stored unencrypted at rest.`,
        remediation: 'Set encryptionType: "KMS" and kmsKeyId: "alias/aws/kinesis" (or a customer-managed key ARN); StartStreamEncryption applies in place without downtime.',
      }),
    ];
  }
  if (config.requireCustomerManagedKey && isKnown(stream.kmsKeyId) && isAwsManagedKinesisKey(stream.kmsKeyId)) {
    return [
      finding(ID, {
        resource: stream.id,
        property: "kmsKeyId",
        found: show(stream.kmsKeyId),
        expected: "a customer-managed KMS key ARN",
        details: `${who} is encrypted with the AWS-managed key ${show(stream.kmsKeyId)}; requireCustomerManagedKey asks for a customer-managed KMS key.`,
        remediation: "Create an aws.kms.Key (with rotation enabled) and set kmsKeyId to its ARN.",
      }),
    ];
  }
  return [];
}

/** Pack remediation: KMS with the AWS-managed key (StartStreamEncryption, in place); a customer-managed key is a person's choice. */
function fixStreamEncryption(props: PulumiProps, findings: readonly Finding[]): PulumiProps | undefined {
  if (!findings.some((f) => f.property === "encryptionType")) return undefined;
  return { ...props, encryptionType: "KMS", kmsKeyId: AWS_MANAGED_KINESIS_KEY };
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  ...appliesTo("sensitive"),
  ...classification,
  requireCustomerManagedKey: bool("Reject the AWS-managed key alias/aws/kinesis.", false),
});

export default defineRule({
  id: ID,
  issue: "No Encryption",
  title: "Sensitive stream without server-side encryption",
  severity: "high",
  category: "security",
  scope: ["static"],
  resourceType: "stream",
  enforcement: "mandatory",
  description: "A sensitive stream (by tag or name keyword) has encryptionType NONE, or uses the AWS-managed key when a customer-managed key is required.",
  remediation: 'Set encryptionType "KMS" with kmsKeyId "alias/aws/kinesis" (or a customer-managed key): StartStreamEncryption works in place without downtime.',
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
  config: CONFIG,
  evaluate: { stream: kdsEncryption },
  examples,
  // One unencrypted stream is one issue, also when the delivery streams it feeds are flagged
  // (kdf-encryption's stack part names it in data.sourceStream): the fix is to encrypt the stream.
  live: { issueKey: (f) => `stream-encryption|${f.resource.ref}` },
  pack: { fixStream: fixStreamEncryption },
});
