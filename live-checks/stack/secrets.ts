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

import { SECRET_PLACEHOLDER } from "../secret-placeholder";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** Pulumi's sentinel for a value unknown during preview (it is what a preview document holds). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Stands for an encrypted secret (defined in ../secret-placeholder.ts, shared with drift/). */
export { SECRET_PLACEHOLDER };

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
 * Secret values shorter than this are not searched for in free text: a one- or two-character value
 * ("1", "on") is guessable anyway, and replacing each of its occurrences would garble every message.
 * Structural redaction (drift values, the report's fields of a resource whose stack property is
 * secret) hides them whatever their length.
 */
export const MIN_TEXT_SECRET_LENGTH = 3;

/**
 * Does the text continue a token at `i` (looking away from a match in direction `dir`)? Letters,
 * digits and `_` do; `-`, `.`, `/`, `:` do when a letter or digit follows them: a secret "orders" is
 * not what `orders-stream`, `stream/orders` or `orders.v2` holds, and those stay intact, while
 * "ends in orders." is a sentence's full stop. Quotes, spaces, `=`, `,`, brackets end a token: a
 * value printed as a value ("orders", --name orders, Key=orders) is replaced.
 */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const JOINER = /[-./:]/;
function continuesToken(text: string, i: number, dir: 1 | -1): boolean {
  const c = text[i];
  if (c === undefined) return false;
  if (WORD_CHAR.test(c)) return true;
  const next = text[i + dir];
  return JOINER.test(c) && next !== undefined && WORD_CHAR.test(next);
}

/**
 * Replace each occurrence of a secret value in `text` that stands as a whole token (continuesToken)
 * by SECRET_PLACEHOLDER; the longest values first.
 */
export function redactText(text: string, secretValues: readonly string[]): string {
  let out = text;
  const values = [...new Set(secretValues)].filter((v) => v.length >= MIN_TEXT_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const v of values) {
    let from = 0;
    let i: number;
    while ((i = out.indexOf(v, from)) >= 0) {
      if (!continuesToken(out, i - 1, -1) && !continuesToken(out, i + v.length, 1)) {
        out = out.slice(0, i) + SECRET_PLACEHOLDER + out.slice(i + v.length);
        from = i + SECRET_PLACEHOLDER.length;
      } else {
        from = i + 1;
      }
    }
  }
  return out;
}

/** Earlier name of redactText. */
export const redact = redactText;

/** Every string inside `v` (objects, arrays) with secret values redacted (redactText). */
export function redactDeep(v: unknown, secretValues: readonly string[]): unknown {
  if (typeof v === "string") return redactText(v, secretValues);
  if (Array.isArray(v)) return v.map((e) => redactDeep(e, secretValues));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, redactDeep(e, secretValues)]));
  return v;
}

interface PrintableFinding {
  readonly details: string;
  readonly remediation: string;
  readonly found?: string;
  readonly expected?: string;
  readonly property?: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A finding with every printable field (details, remediation, found, expected, property, data) redacted. */
export function redactFinding<T extends PrintableFinding>(f: T, secretValues: readonly string[]): T {
  if (secretValues.length === 0) return f;
  return {
    ...f,
    details: redactText(f.details, secretValues),
    remediation: redactText(f.remediation, secretValues),
    ...(f.found === undefined ? {} : { found: redactText(f.found, secretValues) }),
    ...(f.expected === undefined ? {} : { expected: redactText(f.expected, secretValues) }),
    ...(f.property === undefined ? {} : { property: redactText(f.property, secretValues) }),
    ...(f.data === undefined ? {} : { data: redactDeep(f.data, secretValues) as T["data"] }),
  };
}

/** Findings with every printable field redacted of the document's secret values. */
export function redactFindings<T extends PrintableFinding>(findings: readonly T[], secretValues: readonly string[]): T[] {
  return findings.map((f) => redactFinding(f, secretValues));
}

/**
 * Dotted paths ("a.b.0.c", the policy adapter's notation) of the secret envelopes inside a
 * resource's properties as StackDocument holds them. A path of an envelope nested in another
 * envelope is listed too.
 */
export function secretPathsIn(value: unknown, prefix = "", out: string[] = []): string[] {
  if (isSecret(value)) {
    if (prefix) out.push(prefix);
    secretPathsIn((value as { value?: unknown }).value, prefix, out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => secretPathsIn(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) secretPathsIn(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** Does `path` touch a secret: equal to a secret path, inside one, or holding one? */
export function pathTouchesSecret(path: string, secretPaths: readonly string[]): boolean {
  return secretPaths.some((s) => s === path || path.startsWith(`${s}.`) || s.startsWith(`${path}.`));
}
