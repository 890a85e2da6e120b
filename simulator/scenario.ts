/**
 * The scenario file: a fleet of Kinesis / Firehose resources per region, how their CloudWatch
 * metrics behave, and the findings the fleet plants (ground truth for the analysis tests).
 * JSON or YAML; validated with a JSON schema (ajv) plus cross-reference checks, and every error
 * names the file, the path inside it and what is allowed.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject } from "ajv";
import { parse as parseYaml } from "yaml";
import { KINESIS_SHARD_LEVEL_METRICS } from "./aws-tables";

// ---- metric generators ----------------------------------------------------------------------

/**
 * How a metric's hourly level moves. Values are deterministic functions of (seed, series, hour),
 * so any window gives the same answer. `level` is per hour: a total for counters (bytes, records),
 * a value for gauges (milliseconds), a success fraction 0..1 for ratio metrics.
 */
export type Pattern =
  | { readonly kind: "steady"; readonly jitter?: number }
  /** Sinusoid over the UTC day: level x (1 + amplitude x cos(2 pi (hour - peakHourUtc) / 24)). */
  | { readonly kind: "diurnal"; readonly amplitude: number; readonly peakHourUtc?: number; readonly jitter?: number }
  /** Each hour is a burst with `burstProbability`, at `burstFactor` x level. */
  | { readonly kind: "bursty"; readonly burstProbability: number; readonly burstFactor: number; readonly jitter?: number }
  /** Gauges: each hour spikes to `spikeLevel` with `spikeProbability` (e.g. a lagging consumer). */
  | { readonly kind: "spikes"; readonly spikeLevel: number; readonly spikeProbability: number; readonly jitter?: number };

/** Missing data: hours without any datapoint. */
export interface Gaps {
  /** Share of hours (0..1) with no data. */
  readonly hourProbability: number;
}

/** One metric's generator: a level, a pattern and optional gaps; `none` = the metric never reports. */
export type Generator =
  | { readonly none: true }
  | { readonly level: number; readonly pattern?: Pattern; readonly gaps?: Gaps };

// ---- resources ------------------------------------------------------------------------------

export interface ShardSpec {
  readonly shardId?: string;
  /** Decimal strings 0 .. 2^128-1. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** Closed shards (after a reshard) take no writes and report no metrics. */
  readonly closed?: boolean;
  /** Relative share of the stream's writes (default 1). */
  readonly weight?: number;
}

/** Traffic of a Data Stream (or of a DirectPut delivery stream). */
export interface TrafficSpec {
  /** Mean records per second over the day. */
  readonly recordsPerSecond: number;
  /** Mean record size in bytes. */
  readonly avgRecordBytes: number;
  readonly pattern?: Pattern;
  readonly gaps?: Gaps;
  /** No datapoints at all for the traffic metrics (a stream nobody writes to). */
  readonly none?: boolean;
  /**
   * Minute-level bursts that hourly sums hide: in a burst hour, `minutes` consecutive minutes
   * (default 1) each carry `factor` x the hour's mean minute and the other minutes share the rest,
   * so hourly (and daily) sums are unchanged. E.g. factor 3 on a stream at 50 % of its capacity
   * per hour puts its busiest minute at 150 %. Every hour by default (`hourProbability` 1).
   */
  readonly minuteBurst?: MinuteBurstSpec;
}

export interface MinuteBurstSpec {
  /** Multiple of the hour's mean minute, >= 1; factor x minutes <= 60. */
  readonly factor: number;
  readonly minutes?: number;
  readonly hourProbability?: number;
}

export interface ConsumerSpec {
  readonly name: string;
  readonly status?: "CREATING" | "DELETING" | "ACTIVE";
  readonly createdAt?: string;
  /** SubscribeToShardEvent.MillisBehindLatest (gauge, ms). Default level 200 ms, steady. */
  readonly millisBehindLatest?: Generator;
}

