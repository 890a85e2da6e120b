/**
 * One CloudWatch metric series and its statistics over any time range.
 *
 * Underlying data is per minute (CloudWatch's standard resolution). A series has an hourly level
 * L(h) (from its generator) and an intra-hour shape p(k), k = minute of the hour, whose sum over an
 * hour is exactly 60: by default p(k) = 1 + a sin(2 pi (k + off_h) / 60); in the burst hours of a
 * counter with a minute burst, a few minutes at `factor` and the others sharing what is left. So a
 * whole hour has closed-form statistics (no per-minute work), partial hours are summed minute by
 * minute, and every period (60 s, 300 s, 3600 s, a day, the window) aggregates the same minute
 * values: an hourly Sum over a day equals the daily Sum, and a burst moves traffic between the
 * minutes of an hour without changing the hour's total.
 */
import { uniform } from "../prng";

export type SeriesKind = "counter" | "gauge" | "ratio";

/** The hourly level of a signal: a number, or undefined when that hour has no data. */
export type LevelFn = (hour: number) => number | undefined;

export interface SeriesDef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly unit: string;
  /**
   * counter: L(h) is the hour's total (Sum), samples share it equally (Bytes, Count).
   * gauge: L(h) is the value of each sample (Milliseconds, Seconds).
   * ratio: L(h) is the share of samples equal to 1, the others are 0 (DeliveryTo*.Success).
   */
  readonly kind: SeriesKind;
  readonly level: LevelFn;
  /** Multiplies the level (a shard's share of its stream). */
  readonly scale: number;
  /** Samples per minute (the SampleCount of one minute). */
  readonly samplesPerMinute: number;
  /** Intra-hour amplitude a (0..0.9). */
  readonly intraHour: number;
  /** Hash deciding each hour's intra-hour phase; shared by a stream and its shards so they add up. */
  readonly phaseKey: number;
  /** First minute (epoch minutes) with data: the resource's creation. */
  readonly fromMinute: number;
  /** Counters only: minute-level bursts inside some hours (replace the sinusoid in those hours). */
  readonly burst?: MinuteBurst;
}

/**
 * In a burst hour, `minutes` consecutive minutes each carry `factor` x the hour's mean minute and
 * the other minutes share the rest evenly, so the hour's total is unchanged (factor x minutes <= 60).
 */
export interface MinuteBurst {
  readonly factor: number;
  readonly minutes: number;
  /** Share of hours (0..1) with a burst. */
  readonly hourProbability: number;
  /** Hash deciding which hours burst and at which minute; shared by a stream and its shards. */
  readonly key: number;
}

export interface Stats {
  sum: number;
  count: number;
  max: number;
  min: number;
}

export const emptyStats = (): Stats => ({ sum: 0, count: 0, max: -Infinity, min: Infinity });


const TWO_PI = 2 * Math.PI;
const SALT_PHASE = 11;
const SALT_BURST_HOUR = 12;
const SALT_BURST_MINUTE = 13;

/** One hour's intra-hour shape: the sinusoid at a phase, or a burst at a minute. */
type HourShape =
  | { readonly kind: "sine"; readonly a: number; readonly phase: number }
  | { readonly kind: "burst"; readonly first: number; readonly minutes: number; readonly factor: number; readonly rest: number };

function hourShape(def: SeriesDef, hour: number): HourShape {
  const b = def.burst;
  if (b && def.kind === "counter" && uniform(b.key, hour, SALT_BURST_HOUR) < b.hourProbability) {
    const first = Math.floor(uniform(b.key, hour, SALT_BURST_MINUTE) * (61 - b.minutes)); // the burst fits in the hour
    const rest = b.minutes >= 60 ? b.factor : (60 - b.factor * b.minutes) / (60 - b.minutes);
    return { kind: "burst", first, minutes: b.minutes, factor: b.factor, rest };
  }
  return { kind: "sine", a: def.intraHour, phase: Math.floor(uniform(def.phaseKey, hour, SALT_PHASE) * 60) };
}

function shapeAt(p: HourShape, minuteOfHour: number): number {
  if (p.kind === "burst") return minuteOfHour >= p.first && minuteOfHour < p.first + p.minutes ? p.factor : p.rest;
  return 1 + p.a * Math.sin((TWO_PI * ((minuteOfHour + p.phase) % 60)) / 60);
}

/** Largest and smallest p(k) of a whole hour (the sinusoid reaches +-1 at whole minutes: k + phase = 15, 45). */
function shapeRange(p: HourShape): { hi: number; lo: number } {
  if (p.kind === "burst") return { hi: Math.max(p.factor, p.rest), lo: Math.min(p.factor, p.rest) };
  return { hi: 1 + p.a, lo: 1 - p.a };
}

