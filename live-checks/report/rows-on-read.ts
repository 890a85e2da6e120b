/**
 * A list of view rows that are built when read, one at a time, and let go after: the dashboard's
 * per-resource lists (table rows, trend and heatmap blocks). At 4,000 resources those views held
 * ~10 MB of heap for the whole render while the page needs one at a time (docs/benchmarks.md, P4
 * round 5). Handlebars' {{#each}} walks any iterable; `length` serves {{#if x.length}} and counts.
 * Each read builds new objects: read a row once per use.
 */
export interface RowsOnRead<T> extends Iterable<T> {
  readonly length: number;
}

/** The rows `build(source, index)` gives for each source, in order, built when iterated. */
export function rowsOnRead<S, T>(sources: readonly S[], build: (source: S, index: number) => T): RowsOnRead<T> {
  return {
    length: sources.length,
    *[Symbol.iterator]() {
      for (let i = 0; i < sources.length; i++) yield build(sources[i]!, i);
    },
  };
}
