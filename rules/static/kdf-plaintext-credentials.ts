/**
 * kdf-plaintext-credentials: destination credentials given as plain strings end up unencrypted in
 * the Pulumi state (https://www.pulumi.com/docs/iac/concepts/secrets/). One finding per field.
 */
import type { DeliveryStreamConfig, Finding } from "../model";
import type { RuleContext } from "../types";
import { finding, judged } from "./finding";

const ID = "kdf-plaintext-credentials";

export function kdfPlaintextCredentials(ds: DeliveryStreamConfig, { config }: RuleContext): Finding[] {
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
