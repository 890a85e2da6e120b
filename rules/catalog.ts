/**
 * The rule catalog: the one place that names every rule, its exact issue string (the mission's),
 * severity, category, scope, default thresholds (as a JSON schema with defaults) and remediation.
 * The policy pack, the live audit, `kinesis-guard rules` and docs/rules.md are all built from it.
 */
import type { Category, Severity } from "./model";

export type Scope = "static" | "stack" | "metric";
export type Enforcement = "mandatory" | "advisory";

/** JSON schema subset used for rule configuration (compatible with @pulumi/policy's PolicyConfigSchema). */
export interface ConfigSchema {
  readonly type: "object";
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly additionalProperties?: boolean;
}

export interface RuleMeta {
  /** Policy name in the pack (kebab-case), rule id in reports. */
  readonly id: string;
  /** Exact issue name from the mission (the `issue` field of findings). */
  readonly issue: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: Category;
  /** static: one resource's config; stack: needs other resources; metric: needs CloudWatch data (live only). */
  readonly scope: readonly Scope[];
  readonly resourceType: "stream" | "deliveryStream";
  readonly enforcement: Enforcement;
  readonly description: string;
  /** Short fix, shown with every finding. */
  readonly remediation: string;
  /** AWS documentation for the fix. */
  readonly docsUrl: string;
  readonly configSchema: ConfigSchema;
}

/** The descriptive part of a rule: shared by catalog rules and rules outside the catalog (the live checker's drift rules). */
export type RuleSummary = Pick<RuleMeta, "id" | "issue" | "title" | "severity" | "category" | "description" | "remediation" | "docsUrl">;

// ---- shared schema fragments ---------------------------------------------------------------

const tagValueMap = (description: string, def: Record<string, string[]>) => ({
  type: "object",
  description,
  additionalProperties: { type: "array", items: { type: "string" } },
  default: def,
});

/** Tags deciding that a resource holds sensitive data (key -> values, case-insensitive). */
export const DEFAULT_SENSITIVE_TAGS = { DataClassification: ["pii", "sensitive", "confidential", "restricted"] };
/** Tags deciding that a resource is business-critical. */
export const DEFAULT_CRITICAL_TAGS = { Criticality: ["critical", "high"], Tier: ["critical", "tier-1", "tier1"] };
/**
 * Name keywords: the fallback when no classification tag is present, matched on whole name tokens
 * (rules/classify.ts). Two lists: a PII word ("user") says nothing about criticality. The spec
 * script's words (../shared/peers/analyze_kinesis.py: sensitive customer, user, payment, pii,
 * personal, credit; critical payment, order, transaction, critical, primary) are in them.
 */
export const DEFAULT_SENSITIVE_NAME_KEYWORDS = ["customer", "user", "payment", "pii", "personal", "credit", "card", "account"];
export const DEFAULT_CRITICAL_NAME_KEYWORDS = ["payment", "order", "transaction", "critical", "primary"];
/** Tag that exempts a resource from rules: value "all" or a comma-separated list of rule ids. */
export const EXEMPTION_TAG_KEY = "kinesis-guard:exempt";

const classification = {
  sensitiveTags: tagValueMap("Tag keys and the values (case-insensitive) that mark a resource as sensitive.", DEFAULT_SENSITIVE_TAGS),
  criticalTags: tagValueMap("Tag keys and the values (case-insensitive) that mark a resource as critical.", DEFAULT_CRITICAL_TAGS),
  sensitiveNameKeywords: {
    type: "array",
    items: { type: "string" },
    description: "Name keywords that make an untagged resource sensitive (whole name tokens split on - _ . and camelCase; plain plurals match).",
    default: DEFAULT_SENSITIVE_NAME_KEYWORDS,
  },
  criticalNameKeywords: {
    type: "array",
    items: { type: "string" },
    description: "Name keywords that make an untagged resource critical (whole name tokens split on - _ . and camelCase; plain plurals match).",
    default: DEFAULT_CRITICAL_NAME_KEYWORDS,
  },
  nameKeywords: {
    type: "array",
    items: { type: "string" },
    description:
      "Deprecated (the single list of earlier versions): when non-empty, this one list classifies untagged resources as both sensitive and critical, replacing sensitiveNameKeywords and criticalNameKeywords. Move it to those two lists.",
    default: [],
  },
};
const exemption = {
  exemptionTagKey: {
    type: "string",
    description: `Tag whose value ("all" or comma-separated rule ids) exempts a resource.`,
    default: EXEMPTION_TAG_KEY,
  },
};
const appliesTo = (def: "sensitive" | "critical" | "all") => ({
  appliesTo: {
    type: "string",
    enum: ["sensitive", "critical", "all"],
    description: "Which resources the rule judges: those classified sensitive, critical, or all.",
    default: def,
  },
});
const num = (description: string, def: number, minimum = 0, maximum?: number) => ({
  type: "number",
  description,
  default: def,
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
});
const schema = (properties: Record<string, Record<string, unknown>>): ConfigSchema => ({
  type: "object",
  properties: { ...properties, ...exemption },
  additionalProperties: false,
});

