/**
 * Which inputs of a resource's props are Pulumi secrets, when the pack noted them
 * (adapters/pulumi/secrets.ts, in the remediation pass). Kept apart so plain.ts reads the note
 * without importing the policy that takes it, and that policy converts props with plain.ts (no
 * import cycle).
 */
import { unwrapProxy } from "./sdk-internals";

const secretPathsByProps = new WeakMap<object, ReadonlySet<string>>();

/** Attach the noted secret paths to the props object a validation receives. */
export function noteSecretPaths(rawProps: object, paths: ReadonlySet<string>): void {
  secretPathsByProps.set(rawProps, paths);
}

/**
 * The secret paths noted for a policy's props, or undefined (props built outside the analyzer,
 * e.g. in unit tests, then carry secrets as envelopes or Secret objects, which plain.ts sees).
 */
export function secretPathsOf(props: unknown): ReadonlySet<string> | undefined {
  const raw = unwrapProxy(props);
  return raw !== null && typeof raw === "object" ? secretPathsByProps.get(raw) : undefined;
}
