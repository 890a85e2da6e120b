/**
 * Packs metric requests into GetMetricData calls. One call carries at most 500 queries and should
 * ask for at most 100,800 datapoints (past that CloudWatch pages with NextToken); StartTime/EndTime
 * are per call, Period and Stat per query, so one call can mix hourly series and window-long
 * values of the same region.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 *
 * The call count is the minimum for the chosen periods. Query sizes: window-long values are 1
 * datapoint, hourly series 24 x days, minute-peak series 1,440 x days (10,080 for 7 days, asked at
 * Period 60 and reduced to hours as they arrive). Spreading the biggest queries evenly maximizes
 * the room left for the others (the room per call is concave in its load), so the first call count
 * at which the even spread fits is optimal. `minimumCalls` computes that count independently of the
 * packing (for the middle size, by where each query costs the least room), and tests hold the
 * planner to it.
 */
import { datapointsFor, type MetricRequest, type MetricWindow } from "../../rules/metrics";

export const GMD_MAX_QUERIES = 500;
export const GMD_MAX_DATAPOINTS = 100_800;

export interface MetricCall {
  readonly region: string;
  /** Sorted by id; the query Id sent for requests[i] is `q${i}`. */
  readonly requests: readonly MetricRequest[];
  readonly datapoints: number;
  /**
   * 1-datapoint queries kept free for requests known only later (the delivery streams' window-long
   * values, while the streams' calls already run): `fillReserved` puts them in. Absent when none.
   */
  readonly reserved?: number;
}

/** Per region, how many 1-datapoint queries to keep free for later (see MetricCall.reserved). */
export type ReservedSlots = Readonly<Record<string, number>>;

const cmpId = (a: MetricRequest, b: MetricRequest): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function byRegion(requests: readonly MetricRequest[], reserved: ReservedSlots = {}): Map<string, MetricRequest[]> {
  const out = new Map<string, MetricRequest[]>();
  for (const [region, n] of Object.entries(reserved)) if (n > 0) out.set(region, []);
  const seen = new Set<string>();
  for (const r of requests) {
    if (seen.has(r.id)) continue; // the same series asked twice is fetched once
    seen.add(r.id);
    const list = out.get(r.region) ?? [];
    list.push(r);
    out.set(r.region, list);
  }
  for (const list of out.values()) list.sort(cmpId);
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
 * Room for 1-datapoint queries left in calls that already hold `big` queries of `bigSize` each,
 * after `mid` queries of `midSize` are placed where they take the least of that room. In one call,
 * each further mid query costs the small queries 1 slot while the query count binds, then
 * `midSize` datapoints: costs only grow, so taking the cheapest costs over all calls is optimal.
 * `bins` lists each call's big-query count. -1 when the mid queries do not fit at all.
 */
function roomAfterMid(bins: readonly number[], bigSize: number, mid: number, midSize: number): number {
  let room = 0;
  const costs: number[] = [];
  for (const b of bins) {
    const q = GMD_MAX_QUERIES - b;
    const p = GMD_MAX_DATAPOINTS - b * bigSize;
    if (q < 0 || p < 0) return -1;
    const roomAt = (h: number) => Math.min(q - h, p - h * midSize);
    room += roomAt(0);
    const most = Math.min(q, Math.floor(p / midSize), mid);
    for (let h = 0; h < most; h++) costs.push(roomAt(h) - roomAt(h + 1));
  }
  if (costs.length < mid) return -1;
  costs.sort((a, b) => a - b);
  for (let i = 0; i < mid; i++) room -= costs[i]!;
  return room;
}

/**
 * The fewest GetMetricData calls that can carry these requests at their chosen periods, summed
 * over regions. Exact, under the even spread of the biggest queries argued above, when a region's
 * queries come in at most three sizes with the smallest being one datapoint (what the rules ask
 * for: 7 days of minutes 10,080, hourly 168, window-long 1); otherwise a lower bound.
 */
export function minimumCalls(requests: readonly MetricRequest[], window: MetricWindow, reserved: ReservedSlots = {}): number {
  let total = 0;
  for (const [region, list] of byRegion(requests, reserved)) {
    const sizes = list.map((r) => Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS));
    for (let i = reserved[region] ?? 0; i > 0; i--) sizes.push(1);
    const distinct = [...new Set(sizes)];
    let k = lowerBound(sizes);
    const bigSizes = distinct.filter((s) => s > 1).sort((a, b) => b - a);
    if (bigSizes.length === 1 || bigSizes.length === 2) {
      const size = bigSizes[0]!;
      const midSize = bigSizes[1] ?? 1;
      const big = sizes.filter((s) => s === size).length;
      const mid = bigSizes.length === 2 ? sizes.filter((s) => s === midSize).length : 0;
      const small = sizes.length - big - mid;
      for (; ; k++) {
        const base = Math.floor(big / k);
        const extra = big % k; // `extra` calls carry base+1 big queries
        if (mid === 0) {
          const room = extra * roomForSmall(base + 1, size) + (k - extra) * roomForSmall(base, size);
          if (room >= small) break;
          continue;
        }
        const bins = Array.from({ length: k }, (_, i) => (i < extra ? base + 1 : base));
        if (roomAfterMid(bins, size, mid, midSize) >= small) break;
      }
    }
    total += k;
  }
  return total;
}

