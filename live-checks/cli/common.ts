/**
 * What `audit` and `scan` share on the command line: config discovery, the rule filters
 * (--severity, --rule, --skip-rule) and their parsing. Rule ids are checked against the catalog
 * and the drift checks: no rule is named here.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { CATALOG } from "../../rules/catalog";
import type { Finding, Severity } from "../../rules/model";
import { defaultConfig, loadConfigFile, type KinesisGuardConfig } from "../config-file";
import { DRIFT_RULES } from "../drift/rules";
import { UsageError } from "../exit-codes";

/** Config files looked for in the working directory, in this order (two at once is an error). */
export const CONFIG_FILE_NAMES = ["kinesis-guard.json", "kinesis-guard.yaml", "kinesis-guard.yml"] as const;
export const CONFIG_ENV = "KINESIS_GUARD_CONFIG";

/**
 * The config file to use: --config, else $KINESIS_GUARD_CONFIG, else the one kinesis-guard.json /
 * .yaml / .yml in the working directory, else the defaults.
 */
export async function findConfigPath(explicit: string | undefined, opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string | undefined> {
  if (explicit) return explicit;
  const env = opts.env ?? process.env;
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv && fromEnv.trim()) return fromEnv;
  const cwd = opts.cwd ?? process.cwd();
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    try {
      await access(join(cwd, name));
      found.push(name);
    } catch {
      // absent
    }
  }
  if (found.length > 1) throw new UsageError(`several config files in ${cwd}: ${found.join(", ")}; keep one, or choose with --config or ${CONFIG_ENV}`);
  return found[0];
}

/** Load the config found by findConfigPath (the defaults when there is none). */
export async function loadCliConfig(explicit: string | undefined, opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<KinesisGuardConfig> {
  const path = await findConfigPath(explicit, opts);
  return path ? loadConfigFile(path) : defaultConfig();
}

/** Which findings a run reports (and gates on). */
export interface RuleFilters {
  /** Only findings at or above this severity. */
  readonly minSeverity?: Severity;
  /** Only these rules (catalog or drift ids). */
  readonly only?: readonly string[];
  /** Not these rules. */
  readonly skip?: readonly string[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };
const KNOWN_IDS = (): Map<string, Severity> => new Map([...CATALOG.map((r) => [r.id, r.severity] as const), ...DRIFT_RULES.map((r) => [r.id, r.severity] as const)]);

export function parseSeverity(value: string, flag = "--severity"): Severity {
  const v = value.trim().toLowerCase();
  if (v === "high" || v === "medium" || v === "low") return v;
  throw new UsageError(`${flag} ${JSON.stringify(value)}: must be one of high, medium, low (findings at or above it are reported)`);
}

/** Check rule ids given on the command line. @throws UsageError naming the unknown ones. */
export function checkRuleIds(ids: readonly string[], flag: string): string[] {
  const known = KNOWN_IDS();
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new UsageError(`${flag} ${unknown.map((u) => JSON.stringify(u)).join(", ")}: no such rule (\`kinesis-guard rules\` lists them)`);
  return [...ids];
}

export function parseRuleFilters(o: { severity?: string; rule?: readonly string[]; skipRule?: readonly string[] }): RuleFilters {
  const filters: RuleFilters = {
    ...(o.severity ? { minSeverity: parseSeverity(o.severity) } : {}),
    ...(o.rule?.length ? { only: checkRuleIds(o.rule, "--rule") } : {}),
    ...(o.skipRule?.length ? { skip: checkRuleIds(o.skipRule, "--skip-rule") } : {}),
  };
  return filters;
}

/** True when the filters keep this rule. */
export function keepsRule(filters: RuleFilters, ruleId: string, severity: Severity): boolean {
  if (filters.only && !filters.only.includes(ruleId)) return false;
  if (filters.skip?.includes(ruleId)) return false;
  if (filters.minSeverity && SEVERITY_RANK[severity] > SEVERITY_RANK[filters.minSeverity]) return false;
  return true;
}

/**
 * The config with every catalog rule the filters leave out disabled: the rule is not evaluated at
 * all (no finding, no health penalty, no remediation stub), as if the config file disabled it.
 */
export function applyRuleFilters(config: KinesisGuardConfig, filters: RuleFilters): KinesisGuardConfig {
  if (!filters.only && !filters.skip && !filters.minSeverity) return config;
  const enforcement = { ...config.enforcement };
  for (const r of CATALOG) if (!keepsRule(filters, r.id, r.severity)) enforcement[r.id] = "disabled";
  return { ...config, enforcement };
}

/** Findings the filters keep (for those not governed by the config, e.g. drift). */
export function filterFindings<F extends Pick<Finding, "ruleId" | "severity">>(findings: readonly F[], filters: RuleFilters): F[] {
  return findings.filter((f) => keepsRule(filters, f.ruleId, f.severity));
}

/** commander collector for repeatable, comma-separated list options. */
export const collectList = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
