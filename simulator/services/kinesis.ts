/**
 * Kinesis Data Streams control plane (awsJson1_1, Kinesis_20131202.*).
 * Shapes: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html
 */
import { ApiError, Timestamp, asObject, decodeToken, encodeToken, optNumber, optString } from "../protocol/wire";
import type { SimConsumer, SimShard, SimStream } from "../world";
import { pageSize, type OpContext, type OpHandler } from "./context";

function notFound(ctx: OpContext, name: string): ApiError {
  return new ApiError("ResourceNotFoundException", `Stream ${name} under account ${ctx.world.accountId} not found.`);
}

/** The stream named by StreamName or StreamARN. */
function findStream(ctx: OpContext, input: Record<string, unknown> = ctx.input): SimStream {
  const name = optString(input, "StreamName");
  const arn = optString(input, "StreamARN");
  if (!name && !arn) throw new ApiError("InvalidArgumentException", "Either StreamName or StreamARN must be provided.");
  const s = arn ? ctx.region.streamByArn.get(arn) : ctx.region.streamByName.get(name!);
  const label = name ?? arn!.split("/").pop() ?? arn!;
  if (!s || ctx.isVanished("stream", s.name)) throw notFound(ctx, label);
  if (name && arn && s.name !== name) throw new ApiError("InvalidArgumentException", "StreamName and StreamARN refer to different streams.");
  return s;
}

const modeDetails = (s: SimStream) => ({ StreamMode: s.mode });
const enhanced = (s: SimStream) => [{ ShardLevelMetrics: [...s.enhancedMetrics] }];

function shardOut(sh: SimShard) {
  return {
    ShardId: sh.shardId,
    ParentShardId: sh.parentShardId,
    AdjacentParentShardId: sh.adjacentParentShardId,
    HashKeyRange: { StartingHashKey: sh.startingHashKey, EndingHashKey: sh.endingHashKey },
    SequenceNumberRange: { StartingSequenceNumber: sh.startingSequenceNumber, EndingSequenceNumber: sh.endingSequenceNumber },
  };
}

function consumerOut(c: SimConsumer) {
  return { ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: c.status, ConsumerCreationTimestamp: new Timestamp(c.createdAt) };
}

const listStreams: OpHandler = (ctx) => {
  const limit = pageSize(optNumber(ctx.input, "Limit"), 100, 100, "limit");
  const token = optString(ctx.input, "NextToken");
  const exclusiveStart = token ? String(decodeToken(token).after ?? "") : optString(ctx.input, "ExclusiveStartStreamName");
  const all = ctx.region.streams;
  const from = exclusiveStart === undefined ? 0 : all.findIndex((s) => s.name > exclusiveStart);
  const page = from < 0 ? [] : all.slice(from, from + limit);
  const more = ctx.endlessPagination || (from >= 0 && from + limit < all.length);
  const last = page[page.length - 1];
  return {
    StreamNames: page.map((s) => s.name),
    HasMoreStreams: more,
    NextToken: more ? encodeToken({ after: ctx.endlessPagination ? "" : (last?.name ?? "") }) : undefined,
    StreamSummaries: page.map((s) => ({
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: modeDetails(s),
      StreamCreationTimestamp: new Timestamp(s.createdAt),
    })),
  };
};

const describeStreamSummary: OpHandler = (ctx) => {
  const s = findStream(ctx);
  return {
    StreamDescriptionSummary: {
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: modeDetails(s),
      RetentionPeriodHours: s.retentionHours,
      StreamCreationTimestamp: new Timestamp(s.createdAt),
      EnhancedMonitoring: enhanced(s),
      EncryptionType: s.encryptionType,
      KeyId: s.keyId,
      OpenShardCount: s.openShardCount,
      ConsumerCount: s.consumers.length,
    },
  };
};

/** The older DescribeStream (boto3 peer uses it): shards paged with Limit / ExclusiveStartShardId. */
const describeStream: OpHandler = (ctx) => {
  const s = findStream(ctx);
  const limit = pageSize(optNumber(ctx.input, "Limit"), 100, 10000, "limit");
  const after = optString(ctx.input, "ExclusiveStartShardId");
  const from = after === undefined ? 0 : s.shards.findIndex((x) => x.shardId > after);
  const page = from < 0 ? [] : s.shards.slice(from, from + limit);
  return {
    StreamDescription: {
      StreamName: s.name,
      StreamARN: s.arn,
      StreamStatus: s.status,
      StreamModeDetails: modeDetails(s),
      Shards: page.map(shardOut),
      HasMoreShards: from >= 0 && from + limit < s.shards.length,
      RetentionPeriodHours: s.retentionHours,
      StreamCreationTimestamp: new Timestamp(s.createdAt),
      EnhancedMonitoring: enhanced(s),
      EncryptionType: s.encryptionType,
      KeyId: s.keyId,
    },
  };
};

/**
 * ListShards: the first call names the stream; later calls pass only NextToken (AWS rejects both).
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html
 */
