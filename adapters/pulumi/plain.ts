/**
 * Turn a policy's props (SDK proxies, unknown sentinels, Secret objects of any @pulumi/policy copy,
 * or wire envelopes) into a plain value tree the adapters read: unknowns become the model's
 * UNKNOWN, secrets their value, and every secret's path is collected.
 */
import { UNKNOWN } from "../../rules/model";
import { isSecretEnvelope, isSecretObject, UNKNOWN_SENTINELS, unwrapProxy } from "./sdk-internals";
import { secretPathsOf } from "./secret-paths";

export type Plain = null | boolean | number | string | typeof UNKNOWN | Plain[] | { [k: string]: Plain };

export interface PlainProps {
  readonly props: { readonly [k: string]: Plain };
  /** Dotted paths of values that were secrets. */
  readonly secretPaths: ReadonlySet<string>;
}

function convert(value: unknown, path: string, secrets: Set<string>): Plain {
  const v = unwrapProxy(value);
  if (isSecretObject(v) || isSecretEnvelope(v)) {
    if (path) secrets.add(path);
    return convert(v.value, path, secrets);
  }
  if (typeof v === "string") return UNKNOWN_SENTINELS.has(v) ? UNKNOWN : v;
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((e, i) => convert(e, path ? `${path}.${i}` : String(i), secrets));
  if (typeof v === "object") {
    const out: { [k: string]: Plain } = {};
    for (const [k, e] of Object.entries(v)) {
      if (e !== undefined) out[k] = convert(e, path ? `${path}.${k}` : k, secrets);
    }
    return out;
  }
  return null; // functions, assets: nothing a rule reads
}

/**
 * Every secret value the adapter has seen in this process (the leaves under each secret path), so
 * the pack's messages can be redacted of them (policies/message.ts): a rule that prints a model
 * value (a VPC id, a key) never learns that it was a secret. Bounded: a pack process serves one
 * stack's preview.
 */
const seenSecretValues = new Set<string>();
const MAX_SEEN_SECRETS = 10_000;

function rememberLeaves(v: Plain | undefined): void {
  if (seenSecretValues.size >= MAX_SEEN_SECRETS || v === undefined || v === null || v === UNKNOWN) return;
  if (Array.isArray(v)) v.forEach(rememberLeaves);
  else if (typeof v === "object") Object.values(v).forEach(rememberLeaves);
  else seenSecretValues.add(String(v));
}

function atPath(obj: Plain, path: string): Plain | undefined {
  let cur: Plain | undefined = obj;
  for (const k of path.split(".")) {
    if (cur === null || cur === undefined || cur === UNKNOWN || typeof cur !== "object") return undefined;
    cur = Array.isArray(cur) ? cur[Number(k)] : cur[k];
  }
  return cur;
}

/** The secret values seen so far (never print them; redact with them). */
export function secretValuesSeen(): readonly string[] {
  return [...seenSecretValues];
}

/** Plain props and secret paths of a resource as a policy receives it. */
export function toPlain(props: unknown): PlainProps {
  const secrets = new Set<string>(secretPathsOf(props) ?? []);
  const converted = convert(props, "", secrets);
  const obj = converted !== null && typeof converted === "object" && !Array.isArray(converted) ? converted : {};
  for (const p of secrets) rememberLeaves(atPath(obj, p));
  return { props: obj as { [k: string]: Plain }, secretPaths: secrets };
}
