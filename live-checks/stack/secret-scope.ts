/**
 * Where a stack document's secrets are: per resource (URN), the Pulumi property paths that hold a
 * secret, in the view the rules judged ("inputs" for resource policies and a preview, "state" for
 * stack policies and drift), and the plaintext values of a --show-secrets export. Redaction works
 * from this: values from a secret property are replaced where they are placed (drift values, the
 * report's fields of the matched live resource), and free text is searched only for whole tokens
 * equal to a secret (secrets.ts redactText).
 */
import { pathTouchesSecret, secretPathsIn } from "./secrets";
import type { StackDocument, StackResource } from "./types";

export type SecretView = "inputs" | "state";

export interface SecretScope {
  /** Plaintext secret values of the document (only a --show-secrets export has them). Never print these. */
  readonly values: readonly string[];
  /** Is the property at `path` of the resource `ref` (its URN) a secret, or inside / around one? */
  isSecret(ref: string, path: string, view?: SecretView): boolean;
}

function propsFor(r: StackResource, view: SecretView): Readonly<Record<string, unknown>> {
  if (view === "inputs") return r.inputs;
  return Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs;
}

export function secretScopeOf(doc: StackDocument): SecretScope {
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  const cache = new Map<string, readonly string[]>();
  const pathsOf = (ref: string, view: SecretView): readonly string[] => {
    const key = `${view}|${ref}`;
    let paths = cache.get(key);
    if (paths === undefined) {
      const r = byUrn.get(ref);
      paths = r ? secretPathsIn(propsFor(r, view)) : [];
      cache.set(key, paths);
    }
    return paths;
  };
  return {
    values: doc.secretValues,
    isSecret: (ref, path, view = "state") => pathTouchesSecret(path, pathsOf(ref, view)),
  };
}
