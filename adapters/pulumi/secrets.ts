/**
 * Which inputs of a resource are Pulumi secrets, learned without patching @pulumi/policy, so it
 * holds whichever copy of the SDK serves the pack (this package's own, or a host pack's that
 * spreads kinesisGuardPolicies() into its own PolicyPack).
 *
 * A validation cannot see secrets: Analyze deserializes the engine's inputs with proxySecrets=false
 * (@pulumi/policy deserialize.js), which unwraps every secret into its plain value. Only the
 * remediation pass keeps them: Remediate deserializes with proxySecrets=true, wrapping each secret
 * in a `Secret`. The engine runs that pass for every resource and every analyzer before Analyze,
 * with the same inputs (pulumi pkg/resource/deploy/step_generator.go: "first we perform
 * remediations, and *then* we do analysis"). So a policy at enforcement level "remediate" that
 * changes nothing notes, per URN, which input paths arrived as secrets, and
 * kdf-plaintext-credentials reads that note in the Analyze that follows.
 *
 * When the note is missing (the noting policy was disabled or lowered, e.g. by an "all" level in
 * --policy-pack-config, or a client that skips the remediation pass), a plain-looking credential
 * cannot be judged: kdf-plaintext-credentials then fails with what to do instead of guessing.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { toPlain } from "./plain";
import { TYPES } from "./resource";
import { unwrapProxy } from "./sdk-internals";
import { noteSecretPaths } from "./secret-paths";

export { secretPathsOf } from "./secret-paths";

/** Name of the policy that notes secret inputs in the remediation pass. */
export const SECRET_INPUTS_POLICY = "kinesis-guard-secret-inputs";

/** Secret input paths per URN, noted in the remediation pass and taken by the Analyze that follows. */
const notedByUrn = new Map<string, ReadonlySet<string>>();

/** The note for this Analyze; each note serves once, so a later Analyze never reads an old pass. */
function takeNote(urn: string): ReadonlySet<string> | undefined {
  const noted = notedByUrn.get(urn);
  notedByUrn.delete(urn);
  return noted;
}

/** The policy that notes secret inputs: remediate-level, Firehose only, never changes anything. */
export function secretInputsPolicy(): ResourceValidationPolicy {
  const remediate = (args: ResourceValidationArgs): undefined => {
    notedByUrn.set(args.urn, toPlain(args.props).secretPaths);
    return undefined;
  };
  return {
    name: SECRET_INPUTS_POLICY,
    description:
      "Not a check: notes which delivery stream inputs are Pulumi secrets, in the engine's remediation pass (the only place " +
      "@pulumi/policy shows secrets to a policy), so kdf-plaintext-credentials can tell a secret from a plain string. " +
      'Changes nothing. Keep it at enforcement level "remediate".',
    enforcementLevel: "remediate",
    remediateResource: Object.assign(remediate, { __pulumiType: TYPES.deliveryStream }),
  };
}

/**
 * kdf-plaintext-credentials' validation, fed the secret paths noted for the resource. Without a
 * note, any violation it finds may be a secret it cannot see: it throws (the engine fails the
 * preview naming the policy) with the reason and the fix instead of reporting a guess.
 */
export function withNotedSecrets(
  policyName: string,
  validate: (args: ResourceValidationArgs, report: ReportViolation) => void | Promise<void>,
): (args: ResourceValidationArgs, report: ReportViolation) => Promise<void> {
  return async (args, report) => {
    const noted = takeNote(args.urn);
    const raw = unwrapProxy(args.props);
    if (noted && raw !== null && typeof raw === "object") {
      noteSecretPaths(raw, noted);
      return validate(args, report);
    }
    const found: string[] = [];
    await validate(args, (message) => {
      found.push(message);
    });
    if (found.length === 0) return;
    throw new Error(
      `${policyName} cannot tell whether the credentials of ${args.urn} are Pulumi secrets: policy "${SECRET_INPUTS_POLICY}" ` +
        `did not see this resource in the engine's remediation pass, the only place @pulumi/policy shows secrets to a policy. ` +
        `Keep "${SECRET_INPUTS_POLICY}" at enforcement level "remediate" (an "all" level in --policy-pack-config overrides it: ` +
        `add "${SECRET_INPUTS_POLICY}": "remediate" after it), and run the pack with the Pulumi CLI (it remediates before it analyzes). ` +
        `Unverified findings: ${found.join(" | ")}`,
    );
  };
}
