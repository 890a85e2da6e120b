/**
 * Remediation stubs, one pair per finding: remediation/<resource>--<rule>.ts (Pulumi TypeScript that
 * fixes it) and remediation/<resource>--<rule>.sh (the equivalent AWS CLI commands), rendered from
 * templates/remediation/<rule-id>.pulumi.ts.hbs and .aws-cli.sh.hbs. This builds their context.
 */
import type { AuditAnalysis } from "../analyze";
import type { AlarmRecommendation } from "../analyze/alarm-recommendations";
import { DESTINATION_CONFIG_KEY, FAILED_RECORD_BACKUP_MODES, bufferingPath } from "../../rules/static/destinations";
import type { DeliveryStreamConfig, DestinationType, Finding, StreamConfig } from "../../rules/model";

export interface RemediationStub {
  /** File name without extension, unique within remediation/. */
  readonly fileBase: string;
  readonly ruleId: string;
  readonly context: RemediationContext;
}

export interface RemediationContext {
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
  readonly stream?: {
    readonly mode: string;
    readonly shardCount: number | null;
    readonly retentionHours: number | null;
    readonly shardLevelMetrics: readonly string[];
  };
  readonly deliveryStream?: {
    readonly destination: string;
    readonly configKey: string;
    readonly bufferingPath: string;
    readonly sourceStreamArn: string | null;
    /** `aws firehose update-destination` flag for this destination. */
    readonly cliUpdateFlag: string;
    readonly vpcId: string | null;
    readonly sourceStreamName: string | null;
    /** The s3BackupMode that keeps failed records for this destination. */
    readonly backupMode: string;
  };
  /** First DR region for kds-cross-region stubs. */
  readonly drRegion: string;
  readonly alarms: readonly (AlarmRecommendation & { readonly alarmName: string; readonly dimensionList: readonly { readonly name: string; readonly value: string }[] })[];
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

function identifier(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join("");
  return /^[A-Za-z_]/.test(id) ? id : `r${id}`;
}

/** Safe file name: letters, digits, dot, dash, underscore only. */
export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_").slice(0, 120) || "_";
}

function streamPart(s: StreamConfig) {
  return {
    mode: String(s.mode),
    shardCount: typeof s.shardCount === "number" ? s.shardCount : null,
    retentionHours: typeof s.retentionHours === "number" ? s.retentionHours : null,
    shardLevelMetrics: Array.isArray(s.shardLevelMetrics) ? [...(s.shardLevelMetrics as readonly string[])] : [],
  };
}

function deliveryPart(d: DeliveryStreamConfig) {
  const dest = typeof d.destination === "string" ? d.destination : "extended_s3";
  return {
    destination: dest,
    configKey: DESTINATION_CONFIG_KEY[dest],
    bufferingPath: bufferingPath(dest),
    sourceStreamArn: d.source.type === "KinesisStreamAsSource" && typeof d.source.streamArn === "string" ? d.source.streamArn : null,
    cliUpdateFlag: CLI_UPDATE_FLAG[dest],
    vpcId: d.vpc && typeof d.vpc.vpcId === "string" ? d.vpc.vpcId : null,
    sourceStreamName: d.source.type === "KinesisStreamAsSource" && typeof d.source.streamArn === "string" ? (d.source.streamArn.split("/").pop() ?? null) : null,
    backupMode: FAILED_RECORD_BACKUP_MODES[dest]?.[0] ?? "FailedDataOnly",
  };
}

export function toRemediationStubs(a: AuditAnalysis): RemediationStub[] {
  const used = new Map<string, number>();
  const out: RemediationStub[] = [];
  const recsFor = (name: string, types: readonly string[]) =>
    a.alarmRecommendations
      .filter((r) => types.includes(r.resourceType) && (r.resourceName === name || r.resourceName.startsWith(`${name}/`)))
      .map((r) => ({
        ...r,
        alarmName: `${r.resourceName.replace("/", "-")}-${r.metricName.replace(/[^A-Za-z0-9]+/g, "-")}`.toLowerCase(),
        dimensionList: Object.entries(r.dimensions).map(([n, v]) => ({ name: n, value: v })),
      }));
  const push = (f: Finding, name: string, extra: Partial<RemediationContext>) => {
    const base = safeFileName(`${name}--${f.ruleId}`);
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
        alarms: [],
        drRegion: a.drFlags.find((d) => d.streamName === name)?.drRegions[0] ?? "us-west-2",
        ...extra,
      },
    });
  };
  for (const r of a.streams) {
    const name = String(r.stream.name);
    for (const f of r.findings) {
      push(f, name, { stream: streamPart(r.stream), alarms: f.ruleId === "kds-alarms" ? recsFor(name, ["stream"]) : f.ruleId === "kds-consumer-lag" ? recsFor(name, ["consumer"]).filter((x) => x.dimensions.ConsumerName === f.data?.consumer) : [] });
    }
  }
  for (const r of a.deliveryStreams) {
    const name = String(r.deliveryStream.name);
    for (const f of r.findings) {
      push(f, name, { deliveryStream: deliveryPart(r.deliveryStream), alarms: f.ruleId === "kdf-alarms" ? recsFor(name, ["deliveryStream"]) : [] });
    }
  }
  return out;
}
