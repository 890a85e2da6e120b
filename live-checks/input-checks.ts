/**
 * Sanity checks on parsed input documents (stack exports, previews, config files, snapshots) that
 * JSON/YAML syntax and a schema cannot express: nesting depth (every later step walks documents
 * recursively, so a hostile depth would end in a stack overflow instead of a message), numbers
 * that are not finite (YAML `.inf` / `.nan`), and metric values no CloudWatch metric can have.
 * Each check walks iteratively and returns where the problem is, for a message that names it.
 */

/**
 * Deeper than any real document: a stack export nests resources about 4 levels and Pulumi
 * properties a few dozen at most; every recursive walk of ours is safe far beyond this.
 */
export const MAX_INPUT_DEPTH = 256;

/** A dotted path from an array of keys ("a.b.0.c"), first segments only: enough to find the spot. */
function showPath(path: readonly (string | number)[]): string {
  const shown = path.slice(0, 8).join(".");
  return path.length > 8 ? `${shown}...` : shown || "(top level)";
}

interface Frame {
  readonly value: unknown;
  readonly path: readonly (string | number)[];
}

function* walk(root: unknown, maxDepth = Infinity): Generator<Frame & { readonly tooDeep: boolean }> {
  const stack: Frame[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const deep = f.path.length > maxDepth;
    yield { ...f, tooDeep: deep };
    if (deep || f.value === null || typeof f.value !== "object") continue;
    if (Array.isArray(f.value)) f.value.forEach((v, i) => stack.push({ value: v, path: [...f.path, i] }));
    else for (const [k, v] of Object.entries(f.value as Record<string, unknown>)) stack.push({ value: v, path: [...f.path, k] });
  }
}

/** Where `value` nests deeper than `max` levels (a dotted path), or undefined. */
export function tooDeepAt(value: unknown, max = MAX_INPUT_DEPTH): string | undefined {
  for (const f of walk(value, max)) if (f.tooDeep) return showPath(f.path);
  return undefined;
}

/** Where the first number that is not finite (Infinity, NaN) is, or undefined. */
export function nonFiniteAt(value: unknown): { path: string; value: number } | undefined {
  for (const f of walk(value)) {
    if (typeof f.value === "number" && !Number.isFinite(f.value)) return { path: showPath(f.path), value: f.value };
  }
  return undefined;
}

/**
 * Largest metric value accepted from a snapshot. Every metric kinesis-guard reads is a
 * non-negative count, byte total, age in ms or ratio; even a whole-window byte sum of a stream at
 * 20 GiB/s for CloudWatch's 455 days of retention stays below 1e18. Values beyond that (a
 * hand-edited 1e308) would overflow the arithmetic into Infinity and NaN ("CV NaN", "$NaN/month").
 */
export const MAX_METRIC_VALUE = 1e18;

export interface MetricSeriesLike {
  readonly id: string;
  readonly values: readonly number[];
}

/** Problems with metric values: not finite, negative, or beyond MAX_METRIC_VALUE (at most `limit`). */
export function metricValueProblems(series: readonly MetricSeriesLike[], limit = 10): string[] {
  const out: string[] = [];
  for (const [i, m] of series.entries()) {
    const bad = m.values.findIndex((v) => !Number.isFinite(v) || v < 0 || v > MAX_METRIC_VALUE);
    if (bad < 0) continue;
    out.push(`metrics.${i} (${m.id}): value ${m.values[bad]} at index ${bad} is not a count, byte total, age or ratio CloudWatch can report (0 to ${MAX_METRIC_VALUE})`);
    if (out.length >= limit) break;
  }
  return out;
}
