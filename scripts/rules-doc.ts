/** docs/rules.md as a string, from the catalog: one section per rule. */
import { CATALOG, policyNamesOf, type RuleMeta } from "../rules/catalog";

function fmtDefault(v: unknown): string {
  return v === undefined ? "" : `\`${JSON.stringify(v)}\``;
}

function section(r: RuleMeta): string {
  const policies = r.scope.includes("metric") && r.scope.length === 1 ? "live audit only" : policyNamesOf(r.id).map((n) => `\`${n}\``).join(", ");
  const rows = Object.entries(r.configSchema.properties).map(([key, s]) => {
    const desc = String(s.description ?? "").replace(/\|/g, "\\|");
    return `| \`${key}\` | ${desc} | ${fmtDefault(s.default)} |`;
  });
  return [
    `## ${r.id}`,
    "",
    `**${r.issue}**: ${r.title}`,
    "",
    `| | |`,
    `|---|---|`,
    `| Severity | ${r.severity} |`,
    `| Category | ${r.category} |`,
    `| Scope | ${r.scope.join(", ")} |`,
    `| Applies to | ${r.resourceType === "stream" ? "Kinesis Data Streams" : "Firehose delivery streams"} |`,
    `| Enforcement (pack) | ${r.enforcement} |`,
    `| Policy name(s) | ${policies} |`,
    `| Docs | ${r.docsUrl} |`,
    "",
    r.description,
    "",
    `**Remediation:** ${r.remediation}`,
    "",
    "| Config key | Meaning | Default |",
    "|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

export function renderRulesDoc(): string {
  const index = CATALOG.map((r) => `| [${r.id}](#${r.id}) | ${r.issue} | ${r.severity} | ${r.category} | ${r.scope.join(", ")} | ${r.enforcement} |`);
  return [
    "# kinesis-guard rules",
    "",
    "<!-- Generated from rules/catalog.ts by `npm run docs:rules`; do not edit by hand. -->",
    "",
    "Static and stack rules run in the Pulumi policy pack and in the live audit; metric rules only in the live audit.",
    "Configure a rule in the pack with `pulumi preview --policy-pack <path> --policy-pack-config <file>`, keyed by policy name",
    "(e.g. `{ \"kds-encryption\": { \"appliesTo\": \"all\" } }`); every key has a default. Exempt a resource with the tag",
    "`kinesis-guard:exempt` = `all` or a comma-separated list of rule ids.",
    "",
    "| Rule | Issue | Severity | Category | Scope | Enforcement |",
    "|---|---|---|---|---|---|",
    ...index,
    "",
    ...CATALOG.map(section),
  ].join("\n");
}
