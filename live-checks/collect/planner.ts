/**
 * Packs metric requests into GetMetricData calls. One call carries at most 500 queries and should
 * ask for at most 100,800 datapoints (past that CloudWatch pages with NextToken); StartTime/EndTime
 * are per call, Period and Stat per query, so one call can mix hourly series and window-long
 * values of the same region.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 *
 * The call count is the minimum for the chosen periods: with at most two distinct query sizes
 * (window-long values are 1 datapoint, hourly series 24 x days), spreading the big queries evenly
 * maximizes the room left for the small ones (the room per call is concave in its load), so the
 * first call count at which the even spread fits is optimal. `minimumCalls` computes that count
 * independently of the packing, and tests hold the planner to it.
 */
import { datapointsFor, type MetricRequest, type MetricWindow } from "../../rules/metrics";

export const GMD_MAX_QUERIES = 500;
export const GMD_MAX_DATAPOINTS = 100_800;

export interface MetricCall {
  readonly region: string;
  /** Sorted by id; the query Id sent for requests[i] is `q${i}`. */
  readonly requests: readonly MetricRequest[];
  readonly datapoints: number;
}

function byRegion(requests: readonly MetricRequest[]): Map<string, MetricRequest[]> {
  const out = new Map<string, MetricRequest[]>();
  const seen = new Set<string>();
  for (const r of requests) {
    if (seen.has(r.id)) continue; // the same series asked twice is fetched once
    seen.add(r.id);
    const list = out.get(r.region) ?? [];
    list.push(r);
    out.set(r.region, list);
  }
  for (const list of out.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Lower bound for one region's queries: count, datapoints, and per size class how many fit in one call. */
function lowerBound(sizes: readonly number[]): number {
  if (sizes.length === 0) return 0;
  const total = sizes.reduce((a, b) => a + b, 0);
  let k = Math.max(Math.ceil(sizes.length / GMD_MAX_QUERIES), Math.ceil(total / GMD_MAX_DATAPOINTS));
  const distinct = [...new Set(sizes)].sort((a, b) => b - a);
  for (const s of distinct) {
    const atLeast = sizes.filter((x) => x >= s).length;
    const perCall = Math.max(1, Math.min(GMD_MAX_QUERIES, Math.floor(GMD_MAX_DATAPOINTS / s)));
    k = Math.max(k, Math.ceil(atLeast / perCall));
  }
  return k;
}

/** Room left for 1-datapoint queries in a call holding `a` queries of `size` datapoints. */
function roomForSmall(a: number, size: number): number {
  return Math.max(0, Math.min(GMD_MAX_QUERIES - a, GMD_MAX_DATAPOINTS - a * size));
}

/**
 * The fewest GetMetricData calls that can carry these requests at their chosen periods, summed
 * over regions. Exact when a region's queries come in at most two sizes with the smaller being one
 * datapoint (what the rules ask for); otherwise a lower bound.
 */
export function minimumCalls(requests: readonly MetricRequest[], window: MetricWindow): number {
  let total = 0;
  for (const list of byRegion(requests).values()) {
    const sizes = list.map((r) => Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS));
    const distinct = [...new Set(sizes)];
    let k = lowerBound(sizes);
    const bigSizes = distinct.filter((s) => s > 1);
    if (bigSizes.length === 1) {
      const size = bigSizes[0]!;
      const big = sizes.filter((s) => s === size).length;
      const small = sizes.length - big;
      for (; ; k++) {
        const base = Math.floor(big / k);
        const extra = big % k; // `extra` calls carry base+1 big queries
        const room = extra * roomForSmall(base + 1, size) + (k - extra) * roomForSmall(base, size);
        if (room >= small) break;
      }
    }
    total += k;
  }
  return total;
}

/** Pack requests into calls: per region, big queries spread evenly, then small ones fill the room left. */
export function planMetricCalls(requests: readonly MetricRequest[], window: MetricWindow): MetricCall[] {
  const calls: MetricCall[] = [];
  for (const [region, list] of byRegion(requests)) {
    const items = list.map((r) => ({ r, size: Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS) }));
    // Largest first; ties by id so the plan is deterministic.
    items.sort((a, b) => b.size - a.size || (a.r.id < b.r.id ? -1 : 1));
    for (let k = Math.max(1, lowerBound(items.map((i) => i.size))); ; k++) {
      const bins = Array.from({ length: k }, () => ({ requests: [] as MetricRequest[], datapoints: 0 }));
      let ok = true;
      for (const item of items) {
        // The least-loaded call that still has room keeps the spread even.
        let best: (typeof bins)[number] | undefined;
        for (const b of bins) {
          if (b.requests.length >= GMD_MAX_QUERIES) continue;
          if (b.datapoints + item.size > GMD_MAX_DATAPOINTS && b.requests.length > 0) continue;
          if (!best || b.datapoints < best.datapoints || (b.datapoints === best.datapoints && b.requests.length < best.requests.length)) best = b;
        }
        if (!best) {
          ok = false;
          break;
        }
        best.requests.push(item.r);
        best.datapoints += item.size;
      }
      if (!ok) continue;
      for (const b of bins) {
        if (b.requests.length === 0) continue;
        b.requests.sort((a, c) => (a.id < c.id ? -1 : a.id > c.id ? 1 : 0));
        calls.push({ region, requests: b.requests, datapoints: b.datapoints });
      }
      break;
    }
  }
  return calls;
}