export interface StreamSpec {
  readonly name: string;
  /** Default PROVISIONED. */
  readonly mode?: "PROVISIONED" | "ON_DEMAND";
  /** Open shard count (evenly split hash ranges) or explicit shards. Default 1 (on-demand: 4). */
  readonly shards?: number | readonly ShardSpec[];
  /** Default 24. */
  readonly retentionHours?: number;
  /** Default no encryption. */
  readonly encryption?: { readonly type: "KMS"; readonly keyId: string } | { readonly type: "NONE" };
  /** Shard-level metrics enabled (enhanced monitoring); "ALL" expands to all seven. */
  readonly enhancedMetrics?: readonly string[] | "ALL";
  readonly tags?: Readonly<Record<string, string>>;
  readonly consumers?: readonly ConsumerSpec[];
  /** ISO time; no metric data before it. Default 2024-01-01T00:00:00Z. */
  readonly createdAt?: string;
  readonly status?: "CREATING" | "DELETING" | "ACTIVE" | "UPDATING";
  readonly traffic?: TrafficSpec;
  /** Index of a hot shard among the open shards, and how many times the others' traffic it carries. */
  readonly hotShard?: { readonly index: number; readonly factor: number };
  /** Random spread of the other shards' weights (0..0.5, default 0.1). */
  readonly shardSkew?: number;
  /** WriteProvisionedThroughputExceeded / (that + IncomingRecords), 0..1 (default 0). */
  readonly throttledShare?: number;
  /** GetRecords.IteratorAgeMilliseconds (gauge, ms). Default level 300 ms, steady. */
  readonly iteratorAgeMs?: Generator;
  /** Any other stream-level metric (AWS/Kinesis, dim StreamName), by metric name: counters. */
  readonly extraMetrics?: Readonly<Record<string, Generator>>;
}

export type DestinationKind = "extended_s3" | "redshift" | "opensearch" | "elasticsearch" | "splunk" | "http_endpoint";

export interface DeliveryStreamSpec {
  readonly name: string;
  /** "DirectPut" or the name of a Data Stream in the same region. */
  readonly source: "DirectPut" | { readonly stream: string };
  readonly destination: DestinationKind;
  /** Default 5 MB / 300 s (splunk 5 / 60). */
  readonly buffering?: { readonly sizeMb: number; readonly intervalSeconds: number };
  /** An enabled Lambda processor with this function ARN; absent = no processing configuration. */
  readonly lambdaArn?: string;
  /** Processing configuration present but disabled. */
  readonly processingDisabled?: boolean;
  /** Extended S3 only: record format conversion from JSON to this format (DataFormatConversionConfiguration, Enabled). */
  readonly formatConversion?: "parquet" | "orc";
  /** Destination's S3BackupMode as AWS spells it (per-destination defaults below). */
  readonly s3BackupMode?: string;
  /** Server-side encryption of a DirectPut stream. */
  readonly sse?: { readonly enabled: boolean; readonly keyType?: "AWS_OWNED_CMK" | "CUSTOMER_MANAGED_CMK"; readonly keyArn?: string };
  /** VPC delivery (OpenSearch / Elasticsearch). */
  readonly vpc?: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds?: readonly string[] };
  readonly tags?: Readonly<Record<string, string>>;
  readonly createdAt?: string;
  readonly status?: "CREATING" | "DELETING" | "ACTIVE" | "CREATING_FAILED" | "DELETING_FAILED";
  /** DirectPut traffic (a Kinesis-sourced stream reads its source stream's traffic). */
  readonly traffic?: TrafficSpec;
  /** Share of delivery attempts that succeed, 0..1 (default 1). */
  readonly successRate?: number;
  /** DeliveryTo<Dest>.DataFreshness (gauge, s). Default steady at the buffer interval. */
  readonly dataFreshnessSeconds?: Generator;
  /** Splunk HEC token (returned by DescribeDeliveryStream like AWS does; the collector must not leak it). */
  readonly hecToken?: string;
}

export interface AlarmMetricSpec {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly stat?: string;
  readonly period?: number;
}

export interface AlarmSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly statistic?: "SampleCount" | "Average" | "Sum" | "Minimum" | "Maximum";
  readonly period?: number;
  readonly threshold?: number;
  readonly comparisonOperator?: string;
  readonly evaluationPeriods?: number;
  /** Metric-math alarm: these metrics plus `expression`. */
  readonly metrics?: readonly AlarmMetricSpec[];
  readonly expression?: string;
  readonly actionsEnabled?: boolean;
  readonly state?: "OK" | "ALARM" | "INSUFFICIENT_DATA";
}

