/**
 * Makes a snapshot deterministic: resources, metrics and problems sorted by stable keys, object
 * keys sorted, undefined fields dropped (what a JSON round trip gives). The same collection therefore gives
 * the same bytes, and a snapshot loaded from disk deep-equals the one the live run analyzed.
 */
import type { Snapshot } from "../snapshot";
import type { MetricSeries } from "../../rules/metric-requests";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const key = (...parts: unknown[]): string => parts.map((p) => (typeof p === "string" ? p : p === undefined ? "" : JSON.stringify(p))).join("\u0000");

function sortBy<T>(list: readonly T[], k: (x: T) => string): T[] {
  return [...list].sort((a, b) => cmp(k(a), k(b)));
}

/**
 * Every slot a finite number that JSON keeps as is (-0 would come back as 0, a hole as null).
 * Called with the metric series' number arrays only, never with arrays of objects: V8's optimizing
 * compiler makes an element load that has seen both kinds of array generalize what it reads, so a
 * loop shared with object arrays turned every series (unboxed doubles, 8 bytes a value) into
 * boxed numbers (24 bytes): 80 MB instead of 25 at 1,000 streams (docs/benchmarks.md, P2 round 7).
 */
function isPlainNumberArray(a: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (!Number.isFinite(x) || Object.is(x, -0)) return false;
  }
  return true;
}

/**
 * The value JSON.parse(JSON.stringify(value)) would give, with object keys sorted, built in one
 * pass: no JSON text in between (for a 1,000-stream fleet that round trip held the snapshot three
 * times over and was the collector's peak memory).
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value + 0 : null; // + 0: -0 becomes 0, as in JSON
  if (typeof value !== "object") return undefined; // undefined, functions, symbols, bigints: not JSON
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return toJsonValue(withToJson.toJSON()); // Date -> ISO string
  if (Array.isArray(value)) return Array.from(value, (x) => toJsonValue(x) ?? null); // JSON writes undefined (and holes) in arrays as null
  return jsonObject(value);
}

/** An object (not an array) as JSON gives it back, keys sorted; `valueOf` converts each property (default toJsonValue). */
function jsonObject(obj: object, valueOf: (key: string, value: unknown) => unknown = (_k, v) => toJsonValue(v)): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort(cmp)) {
    const v = valueOf(k, (obj as Record<string, unknown>)[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * A metric series as toJsonValue would give it, except that its number arrays (2 million numbers at
 * 1,000 streams) are kept as they are, not copied: series that share one timestamps array still
 * share it, and the values stay unboxed (see isPlainNumberArray).
 */
function canonicalSeries(m: MetricSeries): MetricSeries {
  const numbers = (a: readonly number[]): unknown => (isPlainNumberArray(a) ? a : toJsonValue(a));
  return jsonObject(m, (k, v) => (k === "timestamps" || k === "values" ? numbers(v as readonly number[]) : toJsonValue(v))) as unknown as MetricSeries;
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
  return jsonObject(sorted, (k, v) => (k === "metrics" ? sorted.metrics.map(canonicalSeries) : toJsonValue(v))) as unknown as Snapshot;
}
