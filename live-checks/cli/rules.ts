/**
 * `kinesis-guard rules`: the rule catalog (and the audit's drift checks), with each rule's
 * effective enforcement level and settings under an optional config file.
 */
import { Command, Option } from "commander";
import { CATALOG } from "../../rules/catalog";
import { defaultConfig, loadConfigFile, type KinesisGuardConfig } from "../config-file";
import { DRIFT_RULES } from "../drift/rules";
import { EXIT_CODES_HELP, UsageError } from "../exit-codes";
import { describeError } from "./scan";
import { findConfigPath } from "./common";

export interface RuleListing {
  readonly id: string;
  readonly issue: string;
  readonly severity: string;
  readonly category: string;
  /** static / stack / metric (catalog), or drift (audit with --stack-export only). */
  readonly scope: readonly string[];
  readonly resourceType: string;
  readonly enforcement: string;
  readonly title: string;
  readonly remediation: string;
  readonly docsUrl: string;
  /** Effective settings (defaults merged with the config file). */
  readonly settings: Readonly<Record<string, unknown>>;
}

export function listRules(config: KinesisGuardConfig): RuleListing[] {
  const policies = CATALOG.map((r) => ({
    id: r.id,
    issue: r.issue,
    severity: r.severity,
    category: r.category,
    scope: r.scope,
    resourceType: r.resourceType,
    enforcement: config.enforcement[r.id] ?? r.enforcement,
    title: r.title,
    remediation: r.remediation,
    docsUrl: r.docsUrl,
    settings: config.rules[r.id] ?? {},
  }));
  const drift = DRIFT_RULES.map((r) => ({
    id: r.id,
    issue: r.issue,
    severity: r.severity,
    category: r.category,
    scope: ["drift"],
    resourceType: "stream, deliveryStream",
    enforcement: "advisory",
    title: r.title,
    remediation: r.remediation,
    docsUrl: r.docsUrl,
    settings: {},
  }));
  return [...policies, ...drift];
}

/** Aligned text table: id, issue, severity, category, scope, enforcement. */
export function rulesTable(rules: readonly RuleListing[]): string {
  const rows = [["ID", "ISSUE", "SEVERITY", "CATEGORY", "SCOPE", "ENFORCEMENT"], ...rules.map((r) => [r.id, r.issue, r.severity, r.category, r.scope.join("+"), r.enforcement])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).join("\n") + "\n";
}

export function registerRulesCommand(program: Command): Command {
  return program
    .command("rules")
    .summary("list the rule catalog")
    .description("List every rule: id (the policy name in the pack), exact issue name, severity, category, scope, enforcement level (after --config).")
    .addOption(new Option("--format <format>", "table or json (json includes each rule's effective settings)").choices(["table", "json"]).default("table"))
    .option("--config <file>", "config file whose enforcement levels and settings to apply; default: $KINESIS_GUARD_CONFIG, else kinesis-guard.json|yaml|yml in the working directory")
    .addHelpText(
      "after",
      "\nScopes: static (one resource's configuration), stack (needs other resources), metric (CloudWatch data, live audit only), drift (audit --stack-export only).\n" +
        `Full reference: docs/rules.md.\n\n${EXIT_CODES_HELP}\n`,
    )
    .action(async (o: { format: string; config?: string }) => {
      try {
        if (o.format !== "table" && o.format !== "json") throw new UsageError(`--format ${JSON.stringify(o.format)}: must be table or json`);
        const configPath = await findConfigPath(o.config);
        const config = configPath ? await loadConfigFile(configPath) : defaultConfig();
        const rules = listRules(config);
        process.stdout.write(o.format === "json" ? JSON.stringify(rules, null, 2) + "\n" : rulesTable(rules));
        process.exitCode = 0;
      } catch (e) {
        const { message, exitCode } = describeError(e);
        process.stderr.write(`kinesis-guard rules: ${message}\n`);
        process.exitCode = exitCode;
      }
    });
}