export interface VpcEndpointSpec {
  readonly id?: string;
  readonly vpcId: string;
  /** e.g. com.amazonaws.us-east-1.s3 */
  readonly serviceName: string;
  readonly type: "Gateway" | "Interface" | "GatewayLoadBalancer";
  readonly state?: string;
}

export interface RegionSpec {
  readonly streams?: readonly StreamSpec[];
  readonly deliveryStreams?: readonly DeliveryStreamSpec[];
  readonly alarms?: readonly AlarmSpec[];
  readonly vpcEndpoints?: readonly VpcEndpointSpec[];
}

/** A finding the scenario plants: the analysis must report exactly these (rule id per resource name). */
export interface ExpectedFinding {
  readonly region: string;
  readonly resource: string;
  readonly ruleId: string;
  /** Sub-resource for per-shard / per-consumer findings (shard id, consumer name). */
  readonly detail?: string;
}

export interface ExpectedSkip {
  readonly region: string;
  readonly name: string;
  readonly reason: "tag" | "name-prefix" | "low-traffic";
}

export interface Scenario {
  readonly name?: string;
  readonly description?: string;
  /** PRNG seed of every metric generator. */
  readonly seed: number;
  /** Default 123456789012. */
  readonly accountId?: string;
  readonly regions: Readonly<Record<string, RegionSpec>>;
  readonly expected?: { readonly findings: readonly ExpectedFinding[]; readonly skipped: readonly ExpectedSkip[] };
}

export const DEFAULT_ACCOUNT_ID = "123456789012";
export const DEFAULT_CREATED_AT = "2024-01-01T00:00:00Z";
/** Every shard-level metric Kinesis offers (EnableEnhancedMonitoring "ALL"). */
export const ALL_SHARD_METRICS = KINESIS_SHARD_LEVEL_METRICS;

// ---- validation -----------------------------------------------------------------------------

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

const num = (min?: number, max?: number) => ({ type: "number", ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) });
const str = { type: "string", minLength: 1 };
const strMap = { type: "object", additionalProperties: { type: "string" } };
const isoTime = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$" };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, required, additionalProperties: false });

