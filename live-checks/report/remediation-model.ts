/**
 * Remediation stubs, one pair per finding: remediation/<resource>--<rule>.ts (Pulumi TypeScript that
 * fixes it) and remediation/<resource>--<rule>.sh (the equivalent AWS CLI commands), rendered from
 * rules/<rule-id>/remediation.pulumi.ts.hbs and .aws-cli.sh.hbs. This builds their context: the
 * finding, the resource, and the plan the templates spell out (shard steps, thresholds), computed
 * here once so the .ts and the .sh stub say the same thing. Finding `data` is read defensively:
 * rules add and rename fields, and a value a finding does not carry falls back to what the finding's
 * text states, then to the rule's default config (never to a number written into a template).
 */
import type { AuditAnalysis, StreamAnalysis } from "../analyze";
import { deliverySuccessSpec, iteratorAgeSpec, successThresholdFor, type AlarmRecommendation, type AlarmSpec } from "../analyze/alarm-recommendations";
import { defaultConfigs } from "../../rules/config";
import { DESTINATION_CONFIG_KEY, FAILED_RECORD_BACKUP_MODES, bufferingPath } from "../../rules/lib/destinations";
import { SHARD_BYTES_PER_SECOND, SHARD_RECORDS_PER_SECOND, updateShardCountSteps } from "../../rules/metric/capacity";
import type { DeliveryStreamConfig, DestinationType, Finding, StreamConfig } from "../../rules/model";

export interface RemediationStub {
  /** File name without extension, unique within remediation/. */
  readonly fileBase: string;
  readonly ruleId: string;
  readonly context: RemediationContext;
}

/** One UpdateShardCount call (one `pulumi up` in the Pulumi stub). */
export interface ShardStep {
  /** 1-based. */
  readonly n: number;
  readonly from: number;
  readonly to: number;
}

/**
 * A change of a provisioned stream's open shard count. UpdateShardCount can at most double or halve
 * the open shard count per call (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html),
 * and Pulumi's aws.kinesis.Stream makes one such call per `pulumi up`: a change of more than one step
 * is one `pulumi up` (or one CLI call) per step.
 */
export interface ShardChange {
  readonly from: number;
  readonly to: number;
  readonly direction: "up" | "down";
  readonly steps: readonly ShardStep[];
  readonly multiStep: boolean;
  /** Write capacity before and after (1 MiB/s and 1,000 records/s per shard). */
  readonly mibPerSecondBefore: number;
  readonly mibPerSecondAfter: number;
  readonly recordsPerSecondBefore: number;
  readonly recordsPerSecondAfter: number;
  /** Peak write utilization (%) of `from` shards in the window, and of `to` shards, when known. */
  readonly peakPercent?: number;
  readonly projectedPeakPercent?: number;
}

/** What the write-throttling stubs recommend. */
export interface ThrottlingPlan {
  readonly throttleRatePercent?: number;
  /** On-demand: no shard count to set; see the templates for what applies. */
  readonly onDemand: boolean;
  /**
   * Why this shard count (provisioned streams):
   * - hot-shard: a kds-hot-shard finding names the shard; splitting it is the plan, no UpdateShardCount
   *   (uniform resharding would redraw the hash ranges the split is about);
   * - kds-under-provisioned: that finding's count (one plan per stream);
   * - measured-peak: the busiest hour, with the throttled attempts added back, needs more shards;
   * - bursts: the busiest hour fits the shards, so minute bursts were throttled: one more shard;
   * - one-step: no utilization data: one more shard.
   */
  readonly basis?: "hot-shard" | "kds-under-provisioned" | "measured-peak" | "bursts" | "one-step";
  readonly change?: ShardChange;
  /** The stream's accepted-writes peak (%) and that peak with the throttled attempts added back. */
  readonly peakPercent?: number;
  readonly demandPeakPercent?: number;
  /** A kds-hot-shard finding on the same stream. */
  readonly hotShardId?: string;
}

