/**
 * The scenario file's shape, declared once with TypeBox: the JSON Schema the loader validates with
 * (scenario.ts) and the types the simulator reads (Static of each declaration). The simulator is
 * the test oracle: it imports nothing from rules/ (nor these building blocks from live-checks/).
 * A few shapes the schema states with oneOf / if-then (a pattern's kind, a generator, encryption,
 * a source, shards) keep their TypeScript union beside the schema fragment (Type.Unsafe): JSON
 * Schema's alternatives have no TypeBox form that keeps the loader's error messages.
 */
import { Type, type SchemaOptions, type Static, type TSchema, type TUnsafe } from "@sinclair/typebox";
import { KINESIS_SHARD_LEVEL_METRICS } from "./aws-tables";

type Frozen<T> = T extends (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

const num = (min?: number, max?: number) => Type.Number({ ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) });
const int = (min?: number, max?: number) => Type.Integer({ ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) });
const str = () => Type.String({ minLength: 1 });
const strMap = () => Type.Unsafe<Record<string, string>>({ type: "object", additionalProperties: { type: "string" } });
const isoTime = () => Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$" });
const oneOf = <T extends string>(values: readonly T[]): TUnsafe<T> => Type.Unsafe<T>({ enum: [...values] });
/** A constant (a plain `const`, without the `type` TypeBox's Literal adds). */
const lit = <T extends string>(value: T): TUnsafe<T> => Type.Unsafe<T>({ const: value });
const { Optional } = Type;
/** An object without unknown keys. */
const obj = <P extends Parameters<typeof Type.Object>[0]>(properties: P, options: SchemaOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });
/** A schema fragment with its TypeScript type (for JSON Schema alternatives: oneOf, if-then). */
const shaped = <T>(schema: object): TUnsafe<T> => Type.Unsafe<T>(schema);
/** The schema as a plain object (a fragment inside a shaped one). */
const plain = (s: TSchema): object => JSON.parse(JSON.stringify(s)) as object;

// ---- metric generators ----------------------------------------------------------------------

const PATTERN_FIELDS = obj({
  kind: oneOf(["steady", "diurnal", "bursty", "spikes"] as const),
  jitter: Optional(num(0, 0.9)),
  amplitude: Optional(num(0, 1)),
  peakHourUtc: Optional(num(0, 23)),
  burstProbability: Optional(num(0, 1)),
  burstFactor: Optional(num(0)),
  spikeLevel: Optional(num(0)),
  spikeProbability: Optional(num(0, 1)),
});

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

const PATTERN = shaped<Pattern>({
  ...plain(PATTERN_FIELDS),
  allOf: [
    { if: { properties: { kind: { const: "diurnal" } } }, then: { required: ["amplitude"] } },
    { if: { properties: { kind: { const: "bursty" } } }, then: { required: ["burstProbability", "burstFactor"] } },
    { if: { properties: { kind: { const: "spikes" } } }, then: { required: ["spikeLevel", "spikeProbability"] } },
  ],
});

/** Missing data: hours without any datapoint. */
const GAPS = obj({
  /** Share of hours (0..1) with no data. */
  hourProbability: num(0, 1),
});
export type Gaps = Frozen<Static<typeof GAPS>>;

/** One metric's generator: a level, a pattern and optional gaps; `none` = the metric never reports. */
export type Generator = { readonly none: true } | { readonly level: number; readonly pattern?: Pattern; readonly gaps?: Gaps };
const GENERATOR = shaped<Generator>({
  type: "object",
  properties: { none: { const: true }, level: plain(num(0)), pattern: plain(PATTERN), gaps: plain(GAPS) },
  additionalProperties: false,
  oneOf: [{ required: ["none"] }, { required: ["level"] }],
});

// ---- resources ------------------------------------------------------------------------------

const hashKey = () => Type.String({ pattern: "^\\d{1,39}$" });

const SHARD = obj({
  shardId: Optional(str()),
  /** Decimal strings 0 .. 2^128-1. */
  startingHashKey: hashKey(),
  endingHashKey: hashKey(),
  parentShardId: Optional(str()),
  adjacentParentShardId: Optional(str()),
  /** Closed shards (after a reshard) take no writes and report no metrics. */
  closed: Optional(Type.Boolean()),
  /** Relative share of the stream's writes (default 1). */
  weight: Optional(num(0)),
});
export type ShardSpec = Frozen<Static<typeof SHARD>>;

/**
 * Minute-level bursts that hourly sums hide: in a burst hour, `minutes` consecutive minutes
 * (default 1) each carry `factor` x the hour's mean minute and the other minutes share the rest,
 * so hourly (and daily) sums are unchanged. E.g. factor 3 on a stream at 50 % of its capacity
 * per hour puts its busiest minute at 150 %. Every hour by default (`hourProbability` 1).
 */
const MINUTE_BURST = obj({
  /** Multiple of the hour's mean minute, >= 1; factor x minutes <= 60. */
  factor: num(1, 60),
  minutes: Optional(int(1, 60)),
  hourProbability: Optional(num(0, 1)),
});
export type MinuteBurstSpec = Frozen<Static<typeof MINUTE_BURST>>;

