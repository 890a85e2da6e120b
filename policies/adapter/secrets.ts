/**
 * Remember which property paths of a resource arrived as secrets. @pulumi/policy unwraps secrets
 * before validateResource/validateStack see the props, so the pack wraps the SDK's
 * deserializeProperties (the function the analyzer server calls on each request) to record, per
 * returned props object, the paths that were secret envelopes on the wire.
 */
import { deserializeModule, isSecretEnvelope, unwrapProxy } from "./sdk-internals";

const secretPathsByProps = new WeakMap<object, ReadonlySet<string>>();
let installed = false;

/** Dotted paths (array indexes as numbers) of every secret envelope in a wire value. */
export function findSecretPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (isSecretEnvelope(value)) {
    if (prefix) out.add(prefix);
    findSecretPaths(value.value, prefix, out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findSecretPaths(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) findSecretPaths(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** Install the recording wrapper once per process (idempotent). */
export function installSecretTracking(): void {
  if (installed) return;
  const original = deserializeModule.deserializeProperties;
  deserializeModule.deserializeProperties = (struct, proxySecrets) => {
    const result = original(struct, proxySecrets);
    // Key by the raw object: policies reach it through unwrapProxy whatever proxies wrap it.
    const raw = unwrapProxy(result);
    if (raw !== null && typeof raw === "object") {
      secretPathsByProps.set(raw, findSecretPaths(struct.toJavaScript()));
    }
    return result;
  };
  installed = true;
}

/**
 * The secret paths of a policy's props, or undefined when they were not recorded (props built
 * outside the analyzer, e.g. in unit tests, must then carry secrets as envelopes or Secret objects).
 */
export function secretPathsOf(props: unknown): ReadonlySet<string> | undefined {
  const raw = unwrapProxy(props);
  return raw !== null && typeof raw === "object" ? secretPathsByProps.get(raw) : undefined;
}
