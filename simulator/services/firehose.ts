/**
 * Amazon Data Firehose control plane (awsJson1_1, Firehose_20150804.*).
 * Shapes: https://docs.aws.amazon.com/firehose/latest/APIReference/API_DescribeDeliveryStream.html
 */
import { ApiError, Timestamp, optNumber, optString } from "../protocol/wire";
import type { SimDeliveryStream } from "../world";
import { pageSize, type OpContext, type OpHandler } from "./context";

function findDeliveryStream(ctx: OpContext): SimDeliveryStream {
  const name = optString(ctx.input, "DeliveryStreamName");
  if (!name) throw new ApiError("InvalidArgumentException", "DeliveryStreamName is required.");
  const d = ctx.region.deliveryStreamByName.get(name);
  if (!d || ctx.isVanished("deliveryStream", d.name)) {
    throw new ApiError("ResourceNotFoundException", `Firehose ${name} under account ${ctx.world.accountId} not found.`);
  }
  return d;
}

const ROLE = (ctx: OpContext, d: SimDeliveryStream) => `arn:aws:iam::${ctx.world.accountId}:role/firehose-${d.name}`;
const BUCKET = (d: SimDeliveryStream) => `arn:aws:s3:::${d.name}-bucket`;

function bufferingHints(d: SimDeliveryStream) {
  const splunk = d.spec.destination === "splunk";
  return { SizeInMBs: d.spec.buffering?.sizeMb ?? 5, IntervalInSeconds: d.spec.buffering?.intervalSeconds ?? (splunk ? 60 : 300) };
}

function processing(d: SimDeliveryStream) {
  if (!d.spec.lambdaArn && !d.spec.processingDisabled) return { Enabled: false, Processors: [] };
  const arn = d.spec.lambdaArn ?? `arn:aws:lambda:${d.region}:000000000000:function:${d.name}-transform`;
  return {
    Enabled: !d.spec.processingDisabled,
    Processors: [
      {
        Type: "Lambda",
        Parameters: [
          { ParameterName: "LambdaArn", ParameterValue: `${arn}:$LATEST` },
          { ParameterName: "BufferSizeInMBs", ParameterValue: "1" },
          { ParameterName: "BufferIntervalInSeconds", ParameterValue: "60" },
        ],
      },
    ],
  };
}

/** DataFormatConversionConfiguration of an extended S3 destination (JSON in, Parquet/ORC out), or undefined. */
function formatConversion(ctx: OpContext, d: SimDeliveryStream) {
  const to = d.spec.formatConversion;
  if (!to) return undefined;
  return {
    Enabled: true,
    InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
    OutputFormatConfiguration: { Serializer: to === "parquet" ? { ParquetSerDe: { Compression: "SNAPPY" } } : { OrcSerDe: { Compression: "SNAPPY" } } },
    SchemaConfiguration: { RoleARN: ROLE(ctx, d), DatabaseName: "analytics", TableName: d.name.replace(/-/g, "_"), Region: d.region, VersionId: "LATEST" },
  };
}

const logging = (d: SimDeliveryStream) => ({ Enabled: true, LogGroupName: `/aws/kinesisfirehose/${d.name}`, LogStreamName: "DestinationDelivery" });

/** The S3 bucket every non-S3 destination stages or backs up to. */
function s3Description(ctx: OpContext, d: SimDeliveryStream, suffix = "") {
  return {
    RoleARN: ROLE(ctx, d),
    BucketARN: `${BUCKET(d)}${suffix}`,
    Prefix: `${d.name}/`,
    BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
    CompressionFormat: "GZIP",
    EncryptionConfiguration: { NoEncryptionConfig: "NoEncryption" },
    CloudWatchLoggingOptions: logging(d),
  };
}

function vpcDescription(ctx: OpContext, d: SimDeliveryStream) {
  const v = d.spec.vpc;
  if (!v) return undefined;
  return { SubnetIds: [...v.subnetIds], RoleARN: ROLE(ctx, d), SecurityGroupIds: [...(v.securityGroupIds ?? ["sg-0123456789abcdef0"])], VpcId: v.vpcId };
}