/** Traffic of a Data Stream (or of a DirectPut delivery stream). */
const TRAFFIC = obj({
  /** Mean records per second over the day. */
  recordsPerSecond: num(0),
  /** Mean record size in bytes. */
  avgRecordBytes: num(1, 1048576),
  pattern: Optional(PATTERN),
  gaps: Optional(GAPS),
  /** No datapoints at all for the traffic metrics (a stream nobody writes to). */
  none: Optional(Type.Boolean()),
  minuteBurst: Optional(MINUTE_BURST),
});
export type TrafficSpec = Frozen<Static<typeof TRAFFIC>>;

const CONSUMER = obj({
  name: str(),
  status: Optional(oneOf(["CREATING", "DELETING", "ACTIVE"] as const)),
  createdAt: Optional(isoTime()),
  /** SubscribeToShardEvent.MillisBehindLatest (gauge, ms). Default level 200 ms, steady. */
  millisBehindLatest: Optional(GENERATOR),
});
export type ConsumerSpec = Frozen<Static<typeof CONSUMER>>;

const STREAM = obj({
  name: Type.String({ pattern: "^[a-zA-Z0-9_.-]{1,128}$" }),
  /** Default PROVISIONED. */
  mode: Optional(oneOf(["PROVISIONED", "ON_DEMAND"] as const)),
  /** Open shard count (evenly split hash ranges) or explicit shards. Default 1 (on-demand: 4). */
  shards: Optional(shaped<number | readonly ShardSpec[]>({ oneOf: [plain(int(1, 10000)), { type: "array", minItems: 1, items: plain(SHARD) }] })),
  /** Default 24. */
  retentionHours: Optional(int(24, 8760)),
  /** Default no encryption. */
  encryption: Optional(
    shaped<{ readonly type: "KMS"; readonly keyId: string } | { readonly type: "NONE" }>({
      oneOf: [plain(obj({ type: lit("KMS"), keyId: str() })), plain(obj({ type: lit("NONE") }))],
    }),
  ),
  /** Shard-level metrics enabled (enhanced monitoring); "ALL" expands to all seven. */
  enhancedMetrics: Optional(shaped<readonly string[] | "ALL">({ oneOf: [{ const: "ALL" }, { type: "array", items: { enum: [...KINESIS_SHARD_LEVEL_METRICS] } }] })),
  tags: Optional(strMap()),
  consumers: Optional(Type.Array(CONSUMER)),
  /** ISO time; no metric data before it. Default 2024-01-01T00:00:00Z. */
  createdAt: Optional(isoTime()),
  status: Optional(oneOf(["CREATING", "DELETING", "ACTIVE", "UPDATING"] as const)),
  traffic: Optional(TRAFFIC),
  /** Index of a hot shard among the open shards, and how many times the others' traffic it carries. */
  hotShard: Optional(obj({ index: int(0), factor: num(0) })),
  /** Random spread of the other shards' weights (0..0.5, default 0.1). */
  shardSkew: Optional(num(0, 0.5)),
  /** WriteProvisionedThroughputExceeded / (that + IncomingRecords), 0..1 (default 0). */
  throttledShare: Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1 })),
  /** GetRecords.IteratorAgeMilliseconds (gauge, ms). Default level 300 ms, steady. */
  iteratorAgeMs: Optional(GENERATOR),
  /** Any other stream-level metric (AWS/Kinesis, dim StreamName), by metric name: counters. */
  extraMetrics: Optional(shaped<Record<string, Generator>>({ type: "object", additionalProperties: plain(GENERATOR) })),
});
export type StreamSpec = Frozen<Static<typeof STREAM>>;

export type DestinationKind = "extended_s3" | "redshift" | "opensearch" | "elasticsearch" | "splunk" | "http_endpoint";
const DESTINATIONS: readonly DestinationKind[] = ["extended_s3", "redshift", "opensearch", "elasticsearch", "splunk", "http_endpoint"];

