/** Small statistics used by the metric rules; definitions documented in docs/analysis.md. */

/**
 * Nearest-rank percentile: the smallest value such that at least p % of the values are <= it
 * (sorted ascending, index ceil(p/100 * n) - 1). Undefined for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  // A typed-array sort is numeric and calls no comparator (which boxes every double it is passed).
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Coefficient of variation: population standard deviation / mean. Undefined when empty or mean 0. */
export function coefficientOfVariation(values: readonly number[]): number | undefined {
  const m = mean(values);
  if (m === undefined || m === 0) return undefined;
  const variance = values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length;
  return Math.sqrt(variance) / m;
}

/** Round for display and reports (not for comparisons). */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
