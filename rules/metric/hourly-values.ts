/**
 * Values per hour start (epoch seconds) held in one Float64Array, NaN where an hour has no data.
 * A read-only Map for its users (ShardLoad.hourly keeps its ReadonlyMap type): a 1,000-stream fleet
 * with shard-level metrics has ~5,000 shards x 168 hours, which as Maps of boxed numbers cost tens
 * of MB; as typed arrays about 8 bytes an hour. A NaN value reads as "no data" (undefined), as a
 * missing hour does: utilization percents are never NaN.
 */
const HOUR = 3600;

/** A row of values per hour, in memory. */
export type HourRow = Float64Array | Float32Array;

/**
 * Somewhere a row can wait outside the heap (an organization-wide audit keeps every account's rows
 * in a file until the reports are written: live-checks/analyze/row-spill.ts). A moved row is
 * known by a number, not a closure: thousands of rows wait at once, and a closure with its context
 * costs ~100 bytes of heap each (docs/benchmarks.md, P4 round 5).
 */
export interface HourRowStore {
  /** Keep the row; returns the handle `load` reads it back with. */
  save(row: HourRow): number;
  /** The row saved as `handle` (each read may be a new copy). */
  load(handle: number): HourRow;
}

/** A row moved to a store: its first hour, how many hours have values, its handle there. */
export interface MovedHourRow {
  readonly firstHour: number;
  readonly size: number;
  readonly handle: number;
}

/**
 * A read-only Map from hour start (epoch seconds) to value over one row of consecutive hours, NaN
 * where an hour has no data: the reading half shared by HourlyValues (shard loads) and the
 * dashboard's trend rows (live-checks/analyze/window-hours.ts).
 */
export class HourRowMap implements ReadonlyMap<number, number> {
  readonly size: number;
  private row: HourRow | undefined;
  /** Where the row was moved to (moveRowTo), and its handle there. */
  private store: HourRowStore | undefined;
  private handle = -1;

  /** @param firstHour hour start of row[0]; row[i] belongs to firstHour + i * 3600 */
  constructor(
    protected readonly firstHour: number,
    byHour: HourRow,
  ) {
    let n = 0;
    for (let i = 0; i < byHour.length; i++) if (!Number.isNaN(byHour[i]!)) n++;
    this.size = n;
    this.row = byHour;
  }

  /** The values, from memory or from the store the row was moved to. */
  protected get byHour(): HourRow {
    return this.row ?? this.store!.load(this.handle);
  }

  /** Where a moved row is (moveRowTo): what a copy of the map in another form needs to read it again (HourRowMap.attach). */
  movedRow(): MovedHourRow | undefined {
    return this.row === undefined ? { firstHour: this.firstHour, size: this.size, handle: this.handle } : undefined;
  }

  /**
   * A map of `prototype`'s class over a row already in `store` (what movedRow said): the same map
   * again, without its values in memory (live-checks/analyze/analysis-spill.ts).
   */
  static attach<T extends HourRowMap>(prototype: T, moved: MovedHourRow, store: HourRowStore): T {
    // The fields a constructor sets; the values stay where they are.
    const fields: Record<string, unknown> = Object.create(prototype) as Record<string, unknown>;
    fields.firstHour = moved.firstHour;
    fields.size = moved.size;
    fields.row = undefined;
    fields.store = store;
    fields.handle = moved.handle;
    return fields as unknown as T;
  }

  /** Move the values to `store` (read back from it on each use): the map reads the same. */
  moveRowTo(store: HourRowStore): void {
    if (this.row === undefined) return;
    this.handle = store.save(this.row);
    this.store = store;
    this.row = undefined;
  }

  private slot(hour: number, length: number): number {
    const i = (hour - this.firstHour) / HOUR;
    return Number.isInteger(i) && i >= 0 && i < length ? i : -1;
  }

  get(hour: number): number | undefined {
    const row = this.byHour;
    const i = this.slot(hour, row.length);
    const v = i < 0 ? NaN : row[i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  has(hour: number): boolean {
    return this.get(hour) !== undefined;
  }

  *entries(): MapIterator<[number, number]> {
    const row = this.byHour;
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (!Number.isNaN(v)) yield [this.firstHour + i * HOUR, v];
    }
  }

  *keys(): MapIterator<number> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<number> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }

  forEach(fn: (value: number, key: number, map: ReadonlyMap<number, number>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}

/** Values per hour in one Float64Array (see the header), built from (hour, value) pairs. */
export class HourlyValues extends HourRowMap {
  /**
   * @param hours hour starts (multiples of 3600 apart, any order, no duplicates), values[i] for hours[i]
   * @param mask when given, only the hours[i] with mask[i] = 1 count
   * @param scale each kept value is stored times this
   */
  constructor(hours: ArrayLike<number>, values: ArrayLike<number>, mask?: ArrayLike<number>, scale = 1) {
    const { first, row } = hourRow(hours, values, mask, scale);
    super(first, row);
  }

  /** Highest value in the `count` hours from `fromHour`; NaN when none of them has data. */
  maxOver(fromHour: number, count: number): number {
    let peak = NaN;
    const first = (fromHour - this.firstHour) / HOUR;
    if (!Number.isInteger(first)) return peak;
    const row = this.byHour;
    for (let i = Math.max(0, first); i < Math.min(row.length, first + count); i++) {
      const v = row[i]!;
      if (!Number.isNaN(v) && !(v <= peak)) peak = v;
    }
    return peak;
  }
}

function hourRow(hours: ArrayLike<number>, values: ArrayLike<number>, mask: ArrayLike<number> | undefined, scale: number): { first: number; row: Float64Array } {
  if (hours.length !== values.length) throw new RangeError(`HourlyValues: ${hours.length} hours but ${values.length} values`);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < hours.length; i++) {
    if (mask && !mask[i]) continue;
    const h = hours[i]!;
    if (h < first) first = h;
    if (h > last) last = h;
  }
  const any = first !== Infinity;
  if (!any) first = 0;
  const span = any ? (last - first) / HOUR + 1 : 0;
  if (!Number.isInteger(span)) throw new RangeError("HourlyValues: hour starts must be whole hours apart");
  const row = new Float64Array(span).fill(NaN);
  for (let i = 0; i < hours.length; i++) {
    if (mask && !mask[i]) continue;
    const slot = (hours[i]! - first) / HOUR;
    if (!Number.isInteger(slot)) throw new RangeError(`HourlyValues: ${hours[i]} is not a whole number of hours after ${first}`);
    row[slot] = values[i]! * scale;
  }
  return { first, row };
}
