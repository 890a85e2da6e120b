/**
 * Hourly level functions from the scenario's generators. Each is a pure function of
 * (seed, key, hour): the key names the resource and signal, so the same stream always gets the
 * same traffic, whatever window or request order.
 */
import { hashString, uniform } from "../prng";
import type { Gaps, Generator, Pattern } from "../scenario";
import type { LevelFn } from "./series";

const SALT_JITTER = 1;
const SALT_EVENT = 2;
const SALT_GAP = 3;

/** Multiplier of the base level in hour h (1 on average for steady and diurnal patterns). */
export function patternFactor(pattern: Pattern | undefined, keyHash: number, hour: number, base: number): number {
  const p = pattern ?? { kind: "steady" as const, jitter: 0.05 };
  const jitter = p.jitter ?? 0.05;
  const j = 1 + jitter * (2 * uniform(keyHash, hour, SALT_JITTER) - 1);
  switch (p.kind) {
    case "steady":
      return j;
    case "diurnal": {
      const hourOfDay = ((hour % 24) + 24) % 24;
      return (1 + p.amplitude * Math.cos((2 * Math.PI * (hourOfDay - (p.peakHourUtc ?? 15))) / 24)) * j;
    }
    case "bursty":
      return (uniform(keyHash, hour, SALT_EVENT) < p.burstProbability ? p.burstFactor : 1) * j;
    case "spikes":
      // A spike replaces the level (base may be 0): the factor that turns base into spikeLevel.
      if (uniform(keyHash, hour, SALT_EVENT) < p.spikeProbability) return base > 0 ? p.spikeLevel / base : 0;
      return j;
  }
}

function missing(gaps: Gaps | undefined, keyHash: number, hour: number): boolean {
  return gaps !== undefined && gaps.hourProbability > 0 && uniform(keyHash, hour, SALT_GAP) < gaps.hourProbability;
}

/**
 * A unit signal: the pattern's multiplier per hour (undefined in gap hours). Traffic metrics of a
 * stream, its shards and the delivery streams reading it all scale the same signal.
 */
export function signal(seed: number, key: string, pattern: Pattern | undefined, gaps?: Gaps): { level: LevelFn; keyHash: number } {
  const keyHash = hashString(key, seed);
  return {
    keyHash,
    level: (h) => (missing(gaps, keyHash, h) ? undefined : patternFactor(pattern, keyHash, h, 1)),
  };
}

/** A generator's level function, or undefined when the metric never reports (`none`). */
export function generatorLevel(seed: number, key: string, g: Generator): { level: LevelFn; keyHash: number } | undefined {
  if ("none" in g) return undefined;
  const keyHash = hashString(key, seed);
  const { level, pattern, gaps } = g;
  return {
    keyHash,
    level: (h) => {
      if (missing(gaps, keyHash, h)) return undefined;
      if (pattern?.kind === "spikes") {
        const f = patternFactor(pattern, keyHash, h, level);
        return level > 0 ? level * f : uniform(keyHash, h, SALT_EVENT) < pattern.spikeProbability ? pattern.spikeLevel : 0;
      }
      return level * patternFactor(pattern, keyHash, h, level);
    },
  };
}

/** Scale a level function by a constant (undefined stays undefined). */
export function scaled(fn: LevelFn, k: number): LevelFn {
  return (h) => {
    const v = fn(h);
    return v === undefined ? undefined : v * k;
  };
}
