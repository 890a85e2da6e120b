/**
 * Deterministic randomness: a value is a pure function of (seed, key, integer index), never of
 * call order, so any time window and any request order give the same numbers.
 */

/** 32-bit FNV-1a of a string. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Murmur3 finalizer: spreads the bits of a 32-bit integer. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in [0, 1) for (key hash, index, salt). */
export function uniform(keyHash: number, index: number, salt = 0): number {
  const a = mix32((keyHash ^ Math.imul(index | 0, 0x9e3779b1)) >>> 0);
  const b = mix32((a ^ Math.imul(salt + 1, 0x7feb352d) ^ Math.floor(index / 4294967296)) >>> 0);
  return b / 4294967296;
}

/** A sequential seeded generator (mulberry32), for building fleets. */
export function sequence(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