interface Bin {
  readonly requests: MetricRequest[];
  datapoints: number;
  reserved: number;
}

const queriesIn = (b: Bin): number => b.requests.length + b.reserved;

/** The least-loaded call that still has room for `size` keeps the spread even; undefined when none has. */
function leastLoaded(bins: readonly Bin[], size: number): Bin | undefined {
  let best: Bin | undefined;
  for (const b of bins) {
    if (queriesIn(b) >= GMD_MAX_QUERIES) continue;
    if (b.datapoints + size > GMD_MAX_DATAPOINTS && queriesIn(b) > 0) continue;
    if (!best || b.datapoints < best.datapoints || (b.datapoints === best.datapoints && queriesIn(b) < queriesIn(best))) best = b;
  }
  return best;
}

/**
 * Pack requests into calls: per region, big queries spread evenly, then small ones fill the room
 * left. `reserved` 1-datapoint slots are packed into as few calls as possible (the calls with the
 * most room first), so every other call can be sent before the reserved requests are known.
 */
export function planMetricCalls(requests: readonly MetricRequest[], window: MetricWindow, reserved: ReservedSlots = {}): MetricCall[] {
  const calls: MetricCall[] = [];
  for (const [region, list] of byRegion(requests, reserved)) {
    const items = list.map((r) => ({ r, size: Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS) }));
    // Largest first; ties by id so the plan is deterministic.
    items.sort((a, b) => b.size - a.size || cmpId(a.r, b.r));
    const toReserve = reserved[region] ?? 0;
    const firstSmall = items.findIndex((i) => i.size === 1);
    const larger = firstSmall < 0 ? items : items.slice(0, firstSmall);
    const small = firstSmall < 0 ? [] : items.slice(firstSmall);
    const sizes = [...items.map((i) => i.size), ...Array.from({ length: toReserve }, () => 1)];
    for (let k = Math.max(1, lowerBound(sizes)); ; k++) {
      const bins: Bin[] = Array.from({ length: k }, () => ({ requests: [], datapoints: 0, reserved: 0 }));
      const place = (group: typeof items): boolean => {
        for (const item of group) {
          const best = leastLoaded(bins, item.size);
          if (!best) return false;
          best.requests.push(item.r);
          best.datapoints += item.size;
        }
        return true;
      };
      if (!place(larger)) continue;
      // Reserved slots: fill the roomiest calls first, so the fewest calls wait for them.
      let left = toReserve;
      const roomiest = [...bins].sort((a, b) => room(b) - room(a));
      for (const b of roomiest) {
        if (left === 0) break;
        const n = Math.min(left, room(b));
        b.reserved += n;
        b.datapoints += n;
        left -= n;
      }
      if (left > 0 || !place(small)) continue;
      for (const b of bins) {
        if (queriesIn(b) === 0) continue;
        b.requests.sort(cmpId);
        calls.push({ region, requests: b.requests, datapoints: b.datapoints, ...(b.reserved > 0 ? { reserved: b.reserved } : {}) });
      }
      break;
    }
  }
  return calls;
}

/** Room for 1-datapoint queries in a call. */
function room(b: Bin): number {
  return Math.max(0, Math.min(GMD_MAX_QUERIES - queriesIn(b), GMD_MAX_DATAPOINTS - b.datapoints));
}

/**
 * Put requests known late into the reserved slots of planned calls (1-datapoint requests only,
 * in order); what does not fit there (more requests than slots, or bigger ones) is planned into
 * calls of its own. The filled calls carry no `reserved`; calls left empty are dropped.
 */
export function fillReserved(calls: readonly MetricCall[], late: readonly MetricRequest[], window: MetricWindow): MetricCall[] {
  const queue = new Map<string, MetricRequest[]>();
  const overflow: MetricRequest[] = [];
  const seen = new Set<string>();
  for (const r of late) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    if (datapointsFor(r, window) !== 1) {
      overflow.push(r);
      continue;
    }
    const q = queue.get(r.region) ?? [];
    q.push(r);
    queue.set(r.region, q);
  }
  for (const q of queue.values()) q.sort(cmpId);
  const out: MetricCall[] = [];
  for (const c of calls) {
    const q = queue.get(c.region) ?? [];
    const added = q.splice(0, c.reserved ?? 0);
    const requests = [...c.requests, ...added].sort(cmpId);
    if (requests.length === 0) continue;
    out.push({ region: c.region, requests, datapoints: c.datapoints - (c.reserved ?? 0) + added.length });
  }
  for (const q of queue.values()) overflow.push(...q);
  return [...out, ...planMetricCalls(overflow, window)];
}