/** An alarm a stub creates (CLI put-metric-alarm, Pulumi MetricAlarm). */
export type StubAlarm = AlarmRecommendation & {
  readonly alarmName: string;
  readonly dimensionList: readonly { readonly name: string; readonly value: string }[];
};

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
  /** First DR region for kds-cross-region stubs. */
  readonly drRegion: string;
  /** Alarms to create: missing ones (kds-alarms, kdf-alarms, kds-consumer-lag), or the finding's metric (kds-iterator-age, kdf-delivery-failures). */
  readonly alarms: readonly StubAlarm[];
  /**
   * kds-over-provisioned on a stream whose writes were throttled (kds-write-throttling fired too): the
   * stubs do not lower it, since fewer shards would throttle more.
   */
  readonly blockedByThrottling?: { readonly throttleRatePercent?: number };
  /** Shard count change (kds-under-provisioned, kds-over-provisioned, kds-on-demand-steady). */
  readonly shardChange?: ShardChange;
  readonly throttling?: ThrottlingPlan;
  readonly retention?: { readonly currentHours: number | null; readonly targetHours: number };
  /** kdf-delivery-failures: the failed share (%) its alarm fires above (the rule's limit). */
  readonly maxFailurePercent?: number;
  /** kds-cross-region: the replica's name and the tag naming its source (the rule's replicaTagKey). */
  readonly replica?: { readonly name: string; readonly tagKey: string };
  /** kds-enhanced-monitoring: the shard-level metrics to add, and the full list to declare. */
  readonly shardMetrics?: { readonly add: readonly string[]; readonly all: readonly string[] };
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

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const posInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? [...(v as string[])] : undefined);

/** The first number a rule wrote into a finding text (`expected`), when `re` matches it. */
function numberIn(text: string | undefined, re: RegExp): number | undefined {
  const m = text === undefined ? null : re.exec(text);
  return m?.[1] === undefined ? undefined : num(Number(m[1].replace(/,/g, "")));
}

let defaults: Record<string, Readonly<Record<string, unknown>>> | undefined;
function ruleDefault(ruleId: string, key: string): unknown {
  defaults ??= defaultConfigs();
  return defaults[ruleId]?.[key];
}

/** UpdateShardCount targets from `from` to `to`: the finding's own when they are a valid sequence, else computed. */
function validSteps(from: number, to: number, given: unknown): number[] {
  const steps = Array.isArray(given) && given.every((s) => posInt(s) !== undefined) ? (given as number[]) : undefined;
  if (steps && steps.length > 0 && steps[steps.length - 1] === to) {
    let cur = from;
    const ok = steps.every((s) => {
      const fine = s !== cur && s <= cur * 2 && s >= Math.ceil(cur / 2);
      cur = s;
      return fine;
    });
    if (ok) return [...steps];
  }
  return updateShardCountSteps(from, to);
}

