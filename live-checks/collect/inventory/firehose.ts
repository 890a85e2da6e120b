/**
 * Firehose inventory. ListDeliveryStreams has no SDK paginator: page with
 * ExclusiveStartDeliveryStreamName until HasMoreDeliveryStreams is false.
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_ListDeliveryStreams.html
 */
import {
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  type DeliveryStreamDescription,
} from "@aws-sdk/client-firehose";
import { call, paginate, type RegionContext } from "../context";
import { tagsFromList } from "../../../adapters/aws/types";

export async function listDeliveryStreams(ctx: RegionContext): Promise<string[]> {
  const api = "Firehose.ListDeliveryStreams";
  const seen = new Set<string>();
  return paginate<string>(api, async (token) => {
    const out = await call(ctx, api, (abortSignal) =>
      // Limit accepts up to 10,000: fewer pages than the default of 10.
      ctx.clients.firehose.send(new ListDeliveryStreamsCommand({ Limit: 10_000, ...(token ? { ExclusiveStartDeliveryStreamName: token } : {}) }), { abortSignal }),
    );
    const names = (out.DeliveryStreamNames ?? []).filter((n): n is string => typeof n === "string" && !seen.has(n));
    names.forEach((n) => seen.add(n));
    const last = names[names.length - 1];
    return { items: names, next: out.HasMoreDeliveryStreams && last ? last : undefined };
  });
}

export async function describeDeliveryStream(ctx: RegionContext, name: string): Promise<DeliveryStreamDescription | undefined> {
  const out = await call(ctx, "Firehose.DescribeDeliveryStream", (abortSignal) =>
    ctx.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }), { abortSignal }),
  );
  return out.DeliveryStreamDescription;
}

/** Fallback when the tagging API is not allowed (5 TPS per account). */
export async function listTagsForDeliveryStream(ctx: RegionContext, name: string): Promise<Record<string, string>> {
  const api = "Firehose.ListTagsForDeliveryStream";
  const tags = await paginate<{ Key?: string; Value?: string }>(api, async (token) => {
    const out = await call(ctx, api, (abortSignal) =>
      ctx.clients.firehose.send(
        new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name, Limit: 50, ...(token ? { ExclusiveStartTagKey: token } : {}) }),
        { abortSignal },
      ),
    );
    const items = out.Tags ?? [];
    const last = items[items.length - 1]?.Key;
    return { items, next: out.HasMoreTags && last ? last : undefined };
  });
  return tagsFromList(tags);
}
