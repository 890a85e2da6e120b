/**
 * DescribeDeliveryStream -> DeliveryStreamConfig, for every destination type.
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamDescription.html
 * Credentials (Splunk HEC token, HTTP endpoint keys) are deliberately never copied: nothing secret
 * may reach a snapshot or a report.
 */
import type {
  BufferingHints,
  DataFormatConversionConfiguration,
  DeliveryStreamDescription,
  DestinationDescription,
  ProcessingConfiguration,
  VpcConfigurationDescription,
} from "@aws-sdk/client-firehose";
import type { DeliverySource, DeliveryStreamConfig, DestinationType } from "../../rules/model";
import { TYPE_DELIVERY_STREAM } from "./types";

/** Provider defaults when the API omits buffering hints. https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html */
const BUFFER_DEFAULTS: Partial<Record<DestinationType, { sizeMb: number; intervalSeconds: number }>> = {
  extended_s3: { sizeMb: 5, intervalSeconds: 300 },
  s3: { sizeMb: 5, intervalSeconds: 300 },
  redshift: { sizeMb: 5, intervalSeconds: 300 },
  elasticsearch: { sizeMb: 5, intervalSeconds: 300 },
  opensearch: { sizeMb: 5, intervalSeconds: 300 },
  opensearchserverless: { sizeMb: 5, intervalSeconds: 300 },
  http_endpoint: { sizeMb: 5, intervalSeconds: 300 },
  splunk: { sizeMb: 5, intervalSeconds: 60 },
};

/** Backup modes that put failed records into S3, per destination (the API's enum values). */
const FAILED_RECORDS_MODES: Partial<Record<DestinationType, { modes: readonly string[]; whenUnset: boolean }>> = {
  // Redshift: S3BackupMode Enabled keeps a copy of every record in S3; Disabled keeps none.
  redshift: { modes: ["Enabled"], whenUnset: false },
  // OpenSearch / Elasticsearch: failed documents always go to S3 (FailedDocumentsOnly is the minimum).
  elasticsearch: { modes: ["FailedDocumentsOnly", "AllDocuments"], whenUnset: true },
  opensearch: { modes: ["FailedDocumentsOnly", "AllDocuments"], whenUnset: true },
  opensearchserverless: { modes: ["FailedDocumentsOnly", "AllDocuments"], whenUnset: true },
  splunk: { modes: ["FailedEventsOnly", "AllEvents"], whenUnset: true },
  http_endpoint: { modes: ["FailedDataOnly", "AllData"], whenUnset: true },
  snowflake: { modes: ["FailedDataOnly", "AllData"], whenUnset: true },
  iceberg: { modes: ["FailedDataOnly", "AllData"], whenUnset: true },
};

interface DestinationView {
  readonly type: DestinationType;
  readonly buffering?: BufferingHints;
  readonly processing?: ProcessingConfiguration;
  readonly s3BackupMode?: string;
  readonly vpc?: VpcConfigurationDescription;
  /** Extended S3 only: record format conversion (JSON to Parquet/ORC). */
  readonly formatConversion?: DataFormatConversionConfiguration;
}

/** Destination descriptions that all carry BufferingHints, ProcessingConfiguration, S3BackupMode (and VPC config where the destination has one). */
const SAME_SHAPE_DESTINATIONS: readonly (readonly [keyof DestinationDescription, DestinationType])[] = [
  ["AmazonopensearchserviceDestinationDescription", "opensearch"],
  ["ElasticsearchDestinationDescription", "elasticsearch"],
  ["AmazonOpenSearchServerlessDestinationDescription", "opensearchserverless"],
  ["SplunkDestinationDescription", "splunk"],
  ["HttpEndpointDestinationDescription", "http_endpoint"],
  ["SnowflakeDestinationDescription", "snowflake"],
  ["IcebergDestinationDescription", "iceberg"],
];
interface SameShapeDescription {
  readonly BufferingHints?: BufferingHints;
  readonly ProcessingConfiguration?: ProcessingConfiguration;
  readonly S3BackupMode?: string;
  readonly VpcConfigurationDescription?: VpcConfigurationDescription;
}

/** The one destination of a delivery stream, normalized. Undefined for an unknown/empty destination. */
export function destinationView(d: DestinationDescription | undefined): DestinationView | undefined {
  if (!d) return undefined;
  if (d.ExtendedS3DestinationDescription) {
    const x = d.ExtendedS3DestinationDescription;
    return { type: "extended_s3", buffering: x.BufferingHints, processing: x.ProcessingConfiguration, s3BackupMode: x.S3BackupMode, formatConversion: x.DataFormatConversionConfiguration };
  }
  if (d.RedshiftDestinationDescription) {
    const x = d.RedshiftDestinationDescription;
    // Redshift loads through an intermediate S3 bucket; its buffering hints are the stream's.
    return { type: "redshift", buffering: x.S3DestinationDescription?.BufferingHints, processing: x.ProcessingConfiguration, s3BackupMode: x.S3BackupMode };
  }
  for (const [key, type] of SAME_SHAPE_DESTINATIONS) {
    const x = d[key] as SameShapeDescription | undefined;
    if (x) return { type, buffering: x.BufferingHints, processing: x.ProcessingConfiguration, s3BackupMode: x.S3BackupMode, vpc: x.VpcConfigurationDescription };
  }
  if (d.S3DestinationDescription) {
    // A plain S3 destination is what Pulumi v7 calls extended_s3 (the "s3" destination is gone).
    const x = d.S3DestinationDescription;
    return { type: "extended_s3", buffering: x.BufferingHints };
  }
  return undefined;
}

