/**
 * A list of report views that are built when read, one at a time, and let go after: the
 * dashboard's per-resource lists (table rows, trend and heatmap blocks) and the resource lists of
 * kinesis_analysis.json. At 4,000 resources the dashboard's views alone held ~10 MB of heap for the
 * whole render while the page needs one at a time (docs/benchmarks.md, P4 round 5). Handlebars'
 * {{#each}} walks any iterable; `length` serves {{#if x.length}} and counts. Each read builds new
 * objects: read a row once per use.
 */
export class RowsOnRead<T> implements Iterable<T> {
  readonly length: number;

  constructor(
    private readonly sources: readonly unknown[],
    private readonly build: (source: never, index: number) => T,
  ) {
    this.length = sources.length;
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = 0; i < this.sources.length; i++) yield this.build(this.sources[i] as never, i);
  }
}

/** The views `build(source, index)` gives for each source, in order, built when iterated. */
export function rowsOnRead<S, T>(sources: readonly S[], build: (source: S, index: number) => T): RowsOnRead<T> {
  return new RowsOnRead(sources, build as (source: never, index: number) => T);
}