const patternSchema = {
  type: "object",
  required: ["kind"],
  properties: {
    kind: { enum: ["steady", "diurnal", "bursty", "spikes"] },
    jitter: num(0, 0.9),
    amplitude: num(0, 1),
    peakHourUtc: num(0, 23),
    burstProbability: num(0, 1),
    burstFactor: num(0),
    spikeLevel: num(0),
    spikeProbability: num(0, 1),
  },
  additionalProperties: false,
  allOf: [
    { if: { properties: { kind: { const: "diurnal" } } }, then: { required: ["amplitude"] } },
    { if: { properties: { kind: { const: "bursty" } } }, then: { required: ["burstProbability", "burstFactor"] } },
    { if: { properties: { kind: { const: "spikes" } } }, then: { required: ["spikeLevel", "spikeProbability"] } },
  ],
};
const gapsSchema = obj({ hourProbability: num(0, 1) }, ["hourProbability"]);
const generatorSchema = {
  type: "object",
  properties: { none: { const: true }, level: num(0), pattern: patternSchema, gaps: gapsSchema },
  additionalProperties: false,
  oneOf: [{ required: ["none"] }, { required: ["level"] }],
};
const minuteBurstSchema = obj({ factor: num(1, 60), minutes: { type: "integer", minimum: 1, maximum: 60 }, hourProbability: num(0, 1) }, ["factor"]);
const trafficSchema = obj(
  { recordsPerSecond: num(0), avgRecordBytes: num(1, 1048576), pattern: patternSchema, gaps: gapsSchema, none: { type: "boolean" }, minuteBurst: minuteBurstSchema },
  ["recordsPerSecond", "avgRecordBytes"],
);
const hashKey = { type: "string", pattern: "^\\d{1,39}$" };
const shardSchema = obj(
  {
    shardId: str,
    startingHashKey: hashKey,
    endingHashKey: hashKey,
    parentShardId: str,
    adjacentParentShardId: str,
    closed: { type: "boolean" },
    weight: num(0),
  },
  ["startingHashKey", "endingHashKey"],
);
const streamSchema = obj(
  {
    name: { type: "string", pattern: "^[a-zA-Z0-9_.-]{1,128}$" },
    mode: { enum: ["PROVISIONED", "ON_DEMAND"] },
    shards: { oneOf: [{ type: "integer", minimum: 1, maximum: 10000 }, { type: "array", minItems: 1, items: shardSchema }] },
    retentionHours: { type: "integer", minimum: 24, maximum: 8760 },
    encryption: {
      oneOf: [obj({ type: { const: "KMS" }, keyId: str }, ["type", "keyId"]), obj({ type: { const: "NONE" } }, ["type"])],
    },
    enhancedMetrics: { oneOf: [{ const: "ALL" }, { type: "array", items: { enum: [...ALL_SHARD_METRICS] } }] },
    tags: strMap,
    consumers: { type: "array", items: obj({ name: str, status: { enum: ["CREATING", "DELETING", "ACTIVE"] }, createdAt: isoTime, millisBehindLatest: generatorSchema }, ["name"]) },
    createdAt: isoTime,
    status: { enum: ["CREATING", "DELETING", "ACTIVE", "UPDATING"] },
    traffic: trafficSchema,
    hotShard: obj({ index: { type: "integer", minimum: 0 }, factor: num(0) }, ["index", "factor"]),
    shardSkew: num(0, 0.5),
    throttledShare: { type: "number", minimum: 0, exclusiveMaximum: 1 },
    iteratorAgeMs: generatorSchema,
    extraMetrics: { type: "object", additionalProperties: generatorSchema },
  },
  ["name"],
);
const deliverySchema = obj(
  {
    name: { type: "string", pattern: "^[a-zA-Z0-9_.-]{1,64}$" },
    source: { oneOf: [{ const: "DirectPut" }, obj({ stream: str }, ["stream"])] },
    destination: { enum: ["extended_s3", "redshift", "opensearch", "elasticsearch", "splunk", "http_endpoint"] },
    buffering: obj({ sizeMb: num(1, 128), intervalSeconds: num(0, 900) }, ["sizeMb", "intervalSeconds"]),
    lambdaArn: str,
    processingDisabled: { type: "boolean" },
    formatConversion: { enum: ["parquet", "orc"] },
    s3BackupMode: str,
    sse: obj({ enabled: { type: "boolean" }, keyType: { enum: ["AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"] }, keyArn: str }, ["enabled"]),
    vpc: obj({ vpcId: str, subnetIds: { type: "array", items: str, minItems: 1 }, securityGroupIds: { type: "array", items: str } }, ["vpcId", "subnetIds"]),
    tags: strMap,
    createdAt: isoTime,
    status: { enum: ["CREATING", "DELETING", "ACTIVE", "CREATING_FAILED", "DELETING_FAILED"] },
    traffic: trafficSchema,
    successRate: num(0, 1),
    dataFreshnessSeconds: generatorSchema,
    hecToken: str,
  },
  ["name", "source", "destination"],
);
const alarmMetric = obj({ id: str, namespace: str, metricName: str, dimensions: strMap, stat: str, period: { type: "integer", minimum: 1 } }, ["id", "namespace", "metricName"]);
const alarmSchema = {
  ...obj(
    {
      name: str,
      namespace: str,
      metricName: str,
      dimensions: strMap,
      statistic: { enum: ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] },
      period: { type: "integer", minimum: 1 },
      threshold: { type: "number" },
      comparisonOperator: str,
      evaluationPeriods: { type: "integer", minimum: 1 },
      metrics: { type: "array", minItems: 1, items: alarmMetric },
      expression: str,
      actionsEnabled: { type: "boolean" },
      state: { enum: ["OK", "ALARM", "INSUFFICIENT_DATA"] },
    },
    ["name"],
  ),
  oneOf: [{ required: ["namespace", "metricName"] }, { required: ["metrics"] }],
};
const endpointSchema = obj({ id: str, vpcId: str, serviceName: str, type: { enum: ["Gateway", "Interface", "GatewayLoadBalancer"] }, state: str }, ["vpcId", "serviceName", "type"]);
const regionSchema = obj({
  streams: { type: "array", items: streamSchema },
  deliveryStreams: { type: "array", items: deliverySchema },
  alarms: { type: "array", items: alarmSchema },
  vpcEndpoints: { type: "array", items: endpointSchema },
});
const scenarioSchema = obj(
  {
    name: { type: "string" },
    description: { type: "string" },
    seed: { type: "integer" },
    accountId: { type: "string", pattern: "^\\d{12}$" },
    regions: { type: "object", minProperties: 1, propertyNames: { pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" }, additionalProperties: regionSchema },
    expected: obj(
      {
        findings: { type: "array", items: obj({ region: str, resource: str, ruleId: str, detail: str }, ["region", "resource", "ruleId"]) },
        skipped: { type: "array", items: obj({ region: str, name: str, reason: { enum: ["tag", "name-prefix", "low-traffic"] } }, ["region", "name", "reason"]) },
      },
      ["findings", "skipped"],
    ),
  },
  ["seed", "regions"],
);

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(scenarioSchema);

/** "/regions/us-east-1/streams/3/shards" -> "regions.us-east-1.streams[3].shards" */
function jsonPath(instancePath: string): string {
  if (!instancePath) return "(top level)";
  return instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

function describeError(e: ErrorObject, doc: unknown): string {
  const at = jsonPath(e.instancePath);
  const value = e.instancePath
    .split("/")
    .slice(1)
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k.replace(/~1/g, "/")] : undefined), doc);
  const shown = JSON.stringify(value);
  switch (e.keyword) {
    case "additionalProperties":
      return `${at}: unknown key "${String(e.params.additionalProperty)}"`;
    case "required":
      return `${at}: missing required key "${String(e.params.missingProperty)}"`;
    case "enum":
      return `${at}: ${shown} is not one of ${JSON.stringify(e.params.allowedValues)}`;
    case "propertyNames":
      return `${at}: region name "${String(e.params.propertyName)}" is not an AWS region code like us-east-1`;
    default:
      return `${at}: ${e.message ?? e.keyword} (got ${shown && shown.length > 80 ? shown.slice(0, 80) + "..." : shown})`;
  }
}

