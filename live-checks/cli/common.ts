/**
 * What `audit` and `scan` share on the command line: config discovery, the rule filters
 * (--severity, --rule, --skip-rule) and their parsing. Rule ids are checked against the catalog
 * and the drift checks: no rule is named here.
 */
import { access } from "node:fs/promises";
import type { Command } from "commander";
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

/**
 * The gate options `scan` and `audit` share: filters, baseline, annotations, SARIF category and
 * --fail-on (parsed by parseRuleFilters, parseFailOn and the commands' runners).
 */
export function registerGateOptions(cmd: Command): Command {
  return cmd
    .option("--severity <level>", "report only findings at or above this severity: high, medium, low")
    .option("--rule <ids>", "evaluate only these rules (repeatable or comma-separated; `kinesis-guard rules` lists them)", collectList)
    .option("--skip-rule <ids>", "do not evaluate these rules (repeatable or comma-separated)", collectList)
    .option("--baseline <file>", "accepted findings (written by --write-baseline): reported as baseline, only new findings fail the gate")
    .option("--write-baseline <file>", "write this run's findings as a baseline file (after --severity / --rule / --skip-rule)")
    .option("--annotations", "also print GitHub Actions annotations (::error / ::warning / ::notice lines) for the findings (on stderr with --out -)")
    .option("--sarif-category <name>", "SARIF category (runAutomationDetails.id); default none, so GitHub's upload-sarif `category:` input applies")
    .option("--fail-on <severity>", "exit 1 when a finding at or above this severity exists: high, medium, low, none (default: the config's failOn, else high); mandatory policies always fail");
}

/**
 * Which accounts an organization-wide audit covers and how it gets in (issue 16): --account,
 * --accounts, --organization, --exclude-account, --ou, --role-name, --external-id,
 * --role-session-name, --account-concurrency.
 */
export interface AccountSelection {
  readonly ids: readonly string[];
  readonly file?: string;
  readonly organization: boolean;
  readonly exclude: readonly string[];
  readonly ous: readonly string[];
  readonly roleName: string;
  readonly externalId?: string;
  readonly roleSessionName?: string;
  readonly accountConcurrency?: number;
  /** Read metrics from this CloudWatch monitoring account (cross-account observability). */
  readonly monitoringAccount?: string;
}

/** The role deployed by examples/org-audit-role (and assumed when --role-name is not given). */
export const DEFAULT_ROLE_NAME = "KinesisGuardAudit";

const ACCOUNT_RE = /^\d{12}$/;

export function registerAccountOptions(cmd: Command): Command {
  return cmd
    .option("--account <id>", "audit this AWS account by assuming --role-name there (repeatable or comma-separated)", collectList)
    .option("--accounts <file>", "audit the accounts listed in the file: one a line, `ID [role=NAME] [regions=r1,r2]`, or a JSON array")
    .option("--organization", "audit every ACTIVE account of the AWS Organization (Organizations ListAccounts, from the management or a delegated administrator account)")
    .option("--ou <id>", "with --organization: only the accounts under these OUs or roots, recursively (repeatable or comma-separated)", collectList)
    .option("--exclude-account <id>", "leave this account out (repeatable or comma-separated)", collectList)
    .option("--role-name <name>", `role assumed in each account, arn:<partition>:iam::<account>:role/<name> (default ${DEFAULT_ROLE_NAME})`)
    .option("--external-id <id>", "sts:ExternalId the role's trust policy requires")
    .option("--role-session-name <name>", "role session name (shows in the accounts' CloudTrail; default kinesis-guard-audit)")
    .option("--monitoring-account <id>", "read every account's metrics from this CloudWatch monitoring account (cross-account observability: GetMetricData with AccountId); configuration still comes from each account's role")
    .option("--account-concurrency <n>", "account-regions collected at once (default 8; each keeps its own per-API quota pacing)", (v) => {
      if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 256) throw new UsageError(`--account-concurrency ${JSON.stringify(v)}: must be a whole number from 1 to 256`);
      return Number(v);
    });
}

/** The account selection of the command line; undefined for a single-account audit. */
export function parseAccountSelection(o: {
  account?: readonly string[];
  accounts?: string;
  organization?: boolean;
  ou?: readonly string[];
  excludeAccount?: readonly string[];
  roleName?: string;
  externalId?: string;
  roleSessionName?: string;
  accountConcurrency?: number;
  monitoringAccount?: string;
}): AccountSelection | undefined {
  const anyTarget = (o.account?.length ?? 0) > 0 || o.accounts !== undefined || o.organization === true;
  if (!anyTarget) {
    const stray = [o.ou?.length ? "--ou" : "", o.excludeAccount?.length ? "--exclude-account" : "", o.roleName ? "--role-name" : "", o.externalId ? "--external-id" : "", o.roleSessionName ? "--role-session-name" : "", o.accountConcurrency ? "--account-concurrency" : "", o.monitoringAccount ? "--monitoring-account" : ""].filter(Boolean);
    if (stray.length) throw new UsageError(`${stray.join(", ")}: only with --account, --accounts or --organization`);
    return undefined;
  }
  if (o.ou?.length && !o.organization) throw new UsageError("--ou: only with --organization");
  for (const [flag, ids] of [["--account", o.account ?? []], ["--exclude-account", o.excludeAccount ?? []], ["--monitoring-account", o.monitoringAccount ? [o.monitoringAccount] : []]] as const) {
    for (const id of ids) if (!ACCOUNT_RE.test(id)) throw new UsageError(`${flag} ${JSON.stringify(id)}: not an AWS account id (12 digits)`);
  }
  for (const ou of o.ou ?? []) if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(ou)) throw new UsageError(`--ou ${JSON.stringify(ou)}: not an OU or root id (ou-xxxx-xxxxxxxx or r-xxxx)`);
  const roleName = o.roleName ?? DEFAULT_ROLE_NAME;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new UsageError(`--role-name ${JSON.stringify(roleName)}: not an IAM role name`);
  if (o.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(o.externalId)) throw new UsageError(`--external-id: 2 to 1224 characters of letters, digits and +=,.@:/-`);
  if (o.roleSessionName !== undefined && !/^[\w+=,.@-]{2,64}$/.test(o.roleSessionName)) throw new UsageError(`--role-session-name ${JSON.stringify(o.roleSessionName)}: 2 to 64 characters of letters, digits and +=,.@-`);
  return {
    ids: [...(o.account ?? [])],
    ...(o.accounts !== undefined ? { file: o.accounts } : {}),
    organization: o.organization === true,
    exclude: [...(o.excludeAccount ?? [])],
    ous: [...(o.ou ?? [])],
    roleName,
    ...(o.externalId !== undefined ? { externalId: o.externalId } : {}),
    ...(o.roleSessionName !== undefined ? { roleSessionName: o.roleSessionName } : {}),
    ...(o.accountConcurrency !== undefined ? { accountConcurrency: o.accountConcurrency } : {}),
    ...(o.monitoringAccount !== undefined ? { monitoringAccount: o.monitoringAccount } : {}),
  };
}
