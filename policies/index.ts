/**
 * kinesis-guard's policies for a Pulumi policy pack: run as they are (the repo's index.ts), or
 * spread beside AWSGuard or your own policies in your own `new PolicyPack(...)`
 * (`import { kinesisGuardPolicies } from "kinesis-guard/policy"`).
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { EXTRA_POLICY_NAMES, RULE_IDS, rule, ruleIdOfPolicy } from "../rules/catalog";
import { closest, ConfigError, resolveRuleConfig } from "../rules/config";
import { SECRET_INPUTS_POLICY, secretInputsPolicy, withNotedSecrets } from "../adapters/pulumi/secrets";
import { resourcePolicies } from "./resource-policies";
import { stackPolicies } from "./stack-policies";

/** A policy's setting: an enforcement level, or an object of its settings with an optional level. */
export type PolicySetting = EnforcementLevel | { readonly enforcementLevel?: EnforcementLevel; readonly [key: string]: unknown };

/**
 * The same shape as the config file (and Pulumi's `--policy-pack-config`): keys are policy names
 * (`kinesis-guard rules` lists them), "all" sets every kinesis-guard policy's level, and the
 * "kinesis-guard" block (the live checker's settings) is ignored here, so a user can pass the file.
 */
export interface KinesisGuardConfig {
  readonly all?: EnforcementLevel;
  readonly [policyName: string]: PolicySetting | undefined;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const LIVE_SETTINGS_KEY = "kinesis-guard";
const SOURCE = "kinesisGuardPolicies()";

interface Chosen {
  readonly level?: EnforcementLevel;
  readonly settings: Readonly<Record<string, unknown>>;
}

function level(value: unknown, what: string): EnforcementLevel {
  if (!LEVELS.includes(value as EnforcementLevel)) {
    throw new ConfigError(`${SOURCE}: ${what} = ${JSON.stringify(value)}: must be one of ${LEVELS.join(", ")}`);
  }
  return value as EnforcementLevel;
}

/** Validate the whole config up front, so a typo fails at pack start with the key and what is allowed. */
function parseConfig(config: KinesisGuardConfig): { all?: EnforcementLevel; byPolicy: Map<string, Chosen> } {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new ConfigError(`${SOURCE}: the config must be an object keyed by policy name`);
  }
  const names = [...RULE_IDS, ...Object.keys(EXTRA_POLICY_NAMES), SECRET_INPUTS_POLICY];
  const byPolicy = new Map<string, Chosen>();
  for (const [key, value] of Object.entries(config)) {
    if (key === "all" || key === LIVE_SETTINGS_KEY || value === undefined) continue;
    if (!names.includes(key)) {
      const hint = closest(key, [...names, "all"]);
      throw new ConfigError(`${SOURCE}: unknown policy "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${names.join(", ")}, "all"`);
    }
    if (typeof value === "string") {
      byPolicy.set(key, { level: level(value, `"${key}"`), settings: {} });
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ConfigError(`${SOURCE}: "${key}" = ${JSON.stringify(value)}: must be an enforcement level or an object of settings`);
    }
    const { enforcementLevel, ...settings } = value;
    if (key === SECRET_INPUTS_POLICY && Object.keys(settings).length > 0) {
      throw new ConfigError(`${SOURCE}: "${key}" takes an enforcement level only`);
    }
    if (key !== SECRET_INPUTS_POLICY) resolveRuleConfig(ruleIdOfPolicy(key), settings, `${SOURCE}, policy "${key}"`);
    byPolicy.set(key, { ...(enforcementLevel === undefined ? {} : { level: level(enforcementLevel, `"${key}.enforcementLevel"`) }), settings });
  }
  return { ...(config.all === undefined ? {} : { all: level(config.all, '"all"') }), byPolicy };
}

/** The schema with the chosen settings as defaults: the Pulumi CLI sends defaults as the policy's config. */
function withDefaults(schema: PolicyConfigSchema | undefined, settings: Readonly<Record<string, unknown>>): PolicyConfigSchema | undefined {
  if (!schema || Object.keys(settings).length === 0) return schema;
  const properties = structuredClone(schema.properties);
  for (const [k, v] of Object.entries(settings)) {
    const prop = properties[k];
    if (prop !== undefined && typeof prop === "object") properties[k] = { ...prop, default: structuredClone(v) } as typeof prop;
  }
  return { ...schema, properties };
}

