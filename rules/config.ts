/**
 * Rule configuration: one helper that applies each rule's schema defaults and validates user
 * values, used by the policy pack (Pulumi's CLI applies schema defaults, the SDK does not, so we
 * never rely on either) and by the live checker.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { CATALOG, rule } from "./catalog";
import type { RuleConfig } from "./types";

export type { RuleConfig } from "./types";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();
function validatorFor(id: string): ValidateFunction {
  let v = validators.get(id);
  if (!v) {
    v = ajv.compile(rule(id).configSchema);
    validators.set(id, v);
  }
  return v;
}

/** Keys the Pulumi engine adds to every policy's config; not part of our schemas. */
const ENGINE_KEYS = new Set(["enforcementLevel"]);

/**
 * Resolve a rule's config: defaults for missing keys, validation of given ones.
 * @param source names where the values came from (a file, "--policy-pack-config"), for errors.
 * @throws ConfigError naming the rule, key, value and what is allowed.
 * @typeParam C the rule's static config type (`Config` of rules/<id>/rule.ts), inferred where the
 *   result is passed to that rule's evaluate function: the value has just been validated, with
 *   defaults applied, against the schema that type comes from.
 */
export function resolveRuleConfig<C extends RuleConfig = RuleConfig>(id: string, raw: unknown, source = "config"): C {
  const input: Record<string, unknown> = {};
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== "object" || Array.isArray(raw)) {
      throw new ConfigError(`${source}: "${id}" must be an object of settings, got ${JSON.stringify(raw)}`);
    }
    for (const [k, v] of Object.entries(structuredClone(raw) as Record<string, unknown>)) {
      if (!ENGINE_KEYS.has(k)) input[k] = v;
    }
  }
  const validate = validatorFor(id);
  if (!validate(input)) {
    throw new ConfigError(formatErrors(id, input, validate.errors ?? [], source));
  }
  return Object.freeze(input) as C;
}

/** Default config of every rule, keyed by rule id. */
export function defaultConfigs(): Record<string, RuleConfig> {
  return Object.fromEntries(CATALOG.map((r) => [r.id, resolveRuleConfig(r.id, undefined)]));
}

function formatErrors(id: string, input: Record<string, unknown>, errors: ErrorObject[], source: string): string {
  const props = Object.keys(rule(id).configSchema.properties);
  const lines = errors.map((e) => {
    if (e.keyword === "additionalProperties") {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const hint = closest(key, props);
      return `unknown key "${id}.${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${props.join(", ")}`;
    }
    const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const key = path.split(".")[0] ?? "";
    const value = key ? JSON.stringify(input[key]) : JSON.stringify(input);
    return `"${id}.${path}" = ${value}: ${e.message ?? "invalid"}`;
  });
  return `${source}: invalid settings for rule "${id}":\n  - ${lines.join("\n  - ")}`;
}

/** The candidate closest to `word` by edit distance, if close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
