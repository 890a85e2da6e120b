/**
 * Per-snapshot memo for values derived from the metric series. The rules, the analysis, the shard
 * plan and the dashboard ask for the same stream's traffic, utilization and shard loads several
 * times; the memo hangs off the snapshot's lookup (weakly), so a new snapshot starts afresh and
 * nothing outlives the lookup.
 */
import type { MetricLookup } from "./types";

/** `compute(key)` once per lookup and key. */
export function memoPerLookup<K extends object, V>(compute: (key: K, lookup: MetricLookup) => V): (key: K, lookup: MetricLookup) => V {
  const memo = new WeakMap<MetricLookup, WeakMap<K, { value: V }>>();
  return (key, lookup) => {
    let byKey = memo.get(lookup);
    if (!byKey) {
      byKey = new WeakMap();
      memo.set(lookup, byKey);
    }
    let hit = byKey.get(key);
    if (!hit) {
      hit = { value: compute(key, lookup) };
      byKey.set(key, hit);
    }
    return hit.value;
  };
}