/** One Destinations[] entry, with the description member AWS uses for the destination type. */
function destination(ctx: OpContext, d: SimDeliveryStream): Record<string, unknown> {
  const common = { RoleARN: ROLE(ctx, d), CloudWatchLoggingOptions: logging(d), ProcessingConfiguration: processing(d) };
  const base = { DestinationId: "destinationId-000000000001" };
  const mode = d.spec.s3BackupMode;
  switch (d.spec.destination) {
    case "extended_s3":
      return {
        ...base,
        S3DestinationDescription: s3Description(ctx, d),
        ExtendedS3DestinationDescription: {
          ...common,
          BucketARN: BUCKET(d),
          Prefix: `${d.name}/`,
          ErrorOutputPrefix: `${d.name}-errors/`,
          BufferingHints: bufferingHints(d),
          CompressionFormat: "GZIP",
          EncryptionConfiguration: { NoEncryptionConfig: "NoEncryption" },
          S3BackupMode: mode ?? "Disabled",
          S3BackupDescription: (mode ?? "Disabled") === "Enabled" ? s3Description(ctx, d, "-backup") : undefined,
          DataFormatConversionConfiguration: formatConversion(ctx, d),
        },
      };
    case "redshift":
      return {
        ...base,
        RedshiftDestinationDescription: {
          ...common,
          ClusterJDBCURL: `jdbc:redshift://${d.name}.abc123.${d.region}.redshift.amazonaws.com:5439/analytics`,
          CopyCommand: { DataTableName: d.name.replace(/-/g, "_"), CopyOptions: "json 'auto' gzip" },
          Username: "firehose",
          RetryOptions: { DurationInSeconds: 3600 },
          // Redshift buffers in its intermediate S3 destination.
          S3DestinationDescription: { ...s3Description(ctx, d), BufferingHints: bufferingHints(d) },
          S3BackupMode: mode ?? "Disabled",
          S3BackupDescription: (mode ?? "Disabled") === "Enabled" ? s3Description(ctx, d, "-backup") : undefined,
        },
      };
    case "opensearch":
      return {
        ...base,
        AmazonopensearchserviceDestinationDescription: {
          ...common,
          DomainARN: `arn:aws:es:${d.region}:${ctx.world.accountId}:domain/${d.name}`,
          IndexName: d.name,
          IndexRotationPeriod: "OneDay",
          BufferingHints: bufferingHints(d),
          RetryOptions: { DurationInSeconds: 300 },
          S3BackupMode: mode ?? "FailedDocumentsOnly",
          S3DestinationDescription: s3Description(ctx, d),
          VpcConfigurationDescription: vpcDescription(ctx, d),
        },
      };
    case "elasticsearch":
      return {
        ...base,
        ElasticsearchDestinationDescription: {
          ...common,
          DomainARN: `arn:aws:es:${d.region}:${ctx.world.accountId}:domain/${d.name}`,
          IndexName: d.name,
          TypeName: "",
          IndexRotationPeriod: "OneDay",
          BufferingHints: bufferingHints(d),
          RetryOptions: { DurationInSeconds: 300 },
          S3BackupMode: mode ?? "FailedDocumentsOnly",
          S3DestinationDescription: s3Description(ctx, d),
          VpcConfigurationDescription: vpcDescription(ctx, d),
        },
      };
    case "splunk":
      return {
        ...base,
        SplunkDestinationDescription: {
          CloudWatchLoggingOptions: logging(d),
          ProcessingConfiguration: processing(d),
          HECEndpoint: `https://${d.name}.splunk.example.com:8088`,
          HECEndpointType: "Raw",
          HECToken: d.spec.hecToken ?? "00000000-0000-0000-0000-000000000000",
          HECAcknowledgmentTimeoutInSeconds: 180,
          RetryOptions: { DurationInSeconds: 300 },
          S3BackupMode: mode ?? "FailedEventsOnly",
          S3DestinationDescription: s3Description(ctx, d),
          BufferingHints: bufferingHints(d),
        },
      };
    case "http_endpoint":
      return {
        ...base,
        HttpEndpointDestinationDescription: {
          ...common,
          // The access key is never returned by DescribeDeliveryStream.
          EndpointConfiguration: { Url: `https://${d.name}.ingest.example.com/v1/events`, Name: d.name },
          BufferingHints: bufferingHints(d),
          RequestConfiguration: { ContentEncoding: "GZIP", CommonAttributes: [] },
          RetryOptions: { DurationInSeconds: 300 },
          S3BackupMode: mode ?? "FailedDataOnly",
          S3DestinationDescription: s3Description(ctx, d),
        },
      };
  }
}

