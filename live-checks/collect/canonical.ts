/**
 * Makes a snapshot deterministic: resources, metrics and problems sorted by stable keys, object
 * keys sorted, undefined fields dropped (a JSON round trip). The same collection therefore gives
 * the same bytes, and a snapshot loaded from disk deep-equals the one the live run analyzed.
 */
import type { Snapshot } from "../snapshot";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const key = (...parts: unknown[]): string => parts.map((p) => (typeof p === "string" ? p : p === undefined ? "" : JSON.stringify(p))).join("\u0000");

function sortBy<T>(list: readonly T[], k: (x: T) => string): T[] {
  return [...list].sort((a, b) => cmp(k(a), k(b)));
}

/** Recursively sort object keys (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort(cmp)
        .filter((k) => obj[k] !== undefined)
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

export function canonicalSnapshot(s: Snapshot): Snapshot {
  const sorted: Snapshot = {
    ...s,
    regions: [...new Set(s.regions)].sort(cmp),
    streams: sortBy(s.streams, (x) => key(x.region, x.name, x.id.ref)),
    consumers: sortBy(s.consumers, (x) => key(x.streamArn, x.name, x.id.ref)),
    deliveryStreams: sortBy(s.deliveryStreams, (x) => key(x.region, x.name, x.id.ref)),
    alarms: sortBy(s.alarms, (x) => key(x.region, x.name, x.id.ref)),
    vpcEndpoints: sortBy(s.vpcEndpoints, (x) => key(x.region, x.id.ref)),
    metrics: sortBy(s.metrics, (x) => x.id),
    drStreams: sortBy(s.drStreams, (x) => key(x.region, x.name)),
    skipped: sortBy(s.skipped, (x) => key(x.region, x.kind, x.name, x.reason)),
    collection: {
      ...s.collection,
      errors: sortBy(s.collection.errors, (x) => key(x.region, x.api, x.resource, x.message)),
      ...(s.collection.notes ? { notes: [...new Set(s.collection.notes)].sort(cmp) } : {}),
    },
  };
  return JSON.parse(JSON.stringify(sortKeys(sorted))) as Snapshot;
}
