/**
 * The audit snapshot: everything the collector gathered, as one versioned JSON document.
 * `--save-snapshot` writes it, `--from-snapshot` analyzes it with no AWS call; the analysis reads
 * nothing else, so every report can be reproduced from its snapshot.
 *
 * Declared once, with TypeBox: SNAPSHOT_SCHEMA is the JSON Schema snapshot-io.ts validates a loaded
 * snapshot with, the file schemas/kinesis_guard_snapshot.schema.json (`npm run schemas`; a test fails
 * when it is stale), and, through Static, the `Snapshot` type the code builds and reads.
 *
 * The resources and metric series it holds are the normalized model (rules/model.ts,
 * rules/metric-requests.ts), whose interfaces the policy pack shares and which allow values the
 * snapshot never holds (UNKNOWN, a symbol, for Pulumi previews). Their JSON form is declared here
 * structurally (MODEL_SCHEMAS) and typed in the snapshot as the model interface; a type test
 * (test/schemas/snapshot-types.test.ts) fails to compile when a declaration and its interface
 * disagree (a field added, dropped, made optional or retyped on one side only).
 *
 * No `additionalProperties: false`: the loader must keep reading snapshots of other versions of
 * the same snapshot version (fields are only ever added, as optional ones).
 */
import { Type, type SchemaOptions, type Static, type TSchema, type TUnsafe } from "@sinclair/typebox";
import { DESTINATION_METRIC_PREFIX, type AlarmConfig, type ConsumerConfig, type DeliveryStreamConfig, type DestinationType, type StreamConfig, type VpcEndpointConfig } from "../rules/model";
import { MAX_MINUTE_PER_HOUR, WINDOW_PERIOD, type MetricSeries, type MetricStat, type Namespace } from "../rules/metric-requests";
import { oneOf, stringMap } from "./json-schema";

export const SNAPSHOT_KIND = "kinesis-guard-snapshot";
export const SNAPSHOT_VERSION = 1;

const { Optional } = Type;
const str = (opts: SchemaOptions = {}) => Type.String(opts);
const strArray = () => Type.Array(Type.String());
const bool = () => Type.Boolean();
/** A constant (a plain `const`, without the `type` TypeBox's Literal adds: the old loader's form). */
const lit = <T extends string>(value: T): TUnsafe<T> => Type.Unsafe<T>({ const: value });
/** The structural declaration `schema`, typed in the snapshot as the model interface `T`. */
const asModel = <T>(schema: TSchema): TUnsafe<T> => Type.Unsafe<T>(schema);

// ---- the model's JSON form (rules/model.ts, rules/metric-requests.ts) -------------------------

const RESOURCE_REF = Type.Object({
  ref: str({ description: "Stable handle: the ARN in the live audit." }),
  displayName: str({ description: "The physical name." }),
  type: str({ description: 'Pulumi type token of the resource, e.g. "aws:kinesis/stream:Stream".' }),
});
const resource = <K extends string>(kind: K) => ({ kind: lit(kind), id: RESOURCE_REF });

const SHARD = Type.Object({
  shardId: str(),
  startingHashKey: str({ pattern: "^[0-9]+$", description: "Decimal string, 0 .. 2^128-1." }),
  endingHashKey: str({ pattern: "^[0-9]+$" }),
  parentShardId: Optional(str()),
  adjacentParentShardId: Optional(str()),
  closed: Optional(bool()),
});

const STREAM = Type.Object(
  {
    ...resource("stream"),
    name: str(),
    arn: Optional(str()),
    region: Optional(str()),
    status: Optional(str()),
    mode: oneOf(["PROVISIONED", "ON_DEMAND"] as const),
    shardCount: Optional(Type.Integer({ minimum: 0, description: "Open shard count; absent when on-demand and not reported." })),
    retentionHours: Type.Number({ minimum: 1 }),
    encryptionType: oneOf(["NONE", "KMS"] as const),
    kmsKeyId: Optional(str()),
    shardLevelMetrics: Type.Array(Type.String(), { description: "Enabled shard-level metrics ([] when enhanced monitoring is off; ALL expanded)." }),
    tags: stringMap(),
    shards: Optional(Type.Array(SHARD, { description: "Open shards with hash key ranges (only for streams whose rules need them)." })),
  },
  { description: "A Kinesis Data Stream (DescribeStreamSummary, ListShards, tags)." },
);

const CONSUMER = Type.Object(
  {
    ...resource("consumer"),
    name: str(),
    arn: Optional(str()),
    streamArn: Optional(str({ description: "ARN of the stream it reads." })),
    streamRef: Optional(str()),
    status: Optional(str()),
  },
  { description: "An enhanced fan-out consumer (ListStreamConsumers)." },
);