const FIREHOSE_METRICS_DOC = "https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html";
const KDS_METRICS_DOC = "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html";

export const CATALOG: readonly RuleMeta[] = [
  {
    id: "kds-iterator-age",
    issue: "Iterator Age High",
    title: "Consumers fall behind (iterator age)",
    severity: "high",
    category: "reliability",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "Maximum GetRecords.IteratorAgeMilliseconds over the window exceeds the threshold: records wait too long before they are read, and past the retention period they are lost.",
    remediation: "Scale the consumers (more workers or enhanced fan-out), fix slow record processing, or add shards so consumers can read in parallel.",
    docsUrl: KDS_METRICS_DOC,
    configSchema: schema({ maxIteratorAgeMs: num("Maximum iterator age (ms).", 60000, 1) }),
  },
  {
    id: "kds-write-throttling",
    issue: "Throttled Records",
    title: "Producers are throttled",
    severity: "high",
    category: "reliability",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "WriteProvisionedThroughputExceeded / (WriteProvisionedThroughputExceeded + IncomingRecords) over the window exceeds the threshold.",
    remediation: "Add shards (UpdateShardCount), switch to on-demand mode, or spread partition keys so writes use every shard.",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/troubleshooting-producers.html",
    configSchema: schema({ maxThrottledPercent: num("Maximum share of throttled records (%).", 1, 0, 100) }),
  },
  {
    id: "kds-under-provisioned",
    issue: "Under-Provisioned Shards",
    title: "Stream runs near its shard capacity",
    severity: "high",
    category: "reliability",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description:
      "Provisioned stream whose write utilization (the larger of bytes vs shards x 1 MiB/s and records vs shards x 1,000/s) averaged over the window is above the threshold, or is above it in at least the configured share of hours, or reaches 100 % of capacity (the busiest minute of the hour where minute data was collected) in at least the configured share of hours. The recommendation carries the window's peak at the target peak utilization.",
    remediation: "Raise the shard count with UpdateShardCount to the recommended target (at most doubling per call: every call is listed), or switch to on-demand mode.",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html",
    configSchema: schema({
      maxUtilizationPercent: num("Window mean utilization above which the stream is under-provisioned (%); also the level that makes an hour hot.", 80, 1, 100),
      consistentHoursPercent: num("Share of hours with data above maxUtilizationPercent that also flags the stream (%).", 90, 1, 100),
      saturatedHoursPercent: num("Share of hours at or above 100 % of capacity (busiest minute where collected) that flags the stream (%); 4 is about one hour a day. At least one such hour is needed.", 4, 0, 100),
      targetPeakUtilizationPercent: num("Utilization the window's peak may reach with the recommended shard count (%).", 80, 1, 100),
    }),
  },
  {
    id: "kds-over-provisioned",
    issue: "Over-Provisioned Shards",
    title: "Stream pays for idle shards",
    severity: "medium",
    category: "cost",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description:
      "Provisioned stream whose p95 hourly write utilization is below the threshold and that can run on fewer shards with the window's peak (busiest minute where collected; with shard-level data, the busiest new shard) at most at the target peak utilization. No safe reduction, no finding.",
    remediation: "Lower the shard count with UpdateShardCount to the recommended target (at most halving per call: every call is listed), or switch to on-demand for spiky, low traffic.",
    docsUrl: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html",
    configSchema: schema({
      minUtilizationPercent: num("p95 hourly utilization below which the stream is over-provisioned (%).", 20, 0, 100),
      percentile: num("Percentile of hourly utilization that is compared (1-100).", 95, 1, 100),
      targetUtilizationPercent: num("Utilization the percentile may reach with the recommended shard count (%).", 60, 1, 100),
      targetPeakUtilizationPercent: num("Utilization the window's peak may reach after any reduction (%): the recommended shard count, and a merged shard in the shard plan.", 80, 1, 100),
    }),
  },
  {
    id: "kds-enhanced-monitoring",
    issue: "No Enhanced Monitoring",
    title: "Critical stream without shard-level metrics",
    severity: "medium",
    category: "observability",
    scope: ["static"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "A critical stream has no shard-level (enhanced) metrics, so hot shards and per-shard throttling cannot be seen.",
    remediation: "Enable shard-level metrics (shardLevelMetrics / EnableEnhancedMonitoring) for IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded and IteratorAgeMilliseconds.",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html#kinesis-metrics-shard",
    configSchema: schema({
      ...appliesTo("critical"),
      ...classification,
      requiredMetrics: {
        type: "array",
        items: { type: "string" },
        description: "Shard-level metrics that must be enabled.",
        default: ["IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"],
      },
    }),
  },
  {
    id: "kds-retention",
    issue: "Excessive Retention",
    title: "Retention longer than needed",
    severity: "low",
    category: "cost",
    scope: ["static"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "Retention at or above the threshold (extended retention is billed per shard-hour) on a stream not tagged as needing it. Trade-off: AWS Security Hub control Kinesis.3 asks for at least 168 h; exempt those streams by tag.",
    remediation: "Lower retentionPeriod to 24 h (DecreaseStreamRetentionPeriod), or tag the stream with a retention justification to exempt it.",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html",
    configSchema: schema({
      maxRetentionHours: num("Retention (h) at or above which the stream is flagged.", 168, 25),
      recommendedRetentionHours: num("Retention (h) recommended instead.", 24, 24),
      exemptTagKeys: {
        type: "array",
        items: { type: "string" },
        description: "Tag keys that justify long retention (any value exempts).",
        default: ["RetentionJustification", "RetentionRequired"],
      },
    }),
  },
  {
    id: "kds-encryption",
    issue: "No Encryption",
    title: "Sensitive stream without server-side encryption",
    severity: "high",
    category: "security",
    scope: ["static"],
    resourceType: "stream",
    enforcement: "mandatory",
    description: "A sensitive stream (by tag or name keyword) has encryptionType NONE, or uses the AWS-managed key when a customer-managed key is required.",
    remediation: 'Set encryptionType "KMS" with kmsKeyId "alias/aws/kinesis" (or a customer-managed key): StartStreamEncryption works in place without downtime.',
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
    configSchema: schema({
      ...appliesTo("sensitive"),
      ...classification,
      requireCustomerManagedKey: { type: "boolean", description: "Reject the AWS-managed key alias/aws/kinesis.", default: false },
    }),
  },
  {
    id: "kdf-delivery-failures",
    issue: "Firehose Delivery Failures",
    title: "Delivery stream fails to deliver",
    severity: "high",
    category: "reliability",
    scope: ["metric"],
    resourceType: "deliveryStream",
    enforcement: "advisory",
    description: "Failed delivery rate (1 - Sum/SampleCount of DeliveryTo<Destination>.Success) over the window exceeds the threshold.",
    remediation: "Check the destination's error logs (CloudWatch Logs of the delivery stream), its permissions and capacity; failed records are retried, then go to the S3 backup when configured.",
    docsUrl: FIREHOSE_METRICS_DOC,
    configSchema: schema({ maxFailurePercent: num("Maximum failed delivery rate (%).", 1, 0, 100) }),
  },
  {
    id: "kdf-small-buffers",
    issue: "Small Batch Sizes",
    title: "Buffering too small: many small objects and requests",
    severity: "medium",
    category: "cost",
    scope: ["static"],
    resourceType: "deliveryStream",
    enforcement: "advisory",
    description:
      "Policy pack (no traffic): buffer size below the minimum and buffer interval below the minimum. Live audit with measured bytes in per hour: the flushes per hour the hints cause (size- or interval-bound, whichever triggers first) are at least minFlushRatio times those of the recommended hints (each raised to its minimum), e.g. 1 MB / 900 s at 1 MiB/s. Many small batches mean more S3 PUTs and small files.",
    remediation: "Raise bufferingSize to 5 MB or more and bufferingInterval to 300 s (or as high as the freshness you need allows).",
    docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html",
    configSchema: schema({
      minBufferSizeMb: num("Minimum buffer size (MB).", 5, 1, 128),
      minBufferIntervalSeconds: num("Minimum buffer interval (s).", 300, 0, 900),
      minFlushRatio: num("Live audit with measured traffic: flag when the current hints flush at least this many times as often as the recommended hints.", 2, 1),
    }),
  },
  {
    id: "kdf-no-transformation",
    issue: "No Data Transformation",
    title: "Raw data delivered without transformation",
    severity: "low",
    category: "reliability",
    scope: ["static"],
    resourceType: "deliveryStream",
    enforcement: "advisory",
    description:
      "The delivery stream has neither an enabled Lambda processor nor record format conversion (DataFormatConversionConfiguration, JSON to Parquet/ORC, which is a transformation too), so records are delivered as received. By default only delivery streams whose name marks raw data (rawNameKeywords, as the spec script does) are judged; appliesTo: all judges every one.",
    remediation: "Add a processingConfiguration with an enabled Lambda processor that validates and transforms records, or record format conversion to Parquet/ORC; exempt the stream if raw delivery is intended.",
    docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html",
    configSchema: schema({
      appliesTo: {
        type: "string",
        enum: ["raw", "all"],
        description: "Which delivery streams the rule judges: those whose name marks raw data (rawNameKeywords), or all.",
        default: "raw",
      },
      rawNameKeywords: {
        type: "array",
        items: { type: "string" },
        description: "Name keywords (whole name tokens, plain plurals match) that mark a delivery stream as carrying raw data.",
        default: ["raw", "unprocessed", "incoming"],
      },
    }),
  },
  {
    id: "kdf-s3-backup",
    issue: "Missing S3 Backup",
    title: "No S3 backup of failed or source records",
    severity: "high",
    category: "reliability",
    scope: ["static"],
    resourceType: "deliveryStream",
    enforcement: "mandatory",
    description:
      "A Redshift, OpenSearch, Elasticsearch, Splunk or HTTP endpoint destination without S3 backup. OpenSearch, Elasticsearch, Splunk and HTTP endpoint: records that still fail after the retry duration are dropped. Redshift: failed COPY batches are not lost (they stay in the intermediate S3 bucket, listed in an errors/ manifest for a manual backfill); what is lost is the separate copy of the source records (before any Lambda transformation), for replay and once the intermediate objects expire.",
    remediation: "Configure S3 backup for failed records (s3BackupMode FailedDocumentsOnly / FailedEventsOnly / FailedDataOnly, or Enabled for Redshift) with an s3BackupConfiguration bucket.",
    docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/retry.html",
    configSchema: schema({
      destinations: {
        type: "array",
        items: { type: "string", enum: ["redshift", "elasticsearch", "opensearch", "opensearchserverless", "splunk", "http_endpoint", "snowflake", "iceberg"] },
        description: "Destinations that must back up failed records to S3.",
        default: ["redshift", "elasticsearch", "opensearch", "opensearchserverless", "splunk", "http_endpoint"],
      },
    }),
  },
  {
    id: "kds-alarms",
    issue: "No CloudWatch Alarms",
    title: "Stream without iterator-age and throttling alarms",
    severity: "medium",
    category: "observability",
    scope: ["stack"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "The stream has no CloudWatch alarm on one of the required metrics (namespace AWS/Kinesis, dimension StreamName).",
    remediation: "Create MetricAlarms on GetRecords.IteratorAgeMilliseconds (Maximum, 60000 ms, 5 min) and WriteProvisionedThroughputExceeded (Sum > 0, 5 min) with dimension StreamName.",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html",
    configSchema: schema({
      requiredMetrics: {
        type: "array",
        items: { type: "string" },
        description: "AWS/Kinesis metrics each stream needs an alarm on, most important first.",
        default: ["GetRecords.IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"],
      },
    }),
  },
  {
    id: "kdf-alarms",
    issue: "No CloudWatch Alarms",
    title: "Delivery stream without delivery alarms",
    severity: "medium",
    category: "observability",
    scope: ["stack"],
    resourceType: "deliveryStream",
    enforcement: "advisory",
    description: "The delivery stream has no CloudWatch alarm on delivery success or data freshness (namespace AWS/Firehose, dimension DeliveryStreamName).",
    remediation: "Create a MetricAlarm on DeliveryTo<Destination>.Success (Average < 0.99, i.e. 1 - kdf-delivery-failures' maxFailurePercent / 100) or DeliveryTo<Destination>.DataFreshness (Maximum > 900 s) with dimension DeliveryStreamName.",
    docsUrl: FIREHOSE_METRICS_DOC,
    configSchema: schema({
      metricSuffixes: {
        type: "array",
        items: { type: "string" },
        description: "An alarm on any DeliveryTo<Destination>.<suffix> metric counts.",
        default: ["Success", "DataFreshness"],
      },
    }),
  },
  {
    id: "kds-consumer-lag",
    issue: "Consumer Lag",
    title: "Enhanced fan-out consumer lags",
    severity: "high",
    category: "reliability",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "An enhanced fan-out consumer's maximum SubscribeToShardEvent.MillisBehindLatest over the window exceeds the threshold.",
    remediation: "Scale the consumer application or speed up its record processing; check for errors that make it re-read.",
    docsUrl: KDS_METRICS_DOC,
    configSchema: schema({ maxMillisBehindLatest: num("Maximum lag (ms).", 5000, 1) }),
  },
  {
    id: "kds-hot-shard",
    issue: "Shard Splitting Needed",
    title: "Hot shard (and cold shards to merge)",
    severity: "medium",
    category: "reliability",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description:
      "On a provisioned stream with shard-level metrics, a shard whose load (bytes or records, whichever is nearer the shard limit) is far above the mean over the open shards (idle shards count as 0), or that carries all of the stream's traffic, and whose peak is above a floor of one shard's capacity: split it. Adjacent cold shards (idle ones included) go to the merge plan. No split or merge when the stream gets an UpdateShardCount.",
    remediation: "Split the hot shard (SplitShard at the given NewStartingHashKey) or improve partition key distribution; merge cold adjacent shards (MergeShards).",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding-split.html",
    configSchema: schema({
      hotFactor: num("A shard is hot above this multiple of the stream's mean per-shard load.", 2, 1),
      minPeakUtilizationPercent: num("A shard is hot only if its peak is above this share of one shard's write capacity (%).", 50, 0, 100),
      coldUtilizationPercent: num("Adjacent shards both with a peak below this utilization (%) are merge candidates (the merged peak must stay within kds-over-provisioned's targetPeakUtilizationPercent).", 10, 0, 100),
    }),
  },
  {
    id: "kdf-vpc-endpoint",
    issue: "VPC Endpoint Not Used",
    title: "Traffic pays NAT processing instead of a VPC endpoint",
    severity: "low",
    category: "cost",
    scope: ["stack"],
    resourceType: "deliveryStream",
    enforcement: "advisory",
    description:
      "A delivery stream delivering into a VPC has no S3 gateway endpoint in that VPC: S3 traffic of workloads in the VPC, if any, goes through a NAT gateway billed per GB processed. Firehose's own deliveries and S3 backups do not pass through your NAT gateway, so no saving is counted; with measured traffic the finding shows, as conditional_monthly_savings, what producers in that VPC would pay in NAT processing if they reach the service through a NAT gateway.",
    remediation: "Add an S3 gateway VPC endpoint (com.amazonaws.<region>.s3) to the VPC (free), and interface endpoints for kinesis-streams / kinesis-firehose where producers run in the VPC.",
    docsUrl: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html",
    configSchema: schema({}),
  },
  {
    id: "kds-cross-region",
    issue: "No Cross-Region Replication",
    title: "Critical stream without a replica in a DR region",
    severity: "medium",
    category: "reliability",
    scope: ["stack"],
    resourceType: "stream",
    enforcement: "advisory",
    description: "A critical stream has no replica stream in any configured DR region (found by the replica tag or the naming convention).",
    remediation: "Create a replica stream in a DR region and replicate to it (e.g. a Lambda or Managed Flink consumer), tagging it with the replica tag pointing at the source stream.",
    docsUrl: "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    configSchema: schema({
      ...appliesTo("critical"),
      ...classification,
      drRegions: { type: "array", items: { type: "string" }, description: "Regions that count as DR regions.", default: ["us-west-2"] },
      replicaTagKey: { type: "string", description: "Tag on a replica naming its source stream.", default: "ReplicaOf" },
      replicaNameSuffixes: {
        type: "array",
        items: { type: "string" },
        description: "Naming convention: a stream named <source><suffix> in a DR region is a replica.",
        default: ["-replica", "-dr"],
      },
    }),
  },
  {
    id: "kds-on-demand-steady",
    issue: "On-Demand Misconduct",
    title: "Steady on-demand stream that provisioned mode would make cheaper",
    severity: "low",
    category: "cost",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description:
      "An ON_DEMAND stream whose hourly traffic is steady (coefficient of variation below the threshold) and would cost less in provisioned mode. On-demand data-in and data-out are billed per record rounded up to 1 KiB, provisioned PUT payload units per 25 KiB: each hour's records are taken at that hour's average size.",
    remediation: "Switch to provisioned mode with the recommended shard count (UpdateStreamMode), keeping headroom for peaks.",
    docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html",
    configSchema: schema({
      maxCoefficientOfVariation: num("Hourly traffic CV below which traffic is steady.", 0.3, 0),
      targetUtilizationPercent: num("Utilization the provisioned shard count aims for (%).", 60, 1, 100),
    }),
  },
  {
    id: "kds-idle-stream",
    issue: "Idle Stream",
    title: "Provisioned stream with no records pays for its shards",
    severity: "medium",
    category: "cost",
    scope: ["metric"],
    resourceType: "stream",
    enforcement: "advisory",
    description:
      "A PROVISIONED stream with no records written in the whole window (no IncomingRecords datapoint, or only zeros) still pays for every shard-hour, plus extended retention and enhanced fan-out consumer-shard-hours. The finding's monthly cost counts in the estimated savings (deleting the stream). Runs on low-traffic streams too.",
    remediation: "Delete the stream if nothing writes to it any more (DeleteStream), or keep it as a 1-shard standby (UpdateShardCount, at most halving per call).",
    docsUrl: "https://aws.amazon.com/kinesis/data-streams/pricing/",
    configSchema: schema({}),
  },
  {
    id: "kdf-encryption",
    issue: "No Encryption",
    title: "Sensitive delivery stream without server-side encryption",
    severity: "high",
    category: "security",
    scope: ["static", "stack"],
    resourceType: "deliveryStream",
    enforcement: "mandatory",
    description: "A sensitive DirectPut delivery stream without server-side encryption. A delivery stream fed by a Kinesis stream cannot enable SSE itself: its source stream is judged instead.",
    remediation: 'Enable serverSideEncryption { enabled: true, keyType: "AWS_OWNED_CMK" } (or CUSTOMER_MANAGED_CMK); for a Kinesis source, encrypt the source stream with KMS.',
    docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/encryption.html",
    configSchema: schema({
      ...appliesTo("sensitive"),
      ...classification,
      requireCustomerManagedKey: { type: "boolean", description: "Require CUSTOMER_MANAGED_CMK.", default: false },
    }),
  },
  {
    id: "kdf-plaintext-credentials",
    issue: "Plaintext Credentials",
    title: "Destination credentials given as plain text",
    severity: "high",
    category: "security",
    scope: ["static"],
    resourceType: "deliveryStream",
    enforcement: "mandatory",
    description: "A Redshift password, Splunk HEC token or HTTP endpoint access key is a plain string in the program (it is stored unencrypted in the Pulumi state).",
    remediation: "Wrap the value with pulumi.secret() / read it with config.requireSecret(), or use the destination's secretsManagerConfiguration.",
    docsUrl: "https://www.pulumi.com/docs/iac/concepts/secrets/",
    configSchema: schema({}),
  },
];

const byId = new Map(CATALOG.map((r) => [r.id, r]));

/** The catalog entry of a rule; throws on an unknown id (a programming error). */
export function rule(id: string): RuleMeta {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown rule id "${id}"`);
  return r;
}

export const RULE_IDS: readonly string[] = CATALOG.map((r) => r.id);

/**
 * Pack policy names that are not rule ids. Policy names are unique in a pack, so a rule with both a
 * resource part and a stack part (kdf-encryption: DirectPut vs Kinesis-sourced) names its stack part here.
 */
export const EXTRA_POLICY_NAMES: Readonly<Record<string, string>> = { "kdf-encryption-source": "kdf-encryption" };

/** Every policy name the pack registers, per rule id. */
export function policyNamesOf(ruleId: string): string[] {
  return [ruleId, ...Object.keys(EXTRA_POLICY_NAMES).filter((n) => EXTRA_POLICY_NAMES[n] === ruleId)];
}

/** The rule id behind a pack policy name. */
export function ruleIdOfPolicy(policyName: string): string {
  return EXTRA_POLICY_NAMES[policyName] ?? policyName;
}
