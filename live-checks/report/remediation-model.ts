/**
 * Remediation stubs, one pair per finding: remediation/<resource>--<rule>.ts (Pulumi TypeScript that
 * fixes it) and remediation/<resource>--<rule>.sh (the equivalent AWS CLI commands), rendered from
 * rules/<rule-id>/remediation.pulumi.ts.hbs and .aws-cli.sh.hbs. This builds their context: the
 * finding, the resource, and the plan the templates spell out (shard steps, thresholds), which the
 * finding's rule computes once (its `live.remediationValues` hook, rules/lib/remediation-values.ts)
 * so the .ts and the .sh stub say the same thing.
 */
import type { AuditAnalysis, StreamAnalysis } from "../analyze";
import type { RuleConfig } from "../../rules/config";
import { defaultConfigs } from "../../rules/config";
import { CATALOG, type Rule } from "../../rules/catalog";
import { DESTINATION_CONFIG_KEY, FAILED_RECORD_BACKUP_MODES, bufferingPath } from "../../rules/lib/destinations";
import { numberOf, type RemediationValues, type StubAlarm } from "../../rules/lib/remediation-values";
import type { DeliveryStreamConfig, DestinationType, Finding, StreamConfig } from "../../rules/model";

export { shardChange } from "../../rules/lib/remediation-values";
export type { RemediationValues, ShardChange, ShardStep, StubAlarm, ThrottlingPlan } from "../../rules/lib/remediation-values";

export interface RemediationStub {
  /** File name without extension, unique within remediation/. */
  readonly fileBase: string;
  readonly ruleId: string;
  readonly context: RemediationContext;
}

/** A stub's context: the finding, its resource, and its rule's values (RemediationValues). */
export interface RemediationContext extends Omit<RemediationValues, "alarms"> {
  readonly ruleId: string;
  readonly issue: string;
  readonly severity: string;
  readonly details: string;
  readonly remediation: string;
  readonly resourceName: string;
  readonly resourceArn: string;
  readonly region: string;
  /** A TypeScript identifier derived from the name (for `const <id> = ...`). */
  readonly varName: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The finding's monthly cost impact (USD), null when it states none. */
  readonly monthlyImpactUsd: number | null;
  readonly stream?: {
    readonly mode: string;
    readonly shardCount: number | null;
    readonly retentionHours: number | null;
    readonly shardLevelMetrics: readonly string[];
    readonly encryptionType: string | null;
  };
  readonly deliveryStream?: {
    readonly destination: string;
    readonly configKey: string;
    readonly bufferingPath: string;
    readonly sourceStreamArn: string | null;
    /** `aws firehose update-destination` flag for this destination. */
    readonly cliUpdateFlag: string;
    /** The member of DescribeDeliveryStream's Destinations[0] describing this destination. */
    readonly describeKey: string;
    /** @pulumi/aws input type of the destination block (aws.types.input.kinesis.<name>). */
    readonly pulumiInputType: string;
    readonly vpcId: string | null;
    readonly sourceStreamName: string | null;
    /** The s3BackupMode that keeps failed records for this destination. */
    readonly backupMode: string;
    /** Modes that keep failed records (any one is fine). */
    readonly backupModes: readonly string[];
    /** Can UpdateDestination change S3BackupMode for this destination (not for OpenSearch/Elasticsearch). */
    readonly backupModeUpdatable: boolean;
    /** Redshift buffers in its intermediate S3 bucket: hints go under S3Update / s3Configuration. */
    readonly buffersInS3Update: boolean;
  };
  /** First DR region for kds-cross-region stubs (the rule's value; "" for other rules). */
  readonly drRegion: string;
  /** Alarms to create (the rule's values; none for most rules). */
  readonly alarms: readonly StubAlarm[];
}

/** https://docs.aws.amazon.com/cli/latest/reference/firehose/update-destination.html */
const CLI_UPDATE_FLAG: Readonly<Record<DestinationType, string>> = {
  extended_s3: "--extended-s3-destination-update",
  s3: "--extended-s3-destination-update",
  redshift: "--redshift-destination-update",
  elasticsearch: "--elasticsearch-destination-update",
  opensearch: "--amazonopensearchservice-destination-update",
  opensearchserverless: "--amazon-open-search-serverless-destination-update",
  http_endpoint: "--http-endpoint-destination-update",
  splunk: "--splunk-destination-update",
  snowflake: "--snowflake-destination-update",
  iceberg: "--iceberg-destination-update",
};