const DELIVERY_SOURCE = Type.Union([
  Type.Object({ type: lit("DirectPut") }),
  Type.Object({ type: lit("KinesisStreamAsSource"), streamArn: Optional(str({ description: "ARN of the source stream." })), streamRef: Optional(str()) }),
  Type.Object({ type: oneOf(["MSKAsSource", "DatabaseAsSource"] as const) }),
]);

const DELIVERY_STREAM = Type.Object(
  {
    ...resource("deliveryStream"),
    name: str(),
    arn: Optional(str()),
    region: Optional(str()),
    status: Optional(str()),
    destination: oneOf(Object.keys(DESTINATION_METRIC_PREFIX) as DestinationType[]),
    source: DELIVERY_SOURCE,
    buffering: Optional(
      Type.Object({ sizeMb: Type.Number(), intervalSeconds: Type.Number() }, { description: "Effective buffering after provider defaults; absent when the destination has none." }),
    ),
    lambdaProcessor: bool(),
    lambdaArns: Optional(strArray()),
    formatConversion: Optional(bool()),
    s3BackupMode: Optional(str()),
    backsUpFailedRecordsToS3: bool(),
    sse: Type.Object({ enabled: bool(), keyType: Optional(str()), keyArn: Optional(str()) }),
    vpc: Optional(Type.Object({ vpcId: Optional(str()), subnetIds: strArray(), dependsOn: Optional(strArray()) })),
    credentials: Type.Array(
      Type.Object({ path: str({ description: 'e.g. "redshiftConfiguration.password"' }), plaintext: bool() }),
      { description: "Credential-bearing fields of the configuration (the values are never collected)." },
    ),
    tags: stringMap(),
  },
  { description: "A Firehose delivery stream (DescribeDeliveryStream, tags)." },
);

const ALARM = Type.Object(
  {
    ...resource("alarm"),
    name: str(),
    region: Optional(str()),
    metrics: Type.Array(
      Type.Object({
        namespace: Optional(str()),
        metricName: Optional(str()),
        dimensions: Type.Array(Type.Object({ name: str(), value: str() })),
      }),
    ),
    dependsOn: strArray(),
    actionsEnabled: Optional(bool()),
  },
  { description: "A CloudWatch metric alarm (DescribeAlarms): the metrics it watches." },
);

const VPC_ENDPOINT = Type.Object({
  ...resource("vpcEndpoint"),
  vpcId: str(),
  serviceName: str({ description: 'e.g. "com.amazonaws.us-east-1.kinesis-streams".' }),
  endpointType: str({ description: 'e.g. "Gateway", "Interface".' }),
  region: Optional(str()),
  dependsOn: strArray(),
});

const METRIC_SERIES = Type.Object(
  {
    id: str({ description: "Unique key: region|namespace|metricName|dim=value,...|stat|period." }),
    region: str(),
    namespace: oneOf<Namespace>(["AWS/Kinesis", "AWS/Firehose"]),
    metricName: str(),
    dimensions: stringMap(),
    stat: oneOf<MetricStat>(["Sum", "Maximum", "Average", "SampleCount", "Minimum"]),
    period: Type.Unsafe<number | typeof WINDOW_PERIOD>({
      anyOf: [{ type: "integer", minimum: 1 }, { const: WINDOW_PERIOD }],
      description: `Seconds, or "${WINDOW_PERIOD}" for one datapoint over the whole window.`,
    }),
    // Minute peaks (rules/metric-requests.ts): hourly series of each hour's busiest minute. Absent in
    // snapshots from before them, which load as they are (the rules fall back to hourly data).
    reduce: Optional(lit(MAX_MINUTE_PER_HOUR)),
    timestamps: Type.Array(Type.Integer(), { description: "Datapoint start times, epoch seconds, ascending." }),
    values: Type.Array(Type.Number()),
    status: oneOf(["ok", "no-data", "error"] as const, { description: '"no-data": CloudWatch returned no datapoints (never read as zero).' }),
    error: Optional(str()),
  },
  { description: "One CloudWatch metric series over the window." },
);

/**
 * The structural declarations of the model objects a snapshot holds, by the model interface they
 * must agree with (the type test checks each against its interface).
 */
export const MODEL_SCHEMAS = {
  stream: STREAM,
  consumer: CONSUMER,
  deliveryStream: DELIVERY_STREAM,
  alarm: ALARM,
  vpcEndpoint: VPC_ENDPOINT,
  metricSeries: METRIC_SERIES,
} as const;

// ---- the snapshot's own shapes --------------------------------------------------------------

