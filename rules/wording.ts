/** Small wording helpers for finding texts. */

/** "1 shard", "3 shards", "? shards": a count with its noun (regular English plural). */
export function countOf(n: number | string, noun: string): string {
  return `${n} ${n === 1 || n === "1" ? noun : `${noun}s`}`;
}
