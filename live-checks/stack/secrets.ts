/**
 * Pulumi's special-value envelopes in state and preview documents. A property value that is an
 * object with the signature key "4dabf18193072939515e22adb298388d" is not plain data: secrets
 * (ciphertext, or plaintext with --show-secrets), output values, resource references, assets.
 * Signatures: https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/sig/sig.go
 * (also in node_modules/@pulumi/pulumi/runtime/rpc.js).
 *
 Every secret is normalized to the engine's wire form { [SIG_KEY]: SECRET_SIG, value } - the form
 * the policy pack's adapter reads on the analyzer protocol, so it knows the value was a secret.
 * The value is the plaintext when the export has it (`--show-secrets`: rules then judge what the
 * pack would judge, and the value is remembered for redaction), else SECRET_PLACEHOLDER ("set,
 * value unreadable"). Other envelopes become plain data.
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** Pulumi's sentinel for a value unknown during preview (it is what a preview document holds). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Stands for an encrypted secret. Chosen so it can never be mistaken for a real ARN, name or key. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface Unwrapped {
  readonly value: unknown;
  /** Dotted paths (relative to the unwrapped root) that were secret. */
  readonly secretPaths: string[];
  /** Plaintext secret leaves (strings), for redaction. */
  readonly secretValues: string[];
}

/**
 * Replace every envelope under `value` by plain data.
 * @param path dotted path of `value`, for secretPaths.
 */
export function unwrapProperties(value: unknown, path = ""): Unwrapped {
  const secretPaths: string[] = [];
  const secretValues: string[] = [];
  const walk = (v: unknown, p: string, inSecret: boolean): unknown => {
    if (Array.isArray(v)) return v.map((e, i) => walk(e, `${p}[${i}]`, inSecret));
    if (v === null || typeof v !== "object") {
      if (inSecret && v !== null && v !== undefined) secretValues.push(String(v));
      return v;
    }
    const o = v as Record<string, unknown>;
    const sig = o[SIG_KEY];
    if (sig === SECRET_SIG) {
      secretPaths.push(p);
      if (typeof o.plaintext === "string") return secretEnvelope(walk(parseJsonOr(o.plaintext), p, true));
      if ("value" in o) return secretEnvelope(walk(o.value, p, true));
      return secretEnvelope(SECRET_PLACEHOLDER);
    }
    if (sig === OUTPUT_VALUE_SIG) {
      const secret = o.secret === true;
      const inner = "value" in o ? walk(o.value, p, inSecret || secret) : UNKNOWN_SENTINEL;
      if (!secret) return inner;
      secretPaths.push(p);
      return secretEnvelope(inner);
    }
    if (sig === RESOURCE_REFERENCE_SIG) return typeof o.id === "string" && o.id !== "" ? o.id : o.urn;
    if (sig === ASSET_SIG || sig === ARCHIVE_SIG) return "[asset]";
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(o)) out[k] = walk(e, p ? `${p}.${k}` : k, inSecret);
    return out;
  };
  const result = walk(value, path, false);
  return { value: result, secretPaths, secretValues };
}

/** The engine's wire form of a secret. */
export function secretEnvelope(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Is `v` a secret envelope (any form: ciphertext, plaintext, or wire)? */
export function isSecret(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The value inside a secret envelope; other values unchanged. */
export function revealForRules(v: unknown): unknown {
  return isSecret(v) ? (v as { value?: unknown }).value : v;
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Replace every occurrence of a secret value in `text` by SECRET_PLACEHOLDER. Short values (under
 * 4 characters) are left alone: replacing "1" or "on" everywhere would garble text and protect nothing.
 */
export function redact(text: string, secretValues: readonly string[]): string {
  let out = text;
  for (const s of [...secretValues].sort((a, b) => b.length - a.length)) {
    if (s.length >= 4) out = out.split(s).join(SECRET_PLACEHOLDER);
  }
  return out;
}

/** Findings with every printable field redacted of the document's secret values. */
export function redactFindings<T extends { details: string; remediation: string; found?: string; expected?: string }>(findings: readonly T[], secretValues: readonly string[]): T[] {
  if (secretValues.length === 0) return [...findings];
  return findings.map((f) => ({
    ...f,
    details: redact(f.details, secretValues),
    remediation: redact(f.remediation, secretValues),
    ...(f.found === undefined ? {} : { found: redact(f.found, secretValues) }),
    ...(f.expected === undefined ? {} : { expected: redact(f.expected, secretValues) }),
  }));
}
