/**
 * The mission's collection-time filters, applied as early as possible so excluded resources cost
 * no describe and no metric query: name prefixes right after listing, the exclusion tag right
 * after tags are known. (The low-traffic filter needs metrics and belongs to the analysis.)
 */
import type { SkippedResource } from "../snapshot";

export interface FilterSettings {
  /** Default ["test-", "dev-"]. */
  readonly excludeNamePrefixes: readonly string[];
  /** Default "ExcludeFromAnalysis"; key and value "true" compared case-insensitively. */
  readonly excludeTagKey: string;
}

export const DEFAULT_FILTERS: FilterSettings = { excludeNamePrefixes: ["test-", "dev-"], excludeTagKey: "ExcludeFromAnalysis" };

/** The prefix that excludes `name`, if any. */
export function excludedPrefix(name: string, f: FilterSettings): string | undefined {
  return f.excludeNamePrefixes.find((p) => p !== "" && name.startsWith(p));
}

/** The tag (as "Key=Value") that excludes a resource, if any. */
export function excludingTag(tags: Readonly<Record<string, string>>, f: FilterSettings): string | undefined {
  const want = f.excludeTagKey.toLowerCase();
  for (const [k, v] of Object.entries(tags)) {
    if (k.toLowerCase() === want && String(v).trim().toLowerCase() === "true") return `${k}=${v}`;
  }
  return undefined;
}

export function skippedByPrefix(kind: SkippedResource["kind"], name: string, region: string, prefix: string, arn?: string): SkippedResource {
  return { kind, name, region, ...(arn ? { arn } : {}), reason: `name prefix ${prefix}`, filter: "name-prefix" };
}

export function skippedByTag(kind: SkippedResource["kind"], name: string, region: string, tag: string, arn?: string): SkippedResource {
  return { kind, name, region, ...(arn ? { arn } : {}), reason: `tag ${tag}`, filter: "tag" };
}