/** Pick the most useful schema errors: the deepest paths first, no oneOf/if noise. */
function schemaErrors(errors: readonly ErrorObject[], doc: unknown): string[] {
  const useful = errors.filter((e) => !["oneOf", "if", "anyOf", "allOf"].includes(e.keyword));
  const picked = (useful.length ? useful : errors).slice().sort((a, b) => b.instancePath.length - a.instancePath.length);
  return [...new Set(picked.map((e) => describeError(e, doc)))].slice(0, 8);
}

/** A minute burst must leave the other minutes a share >= 0 of the hour: factor x minutes <= 60. */
function burstErrors(t: TrafficSpec | undefined, at: string): string[] {
  const b = t?.minuteBurst;
  if (!b) return [];
  const minutes = b.minutes ?? 1;
  return b.factor * minutes > 60 ? [`${at}.traffic.minuteBurst: factor ${b.factor} x ${minutes} minute(s) is more than the hour's 60 minutes of traffic`] : [];
}

/** Cross-reference checks the schema cannot express. */
function semanticErrors(s: Scenario): string[] {
  const errs: string[] = [];
  for (const [region, r] of Object.entries(s.regions)) {
    const at = `regions.${region}`;
    const streamNames = new Set<string>();
    (r.streams ?? []).forEach((st, i) => {
      const p = `${at}.streams[${i}] ("${st.name}")`;
      if (streamNames.has(st.name)) errs.push(`${p}: duplicate stream name`);
      streamNames.add(st.name);
      errs.push(...burstErrors(st.traffic, p));
      if (Array.isArray(st.shards)) {
        const ids = new Set<string>();
        (st.shards as readonly ShardSpec[]).forEach((sh, j) => {
          if (BigInt(sh.startingHashKey) > BigInt(sh.endingHashKey)) errs.push(`${p}.shards[${j}]: startingHashKey is above endingHashKey`);
          if (BigInt(sh.endingHashKey) >= 2n ** 128n) errs.push(`${p}.shards[${j}]: endingHashKey must be below 2^128`);
          const id = sh.shardId ?? `shardId-${String(j).padStart(12, "0")}`;
          if (ids.has(id)) errs.push(`${p}.shards[${j}]: duplicate shardId ${id}`);
          ids.add(id);
        });
        if ((st.shards as readonly ShardSpec[]).every((sh) => sh.closed)) errs.push(`${p}.shards: every shard is closed; a stream needs an open shard`);
      }
      const open = typeof st.shards === "number" ? st.shards : Array.isArray(st.shards) ? (st.shards as readonly ShardSpec[]).filter((x) => !x.closed).length : st.mode === "ON_DEMAND" ? 4 : 1;
      if (st.hotShard && st.hotShard.index >= open) errs.push(`${p}.hotShard.index: ${st.hotShard.index} but the stream has ${open} open shard(s)`);
      const consumers = new Set<string>();
      (st.consumers ?? []).forEach((c, j) => {
        if (consumers.has(c.name)) errs.push(`${p}.consumers[${j}]: duplicate consumer name "${c.name}"`);
        consumers.add(c.name);
      });
    });
    const dsNames = new Set<string>();
    (r.deliveryStreams ?? []).forEach((d, i) => {
      const p = `${at}.deliveryStreams[${i}] ("${d.name}")`;
      if (dsNames.has(d.name)) errs.push(`${p}: duplicate delivery stream name`);
      dsNames.add(d.name);
      errs.push(...burstErrors(d.traffic, p));
      if (typeof d.source === "object" && !streamNames.has(d.source.stream)) {
        errs.push(`${p}.source.stream: no Data Stream named "${d.source.stream}" in ${region}`);
      }
      if (typeof d.source === "object" && d.sse?.enabled) {
        errs.push(`${p}.sse: a delivery stream with a Kinesis source cannot enable server-side encryption (AWS rejects it); encrypt the source stream`);
      }
      if (typeof d.source === "object" && d.traffic) errs.push(`${p}.traffic: a Kinesis-sourced delivery stream reads its source stream's traffic; remove "traffic"`);
      if (d.vpc && !["opensearch", "elasticsearch"].includes(d.destination)) errs.push(`${p}.vpc: VPC delivery exists only for opensearch / elasticsearch destinations`);
    });
    const alarmNames = new Set<string>();
    (r.alarms ?? []).forEach((a, i) => {
      if (alarmNames.has(a.name)) errs.push(`${at}.alarms[${i}]: duplicate alarm name "${a.name}"`);
      alarmNames.add(a.name);
    });
  }
  for (const [i, f] of (s.expected?.findings ?? []).entries()) {
    if (!s.regions[f.region]) errs.push(`expected.findings[${i}].region: "${f.region}" is not a region of the scenario`);
  }
  for (const [i, f] of (s.expected?.skipped ?? []).entries()) {
    if (!s.regions[f.region]) errs.push(`expected.skipped[${i}].region: "${f.region}" is not a region of the scenario`);
  }
  return errs;
}

/** Validate a parsed scenario; `source` names it in errors. */
export function validateScenario(doc: unknown, source = "scenario"): Scenario {
  if (!validateSchema(doc)) {
    const lines = schemaErrors(validateSchema.errors ?? [], doc);
    throw new ScenarioError(`${source}: invalid scenario:\n  - ${lines.join("\n  - ")}`);
  }
  const errs = semanticErrors(doc as unknown as Scenario);
  if (errs.length) throw new ScenarioError(`${source}: invalid scenario:\n  - ${errs.slice(0, 10).join("\n  - ")}`);
  return doc as unknown as Scenario;
}

/** Read, parse (JSON or YAML) and validate a scenario file. */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ScenarioError(`${path}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ScenarioError(`${path}: not valid ${/\.json$/i.test(path) ? "JSON" : "YAML"}: ${(e as Error).message}`);
  }
  return validateScenario(doc, path);
}
