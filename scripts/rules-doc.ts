/** docs/rules.md as a string, from the catalog: one section per rule, with the rule's examples (rules/<id>/examples.ts). */
import { CATALOG, policyNamesOf, type Rule } from "../rules/catalog";
import { ALARM_TYPE, FIREHOSE_TYPE, STREAM_TYPE, type RuleExample } from "../rules/lib/examples";

/** The Pulumi class of a resource type, as a program writes it. */
const PULUMI_CLASS: Readonly<Record<string, string>> = {
  [STREAM_TYPE]: "aws.kinesis.Stream",
  [FIREHOSE_TYPE]: "aws.kinesis.FirehoseDeliveryStream",
  [ALARM_TYPE]: "aws.cloudwatch.MetricAlarm",
};

function pulumiCode(ex: RuleExample): string[] {
  if (!ex.pulumi?.length) return [];
  const lines = ex.pulumi.map((r) => {
    const { name: _name, ...props } = r.props as Record<string, unknown>;
    return `new ${PULUMI_CLASS[r.type] ?? r.type}(${JSON.stringify(r.name)}, ${JSON.stringify({ name: r.name, ...props }, null, 2)});`;
  });
  return ["Pulumi program:", "", "```ts", ...lines, "```", ""];
}

function awsResponses(ex: RuleExample): string[] {
  const aws = ex.aws;
  if (!aws) return ["Live audit: not applicable (the AWS APIs do not return what this example is about).", ""];
  const parts: string[] = [];
  for (const s of aws.streams ?? []) parts.push(`// DescribeStreamSummary + ListTagsForStream: ${String(s.summary.StreamName)}`, JSON.stringify({ StreamDescriptionSummary: s.summary, Tags: s.tags }, null, 2));
  for (const d of aws.deliveryStreams ?? []) parts.push(`// DescribeDeliveryStream + ListTagsForDeliveryStream: ${String(d.description.DeliveryStreamName)}`, JSON.stringify({ DeliveryStreamDescription: d.description, Tags: d.tags }, null, 2));
  for (const a of aws.alarms ?? []) parts.push(`// DescribeAlarms: ${String(a.AlarmName)}`, JSON.stringify(a, null, 2));
  return ["<details><summary>The same resources in the live audit (AWS API responses)</summary>", "", "```jsonc", ...parts, "```", "", "</details>", ""];
}

function examplesSection(r: Rule): string[] {
  if (r.examples.length === 0) return [];
  const out = ["### Examples", "", `Checked by test/rules/examples.test.ts through the policy pack and the live audit (rules/${r.id}/examples.ts).`, ""];
  for (const ex of r.examples) {
    const verdict = ex.flagged.length === 0 ? "nothing flagged" : `flags ${ex.flagged.map((n) => `\`${n}\``).join(", ")}`;
    out.push(`#### ${ex.title}`, "", `Result: ${verdict}.${ex.config ? ` Settings: \`${JSON.stringify(ex.config)}\`.` : ""}`, "", ...pulumiCode(ex), ...awsResponses(ex));
  }
  return out;
}

function fmtDefault(v: unknown): string {
  return v === undefined ? "" : `\`${JSON.stringify(v)}\``;
}

function section(r: Rule): string {
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
    ...examplesSection(r),
  ].join("\n");
}

export function renderRulesDoc(): string {
  const index = CATALOG.map((r) => `| [${r.id}](#${r.id}) | ${r.issue} | ${r.severity} | ${r.category} | ${r.scope.join(", ")} | ${r.enforcement} |`);
  return [
    "# kinesis-guard rules",
    "",
    "<!-- Generated from rules/catalog.ts and each rule's folder (rules/<id>/) by `npm run docs:rules`; do not edit by hand. -->",
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
