/** docs/rules.md as a string, from the catalog: one section per rule, with the rule's examples (rules/<id>/examples.ts). */
import { CATALOG, policyNamesOf, type Rule } from "../rules/catalog";
import { ALARM_TYPE, FIREHOSE_TYPE, STREAM_TYPE, VPC_ENDPOINT_TYPE, type ExampleSeries, type RuleExample } from "../rules/lib/examples";

/** The Pulumi class of a resource type, as a program writes it. */
const PULUMI_CLASS: Readonly<Record<string, string>> = {
  [STREAM_TYPE]: "aws.kinesis.Stream",
  [FIREHOSE_TYPE]: "aws.kinesis.FirehoseDeliveryStream",
  [ALARM_TYPE]: "aws.cloudwatch.MetricAlarm",
  [VPC_ENDPOINT_TYPE]: "aws.ec2.VpcEndpoint",
};

function pulumiCode(ex: RuleExample): string[] {
  if (!ex.pulumi?.length) return [];
  const lines = ex.pulumi.map((r) => {
    const { name: _name, ...props } = r.props as Record<string, unknown>;
    return `new ${PULUMI_CLASS[r.type] ?? r.type}(${JSON.stringify(r.name)}, ${JSON.stringify({ name: r.name, ...props }, null, 2)});`;
  });
  return ["Pulumi program:", "", "```ts", ...lines, "```", ""];
}

function awsResponses(ex: RuleExample, packRule: boolean): string[] {
  const aws = ex.aws;
  if (!aws) return ["Live audit: not applicable (the AWS APIs do not return what this example is about).", ""];
  const parts: string[] = [];
  for (const s of aws.streams ?? []) parts.push(`// DescribeStreamSummary + ListTagsForStream: ${String(s.summary.StreamName)}`, JSON.stringify({ StreamDescriptionSummary: s.summary, Tags: s.tags, ...(s.shards ? { Shards: s.shards } : {}) }, null, 2));
  for (const d of aws.deliveryStreams ?? []) parts.push(`// DescribeDeliveryStream + ListTagsForDeliveryStream: ${String(d.description.DeliveryStreamName)}`, JSON.stringify({ DeliveryStreamDescription: d.description, Tags: d.tags }, null, 2));
  for (const a of aws.alarms ?? []) parts.push(`// DescribeAlarms: ${String(a.AlarmName)}`, JSON.stringify(a, null, 2));
  for (const e of aws.vpcEndpoints ?? []) parts.push(`// DescribeVpcEndpoints: ${String(e.VpcEndpointId)}`, JSON.stringify(e, null, 2));
  for (const d of aws.drStreams ?? []) parts.push(`// ListStreams + tags in DR region ${d.region}: ${d.name}`, JSON.stringify({ StreamName: d.name, Tags: d.tags }, null, 2));
  for (const c of aws.consumers ?? []) parts.push(`// ListStreamConsumers: ${c.streamArn}`, JSON.stringify(c.consumer, null, 2));
  const metrics = (aws.cloudwatch ?? []).map((c) => `// ${seriesLine(c)}`);
  if (metrics.length > 0) parts.push("// CloudWatch (GetMetricData), window 2026-01-01T00:00Z - 2026-01-08T00:00Z:", ...metrics);
  if (!packRule) return ["Live audit input (AWS API responses and CloudWatch datapoints):", "", "```jsonc", ...parts, "```", ""];
  return ["<details><summary>The same resources in the live audit (AWS API responses)</summary>", "", "```jsonc", ...parts, "```", "", "</details>", ""];
}

/** One series in a line: metric, statistic, period, dimensions and its datapoints, runs compressed ("168 x 60000"). */
function seriesLine(c: ExampleSeries): string {
  const r = c.request;
  const dims = Object.entries(r.dimensions).map(([k, v]) => `${k}=${v}`).join(", ");
  const period = r.period === "window" ? "whole window" : `${r.period} s${r.reduce ? ` (${r.reduce})` : ""}`;
  const runs: string[] = [];
  for (let i = 0; i < c.values.length; ) {
    let j = i;
    while (j < c.values.length && c.values[j] === c.values[i]) j++;
    runs.push(j - i > 1 ? `${j - i} x ${c.values[i]}` : String(c.values[i]));
    i = j;
  }
  return `${r.namespace} ${r.metricName} ${r.stat}, ${period}, ${dims}: ${runs.length > 0 ? runs.join(", ") : "no datapoints"}`;
}

function examplesSection(r: Rule): string[] {
  if (r.examples.length === 0) return [];
  const out = ["### Examples", "", `Checked by test/rules/examples.test.ts ${r.scope.some((x) => x !== "metric") ? "through the policy pack and the live audit" : "through the live audit"} (rules/${r.id}/examples.ts).`, ""];
  for (const ex of r.examples) {
    const verdict = ex.flagged.length === 0 ? "nothing flagged" : `flags ${ex.flagged.map((n) => `\`${n}\``).join(", ")}`;
    const packRule = r.scope.some((x) => x !== "metric");
    out.push(`#### ${ex.title}`, "", `Result: ${verdict}.${ex.config ? ` Settings: \`${JSON.stringify(ex.config)}\`.` : ""}`, "", ...pulumiCode(ex), ...awsResponses(ex, packRule));
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
  // The config example: the first static rule with a resource scope (`appliesTo`) set to judge every resource.
  const example = CATALOG.find((r) => r.scope.includes("static") && r.configSchema.properties.appliesTo !== undefined);
  return [
    "# kinesis-guard rules",
    "",
    "<!-- Generated from rules/catalog.ts and each rule's folder (rules/<id>/) by `npm run docs:rules`; do not edit by hand. -->",
    "",
    "Static and stack rules run in the Pulumi policy pack and in the live audit; metric rules only in the live audit.",
    "Configure a rule in the pack with `pulumi preview --policy-pack <path> --policy-pack-config <file>`, keyed by policy name",
    `(e.g. \`{ "${example?.id ?? "<rule-id>"}": { "appliesTo": "all" } }\`); every key has a default. Exempt a resource with the tag`,
    "`kinesis-guard:exempt` = `all` or a comma-separated list of rule ids (not from a rule that is mandatory by default, unless its",
    "`allowTagExemption` says so): the pack reports no violation there, and `scan` and `audit` list the findings as suppressed (kind `tag`).",
    "",
    "| Rule | Issue | Severity | Category | Scope | Enforcement |",
    "|---|---|---|---|---|---|",
    ...index,
    "",
    ...CATALOG.map(section),
  ].join("\n");
}