function effectiveBuffering(view: DestinationView): DeliveryStreamConfig["buffering"] {
  const def = BUFFER_DEFAULTS[view.type];
  const size = view.buffering?.SizeInMBs;
  const interval = view.buffering?.IntervalInSeconds;
  if (typeof size === "number" && typeof interval === "number") return { sizeMb: size, intervalSeconds: interval };
  if (!def) return undefined; // no published default to fall back on: do not guess
  return { sizeMb: typeof size === "number" ? size : def.sizeMb, intervalSeconds: typeof interval === "number" ? interval : def.intervalSeconds };
}

/** Lambda ARNs of the processors that run (processing enabled, processor type Lambda). */
export function enabledLambdaArns(p: ProcessingConfiguration | undefined): string[] {
  const lambdas = (p?.Processors ?? []).filter((x) => x?.Type === "Lambda");
  // AWS always returns Enabled; when a hand-built or odd shape omits it, processors listed count as on.
  const enabled = p?.Enabled === true || (p?.Enabled === undefined && lambdas.length > 0);
  if (!enabled) return [];
  return lambdas
    .map((x) => (x.Parameters ?? []).find((q) => q?.ParameterName === "LambdaArn")?.ParameterValue ?? "")
    .sort();
}

function hasEnabledLambda(p: ProcessingConfiguration | undefined): boolean {
  const lambdas = (p?.Processors ?? []).filter((x) => x?.Type === "Lambda");
  return (p?.Enabled === true || (p?.Enabled === undefined && lambdas.length > 0)) && lambdas.length > 0;
}

/**
 * Record format conversion is on when the configuration is present and not disabled: `Enabled`
 * defaults to true (https://docs.aws.amazon.com/firehose/latest/APIReference/API_DataFormatConversionConfiguration.html).
 */
function formatConversionOn(c: DataFormatConversionConfiguration | undefined): boolean {
  return c !== undefined && c.Enabled !== false;
}

function source(d: DeliveryStreamDescription): DeliverySource {
  switch (d.DeliveryStreamType) {
    case "KinesisStreamAsSource": {
      const arn = d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN;
      return { type: "KinesisStreamAsSource", streamArn: arn, ...(arn ? { streamRef: arn } : {}) };
    }
    case "MSKAsSource":
      return { type: "MSKAsSource" };
    case "DatabaseAsSource":
      return { type: "DatabaseAsSource" };
    default:
      return { type: "DirectPut" };
  }
}

export interface DeliveryStreamExtras {
  readonly region: string;
  readonly listedName: string;
  readonly tags: Readonly<Record<string, string>>;
}

export function adaptDeliveryStream(d: DeliveryStreamDescription | undefined, x: DeliveryStreamExtras): DeliveryStreamConfig {
  const desc: DeliveryStreamDescription = d ?? ({} as DeliveryStreamDescription);
  const name = desc.DeliveryStreamName ?? x.listedName;
  const arn = desc.DeliveryStreamARN;
  const view = destinationView(desc.Destinations?.[0]);
  const enc = desc.DeliveryStreamEncryptionConfiguration;
  const sseOn = enc?.Status === "ENABLED" || enc?.Status === "ENABLING";
  const backup = view ? FAILED_RECORDS_MODES[view.type] : undefined;
  const lambdaArns = view ? enabledLambdaArns(view.processing) : [];
  return {
    kind: "deliveryStream",
    id: { ref: arn ?? `${x.region}/deliverystream/${name}`, displayName: name, type: TYPE_DELIVERY_STREAM },
    name,
    arn,
    region: x.region,
    ...(desc.DeliveryStreamStatus ? { status: desc.DeliveryStreamStatus } : {}),
    // An unrecognized destination is reported as the closest safe default: S3 (no backup rule applies).
    destination: view?.type ?? "extended_s3",
    source: source(desc),
    buffering: view ? effectiveBuffering(view) : undefined,
    lambdaProcessor: view ? hasEnabledLambda(view.processing) : false,
    ...(lambdaArns.length > 0 ? { lambdaArns } : {}),
    formatConversion: formatConversionOn(view?.formatConversion),
    s3BackupMode: view?.s3BackupMode,
    backsUpFailedRecordsToS3: backup ? (view?.s3BackupMode === undefined ? backup.whenUnset : backup.modes.includes(view.s3BackupMode)) : true,
    sse: { enabled: sseOn, keyType: sseOn ? enc?.KeyType : undefined, keyArn: sseOn ? enc?.KeyARN : undefined },
    ...(view?.vpc ? { vpc: { vpcId: view.vpc.VpcId, subnetIds: [...(view.vpc.SubnetIds ?? [])].sort() } } : {}),
    credentials: [],
    tags: { ...x.tags },
  };
}
