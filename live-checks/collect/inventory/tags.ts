/**
 * Tags of every stream and delivery stream of a region in one paginated listing (Resource Groups
 * Tagging API GetResources), instead of one ListTagsFor* call per resource at 5 TPS.
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 * Resources that never had a tag may be absent from the answer: absent means no tags.
 */
import { GetResourcesCommand, type ResourceTagMapping } from "@aws-sdk/client-resource-groups-tagging-api";
import { call, paginate, type RegionContext } from "../context";
import { nameFromArn, resourceTypeFromArn, tagsFromList } from "../../../adapters/aws/types";

export type TaggedKind = "stream" | "deliveryStream";

/** Key of the tag index: kind + physical name (names are unique per kind in a region). */
export function tagKey(kind: TaggedKind, name: string): string {
  return `${kind}:${name}`;
}

const RESOURCE_TYPES: Record<string, TaggedKind> = { "kinesis:stream": "stream", "firehose:deliverystream": "deliveryStream" };

export async function getResourceTags(ctx: RegionContext, kinds: readonly TaggedKind[]): Promise<Map<string, Record<string, string>>> {
  const api = "Tagging.GetResources";
  const filters = Object.entries(RESOURCE_TYPES)
    .filter(([, k]) => kinds.includes(k))
    .map(([t]) => t);
  const mappings = await paginate<ResourceTagMapping>(api, async (token) => {
    const out = await call(ctx, api, (abortSignal) =>
      ctx.clients.tagging.send(new GetResourcesCommand({ ResourceTypeFilters: filters, ResourcesPerPage: 100, ...(token ? { PaginationToken: token } : {}) }), { abortSignal }),
    );
    return { items: out.ResourceTagMappingList ?? [], next: out.PaginationToken || undefined };
  });
  const index = new Map<string, Record<string, string>>();
  for (const m of mappings) {
    const kind = RESOURCE_TYPES[resourceTypeFromArn(m?.ResourceARN) ?? ""];
    const name = nameFromArn(m?.ResourceARN);
    if (kind && name) index.set(tagKey(kind, name), tagsFromList(m.Tags));
  }
  return index;
}
