/**
 * aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream props -> DeliveryStreamConfig, with the
 * provider's defaults (buffering 5 MB / 300 s, Splunk 5 / 60, Snowflake 1 / 0; SSE off; backup
 * modes per destination: rules/lib/destinations.ts).
 * https://www.pulumi.com/registry/packages/aws/api-docs/kinesis/firehosedeliverystream/
 */
import { UNKNOWN, isKnown, type CredentialField, type DeliverySource, type DeliveryStreamConfig, type Maybe } from "../../rules/model";
import {
  BUFFERING,
  bufferingPath,
  DEFAULT_S3_BACKUP_MODE,
  DESTINATION_CONFIG_KEY,
  FAILED_RECORD_BACKUP_MODES,
  isDestinationType,
} from "../../rules/lib/destinations";
import { toPlain, type Plain } from "./plain";
import { at, bool, num, objList, orDefault, str, strList } from "./read";
import { depsOf, TYPES, type PulumiResource } from "./resource";
import { regionOf, tagsOf } from "./stream";

/** Credential fields per destination block (relative paths) and the block that replaces them. */
const CREDENTIAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  redshiftConfiguration: ["password"],
  splunkConfiguration: ["hecToken"],
  httpEndpointConfiguration: ["accessKey"],
  snowflakeConfiguration: ["privateKey", "keyPassphrase"],
};

export function deliveryStreamFromPulumi(r: PulumiResource): DeliveryStreamConfig {
  const { props, secretPaths } = toPlain(r.props);
  const arn = str(at(props, "arn"));
  const destRaw = str(at(props, "destination"));
  // A destination this pack does not know (a newer provider's, or a missing one the provider will
  // reject itself) is judged like an unknown: destination-dependent rules cannot run on it. Throwing
  // here would fail every policy of the whole stack because of one resource.
  const destination = destRaw !== UNKNOWN && isDestinationType(destRaw) ? destRaw : UNKNOWN;
  const block = isKnown(destination) ? at(props, DESTINATION_CONFIG_KEY[destination]) : UNKNOWN;

  return {
    kind: "deliveryStream",
    id: { ref: r.urn, displayName: r.name, type: r.type },
    name: orDefault(str(at(props, "name")), r.name),
    arn,
    region: regionOf(str(at(props, "region")), r.providerRegion, arn),
    destination,
    source: sourceOf(r, props),
    buffering: bufferingOf(destination, props),
    ...lambdaOf(block),
    formatConversion: formatConversionOf(destination, block),
    ...backupOf(destination, block),
    sse: sseOf(props),
    ...vpcOf(r, destination, block),
    credentials: credentialsOf(props, secretPaths),
    tags: tagsOf(props),
  };
}

function sourceOf(r: PulumiResource, props: Plain): DeliverySource {
  const kinesis = at(props, "kinesisSourceConfiguration");
  if (kinesis !== undefined) {
    const streamRef = depsOf(r, "kinesisSourceConfiguration", TYPES.stream)[0];
    return {
      type: "KinesisStreamAsSource",
      streamArn: str(at(kinesis, "kinesisStreamArn")),
      ...(streamRef === undefined ? {} : { streamRef }),
    };
  }
  if (at(props, "mskSourceConfiguration") !== undefined) return { type: "MSKAsSource" };
  return { type: "DirectPut" };
}

function bufferingOf(destination: Maybe<keyof typeof BUFFERING>, props: Plain): DeliveryStreamConfig["buffering"] {
  if (!isKnown(destination)) return { sizeMb: UNKNOWN, intervalSeconds: UNKNOWN };
  const path = bufferingPath(destination);
  const limits = BUFFERING[destination];
  return {
    sizeMb: orDefault(num(at(props, `${path}.bufferingSize`)), limits.defaultSizeMb),
    intervalSeconds: orDefault(num(at(props, `${path}.bufferingInterval`)), limits.defaultIntervalSeconds),
  };
}

/** An enabled processingConfiguration with a Lambda processor (enabled defaults to false in the provider). */
function lambdaOf(block: Plain | undefined): Pick<DeliveryStreamConfig, "lambdaProcessor" | "lambdaArns"> {
  if (block === UNKNOWN) return { lambdaProcessor: UNKNOWN };
  const processing = at(block, "processingConfiguration");
  if (processing === UNKNOWN) return { lambdaProcessor: UNKNOWN };
  const enabled = bool(at(processing, "enabled"));
  const processors = objList(at(processing, "processors"));
  if (enabled === UNKNOWN || processors === UNKNOWN) return { lambdaProcessor: UNKNOWN };
  const lambdas = (processors ?? []).filter((p) => at(p, "type") === "Lambda" || at(p, "type") === UNKNOWN);
  if (lambdas.some((p) => at(p, "type") === UNKNOWN)) return { lambdaProcessor: UNKNOWN };
  const arns = lambdas.flatMap((p) => {
    const params = objList(at(p, "parameters"));
    if (!Array.isArray(params)) return [];
    return params.filter((x) => at(x, "parameterName") === "LambdaArn").map((x) => str(at(x, "parameterValue"))).filter((a): a is string => typeof a === "string");
  });
  return { lambdaProcessor: enabled === true && lambdas.length > 0, lambdaArns: arns };
}