const listShards: OpHandler = (ctx) => {
  const token = optString(ctx.input, "NextToken");
  const limit = pageSize(optNumber(ctx.input, "MaxResults"), 1000, 10000, "maxResults");
  let stream: SimStream;
  let after: string | undefined;
  let filter: string | undefined;
  if (token) {
    if (optString(ctx.input, "StreamName") || optString(ctx.input, "ExclusiveStartShardId")) {
      throw new ApiError("InvalidArgumentException", "NextToken and StreamName cannot be provided together.");
    }
    const t = decodeToken(token);
    stream = findStream(ctx, { StreamARN: t.stream });
    after = typeof t.after === "string" ? t.after : undefined;
    filter = typeof t.filter === "string" ? t.filter : undefined;
  } else {
    stream = findStream(ctx);
    after = optString(ctx.input, "ExclusiveStartShardId");
    filter = optString(asObject(ctx.input.ShardFilter), "Type");
  }
  // AT_LATEST / AT_TIP: only open shards; other filters: everything we know.
  const shards = filter === "AT_LATEST" || filter === "AT_TIP" ? stream.shards.filter((s) => !s.closed) : stream.shards;
  const from = after === undefined ? 0 : shards.findIndex((x) => x.shardId > after);
  const page = from < 0 ? [] : shards.slice(from, from + limit);
  const more = ctx.endlessPagination || (from >= 0 && from + limit < shards.length);
  return {
    Shards: page.map(shardOut),
    NextToken: more ? encodeToken({ stream: stream.arn, after: ctx.endlessPagination ? undefined : page[page.length - 1]?.shardId, filter }) : undefined,
  };
};

const listStreamConsumers: OpHandler = (ctx) => {
  const arn = optString(ctx.input, "StreamARN");
  if (!arn) throw new ApiError("InvalidArgumentException", "StreamARN is required.");
  const s = findStream(ctx, { StreamARN: arn });
  const limit = pageSize(optNumber(ctx.input, "MaxResults"), 100, 10000, "maxResults");
  const token = optString(ctx.input, "NextToken");
  const offset = token ? Number(decodeToken(token).offset ?? 0) : 0;
  const page = s.consumers.slice(offset, offset + limit);
  const more = ctx.endlessPagination || offset + limit < s.consumers.length;
  return {
    Consumers: page.map(consumerOut),
    NextToken: more ? encodeToken({ offset: ctx.endlessPagination ? 0 : offset + limit }) : undefined,
  };
};

const describeStreamConsumer: OpHandler = (ctx) => {
  const consumerArn = optString(ctx.input, "ConsumerARN");
  let s: SimStream | undefined;
  let c: SimConsumer | undefined;
  if (consumerArn) {
    const streamArn = consumerArn.split("/consumer/")[0] ?? "";
    s = ctx.region.streamByArn.get(streamArn);
    c = s?.consumers.find((x) => x.arn === consumerArn);
  } else {
    const name = optString(ctx.input, "ConsumerName");
    if (!name) throw new ApiError("InvalidArgumentException", "Either ConsumerARN or StreamARN and ConsumerName must be provided.");
    s = findStream(ctx, { StreamARN: optString(ctx.input, "StreamARN") });
    c = s.consumers.find((x) => x.name === name);
  }
  if (!s || !c || ctx.isVanished("consumer", `${s.name}/${c.name}`) || ctx.isVanished("stream", s.name)) {
    throw new ApiError("ResourceNotFoundException", `Consumer ${consumerArn ?? String(ctx.input.ConsumerName)} under account ${ctx.world.accountId} not found.`);
  }
  return { ConsumerDescription: { ...consumerOut(c), StreamARN: s.arn } };
};

function tagPage(ctx: OpContext, tags: Readonly<Record<string, string>>) {
  const limit = pageSize(optNumber(ctx.input, "Limit"), 50, 50, "limit");
  const after = optString(ctx.input, "ExclusiveStartTagKey");
  const keys = Object.keys(tags).sort();
  const from = after === undefined ? 0 : keys.findIndex((k) => k > after);
  const page = from < 0 ? [] : keys.slice(from, from + limit);
  return { Tags: page.map((k) => ({ Key: k, Value: tags[k] })), HasMoreTags: from >= 0 && from + limit < keys.length };
}

const listTagsForStream: OpHandler = (ctx) => tagPage(ctx, findStream(ctx).tags);

/** The newer ListTagsForResource (stream or consumer ARN). */
const listTagsForResource: OpHandler = (ctx) => {
  const arn = optString(ctx.input, "ResourceARN");
  if (!arn) throw new ApiError("InvalidArgumentException", "ResourceARN is required.");
  const s = findStream(ctx, { StreamARN: arn.split("/consumer/")[0] });
  return { Tags: Object.keys(s.tags).sort().map((k) => ({ Key: k, Value: s.tags[k] })) };
};

export const KINESIS_OPERATIONS: Readonly<Record<string, OpHandler>> = {
  ListStreams: listStreams,
  DescribeStreamSummary: describeStreamSummary,
  DescribeStream: describeStream,
  ListShards: listShards,
  ListStreamConsumers: listStreamConsumers,
  DescribeStreamConsumer: describeStreamConsumer,
  ListTagsForStream: listTagsForStream,
  ListTagsForResource: listTagsForResource,
};

/** Name of the stream a request is scoped to (per-stream quotas such as ListShards), if any. */
export function kinesisQuotaScope(input: Record<string, unknown>): string | undefined {
  const name = typeof input.StreamName === "string" ? input.StreamName : undefined;
  const arn = typeof input.StreamARN === "string" ? input.StreamARN : undefined;
  if (name) return name;
  if (arn) return arn.split("/")[1];
  if (typeof input.NextToken === "string") {
    try {
      const t = JSON.parse(Buffer.from(input.NextToken, "base64").toString("utf8")) as { stream?: string };
      return t.stream?.split("/")[1];
    } catch {
      return undefined;
    }
  }
  return undefined;
}
