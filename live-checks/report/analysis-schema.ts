/**
 * kinesis_analysis.json, declared once: the JSON Schema published as
 * schemas/kinesis_analysis.schema.json (`npm run schemas` writes it, test/schemas.test.ts fails
 * when it is stale) and the types analysis-json.ts builds the file with. Exact field names of the
 * design brief; every field listed is always written; extra fields are welcome (no
 * additionalProperties: false), so a reader of schema_version 1 keeps working when fields are added.
 * Numbers that had no data are null ("no data"), never 0.
 */
import { Type, type Static } from "@sinclair/typebox";
import { knownString, oneOf, orNull, ref, stringMap, type Frozen } from "../json-schema";

const SEVERITY = oneOf(["high", "medium", "low"] as const);
/** An ISO 8601 UTC time (at least to the minute). */
const TIME = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}" } as const;
const time = () => Type.Unsafe<string>({ ...TIME });
const count = () => Type.Integer({ minimum: 0 });
const healthScore = () => Type.Integer({ minimum: 0, maximum: 100 });
/** The account of an entry (issue 16): from its ARN, or the audited account; null when unknown. */
const accountId = () =>
  orNull.string({ pattern: "^[0-9]{12}$", description: "The AWS account of the resource (from its ARN; organization-wide audits name it on every entry). null when unknown." });

const FINDING = Type.Object({
  rule_id: Type.String(),
  issue: Type.String({ minLength: 1 }),
  severity: SEVERITY,
  category: knownString(["security", "reliability", "cost", "observability"]),
  details: Type.String({ minLength: 1 }),
  remediation: Type.String({ minLength: 1 }),
  property: orNull.string(),
  found: orNull.string(),
  expected: orNull.string(),
  monthly_impact_usd: orNull.number(),
  conditional_monthly_savings: orNull.number({
    description: "A saving that holds only if conditional_on is true; never part of monthly_impact_usd or the summary's estimated_monthly_savings.",
  }),
  conditional_on: orNull.string(),
  docs_url: Type.String(),
  data: Type.Unsafe<Record<string, unknown> | null>({ type: ["object", "null"] }),
});

const MISSING = Type.Object({
  metric: Type.String(),
  stat: Type.String(),
  dimensions: stringMap(),
  reason: Type.String(),
});

const finding = () => ref("finding", FINDING);
const missing = () => ref("missing", MISSING);

const DATA_STREAM = Type.Object({
  stream_name: Type.String({ minLength: 1 }),
  stream_arn: Type.String(),
  account_id: accountId(),
  region: Type.String(),
  status: Type.String(),
  shard_count: orNull.number(),
  retention_period_hours: orNull.number(),
  encryption: knownString(["NONE", "KMS"]),
  kms_key_id: orNull.string(),
  stream_mode: knownString(["PROVISIONED", "ON_DEMAND"]),
  enhanced_monitoring: Type.Array(Type.String()),
  tags: stringMap(),
  consumers: Type.Array(
    Type.Object({
      consumer_name: Type.String(),
      max_lag_ms: orNull.number(),
      avg_lag_ms: orNull.number(),
      flagged: Type.Boolean(),
    }),
  ),
  findings: Type.Array(finding()),
  metrics: Type.Object({
    hours_with_data: count(),
    incoming_bytes: orNull.number(),
    incoming_records: orNull.number(),
    records_per_minute: orNull.number(),
    bytes_per_second: orNull.number(),
    utilization_mean_percent: orNull.number(),
    utilization_p95_percent: orNull.number(),
    utilization_peak_percent: orNull.number(),
    throttled_records: orNull.number(),
    throttle_rate_percent: orNull.number(),
    max_iterator_age_ms: orNull.number(),
    max_consumer_lag_ms: orNull.number(),
  }),
  missing_data: Type.Array(missing()),
  health_score: healthScore(),
});

