/**
 * The one configuration file, shared by the live checker and the policy pack. Its shape IS Pulumi's
 * `--policy-pack-config` format (top-level keys are policy names, values an enforcement level or
 * an object of settings, "all" sets every policy's level), plus one extra top-level object,
 * "kinesis-guard", holding the live checker's own settings. The Pulumi CLI passes unknown policy
 * names through untouched, so the same file works with `pulumi preview --policy-pack-config`.
 * JSON or YAML (YAML is a superset of JSON, so one parser reads both).
 */
import { readFile } from "node:fs/promises";
import Ajv from "ajv";
import { Type, type Static } from "@sinclair/typebox";
import { parseDocument } from "yaml";
import { MAX_INPUT_DEPTH, nonFiniteAt, tooDeepAt } from "./input-checks";
import { CATALOG, EXTRA_POLICY_NAMES, RULE_IDS } from "../rules/catalog";
import { closest, ConfigError, resolveRuleConfig, type RuleConfig } from "../rules/config";
import type { Pricing } from "../rules/pricing";
import { DRIFT_RULES } from "./drift/rules";
import { oneOf, withDefaultsOptional, type Frozen } from "./json-schema";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
export const SETTINGS_KEY = "kinesis-guard";
/** adapters/pulumi/secrets.ts SECRET_INPUTS_POLICY, spelled out: loading the pack's modules would slow the CLI's start. */
export const SECRET_INPUTS_POLICY = "kinesis-guard-secret-inputs";

export interface KinesisGuardConfig {
  /** Where the config came from ("defaults" when no file). */
  readonly source: string;
  /** Every rule's resolved settings (defaults applied). */
  readonly rules: Readonly<Record<string, RuleConfig>>;
  /** Every rule's enforcement level (catalog default unless overridden). */
  readonly enforcement: Readonly<Record<string, EnforcementLevel>>;
  readonly settings: LiveSettings;
}

/** The price keys a region's override may set (every Pricing number but the region itself). */
const PRICE_KEYS = [
  "shardHour", "putPayloadUnitsPerMillion", "extendedRetentionShardHour", "longTermRetentionGbMonth",
  "onDemandStreamHour", "onDemandGbIn", "onDemandGbOut", "efoConsumerShardHour", "efoGb",
  "cloudwatchMetricMonth", "firehoseGb", "s3PutPer1000", "natGb", "alarmMonth",
] as const satisfies readonly Exclude<keyof Pricing, "region">[];

/** One entry of "kinesis-guard": { "exemptions": [...] }: an accepted finding (live-checks/suppressions.ts). */
const EXEMPTION = Type.Object(
  {
    /** A resource's URN (scan) or ARN (audit), or a glob (* and ?) over those or the resource's name. */
    resource: Type.String({ minLength: 1 }),
    /** Rule ids the exemption covers (default: every rule). */
    rules: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    /** Why the finding is accepted (required: shown in every output). */
    reason: Type.String({ minLength: 3 }),
    /** Last day (YYYY-MM-DD, UTC) the exemption holds; from the next day the finding is back. */
    expires: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" })),
  },
  { additionalProperties: false },
);

/**
 * The live checker's settings, the "kinesis-guard" object of the config file: declared once, the
 * JSON Schema ajv validates it against (filling in the defaults) and the static type. A key with a
 * default is not `required` in the schema (the file may leave it out) but always present after
 * validation, as the type says (withDefaultsOptional).
 */
