/**
 * Resource Groups Tagging API (awsJson1_1, ResourceGroupsTaggingAPI_20170126.GetResources).
 * Like AWS it lists only resources that carry at least one tag, and ends paging with an empty
 * PaginationToken. https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
import { ApiError, asArray, asObject, decodeToken, encodeToken, optNumber, optString } from "../protocol/wire";
import type { OpHandler } from "./context";

interface Tagged {
  readonly arn: string;
  readonly type: string;
  readonly tags: Readonly<Record<string, string>>;
}

const getResources: OpHandler = (ctx) => {
  const perPage = optNumber(ctx.input, "ResourcesPerPage") ?? 50;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new ApiError("InvalidParameterException", "ResourcesPerPage must be between 1 and 100.");
  const typeFilters = asArray(ctx.input.ResourceTypeFilters).map((t) => String(t).toLowerCase());
  const tagFilters = asArray(ctx.input.TagFilters).map((f) => asObject(f));
  const all: Tagged[] = [
    ...ctx.region.streams.map((s) => ({ arn: s.arn, type: "kinesis:stream", tags: s.tags })),
    ...ctx.region.deliveryStreams.map((d) => ({ arn: d.arn, type: "firehose:deliverystream", tags: d.tags })),
  ]
    .filter((r) => Object.keys(r.tags).length > 0)
    .filter((r) => typeFilters.length === 0 || typeFilters.some((t) => r.type === t || r.type.startsWith(`${t}:`)))
    .filter((r) =>
      tagFilters.every((f) => {
        const key = String(f.Key ?? "");
        const values = asArray(f.Values).map(String);
        return r.tags[key] !== undefined && (values.length === 0 || values.includes(r.tags[key]!));
      }),
    )
    .sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const token = optString(ctx.input, "PaginationToken");
  const offset = token && !ctx.endlessPagination ? Number(decodeToken(token, "InvalidParameterException").offset ?? 0) : 0;
  const page = all.slice(offset, offset + perPage);
  const more = ctx.endlessPagination || offset + perPage < all.length;
  return {
    PaginationToken: more ? encodeToken({ offset: offset + perPage }) : "",
    ResourceTagMappingList: page.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) })),
  };
};

export const TAGGING_OPERATIONS: Readonly<Record<string, OpHandler>> = { GetResources: getResources };