/**
 * extendedS3Configuration.dataFormatConversionConfiguration (JSON to Parquet/ORC): a transformation.
 * `enabled` defaults to true when the block is present (@pulumi/aws FirehoseDeliveryStream docs;
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_DataFormatConversionConfiguration.html).
 * Only the extended S3 destination converts formats.
 */
function formatConversionOf(destination: Maybe<keyof typeof BUFFERING>, block: Plain | undefined): Maybe<boolean> {
  if (!isKnown(destination) || block === UNKNOWN) return UNKNOWN;
  if (destination !== "extended_s3" && destination !== "s3") return false;
  const conversion = at(block, "dataFormatConversionConfiguration");
  if (conversion === UNKNOWN) return UNKNOWN;
  if (conversion === undefined || conversion === null) return false;
  return orDefault(bool(at(conversion, "enabled")), true);
}

function backupOf(destination: Maybe<keyof typeof BUFFERING>, block: Plain | undefined): Pick<DeliveryStreamConfig, "s3BackupMode" | "backsUpFailedRecordsToS3"> {
  if (!isKnown(destination) || block === UNKNOWN) return { s3BackupMode: UNKNOWN, backsUpFailedRecordsToS3: UNKNOWN };
  const modes = FAILED_RECORD_BACKUP_MODES[destination];
  const given = str(at(block, "s3BackupMode"));
  if (modes === undefined) return { s3BackupMode: given, backsUpFailedRecordsToS3: true }; // S3 is the destination itself
  if (given === UNKNOWN) return { s3BackupMode: UNKNOWN, backsUpFailedRecordsToS3: UNKNOWN };
  const mode = given ?? DEFAULT_S3_BACKUP_MODE[destination];
  // Redshift backs up to s3BackupConfiguration; the others fail over to their s3Configuration.
  const bucketBlock = at(block, destination === "redshift" ? "s3BackupConfiguration" : "s3Configuration");
  if (bucketBlock === UNKNOWN) return { s3BackupMode: given, backsUpFailedRecordsToS3: UNKNOWN };
  return {
    s3BackupMode: given,
    backsUpFailedRecordsToS3: mode !== undefined && modes.includes(mode) && bucketBlock !== undefined,
  };
}

function sseOf(props: Plain): DeliveryStreamConfig["sse"] {
  const sse = at(props, "serverSideEncryption");
  if (sse === UNKNOWN) return { enabled: UNKNOWN, keyType: UNKNOWN, keyArn: UNKNOWN };
  const enabled = orDefault(bool(at(sse, "enabled")), false);
  const keyType = str(at(sse, "keyType"));
  return {
    enabled,
    keyType: enabled === true ? orDefault(keyType, "AWS_OWNED_CMK") : keyType,
    keyArn: str(at(sse, "keyArn")),
  };
}

function vpcOf(r: PulumiResource, destination: Maybe<keyof typeof BUFFERING>, block: Plain | undefined): Pick<DeliveryStreamConfig, "vpc"> {
  if (!isKnown(destination) || block === UNKNOWN) return {};
  const vpc = at(block, "vpcConfig");
  if (vpc === undefined) return {};
  const subnetIds = strList(at(vpc, "subnetIds"));
  return {
    vpc: {
      vpcId: vpc === UNKNOWN ? UNKNOWN : str(at(vpc, "vpcId")),
      subnetIds: subnetIds === undefined ? [] : subnetIds,
      dependsOn: depsOf(r, DESTINATION_CONFIG_KEY[destination], TYPES.vpc),
    },
  };
}

/** A credential is plaintext when it is a known, non-empty string that did not arrive as a secret. */
function credentialsOf(props: Plain, secretPaths: ReadonlySet<string>): CredentialField[] {
  const out: CredentialField[] = [];
  const isSecret = (path: string) => {
    const parts = path.split(".");
    return parts.some((_, i) => secretPaths.has(parts.slice(0, i + 1).join(".")));
  };
  for (const [blockKey, fields] of Object.entries(CREDENTIAL_FIELDS)) {
    const block = at(props, blockKey);
    if (block === undefined || block === UNKNOWN) continue;
    for (const field of fields) {
      const value = at(block, field);
      if (value === undefined) continue;
      const path = `${blockKey}.${field}`;
      out.push({ path, plaintext: typeof value === "string" && value !== "" && !isSecret(path) });
    }
  }
  return out;
}
