/**
 * A shard's write capacity and how far one UpdateShardCount call may go: AWS facts the metric
 * helpers (rules/metric/) and the remediation values (rules/lib/) both use.
 * A shard takes up to 1 MiB/s or 1,000 records/s of writes:
 * https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */

export const SHARD_BYTES_PER_SECOND = 1_048_576;
export const SHARD_RECORDS_PER_SECOND = 1_000;

/**
 * UpdateShardCount calls to go from `from` to `to` shards: one call can at most double or halve
 * the count (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html).
 */
export function updateShardCountSteps(from: number, to: number): number[] {
  const steps: number[] = [];
  let cur = from;
  while (cur !== to) {
    cur = to > cur ? Math.min(to, cur * 2) : Math.max(to, Math.ceil(cur / 2));
    steps.push(cur);
  }
  return steps;
}