/** https://docs.aws.amazon.com/firehose/latest/APIReference/API_DestinationDescription.html */
const DESCRIBE_KEY: Readonly<Record<DestinationType, string>> = {
  extended_s3: "ExtendedS3DestinationDescription",
  s3: "ExtendedS3DestinationDescription",
  redshift: "RedshiftDestinationDescription",
  elasticsearch: "ElasticsearchDestinationDescription",
  opensearch: "AmazonopensearchserviceDestinationDescription",
  opensearchserverless: "AmazonOpenSearchServerlessDestinationDescription",
  http_endpoint: "HttpEndpointDestinationDescription",
  splunk: "SplunkDestinationDescription",
  snowflake: "SnowflakeDestinationDescription",
  iceberg: "IcebergDestinationDescription",
};

/** @pulumi/aws v7 types/input.d.ts, namespace kinesis. */
const PULUMI_INPUT_TYPE: Readonly<Record<DestinationType, string>> = {
  extended_s3: "FirehoseDeliveryStreamExtendedS3Configuration",
  s3: "FirehoseDeliveryStreamExtendedS3Configuration",
  redshift: "FirehoseDeliveryStreamRedshiftConfiguration",
  elasticsearch: "FirehoseDeliveryStreamElasticsearchConfiguration",
  opensearch: "FirehoseDeliveryStreamOpensearchConfiguration",
  opensearchserverless: "FirehoseDeliveryStreamOpensearchserverlessConfiguration",
  http_endpoint: "FirehoseDeliveryStreamHttpEndpointConfiguration",
  splunk: "FirehoseDeliveryStreamSplunkConfiguration",
  snowflake: "FirehoseDeliveryStreamSnowflakeConfiguration",
  iceberg: "FirehoseDeliveryStreamIcebergConfiguration",
};

/**
 * UpdateDestination's <Destination>DestinationUpdate has no S3BackupMode for the OpenSearch and
 * Elasticsearch families: their backup mode is fixed at creation
 * (https://docs.aws.amazon.com/firehose/latest/APIReference/API_AmazonopensearchserviceDestinationUpdate.html).
 */
const BACKUP_MODE_FIXED: ReadonlySet<DestinationType> = new Set(["elasticsearch", "opensearch", "opensearchserverless"]);

function identifier(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join("");
  return /^[A-Za-z_]/.test(id) ? id : `r${id}`;
}

/** Safe file name: letters, digits, dot, dash, underscore only. */
export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 120) || "_";
}

 let defaults: Record<string, RuleConfig> | undefined;
/** A rule's default config: the stubs' fallback when a finding carries no value (not the audit's config, as before). */
function defaultConfig(ruleId: string): RuleConfig {
  defaults ??= defaultConfigs();
  return defaults[ruleId] ?? {};
}

function streamPart(s: StreamConfig) {
  return {
    mode: String(s.mode),
    shardCount: typeof s.shardCount === "number" ? s.shardCount : null,
    retentionHours: typeof s.retentionHours === "number" ? s.retentionHours : null,
    shardLevelMetrics: Array.isArray(s.shardLevelMetrics) ? [...(s.shardLevelMetrics as readonly string[])] : [],
    encryptionType: typeof s.encryptionType === "string" ? s.encryptionType : null,
  };
}

