/**
 * Kinesis Data Streams inventory: ListStreams (summaries carry name, ARN and mode), then per kept
 * stream DescribeStreamSummary, ListShards only where shard-level series are needed, and
 * ListStreamConsumers only when the stream has consumers.
 */
import {
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  type Consumer,
  type Shard,
  type StreamDescriptionSummary,
} from "@aws-sdk/client-kinesis";
import { call, paginate, type RegionContext } from "../context";
import { tagsFromList } from "../../../adapters/aws/types";

export interface ListedStream {
  readonly name: string;
  readonly arn?: string;
}

export async function listStreams(ctx: RegionContext): Promise<ListedStream[]> {
  const api = "Kinesis.ListStreams";
  const seen = new Set<string>();
  let lastName: string | undefined;
  const items = await paginate<ListedStream>(api, async (token) => {
    // Older endpoints (and some emulators) page with ExclusiveStartStreamName instead of NextToken.
    const input = token?.startsWith("name:") ? { ExclusiveStartStreamName: token.slice(5) } : token ? { NextToken: token } : {};
    const out = await call(ctx, api, (abortSignal) => ctx.clients.kinesis.send(new ListStreamsCommand(input), { abortSignal }));
    const page: ListedStream[] = [];
    const summaries = out.StreamSummaries ?? [];
    if (summaries.length > 0) {
      for (const s of summaries) if (s?.StreamName) page.push({ name: s.StreamName, ...(s.StreamARN ? { arn: s.StreamARN } : {}) });
    } else {
      for (const n of out.StreamNames ?? []) if (typeof n === "string") page.push({ name: n });
    }
    const fresh = page.filter((s) => !seen.has(s.name));
    fresh.forEach((s) => seen.add(s.name));
    if (page.length > 0) lastName = page[page.length - 1]!.name;
    const more = out.HasMoreStreams === true || (out.HasMoreStreams === undefined && !!out.NextToken);
    const next = !more || fresh.length === 0 ? undefined : out.NextToken || (lastName ? `name:${lastName}` : undefined);
    return { items: fresh, next };
  });
  return items;
}

export async function describeStreamSummary(ctx: RegionContext, name: string): Promise<StreamDescriptionSummary | undefined> {
  const out = await call(ctx, "Kinesis.DescribeStreamSummary", (abortSignal) =>
    ctx.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }), { abortSignal }),
  );
  return out.StreamDescriptionSummary;
}

export async function listShards(ctx: RegionContext, name: string): Promise<Shard[]> {
  const api = "Kinesis.ListShards";
  return paginate<Shard>(api, async (token) => {
    // NextToken identifies the stream by itself; sending StreamName with it is an error.
    const input = token ? { NextToken: token, MaxResults: 10_000 } : { StreamName: name, MaxResults: 10_000 };
    const out = await call(ctx, api, (abortSignal) => ctx.clients.kinesis.send(new ListShardsCommand(input), { abortSignal }), name);
    return { items: out.Shards ?? [], next: out.NextToken || undefined };
  });
}

export async function listStreamConsumers(ctx: RegionContext, streamArn: string, streamName: string): Promise<Consumer[]> {
  const api = "Kinesis.ListStreamConsumers";
  return paginate<Consumer>(api, async (token) => {
    const out = await call(
      ctx,
      api,
      (abortSignal) => ctx.clients.kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn, ...(token ? { NextToken: token } : {}) }), { abortSignal }),
      streamName,
    );
    return { items: out.Consumers ?? [], next: out.NextToken || undefined };
  });
}

/** Fallback when the tagging API is not allowed: one paginated call per stream (5 TPS per account). */
export async function listTagsForStream(ctx: RegionContext, name: string): Promise<Record<string, string>> {
  const api = "Kinesis.ListTagsForStream";
  const tags = await paginate<{ Key?: string; Value?: string }>(api, async (token) => {
    const out = await call(ctx, api, (abortSignal) =>
      ctx.clients.kinesis.send(new ListTagsForStreamCommand({ StreamName: name, ...(token ? { ExclusiveStartTagKey: token } : {}) }), { abortSignal }),
    );
    const items = out.Tags ?? [];
    const last = items[items.length - 1]?.Key;
    return { items, next: out.HasMoreTags && last ? last : undefined };
  });
  return tagsFromList(tags);
}