/** Add one whole hour with level L (already scaled) in closed form. */
function addHour(acc: Stats, def: SeriesDef, L: number, hour: number): void {
  const c = def.samplesPerMinute;
  const a = def.intraHour;
  const n = 60 * c;
  if (def.kind === "counter") {
    const { hi, lo } = shapeRange(hourShape(def, hour));
    acc.sum += L;
    acc.max = Math.max(acc.max, (L * hi) / n);
    acc.min = Math.min(acc.min, (L * lo) / n);
  } else if (def.kind === "gauge") {
    acc.sum += n * L;
    acc.max = Math.max(acc.max, L * (1 + a));
    acc.min = Math.min(acc.min, L * (1 - a));
  } else {
    const r = Math.min(1, Math.max(0, L));
    acc.sum += n * r;
    acc.max = Math.max(acc.max, r > 0 ? 1 : 0);
    acc.min = Math.min(acc.min, r < 1 ? 0 : 1);
  }
  acc.count += n;
}

/** Add minutes [k0, k1) of one hour with level L (already scaled). */
function addMinutes(acc: Stats, def: SeriesDef, L: number, hour: number, k0: number, k1: number): void {
  const c = def.samplesPerMinute;
  const shape = hourShape(def, hour);
  for (let k = k0; k < k1; k++) {
    const p = shapeAt(shape, k);
    if (def.kind === "counter") {
      const v = (L / 60) * p;
      acc.sum += v;
      acc.max = Math.max(acc.max, v / c);
      acc.min = Math.min(acc.min, v / c);
    } else if (def.kind === "gauge") {
      const g = L * p;
      acc.sum += c * g;
      acc.max = Math.max(acc.max, g);
      acc.min = Math.min(acc.min, g);
    } else {
      const r = Math.min(1, Math.max(0, L));
      acc.sum += c * r;
      acc.max = Math.max(acc.max, r > 0 ? 1 : 0);
      acc.min = Math.min(acc.min, r < 1 ? 0 : 1);
    }
    acc.count += c;
  }
}

/**
 * Statistics of a series over minutes [m0, m1) (epoch minutes), limited to data that exists:
 * from the series' first minute up to `nowMinute` (exclusive). count 0 means no data.
 */
export function aggregate(def: SeriesDef, m0: number, m1: number, nowMinute: number): Stats {
  const acc = emptyStats();
  const start = Math.max(m0, def.fromMinute);
  const end = Math.min(m1, nowMinute);
  if (start >= end) return acc;
  for (let h = Math.floor(start / 60); h * 60 < end; h++) {
    const raw = def.level(h);
    if (raw === undefined) continue;
    const L = raw * def.scale;
    const hs = h * 60;
    const k0 = Math.max(start - hs, 0);
    const k1 = Math.min(end - hs, 60);
    if (k0 === 0 && k1 === 60) addHour(acc, def, L, h);
    else addMinutes(acc, def, L, h, k0, k1);
  }
  return acc;
}

/**
 * The largest 1-minute Sum among minutes [m0, m1) (the busiest minute a Period-60 Sum query
 * returns), undefined without data. Counters and gauges: every sample of a minute is equal, so
 * that minute's Sum is its Maximum times the samples per minute.
 */
export function busiestMinuteSum(def: SeriesDef, m0: number, m1: number, nowMinute: number): number | undefined {
  if (def.kind === "ratio") throw new Error(`busiestMinuteSum: ${def.metricName} is a ratio series (its minute Sums are not its samples' maximum)`);
  const s = aggregate(def, m0, m1, nowMinute);
  return s.count === 0 ? undefined : s.max * def.samplesPerMinute;
}

export type StatName = "Sum" | "SampleCount" | "Average" | "Maximum" | "Minimum";
export const STAT_NAMES: readonly StatName[] = ["Sum", "SampleCount", "Average", "Maximum", "Minimum"];

/** A statistic from aggregated stats (undefined when there is no data). */
export function statValue(s: Stats, stat: StatName): number | undefined {
  if (s.count === 0) return undefined;
  switch (stat) {
    case "Sum":
      return s.sum;
    case "SampleCount":
      return s.count;
    case "Average":
      return s.sum / s.count;
    case "Maximum":
      return s.max;
    case "Minimum":
      return s.min;
  }
}

/** Series identity: namespace|metric|dimensions sorted by name. */
export function seriesKey(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k]}`)
    .join(",");
  return `${namespace}|${metricName}|${dims}`;
}