/** The validation's Pulumi type, which the SDK reads to skip other types cheaply. */
function sameType<F extends object>(from: object, fn: F): F {
  const type = (from as { __pulumiType?: unknown }).__pulumiType;
  return typeof type === "string" ? Object.assign(fn, { __pulumiType: type }) : fn;
}

/**
 * Config the engine sends wins over the chosen settings (it holds them anyway when the CLI applied
 * the schema defaults); the chosen ones fill in for clients that send none.
 */
function configWith<A extends ResourceValidationArgs | StackValidationArgs>(args: A, settings: Readonly<Record<string, unknown>>): A {
  if (Object.keys(settings).length === 0) return args;
  const getConfig = () => ({ ...settings, ...(args.getConfig() as Record<string, unknown>) });
  return { ...args, getConfig } as A;
}

function resourcePolicy(base: ResourceValidationPolicy, chosen: Chosen, lvl: EnforcementLevel | undefined): ResourceValidationPolicy {
  const { settings } = chosen;
  const wrap = (v: ResourceValidation): ResourceValidation => {
    let fn: ResourceValidation = (args, report) => v(configWith(args, settings), report);
    // Secrets are only visible in the remediation pass: a rule judging them reads what was noted there.
    if (rule(ruleIdOfPolicy(base.name)).pack.readsNotedSecrets === true) fn = withNotedSecrets(base.name, fn);
    return sameType(v, fn);
  };
  const validate = base.validateResource;
  const remediate = base.remediateResource;
  const schema = withDefaults(base.configSchema, settings);
  return {
    ...base,
    ...(lvl ? { enforcementLevel: lvl } : {}),
    ...(schema ? { configSchema: schema } : {}),
    ...(validate ? { validateResource: Array.isArray(validate) ? validate.map(wrap) : wrap(validate) } : {}),
    ...(remediate ? { remediateResource: sameType(remediate, (args: ResourceValidationArgs) => remediate(configWith(args, settings))) } : {}),
  };
}

function stackPolicy(base: StackValidationPolicy, chosen: Chosen, lvl: EnforcementLevel | undefined): StackValidationPolicy {
  const { settings } = chosen;
  const validate = base.validateStack;
  const schema = withDefaults(base.configSchema, settings);
  return {
    ...base,
    ...(lvl ? { enforcementLevel: lvl } : {}),
    ...(schema ? { configSchema: schema } : {}),
    validateStack: sameType(validate, (args: StackValidationArgs, report: ReportViolation) => validate(configWith(args, settings), report)),
  };
}

/**
 * Every kinesis-guard policy for `config`, ready to spread into a PolicyPack's `policies`:
 *
 * ```ts
 * new PolicyPack("my-policies", { policies: [...kinesisGuardPolicies({ all: "advisory" }), ...mine] });
 * ```
 *
 * A level from `config` replaces the catalog's; settings become the policy's schema defaults, and
 * `--policy-pack-config` still overrides both per stack. A "disabled" policy stays in the list (so
 * `--policy-pack-config` can enable it) and does not run. The list includes
 * "kinesis-guard-secret-inputs", which kdf-plaintext-credentials needs to tell secrets from plain
 * strings; keep it at "remediate".
 * @throws ConfigError naming the policy, key, value and what is allowed.
 */
export function kinesisGuardPolicies(config: KinesisGuardConfig = {}): Policies {
  const { all, byPolicy } = parseConfig(config);
  const chosen = (name: string): Chosen => byPolicy.get(name) ?? { settings: {} };
  const levelOf = (name: string) => chosen(name).level ?? all;
  const tracker = secretInputsPolicy();
  const trackerLevel = chosen(SECRET_INPUTS_POLICY).level;
  return [
    ...resourcePolicies.map((p) => resourcePolicy(p, chosen(p.name), levelOf(p.name))),
    // After the remediating policies: the SDK hands each remediation the inputs as the previous
    // ones left them, so the note describes what Analyze will see.
    trackerLevel ? { ...tracker, enforcementLevel: trackerLevel } : tracker,
    ...stackPolicies.map((p) => stackPolicy(p, chosen(p.name), levelOf(p.name))),
  ];
}

export { SECRET_INPUTS_POLICY };
