/**
 * Test helper: turn an example program captured under Pulumi mocks (test/harness) into the
 * documents the Pulumi CLI would write for it, with the CLI's encodings:
 * - `pulumi stack export` (deployment v3): secrets as { sig, ciphertext } (never plaintext),
 *   a default AWS provider resource carrying the region, the stack resource as parent;
 * - `pulumi preview --json`: one step per resource with newState.inputs/outputs, secrets as
 *   { sig, ciphertext: "[secret]" } (what the CLI's blinding crypter prints).
 */
import type { CapturedProgram } from "../harness/captured";
import { SECRET_SIG, SIG_KEY } from "../../live-checks/stack/secrets";

const PROJECT = "kinesis-guard-example";
const STACK = "dev";
const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;
const PROVIDER_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:aws::default_7_48_0`;
const PROVIDER_REF = `${PROVIDER_URN}::04da6b54-0000-4000-8000-000000000001`;

/** A ciphertext for a secret's value, or null to write it as `--show-secrets` does (plaintext JSON). */
type Cipher = (plain: unknown) => string | null;

function encodeSecrets(v: unknown, ciphertext: Cipher): unknown {
  if (Array.isArray(v)) return v.map((e) => encodeSecrets(e, ciphertext));
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (o[SIG_KEY] === SECRET_SIG) {
    const c = ciphertext(o.value);
    return c === null ? { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(o.value) } : { [SIG_KEY]: SECRET_SIG, ciphertext: c };
  }
  return Object.fromEntries(Object.entries(o).map(([k, e]) => [k, encodeSecrets(e, ciphertext)]));
}

const fakeCipher = (plain: unknown) => `v1:${Buffer.from(JSON.stringify(plain)).toString("base64").replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) ^ 1))}`;

function resourceState(r: CapturedProgram["resources"][number], ciphertext: Cipher) {
  const outputs = encodeSecrets(r.outputs, ciphertext) as Record<string, unknown>;
  const { id: _id, ...outs } = outputs;
  return {
    urn: r.urn,
    custom: r.custom,
    ...(r.custom ? { id: typeof outputs.arn === "string" && r.type.includes("firehose") ? outputs.arn : typeof outputs.name === "string" ? outputs.name : `${r.name}-id` } : {}),
    type: r.type,
    inputs: encodeSecrets(r.inputs, ciphertext),
    outputs: outs,
    parent: r.parent ?? STACK_URN,
    ...(r.custom ? { provider: r.provider ?? PROVIDER_REF } : {}),
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  };
}

/** @param showSecrets write secrets decrypted, as `pulumi stack export --show-secrets` does */
export function stackExportFromCapture(captured: CapturedProgram, region = "us-east-1", showSecrets = false): Record<string, unknown> {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-01-01T00:00:00.000Z", magic: "0000", version: "v3.200.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:AAAA" } },
      resources: [
        { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        {
          urn: PROVIDER_URN,
          custom: true,
          id: "04da6b54-0000-4000-8000-000000000001",
          type: "pulumi:providers:aws",
          inputs: { region, skipCredentialsValidation: "false", version: "7.48.0" },
          outputs: { region, skipCredentialsValidation: "false", version: "7.48.0" },
        },
        ...captured.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => resourceState(r, showSecrets ? () => null : fakeCipher)),
      ],
    },
  };
}

export function previewFromCapture(captured: CapturedProgram, region = "us-east-1"): Record<string, unknown> {
  const steps = captured.resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({ op: "same", urn: r.urn, provider: PROVIDER_REF, newState: resourceState(r, () => "[secret]") }));
  return {
    config: { "aws:region": region, [`${PROJECT}:redshiftPassword`]: "[secret]" },
    steps,
    duration: 1234567,
    changeSummary: { same: steps.length },
  };
}
