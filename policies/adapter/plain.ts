/**
 * Turn a policy's props (SDK proxies, unknown sentinels, Secret objects of any @pulumi/policy copy,
 * or wire envelopes) into a plain value tree the adapters read: unknowns become the model's
 * UNKNOWN, secrets their value, and every secret's path is collected.
 */
import { UNKNOWN } from "../../rules/model";
import { isSecretEnvelope, isSecretObject, UNKNOWN_SENTINELS, unwrapProxy } from "./sdk-internals";
import { secretPathsOf } from "./secrets";

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

/** Plain props and secret paths of a resource as a policy receives it. */
export function toPlain(props: unknown): PlainProps {
  const secrets = new Set<string>(secretPathsOf(props) ?? []);
  const converted = convert(props, "", secrets);
  const obj = converted !== null && typeof converted === "object" && !Array.isArray(converted) ? converted : {};
  return { props: obj as { [k: string]: Plain }, secretPaths: secrets };
}
