/**
 * Map over items with at most `limit` calls of `fn` in flight, results in input order. For
 * GetMetricData: its 50 TPS quota is not what bounds an audit, memory is (each response holds up to
 * 100,800 datapoints, their timestamps parsed into Date objects by the SDK), so a few calls at a
 * time, each converted to number arrays before the next starts, cost no wall time.
 */
export async function mapInFlight<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapInFlight: limit must be a whole number >= 1, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