const SKIPPED_RESOURCE = Type.Object(
  {
    kind: oneOf(["stream", "deliveryStream"] as const),
    name: str(),
    region: str(),
    arn: Optional(str()),
    reason: str({ description: 'e.g. "tag ExcludeFromAnalysis=true", "name prefix test-", "traffic 12.3 records/min <= 100".' }),
    filter: Optional(
      oneOf(["tag", "name-prefix", "low-traffic", "deleted"] as const, {
        description: 'Which filter skipped it (machine-readable twin of reason); "deleted" = vanished between list and describe.',
      }),
    ),
  },
  { description: "A resource left out of the analysis, with the reason (never dropped silently)." },
);

const COLLECTION_ERROR = Type.Object(
  {
    api: str(),
    region: str(),
    account: Optional(str({ description: "The account it happened in (organization-wide audits)." })),
    resource: Optional(str({ description: "Stream / delivery stream / metric the missing data belongs to, when there is one." })),
    message: str(),
  },
  { description: 'Something that could not be collected; makes the audit "incomplete" (exit code 3).' },
);

const SNAPSHOT_ACCOUNT = Type.Object(
  { id: str(), name: Optional(str({ description: "Account name from Organizations, when listed there." })) },
  { description: "The AWS account collected (an organization-wide audit writes one snapshot per account); absent in older snapshots." },
);

const count = () => Type.Integer({ minimum: 0 });

/** The whole document. */
export const SNAPSHOT_SCHEMA = Type.Object({
  kind: lit(SNAPSHOT_KIND),
  version: Type.Unsafe<typeof SNAPSHOT_VERSION>({ const: SNAPSHOT_VERSION }),
  toolVersion: str(),
  account: Optional(SNAPSHOT_ACCOUNT),
  collectedAt: str({ description: "ISO time the collection finished." }),
  window: Type.Object(
    { start: Type.Integer(), end: Type.Integer(), days: Type.Integer({ minimum: 1 }) },
    { description: "Analysis window (hour-aligned): epoch seconds (end exclusive) and days." },
  ),
  regions: strArray(),
  streams: Type.Array(asModel<StreamConfig>(STREAM), { description: "Only resources that passed the collection-time filters (tags, names)." }),
  consumers: Type.Array(asModel<ConsumerConfig>(CONSUMER)),
  deliveryStreams: Type.Array(asModel<DeliveryStreamConfig>(DELIVERY_STREAM)),
  alarms: Type.Array(asModel<AlarmConfig>(ALARM)),
  vpcEndpoints: Type.Array(asModel<VpcEndpointConfig>(VPC_ENDPOINT)),
  metrics: Type.Array(asModel<MetricSeries>(METRIC_SERIES)),
  drStreams: Type.Array(Type.Object({ region: str(), name: str(), arn: str(), tags: stringMap() }), {
    description: "Streams found in the configured DR regions (kds-cross-region), listed only: replica candidates, not audited streams.",
  }),
  skipped: Type.Array(SKIPPED_RESOURCE),
  collection: Type.Object({
    calls: Type.Unsafe<Record<string, number>>({ type: "object", additionalProperties: count(), description: 'AWS API calls made, per "Service.Operation" (retries included).' }),
    retries: Type.Unsafe<Record<string, number>>({ type: "object", additionalProperties: count() }),
    errors: Type.Array(COLLECTION_ERROR),
    complete: Type.Boolean({ description: "False when any data could not be collected." }),
    notes: Optional(
      Type.Array(Type.String(), {
        description: "Things that lost no data but are worth knowing (e.g. tagging API denied, fell back to per-stream tag calls).",
      }),
    ),
    durationMs: Type.Number({ minimum: 0 }),
  }),
});

/** The model types, kept as they are (not re-mapped) where the snapshot holds them. */
type ModelType = StreamConfig | ConsumerConfig | DeliveryStreamConfig | AlarmConfig | VpcEndpointConfig | MetricSeries;
/** The static type with every property and array read-only, the model objects as their interfaces. */
type Frozen<T> = T extends ModelType ? T : T extends (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

export type Snapshot = Frozen<Static<typeof SNAPSHOT_SCHEMA>>;
/** A resource left out of the analysis, with the reason (never dropped silently). */
export type SkippedResource = Frozen<Static<typeof SKIPPED_RESOURCE>>;
/** Something that could not be collected; makes the audit "incomplete" (exit code 3). */
export type CollectionError = Frozen<Static<typeof COLLECTION_ERROR>>;
/** The AWS account a snapshot is of (organization-wide audits, issue 16; absent in older snapshots). */
export type SnapshotAccount = Frozen<Static<typeof SNAPSHOT_ACCOUNT>>;