export const SETTINGS_SCHEMA = withDefaultsOptional(
  Type.Object(
    {
      /** Regions to audit when --region is not given. */
      regions: Type.Optional(Type.Array(Type.String({ pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" }), { minItems: 1 })),
      /** Analysis window in days (CloudWatch keeps hourly data 455 days, 1-minute data 15 days). */
      windowDays: Type.Integer({ minimum: 1, maximum: 455, default: 7 }),
      /** Per-region price overrides (USD), merged over the us-east-1 list prices. */
      pricing: Type.Unsafe<Record<string, Partial<Record<(typeof PRICE_KEYS)[number], number>>>>({
        type: "object",
        default: {},
        additionalProperties: {
          type: "object",
          additionalProperties: false,
          properties: Object.fromEntries(PRICE_KEYS.map((k) => [k, { type: "number", minimum: 0 }])),
        },
      }),
      /** Health score deduction per finding by severity. */
      healthScore: Type.Object(
        {
          high: Type.Number({ minimum: 0, maximum: 100, default: 20 }),
          medium: Type.Number({ minimum: 0, maximum: 100, default: 10 }),
          low: Type.Number({ minimum: 0, maximum: 100, default: 5 }),
        },
        { additionalProperties: false, default: {} },
      ),
      /** Exit 1 when a finding at or above this severity exists ("none": never). */
      failOn: oneOf(["high", "medium", "low", "none"] as const, { default: "high" }),
      /** Mission filters. */
      minRecordsPerMinute: Type.Number({ minimum: 0, default: 100 }),
      excludeTagKey: Type.String({ minLength: 1, default: "ExcludeFromAnalysis" }),
      excludeNamePrefixes: Type.Array(Type.String(), { default: ["test-", "dev-"] }),
      /** Accepted findings, each with its reason and an optional expiry (live-checks/suppressions.ts). */
      exemptions: Type.Array(EXEMPTION, { default: [] }),
    },
    { additionalProperties: false },
  ),
);

export type LiveSettings = Frozen<Static<typeof SETTINGS_SCHEMA>>;
export type ConfigExemption = Frozen<Static<typeof EXEMPTION>>;

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
const validateSettings = ajv.compile(SETTINGS_SCHEMA);

/** The configuration when no file is given: every default. */
export function defaultConfig(): KinesisGuardConfig {
  return buildConfig({}, "defaults");
}

/**
 * Regions the rules that are not disabled need listed beside the audited ones (a rule's
 * LiveHooks.regionsToList: the DR regions, where replicas live).
 */
export function regionsRulesList(config: KinesisGuardConfig): string[] {
  return CATALOG.flatMap((r) => (r.live.regionsToList && config.enforcement[r.id] !== "disabled" ? [...r.live.regionsToList(config.rules[r.id] ?? resolveRuleConfig(r.id, undefined))] : []));
}

/** Read, parse and validate a config file (JSON or YAML). @throws ConfigError naming file, key, value, what is allowed. */
export async function loadConfigFile(path: string): Promise<KinesisGuardConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseConfigText(text, path);
}

/** Parse and validate config text; `source` names it in errors. */
export function parseConfigText(text: string, source: string): KinesisGuardConfig {
  let raw: unknown;
  try {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new ConfigError(`${source}: not valid JSON or YAML: ${e.message.split("\n")[0]}`);
    }
    // The yaml library refuses aliases that expand past its limit (maxAliasCount) with a
    // ReferenceError: a "billion laughs" document, not a config anyone writes.
    raw = doc.toJS();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw new ConfigError(`${source}: its YAML aliases (*name) expand into too many values (an "alias bomb"); write the settings out without aliases`);
    }
    if (e instanceof RangeError) throw new ConfigError(`${source}: nested too deeply to read; a config file is a few levels deep (see \`kinesis-guard rules\`)`);
    throw new ConfigError(`${source}: not valid JSON or YAML (${(e as Error).name})`);
  }
  if (raw === null || raw === undefined) return buildConfig({}, source);
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError(`${source}: the config must be an object whose keys are rule ids (and "all", "${SETTINGS_KEY}")`);
  }
  const deep = tooDeepAt(raw);
  if (deep !== undefined) throw new ConfigError(`${source}: nested more than ${MAX_INPUT_DEPTH} levels deep (at ${deep}); a config file is a few levels deep`);
  // YAML can say .inf and .nan; JSON Schema's "number" accepts them, and an infinite threshold
  // (minRecordsPerMinute: .inf) would silently skip every stream.
  const inf = nonFiniteAt(raw);
  if (inf !== undefined) throw new ConfigError(`${source}: "${inf.path}" = ${inf.value}: must be a finite number`);
  return buildConfig(raw as Record<string, unknown>, source);
}

