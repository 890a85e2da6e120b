/**
 * Values per hour start (epoch seconds) held in one Float64Array, NaN where an hour has no data.
 * A read-only Map for its users (ShardLoad.hourly keeps its ReadonlyMap type): a 1,000-stream fleet
 * with shard-level metrics has ~5,000 shards x 168 hours, which as Maps of boxed numbers cost tens
 * of MB; as typed arrays about 8 bytes an hour. A NaN value reads as "no data" (undefined), as a
 * missing hour does: utilization percents are never NaN.
 */
const HOUR = 3600;

export class HourlyValues implements ReadonlyMap<number, number> {
  /** First hour start; byHour[i] belongs to firstHour + i * 3600. */
  private readonly firstHour: number;
  private readonly byHour: Float64Array;
  readonly size: number;

  /**
   * @param hours hour starts (multiples of 3600 apart, any order, no duplicates), values[i] for hours[i]
   * @param mask when given, only the hours[i] with mask[i] = 1 count
   * @param scale each kept value is stored times this
   */
  constructor(hours: ArrayLike<number>, values: ArrayLike<number>, mask?: ArrayLike<number>, scale = 1) {
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
    this.firstHour = any ? first : 0;
    const span = any ? (last - first) / HOUR + 1 : 0;
    if (!Number.isInteger(span)) throw new RangeError("HourlyValues: hour starts must be whole hours apart");
    this.byHour = new Float64Array(span).fill(NaN);
    let size = 0;
    for (let i = 0; i < hours.length; i++) {
      if (mask && !mask[i]) continue;
      const slot = (hours[i]! - this.firstHour) / HOUR;
      if (!Number.isInteger(slot)) throw new RangeError(`HourlyValues: ${hours[i]} is not a whole number of hours after ${this.firstHour}`);
      if (Number.isNaN(this.byHour[slot]!)) size++;
      this.byHour[slot] = values[i]! * scale;
    }
    this.size = size;
  }

  private slot(hour: number): number {
    const i = (hour - this.firstHour) / HOUR;
    return Number.isInteger(i) && i >= 0 && i < this.byHour.length ? i : -1;
  }

  get(hour: number): number | undefined {
    const i = this.slot(hour);
    const v = i < 0 ? NaN : this.byHour[i]!;
    return Number.isNaN(v) ? undefined : v;
  }

  /** Highest value in the `count` hours from `fromHour`; NaN when none of them has data. */
  maxOver(fromHour: number, count: number): number {
    let peak = NaN;
    const first = (fromHour - this.firstHour) / HOUR;
    if (!Number.isInteger(first)) return peak;
    for (let i = Math.max(0, first); i < Math.min(this.byHour.length, first + count); i++) {
      const v = this.byHour[i]!;
      if (!Number.isNaN(v) && !(v <= peak)) peak = v;
    }
    return peak;
  }

  has(hour: number): boolean {
    return this.get(hour) !== undefined;
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = 0; i < this.byHour.length; i++) {
      const v = this.byHour[i]!;
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