const listDeliveryStreams: OpHandler = (ctx) => {
  const limit = pageSize(optNumber(ctx.input, "Limit"), 10, 10000, "limit");
  const type = optString(ctx.input, "DeliveryStreamType");
  const start = optString(ctx.input, "ExclusiveStartDeliveryStreamName");
  const all = ctx.region.deliveryStreams.filter((d) => !type || (type === "DirectPut" ? !d.sourceStream : type === "KinesisStreamAsSource" && !!d.sourceStream));
  // Fault "endless pagination": always the first page, always "more".
  const from = ctx.endlessPagination || start === undefined ? 0 : all.findIndex((d) => d.name > start);
  const page = from < 0 ? [] : all.slice(from, from + limit);
  return {
    DeliveryStreamNames: page.map((d) => d.name),
    HasMoreDeliveryStreams: ctx.endlessPagination || (from >= 0 && from + limit < all.length),
  };
};

const describeDeliveryStream: OpHandler = (ctx) => {
  const d = findDeliveryStream(ctx);
  const sse = d.spec.sse;
  const src = d.sourceStream;
  return {
    DeliveryStreamDescription: {
      DeliveryStreamName: d.name,
      DeliveryStreamARN: d.arn,
      DeliveryStreamStatus: d.status,
      DeliveryStreamEncryptionConfiguration: src
        ? undefined
        : sse?.enabled
          ? { KeyType: sse.keyType ?? "AWS_OWNED_CMK", KeyARN: sse.keyType === "CUSTOMER_MANAGED_CMK" ? sse.keyArn : undefined, Status: "ENABLED" }
          : { Status: "DISABLED" },
      DeliveryStreamType: src ? "KinesisStreamAsSource" : "DirectPut",
      VersionId: "1",
      CreateTimestamp: new Timestamp(d.createdAt),
      LastUpdateTimestamp: new Timestamp(d.createdAt),
      Source: src
        ? {
            KinesisStreamSourceDescription: {
              KinesisStreamARN: src.arn,
              RoleARN: ROLE(ctx, d),
              DeliveryStartTimestamp: new Timestamp(Math.max(d.createdAt, src.createdAt)),
            },
          }
        : undefined,
      Destinations: [destination(ctx, d)],
      HasMoreDestinations: false,
    },
  };
};

const listTagsForDeliveryStream: OpHandler = (ctx) => {
  const d = findDeliveryStream(ctx);
  const limit = pageSize(optNumber(ctx.input, "Limit"), 50, 50, "limit");
  const after = optString(ctx.input, "ExclusiveStartTagKey");
  const keys = Object.keys(d.tags).sort();
  const from = after === undefined ? 0 : keys.findIndex((k) => k > after);
  const page = from < 0 ? [] : keys.slice(from, from + limit);
  return { Tags: page.map((k) => ({ Key: k, Value: d.tags[k] })), HasMoreTags: from >= 0 && from + limit < keys.length };
};

export const FIREHOSE_OPERATIONS: Readonly<Record<string, OpHandler>> = {
  ListDeliveryStreams: listDeliveryStreams,
  DescribeDeliveryStream: describeDeliveryStream,
  ListTagsForDeliveryStream: listTagsForDeliveryStream,
};
