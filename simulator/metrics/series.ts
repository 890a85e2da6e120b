/**
 * One CloudWatch metric series and its statistics over any time range.
 *
 * Underlying data is per minute (CloudWatch's standard resolution). A series has an hourly level
 * L(h) (from its generator) and a fixed intra-hour shape p(k) = 1 + a sin(2 pi (k + off_h) / 60),
 * k = minute of the hour, whose sum over an hour is exactly 60. So a whole hour has closed-form
 * statistics (no per-minute work), partial hours are summed minute by minute, and every period
 * (60 s, 300 s, 3600 s, a day, the window) aggregates the same minute values: an hourly Sum over a
 * day equals the daily Sum.
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
}

export interface Stats {
  sum: number;
  count: number;
  max: number;
  min: number;
}

export const emptyStats = (): Stats => ({ sum: 0, count: 0, max: -Infinity, min: Infinity });


const TWO_PI = 2 * Math.PI;

function hourPhase(def: SeriesDef, hour: number): number {
  return Math.floor(uniform(def.phaseKey, hour, 11) * 60);
}

function shape(a: number, minuteOfHour: number, phase: number): number {
  return 1 + a * Math.sin((TWO_PI * ((minuteOfHour + phase) % 60)) / 60);
}

/** Add one whole hour with level L (already scaled) in closed form. */
function addHour(acc: Stats, def: SeriesDef, L: number): void {
  const c = def.samplesPerMinute;
  const a = def.intraHour;
  const n = 60 * c;
  if (def.kind === "counter") {
    acc.sum += L;
    acc.max = Math.max(acc.max, (L * (1 + a)) / n);
    acc.min = Math.min(acc.min, (L * (1 - a)) / n);
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
  const a = def.intraHour;
  const phase = hourPhase(def, hour);
  for (let k = k0; k < k1; k++) {
    const p = shape(a, k, phase);
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
    if (k0 === 0 && k1 === 60) addHour(acc, def, L);
    else addMinutes(acc, def, L, h, k0, k1);
  }
  return acc;
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