const DELIVERY_STREAM = obj({
  name: Type.String({ pattern: "^[a-zA-Z0-9_.-]{1,64}$" }),
  /** "DirectPut" or the name of a Data Stream in the same region. */
  source: shaped<"DirectPut" | { readonly stream: string }>({ oneOf: [{ const: "DirectPut" }, plain(obj({ stream: str() }))] }),
  destination: oneOf(DESTINATIONS),
  /** Default 5 MB / 300 s (splunk 5 / 60). */
  buffering: Optional(obj({ sizeMb: num(1, 128), intervalSeconds: num(0, 900) })),
  /** An enabled Lambda processor with this function ARN; absent = no processing configuration. */
  lambdaArn: Optional(str()),
  /** Processing configuration present but disabled. */
  processingDisabled: Optional(Type.Boolean()),
  /** Extended S3 only: record format conversion from JSON to this format (DataFormatConversionConfiguration, Enabled). */
  formatConversion: Optional(oneOf(["parquet", "orc"] as const)),
  /** Destination's S3BackupMode as AWS spells it (per-destination defaults below). */
  s3BackupMode: Optional(str()),
  /** Server-side encryption of a DirectPut stream. */
  sse: Optional(obj({ enabled: Type.Boolean(), keyType: Optional(oneOf(["AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"] as const)), keyArn: Optional(str()) })),
  /** VPC delivery (OpenSearch / Elasticsearch). */
  vpc: Optional(obj({ vpcId: str(), subnetIds: Type.Array(str(), { minItems: 1 }), securityGroupIds: Optional(Type.Array(str())) })),
  tags: Optional(strMap()),
  createdAt: Optional(isoTime()),
  status: Optional(oneOf(["CREATING", "DELETING", "ACTIVE", "CREATING_FAILED", "DELETING_FAILED"] as const)),
  /** DirectPut traffic (a Kinesis-sourced stream reads its source stream's traffic). */
  traffic: Optional(TRAFFIC),
  /** Share of delivery attempts that succeed, 0..1 (default 1). */
  successRate: Optional(num(0, 1)),
  /** DeliveryTo<Dest>.DataFreshness (gauge, s). Default steady at the buffer interval. */
  dataFreshnessSeconds: Optional(GENERATOR),
  /** Splunk HEC token (returned by DescribeDeliveryStream like AWS does; the collector must not leak it). */
  hecToken: Optional(str()),
});
export type DeliveryStreamSpec = Frozen<Static<typeof DELIVERY_STREAM>>;

const ALARM_METRIC = obj({
  id: str(),
  namespace: str(),
  metricName: str(),
  dimensions: Optional(strMap()),
  stat: Optional(str()),
  period: Optional(int(1)),
});
export type AlarmMetricSpec = Frozen<Static<typeof ALARM_METRIC>>;

const ALARM_FIELDS = obj({
  name: str(),
  namespace: Optional(str()),
  metricName: Optional(str()),
  dimensions: Optional(strMap()),
  statistic: Optional(oneOf(["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const)),
  period: Optional(int(1)),
  threshold: Optional(Type.Number()),
  comparisonOperator: Optional(str()),
  evaluationPeriods: Optional(int(1)),
  /** Metric-math alarm: these metrics plus `expression`. */
  metrics: Optional(Type.Array(ALARM_METRIC, { minItems: 1 })),
  expression: Optional(str()),
  actionsEnabled: Optional(Type.Boolean()),
  state: Optional(oneOf(["OK", "ALARM", "INSUFFICIENT_DATA"] as const)),
});
export type AlarmSpec = Frozen<Static<typeof ALARM_FIELDS>>;
/** A single-metric alarm (namespace and metric name) or a metric-math one (metrics). */
const ALARM = shaped<AlarmSpec>({ ...plain(ALARM_FIELDS), oneOf: [{ required: ["namespace", "metricName"] }, { required: ["metrics"] }] });

const VPC_ENDPOINT = obj({
  id: Optional(str()),
  vpcId: str(),
  /** e.g. com.amazonaws.us-east-1.s3 */
  serviceName: str(),
  type: oneOf(["Gateway", "Interface", "GatewayLoadBalancer"] as const),
  state: Optional(str()),
});
export type VpcEndpointSpec = Frozen<Static<typeof VPC_ENDPOINT>>;

const REGION = obj({
  streams: Optional(Type.Array(STREAM)),
  deliveryStreams: Optional(Type.Array(DELIVERY_STREAM)),
  alarms: Optional(Type.Array(ALARM)),
  vpcEndpoints: Optional(Type.Array(VPC_ENDPOINT)),
});
export type RegionSpec = Frozen<Static<typeof REGION>>;

/** A finding the scenario plants: the analysis must report exactly these (rule id per resource name). */
const EXPECTED_FINDING = obj({
  region: str(),
  resource: str(),
  ruleId: str(),
  /** Sub-resource for per-shard / per-consumer findings (shard id, consumer name). */
  detail: Optional(str()),
});
export type ExpectedFinding = Frozen<Static<typeof EXPECTED_FINDING>>;

const EXPECTED_SKIP = obj({ region: str(), name: str(), reason: oneOf(["tag", "name-prefix", "low-traffic"] as const) });
export type ExpectedSkip = Frozen<Static<typeof EXPECTED_SKIP>>;

/** The scenario file. */
export const SCENARIO_SCHEMA = obj({
  name: Optional(Type.String()),
  description: Optional(Type.String()),
  /** PRNG seed of every metric generator. */
  seed: Type.Integer(),
  /** Default 123456789012. */
  accountId: Optional(Type.String({ pattern: "^\\d{12}$" })),
  regions: shaped<Record<string, Static<typeof REGION>>>({
    type: "object",
    minProperties: 1,
    propertyNames: { pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" },
    additionalProperties: plain(REGION),
  }),
  expected: Optional(obj({ findings: Type.Array(EXPECTED_FINDING), skipped: Type.Array(EXPECTED_SKIP) })),
});
export type Scenario = Frozen<Static<typeof SCENARIO_SCHEMA>>;
