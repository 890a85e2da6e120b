/**
 * An organization-wide audit keeps every account's analysis until the reports are written. The same
 * text sits in it many times over, each a string of its own: a stream's ARN in its configuration,
 * in every finding, in its consumers, shard plan and alarm entries; account ids; shard ids and hash
 * keys; metric and rule names. Pointing every copy at one string took a quarter of what the
 * analyses hold (docs/benchmarks.md, P4 round 5). The values read the same: reports are unchanged.
 */
import type { AuditAnalysis } from "./audit-analysis";

/** Plain data only: class instances (hourly rows, typed arrays) hold no repeated text and are left as they are. */
function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/**
 * Make equal strings in `a` one string (in place; `a` is the caller's fresh analysis). Frozen
 * objects (shared constants) are skipped. Map values are visited, keys kept.
 */
export function shareStrings(a: AuditAnalysis): void {
  const canonical = new Map<string, string>();
  const seen = new Set<object>();
  const one = (s: string): string => {
    const c = canonical.get(s);
    if (c !== undefined) return c;
    canonical.set(s, s);
    return s;
  };
  const visit = (v: object): void => {
    if (seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v as Map<unknown, unknown>) {
        if (typeof x === "string") v.set(k, one(x));
        else if (x !== null && typeof x === "object") visit(x);
      }
      return;
    }
    if (!isPlain(v)) return;
    const frozen = Object.isFrozen(v);
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const x = o[key];
      if (typeof x === "string") {
        // Always written: === compares text, not which string holds it.
        if (!frozen) o[key] = one(x);
      } else if (x !== null && typeof x === "object") visit(x);
    }
  };
  visit(a);
}