const FIREHOSE_STREAM = Type.Object({
  stream_name: Type.String({ minLength: 1 }),
  stream_arn: Type.String(),
  account_id: accountId(),
  region: Type.String(),
  status: Type.String(),
  destination: Type.String(),
  source: Type.Object({ type: Type.String(), stream_arn: orNull.string() }),
  buffering: Type.Unsafe<{ size_mb: number | null; interval_seconds: number | null } | null>({
    type: ["object", "null"],
    required: ["size_mb", "interval_seconds"],
    properties: { size_mb: { type: ["number", "null"] }, interval_seconds: { type: ["number", "null"] } },
  }),
  encryption: Type.Object({ enabled: orNull.boolean(), key_type: orNull.string() }),
  backup: Type.Object({ s3_backup_mode: orNull.string(), failed_records_to_s3: orNull.boolean() }),
  lambda_integration: Type.Object({ enabled: orNull.boolean(), function_arns: Type.Array(Type.String()) }),
  vpc_id: orNull.string(),
  tags: stringMap(),
  findings: Type.Array(finding()),
  metrics: Type.Object({
    incoming_records: orNull.number(),
    incoming_bytes: orNull.number(),
    records_per_minute: orNull.number(),
    success_metric: orNull.string(),
    delivery_attempts: orNull.number(),
    failure_rate_percent: orNull.number(),
  }),
  missing_data: Type.Array(missing()),
  health_score: healthScore(),
});

const SUPPRESSED = Type.Object({
  rule_id: Type.String(),
  severity: SEVERITY,
  resource_name: Type.String(),
  resource_ref: Type.String(),
  property: orNull.string(),
  kind: oneOf(["exemption", "baseline", "tag"] as const, {
    description:
      "exemption: an exemption in the config file; baseline: the --baseline file; tag: the exemption tag on the resource (kinesis-guard:exempt, or the rule's exemptionTagKey), where the rule allows it (allowTagExemption).",
  }),
  reason: Type.String({ description: "The exemption's reason, the baseline file, or for a tag the tag itself, e.g. \"kinesis-guard:exempt=all on the resource\"." }),
  expires: orNull.string(),
});

const SKIPPED = Type.Object({
  kind: knownString(["stream", "deliveryStream"]),
  name: Type.String(),
  account_id: accountId(),
  region: Type.String(),
  arn: orNull.string(),
  reason: Type.String({ minLength: 1 }),
  reason_code: knownString(["tag", "name-prefix", "low-traffic", "deleted", "other"]),
});

const ALARM_RECOMMENDATION = Type.Object({
  account_id: accountId(),
  priority: Type.Integer({ minimum: 1 }),
  resource_name: Type.String(),
  resource_type: knownString(["stream", "deliveryStream", "consumer"]),
  region: Type.String(),
  namespace: knownString(["AWS/Kinesis", "AWS/Firehose"]),
  metric_name: Type.String(),
  dimensions: stringMap(),
  statistic: knownString(["Maximum", "Sum", "Average", "Minimum", "SampleCount"]),
  comparison: Type.String(),
  threshold: Type.Number(),
  period_seconds: Type.Integer({ minimum: 10 }),
  evaluation_periods: Type.Integer({ minimum: 1 }),
  why: Type.String(),
});

const DR_FLAG = Type.Object({
  stream_name: Type.String(),
  account_id: accountId(),
  region: Type.String(),
  status: knownString(["replicated", "no-replica", "exempt", "unknown"]),
  dr_regions: Type.Array(Type.String()),
  replica: Type.Unsafe<{ name: string; region: string } | null>({
    type: ["object", "null"],
    required: ["name", "region"],
    properties: { name: { type: "string" }, region: { type: "string" } },
  }),
  action: Type.String(),
});

const SUMMARY = Type.Object({
  total_data_streams: count(),
  total_firehose_streams: count(),
  analysis_timestamp: time(),
  region: Type.String(),
  regions: Type.Array(Type.String()),
  high_priority_issues: count(),
  total_findings: count(),
  findings_by_severity: Type.Unsafe<Record<"high" | "medium" | "low", number>>({
    type: "object",
    required: ["high", "medium", "low"],
    additionalProperties: { type: "integer", minimum: 0 },
  }),
  average_health_score: orNull.number({ minimum: 0, maximum: 100 }),
  cost_optimization_opportunities: count(),
  estimated_monthly_savings: Type.Number({ minimum: 0 }),
  conditional_monthly_savings: Type.Number({ minimum: 0, description: "Sum of the findings' conditional_monthly_savings (not in estimated_monthly_savings)." }),
  skipped_resources: count(),
  aggregate_throughput: Type.Object({
    data_streams_incoming_bytes: Type.Number(),
    data_streams_incoming_records: Type.Number(),
    data_streams_bytes_per_second: Type.Number(),
    data_streams_gb_per_day: Type.Number(),
    firehose_incoming_bytes: Type.Number(),
  }),
  consumer_lag: Type.Object({ consumers: Type.Integer(), lagging_consumers: Type.Integer(), max_lag_ms: orNull.number() }),
  audit_complete: Type.Boolean(),
});