function buildConfig(raw: Record<string, unknown>, source: string): KinesisGuardConfig {
  // The pack's secret-noting policy (adapters/pulumi/secrets.ts) may be named to keep it at
  // "remediate" after an "all" level; the live checker has nothing to do with it.
  const known = new Set<string>([...RULE_IDS, ...Object.keys(EXTRA_POLICY_NAMES), "all", SETTINGS_KEY, SECRET_INPUTS_POLICY]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      const hint = closest(key, [...known]);
      throw new ConfigError(
        `${source}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: rule ids (see \`kinesis-guard rules\`), "all", "${SETTINGS_KEY}"`,
      );
    }
  }
  const all = raw.all;
  if (all !== undefined && !LEVELS.includes(all as EnforcementLevel)) {
    throw new ConfigError(`${source}: "all" = ${JSON.stringify(all)}: must be one of ${LEVELS.join(", ")}`);
  }
  const rules: Record<string, RuleConfig> = {};
  const enforcement: Record<string, EnforcementLevel> = {};
  for (const meta of CATALOG) {
    const value = raw[meta.id];
    let level: EnforcementLevel = (all as EnforcementLevel | undefined) ?? meta.enforcement;
    let settings: unknown = undefined;
    if (typeof value === "string") {
      if (!LEVELS.includes(value as EnforcementLevel)) {
        throw new ConfigError(`${source}: "${meta.id}" = ${JSON.stringify(value)}: must be one of ${LEVELS.join(", ")} or an object of settings`);
      }
      level = value as EnforcementLevel;
    } else if (value !== undefined) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new ConfigError(`${source}: "${meta.id}" = ${JSON.stringify(value)}: must be an enforcement level or an object of settings`);
      }
      const { enforcementLevel, ...rest } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined) {
        if (!LEVELS.includes(enforcementLevel as EnforcementLevel)) {
          throw new ConfigError(`${source}: "${meta.id}.enforcementLevel" = ${JSON.stringify(enforcementLevel)}: must be one of ${LEVELS.join(", ")}`);
        }
        level = enforcementLevel as EnforcementLevel;
      }
      settings = rest;
    }
    rules[meta.id] = resolveRuleConfig(meta.id, settings, source);
    enforcement[meta.id] = level;
  }
  // Extra pack policy names (a rule's stack part) take the same settings as their rule; validate them
  // so the file is right for `pulumi preview` too. The live checker runs the rule by its id.
  for (const [name, ruleId] of Object.entries(EXTRA_POLICY_NAMES)) {
    const value = raw[name];
    if (value !== undefined && typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { enforcementLevel: _level, ...rest } = value as Record<string, unknown>;
      resolveRuleConfig(ruleId, rest, `${source} ("${name}")`);
    }
  }
  const settingsRaw = structuredClone(raw[SETTINGS_KEY] ?? {}) as Record<string, unknown>;
  if (typeof settingsRaw !== "object" || settingsRaw === null || Array.isArray(settingsRaw)) {
    throw new ConfigError(`${source}: "${SETTINGS_KEY}" must be an object of settings`);
  }
  if ("allowTagExemptionOfMandatory" in settingsRaw) {
    throw new ConfigError(
      `${source}: "${SETTINGS_KEY}.allowTagExemptionOfMandatory" was replaced by a per-rule setting the policy pack reads too: give each mandatory rule whose exemption tag you accept "allowTagExemption": true (e.g. "<rule id>": { "allowTagExemption": true }, ids from \`kinesis-guard rules\`), or list the accepted exceptions in "${SETTINGS_KEY}.exemptions" with a reason`,
    );
  }
  if (!validateSettings(settingsRaw)) {
    const lines = (validateSettings.errors ?? []).map((e) => {
      if (e.keyword === "additionalProperties") {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        const parent = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
        const allowed = parent ? [] : Object.keys(SETTINGS_SCHEMA.properties);
        const hint = closest(key, allowed.length ? allowed : [...PRICE_KEYS]);
        return `unknown key "${SETTINGS_KEY}.${parent ? parent + "." : ""}${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`;
      }
      const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const value = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], settingsRaw);
      return `"${SETTINGS_KEY}.${path}" = ${JSON.stringify(value)}: ${e.message ?? "invalid"}`;
    });
    throw new ConfigError(`${source}: invalid settings:\n  - ${lines.join("\n  - ")}`);
  }
  const settings = settingsRaw as unknown as LiveSettings;
  const driftIds = new Set(DRIFT_RULES.map((r) => r.id));
  settings.exemptions.forEach((x, i) => {
    const where = `"${SETTINGS_KEY}.exemptions[${i}]"`;
    const unknown = (x.rules ?? []).filter((id) => !RULE_IDS.includes(id) && !driftIds.has(id));
    if (unknown.length) throw new ConfigError(`${source}: ${where}.rules: unknown rule id ${unknown.map((u) => JSON.stringify(u)).join(", ")} (see \`kinesis-guard rules\`)`);
    if (x.expires !== undefined && Number.isNaN(Date.parse(`${x.expires}T00:00:00Z`))) throw new ConfigError(`${source}: ${where}.expires = ${JSON.stringify(x.expires)}: not a date (YYYY-MM-DD)`);
  });
  return { source, rules, enforcement, settings };
}
