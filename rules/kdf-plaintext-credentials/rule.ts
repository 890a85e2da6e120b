/**
 * kdf-plaintext-credentials: destination credentials given as plain strings end up unencrypted in
 * the Pulumi state (https://www.pulumi.com/docs/iac/concepts/secrets/). One finding per field.
 */
import type { DeliveryStreamConfig, Finding } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { ruleConfig } from "../lib/config-schema";

const ID = "kdf-plaintext-credentials";

export function kdfPlaintextCredentials(ds: DeliveryStreamConfig, { config }: RuleContext<Config>): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  return ds.credentials
    .filter((c) => c.plaintext)
    .map((c) =>
      finding(ID, {
        resource: ds.id,
        property: c.path,
        found: "a plain string",
        expected: "a Pulumi secret or secretsManagerConfiguration",
        details: `Delivery stream "${ds.id.displayName}" sets ${c.path} as a plain string: it is stored unencrypted in the Pulumi state and shown in diffs.`,
        remediation: `Pass ${c.path} through pulumi.secret() or config.requireSecret(), or drop it and enable ${c.path.split(".")[0]}.secretsManagerConfiguration.`,
      }),
    );
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({});

export default defineRule({
  id: ID,
  issue: "Plaintext Credentials",
  title: "Destination credentials given as plain text",
  severity: "high",
  category: "security",
  scope: ["static"],
  resourceType: "deliveryStream",
  enforcement: "mandatory",
  description: "A Redshift password, Splunk HEC token or HTTP endpoint access key is a plain string in the program (it is stored unencrypted in the Pulumi state).",
  remediation: "Wrap the value with pulumi.secret() / read it with config.requireSecret(), or use the destination's secretsManagerConfiguration.",
  docsUrl: "https://www.pulumi.com/docs/iac/concepts/secrets/",
  config: CONFIG,
  evaluate: { deliveryStream: kdfPlaintextCredentials },
  examples,
  live: { packOnly: true },
  // Secrets are only visible in the pack's remediation pass: this rule reads what was noted there.
  pack: { readsNotedSecrets: true },
});