const ORGANIZATION = Type.Object(
  {
    accounts: Type.Array(
      Type.Object({
        account_id: Type.String({ pattern: "^[0-9]{12}$" }),
        account_name: orNull.string(),
        status: oneOf(["complete", "incomplete", "failed"] as const, {
          description: "failed: nothing collected (e.g. the role could not be assumed); incomplete: some data could not be collected.",
        }),
        reason: orNull.string({ description: "Why the account failed or is incomplete (its first error)." }),
        regions: Type.Array(Type.String()),
        data_streams: count(),
        firehose_streams: count(),
        findings_by_severity: Type.Object({ high: count(), medium: count(), low: count() }),
        average_health_score: orNull.number(),
        estimated_monthly_savings: Type.Number({ minimum: 0 }),
      }),
    ),
    totals: Type.Object({ accounts: count(), complete: count(), incomplete: count(), failed: count() }),
  },
  {
    description:
      "Organization-wide audits only (--account, --accounts, --organization, or merged --from-snapshot shards): one entry per account, in account id order. Absent in a single-account audit.",
  },
);

/** The whole document. */
export const ANALYSIS_SCHEMA = Type.Object(
  {
    schema_version: Type.Literal(1),
    tool_version: Type.String(),
    // The caller's ARN is not part of the file: a saved snapshot re-analyzed later must give the
    // same file, and it knows the account only from the resources' ARNs.
    account_id: orNull.string({
      pattern: "^[0-9]{12}$",
      description:
        "The audited AWS account: sts:GetCallerIdentity on a live audit, else the account of the resources' ARNs (a saved snapshot); null when unknown.",
    }),
    suppressed_findings: Type.Array(SUPPRESSED, {
      description:
        "Findings accepted by an exemption in the config file, by the --baseline file, or by the exemption tag on the resource. None fails the gate. Exemption and baseline ones stay in their resource's findings (and its health score and the totals); tag ones are in no resource's findings, score or total.",
    }),
    window: Type.Object({ start: time(), end: time(), days: Type.Number() }),
    data_streams: Type.Array(DATA_STREAM),
    firehose_streams: Type.Array(FIREHOSE_STREAM),
    other_findings: Type.Array(
      Type.Unsafe<Static<typeof FINDING> & { resource_name: string; resource_ref: string }>({
        allOf: [
          { $ref: "#/definitions/finding" },
          { type: "object", required: ["resource_name", "resource_ref"], properties: { resource_name: { type: "string" }, resource_ref: { type: "string" } } },
        ],
      }),
      { description: "Findings on resources outside the analyzed set (stack-scoped audit: a stack resource missing in AWS)." },
    ),
    organization: Type.Optional(ORGANIZATION),
    skipped: Type.Array(SKIPPED),
    alarm_recommendations: Type.Array(ALARM_RECOMMENDATION),
    dr_flags: Type.Array(DR_FLAG),
    collection: Type.Object({
      complete: Type.Boolean(),
      errors: Type.Array(Type.Object({ api: Type.String(), account_id: accountId(), region: Type.String(), resource: orNull.string(), message: Type.String() })),
    }),
    summary: SUMMARY,
  },
  {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://kinesis-guard.dev/schemas/kinesis_analysis.schema.json",
    title: "kinesis-guard kinesis_analysis.json",
    description: "The live audit's analysis report. Numbers without data are null (no data), never 0.",
    definitions: { finding: FINDING, missing: MISSING },
  },
);

export type FindingView = Frozen<Static<typeof FINDING>>;
export type MissingDataView = Frozen<Static<typeof MISSING>>;
export type DataStreamView = Frozen<Static<typeof DATA_STREAM>>;
export type FirehoseStreamView = Frozen<Static<typeof FIREHOSE_STREAM>>;
export type AnalysisReport = Frozen<Static<typeof ANALYSIS_SCHEMA>>;
export type OrganizationView = Frozen<Static<typeof ORGANIZATION>>;