export function shardChange(from: number, to: number, givenSteps?: unknown, peakPercent?: number, projectedPeakPercent?: number): ShardChange {
  const targets = validSteps(from, to, givenSteps);
  let prev = from;
  const steps = targets.map((t, i) => {
    const s = { n: i + 1, from: prev, to: t };
    prev = t;
    return s;
  });
  const projected = projectedPeakPercent ?? (peakPercent === undefined ? undefined : (peakPercent * from) / to);
  return {
    from,
    to,
    direction: to > from ? "up" : "down",
    steps,
    multiStep: steps.length > 1,
    mibPerSecondBefore: (from * SHARD_BYTES_PER_SECOND) / 1_048_576,
    mibPerSecondAfter: (to * SHARD_BYTES_PER_SECOND) / 1_048_576,
    recordsPerSecondBefore: from * SHARD_RECORDS_PER_SECOND,
    recordsPerSecondAfter: to * SHARD_RECORDS_PER_SECOND,
    ...(peakPercent === undefined ? {} : { peakPercent }),
    ...(projected === undefined ? {} : { projectedPeakPercent: projected }),
  };
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

/** The shard change a capacity finding recommends (currentShards -> recommendedShards). */
function capacityChange(f: Finding, stream: StreamConfig): ShardChange | undefined {
  const d = f.data ?? {};
  const from = posInt(d.currentShards) ?? posInt(stream.shardCount);
  const to = posInt(d.recommendedShards);
  if (from === undefined || to === undefined || from === to) return undefined;
  return shardChange(from, to, d.updateShardCountSteps, num(d.peakUtilizationPercent), num(d.projectedPeakUtilizationPercent));
}

/** kds-on-demand-steady: switch to provisioned (the stream keeps its open shards), then step to provisionedShards. */
function onDemandSteadyChange(f: Finding, stream: StreamConfig): ShardChange | undefined {
  const from = posInt(stream.shardCount);
  const to = posInt(f.data?.provisionedShards);
  if (from === undefined || to === undefined || from === to) return undefined;
  return shardChange(from, to);
}

/**
 * kds-write-throttling on a provisioned stream, one plan with the stream's other capacity findings:
 * a hot shard is split (its own stub), a kds-under-provisioned count is reused. Otherwise more
 * shards, sized from the measured peak: IncomingRecords/IncomingBytes count accepted writes only, so
 * the busiest hour's utilization is scaled by attempts / accepted (throttled records added back). The
 * count is the least that carries that, and at least one more shard than now (throttling shows the
 * current count fell short at some minute, which hourly sums hide).
 */
function throttlingPlan(f: Finding, r: StreamAnalysis): ThrottlingPlan {
  const d = f.data ?? {};
  const rate = num(d.throttleRatePercent);
  const base = { ...(rate === undefined ? {} : { throttleRatePercent: rate }) };
  if (r.stream.mode === "ON_DEMAND") return { ...base, onDemand: true };
  const hot = r.findings.find((x) => x.ruleId === "kds-hot-shard" && typeof x.data?.shardId === "string");
  if (hot) return { ...base, onDemand: false, basis: "hot-shard", hotShardId: String(hot.data?.shardId) };
  const under = r.findings.find((x) => x.ruleId === "kds-under-provisioned");
  const fromUnder = under ? capacityChange(under, r.stream) : undefined;
  if (fromUnder && fromUnder.direction === "up") {
    return { ...base, onDemand: false, basis: "kds-under-provisioned", change: fromUnder, ...(fromUnder.peakPercent === undefined ? {} : { peakPercent: fromUnder.peakPercent }) };
  }
  const shards = posInt(r.writeUtilization?.shards) ?? posInt(r.stream.shardCount);
  if (shards === undefined) return { ...base, onDemand: false };
  const peak = num(r.writeUtilization?.peakPercent);
  const throttled = num(d.throttledRecords);
  const accepted = num(d.incomingRecords);
  if (peak === undefined) return { ...base, onDemand: false, basis: "one-step", change: shardChange(shards, shards + 1) };
  const demand = throttled !== undefined && accepted !== undefined && accepted > 0 ? peak * ((accepted + throttled) / accepted) : peak;
  const carrying = Math.ceil((shards * demand) / 100);
  const to = Math.max(shards + 1, carrying);
  return {
    ...base,
    onDemand: false,
    basis: carrying > shards ? "measured-peak" : "bursts",
    peakPercent: peak,
    demandPeakPercent: demand,
    change: shardChange(shards, to, undefined, demand),
  };
}

/** kds-retention: the retention the finding recommends (data, else its `expected` text, else the rule's default). */
function retentionTarget(f: Finding, s: StreamConfig) {
  const target =
    posInt(f.data?.recommendedRetentionHours) ??
    numberIn(f.expected, /^(\d+) h\b/) ??
    numberIn(f.remediation, /retentionPeriod: (\d+)/) ??
    Number(ruleDefault("kds-retention", "recommendedRetentionHours"));
  return { currentHours: typeof s.retentionHours === "number" ? s.retentionHours : null, targetHours: target };
}

/** A stub alarm: the name kds-alarms / kdf-alarms stubs use for the same metric, so either stub finds the other's alarm. */
function stubAlarm(
  r: Pick<AlarmRecommendation, "resourceName" | "resourceType" | "region" | "namespace" | "metricName" | "dimensions">,
  spec: AlarmSpec,
): StubAlarm {
  return {
    ...r,
    ...spec,
    alarmName: `${r.resourceName.replace("/", "-")}-${r.metricName.replace(/[^A-Za-z0-9]+/g, "-")}`.toLowerCase(),
    dimensionList: Object.entries(r.dimensions).map(([n, v]) => ({ name: n, value: v })),
  };
}

/** kdf-delivery-failures: the failed-share limit (data, else the finding's `expected` text, else the rule's default). */
function maxFailurePercentOf(f: Finding): number {
  return num(f.data?.maxFailurePercent) ?? numberIn(f.expected, /^<= ([\d.]+) %/) ?? Number(ruleDefault("kdf-delivery-failures", "maxFailurePercent"));
}

/** kds-cross-region: replica name and tag key (data, else the finding's `expected` text, else the rule's defaults). */
function replicaOf(f: Finding, name: string) {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const tagKey = str(f.data?.replicaTagKey) ?? /tagged ([^=\s]+)=/.exec(f.expected ?? "")?.[1] ?? String(ruleDefault("kds-cross-region", "replicaTagKey"));
  const suffix = strings(ruleDefault("kds-cross-region", "replicaNameSuffixes"))?.[0] ?? "";
  const replica = str(f.data?.replicaName) ?? / named (\S+) in /.exec(f.expected ?? "")?.[1] ?? `${name}${suffix}`;
  return { name: replica, tagKey };
}

/** kds-enhanced-monitoring: the missing metrics (data, else the rule's default list minus what is on). */
function shardMetrics(f: Finding, s: StreamConfig) {
  const on = streamPart(s).shardLevelMetrics;
  const required = strings(ruleDefault("kds-enhanced-monitoring", "requiredMetrics")) ?? [];
  const add = strings(f.data?.missingMetrics) ?? required.filter((m) => !on.includes(m));
  return { add, all: [...on.filter((m) => m !== "ALL"), ...add.filter((m) => !on.includes(m))] };
}

export function toRemediationStubs(a: AuditAnalysis): RemediationStub[] {
  const used = new Map<string, number>();
  const out: RemediationStub[] = [];
  const recsFor = (name: string, types: readonly string[]) =>
    a.alarmRecommendations
      .filter((r) => types.includes(r.resourceType) && (r.resourceName === name || r.resourceName.startsWith(`${name}/`)))
      .map((r) => stubAlarm(r, r));
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
        monthlyImpactUsd: num(f.monthlyImpactUsd) ?? null,
        alarms: [],
        drRegion: a.drFlags.find((d) => d.streamName === name)?.drRegions[0] ?? strings(ruleDefault("kds-cross-region", "drRegions"))?.[0] ?? "",
        ...extra,
      },
    });
  };
  for (const r of a.streams) {
    const name = String(r.stream.name);
    for (const f of r.findings) {
      const extra: Partial<RemediationContext> = { stream: streamPart(r.stream) };
      const plan = (): Partial<RemediationContext> => {
        switch (f.ruleId) {
          case "kds-alarms":
            return { alarms: recsFor(name, ["stream"]) };
          case "kds-consumer-lag":
            return { alarms: recsFor(name, ["consumer"]).filter((x) => x.dimensions.ConsumerName === f.data?.consumer) };
          case "kds-under-provisioned": {
            const c = capacityChange(f, r.stream);
            return c ? { shardChange: c } : {};
          }
          case "kds-over-provisioned": {
            const c = capacityChange(f, r.stream);
            const throttled = r.findings.find((x) => x.ruleId === "kds-write-throttling");
            const rate = num(throttled?.data?.throttleRatePercent);
            return { ...(c ? { shardChange: c } : {}), ...(throttled ? { blockedByThrottling: rate === undefined ? {} : { throttleRatePercent: rate } } : {}) };
          }
          case "kds-on-demand-steady": {
            const c = onDemandSteadyChange(f, r.stream);
            return c ? { shardChange: c } : {};
          }
          case "kds-write-throttling":
            return { throttling: throttlingPlan(f, r) };
          case "kds-retention":
            return { retention: retentionTarget(f, r.stream) };
          case "kds-enhanced-monitoring":
            return { shardMetrics: shardMetrics(f, r.stream) };
          case "kds-cross-region":
            return { replica: replicaOf(f, name) };
          case "kds-iterator-age": {
            const t = num(f.data?.thresholdMs) ?? numberIn(f.expected, /^<= ([\d,.]+) ms/) ?? Number(ruleDefault("kds-iterator-age", "maxIteratorAgeMs"));
            const region = String(r.stream.region ?? "");
            const ref = { resourceName: name, resourceType: "stream" as const, region, namespace: "AWS/Kinesis" as const, metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: name } };
            return { alarms: [stubAlarm(ref, iteratorAgeSpec(t))] };
          }
          default:
            return {};
        }
      };
      push(f, name, { ...extra, ...plan() });
    }
  }
  for (const r of a.deliveryStreams) {
    const name = String(r.deliveryStream.name);
    for (const f of r.findings) {
      const extra: Partial<RemediationContext> = { deliveryStream: deliveryPart(r.deliveryStream) };
      if (f.ruleId === "kdf-alarms") {
        push(f, name, { ...extra, alarms: recsFor(name, ["deliveryStream"]) });
      } else if (f.ruleId === "kdf-delivery-failures" && typeof f.data?.metric === "string") {
        const max = maxFailurePercentOf(f);
        const region = String(r.deliveryStream.region ?? "");
        const ref = { resourceName: name, resourceType: "deliveryStream" as const, region, namespace: "AWS/Firehose" as const, metricName: f.data.metric, dimensions: { DeliveryStreamName: name } };
        push(f, name, { ...extra, maxFailurePercent: max, alarms: [stubAlarm(ref, deliverySuccessSpec(successThresholdFor(max)))] });
      } else {
        push(f, name, extra);
      }
    }
  }
  return out;
}