function deliveryPart(d: DeliveryStreamConfig) {
  const dest: DestinationType = typeof d.destination === "string" ? d.destination : "extended_s3";
  const modes = FAILED_RECORD_BACKUP_MODES[dest] ?? ["Enabled"];
  return {
    destination: dest,
    configKey: DESTINATION_CONFIG_KEY[dest],
    bufferingPath: bufferingPath(dest),
    sourceStreamArn: d.source.type === "KinesisStreamAsSource" && typeof d.source.streamArn === "string" ? d.source.streamArn : null,
    cliUpdateFlag: CLI_UPDATE_FLAG[dest],
    describeKey: DESCRIBE_KEY[dest],
    pulumiInputType: PULUMI_INPUT_TYPE[dest],
    vpcId: d.vpc && typeof d.vpc.vpcId === "string" ? d.vpc.vpcId : null,
    sourceStreamName: d.source.type === "KinesisStreamAsSource" && typeof d.source.streamArn === "string" ? (d.source.streamArn.split("/").pop() ?? null) : null,
    backupMode: modes[0] ?? "FailedDataOnly",
    backupModes: modes,
    backupModeUpdatable: !BACKUP_MODE_FIXED.has(dest),
    buffersInS3Update: dest === "redshift",
  };
}

const CATALOG_BY_ID = new Map(CATALOG.map((r) => [r.id, r]));

export function toRemediationStubs(a: AuditAnalysis, rules: ReadonlyMap<string, Rule> = CATALOG_BY_ID): RemediationStub[] {
  const used = new Map<string, number>();
  const out: RemediationStub[] = [];
  const recsFor = (name: string) => a.alarmRecommendations.filter((r) => r.resourceName === name || r.resourceName.startsWith(`${name}/`));
  // Organization-wide audits (issue 16): the same name exists in several accounts and regions, so
  // the files are named <account>--<region>--<resource>--<rule>; single-account names are unchanged.
  const scope = (f: Finding) => {
    if (!a.accounts) return "";
    const [, , , region, account] = f.resource.ref.split(":");
    return `${account || "unknown-account"}--${region || "unknown-region"}--`;
  };
  const push = (f: Finding, name: string, extra: Partial<RemediationContext>) => {
    const base = safeFileName(`${scope(f)}${name}--${f.ruleId}`);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    out.push({
      fileBase: n === 1 ? base : `${base}-${n}`,
      ruleId: f.ruleId,
      context: {
        ruleId: f.ruleId,
        issue: f.issue,
        severity: f.severity,
        details: f.details,
        remediation: f.remediation,
        resourceName: name,
        resourceArn: f.resource.ref,
        region: f.resource.ref.split(":")[3] ?? "",
        varName: identifier(name),
        data: f.data ?? {},
        monthlyImpactUsd: numberOf(f.monthlyImpactUsd) ?? null,
        alarms: [],
        drRegion: "",
        ...extra,
      },
    });
  };
  const drRegionsOf = (name: string) => {
    const flag = a.drFlags.find((d) => d.streamName === name);
    return flag ? { drRegions: flag.drRegions } : {};
  };
  /** The finding's rule's values for its stubs (none for a rule without the hook). */
  const valuesOf = (f: Finding, name: string, resource: { stream: StreamConfig; analysis: StreamAnalysis } | { deliveryStream: DeliveryStreamConfig }, findings: readonly Finding[]): RemediationValues => {
    const hook = rules.get(f.ruleId)?.live.remediationValues;
    if (!hook) return {};
    const onStream = "stream" in resource;
    const region = String((onStream ? resource.stream.region : resource.deliveryStream.region) ?? "");
    return hook(f, {
      config: defaultConfig(f.ruleId),
      resourceName: name,
      region,
      ...(onStream ? { stream: resource.stream } : { deliveryStream: resource.deliveryStream }),
      resourceFindings: findings,
      ...(onStream && resource.analysis.writeUtilization ? { writeUtilization: resource.analysis.writeUtilization } : {}),
      ...drRegionsOf(name),
      alarmRecommendations: recsFor(name),
    });
  };
  for (const r of a.streams) {
    const name = String(r.stream.name);
    for (const f of r.findings) {
      push(f, name, { stream: streamPart(r.stream), ...valuesOf(f, name, { stream: r.stream, analysis: r }, r.findings) });
    }
  }
  for (const r of a.deliveryStreams) {
    const name = String(r.deliveryStream.name);
    for (const f of r.findings) {
      push(f, name, { deliveryStream: deliveryPart(r.deliveryStream), ...valuesOf(f, name, { deliveryStream: r.deliveryStream }, r.findings) });
    }
  }
  return out;
}
