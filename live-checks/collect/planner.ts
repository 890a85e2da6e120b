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
 *
 * Room can be reserved, by query size, for requests known only later (the delivery streams'
 * hourly series and window-long values, while the streams' calls already run): the slots count as
 * queries in the plan, so when the requests that come fill them exactly the total is the minimum
 * for all of them; fewer (a delivery stream without a destination) never cost more calls than
 * planned.
 */
import { datapointsFor, type MetricRequest, type MetricWindow } from "../../rules/metric-requests";

export const GMD_MAX_QUERIES = 500;
export const GMD_MAX_DATAPOINTS = 100_800;

export interface MetricCall {
  readonly region: string;
  /** Sorted by id; the query Id sent for requests[i] is `q${i}`. */
  readonly requests: readonly MetricRequest[];
  /** Datapoints of the requests plus those of the reserved slots. */
  readonly datapoints: number;
  /**
   * Query slots kept free for requests known only later (the delivery streams' series, while the
   * streams' calls already run), by size: `fillReserved` puts them in. Absent when none.
   */
  readonly reserved?: readonly ReservedSlot[];
}

/** `count` query slots of up to `datapoints` datapoints each. */
export interface ReservedSlot {
  readonly datapoints: number;
  readonly count: number;
}

/** Per region, the query slots to keep free for later (see MetricCall.reserved). */
export type ReservedSlots = Readonly<Record<string, readonly ReservedSlot[]>>;

/** Queries a call keeps free. */
export function reservedQueries(c: Pick<MetricCall, "reserved">): number {
  return (c.reserved ?? []).reduce((n, s) => n + s.count, 0);
}

/** Datapoints a call keeps free. */
export function reservedDatapoints(c: Pick<MetricCall, "reserved">): number {
  return (c.reserved ?? []).reduce((n, s) => n + s.count * s.datapoints, 0);
}

/** The reserved slots' sizes, one entry per slot, capped like a query's (a slot never needs more than a call holds). */
function slotSizes(slots: readonly ReservedSlot[] = []): number[] {
  return slots.flatMap((s) => Array.from({ length: Math.max(0, s.count) }, () => Math.min(Math.max(1, s.datapoints), GMD_MAX_DATAPOINTS)));
}

const cmpId = (a: MetricRequest, b: MetricRequest): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function byRegion(requests: readonly MetricRequest[], reserved: ReservedSlots = {}): Map<string, MetricRequest[]> {
  const out = new Map<string, MetricRequest[]>();
  for (const [region, slots] of Object.entries(reserved)) if (slotSizes(slots).length > 0) out.set(region, []);
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
 * The fewest GetMetricData calls that can carry these requests at their chosen periods (and the
 * reserved slots, as queries of their sizes), summed over regions. Exact, under the even spread of
 * the biggest queries argued above, when a region's queries come in at most three sizes with the smallest being one datapoint (what the rules ask
 * for: 7 days of minutes 10,080, hourly 168, window-long 1); otherwise a lower bound.
 */
export function minimumCalls(requests: readonly MetricRequest[], window: MetricWindow, reserved: ReservedSlots = {}): number {
  let total = 0;
  for (const [region, list] of byRegion(requests, reserved)) {
    const sizes = list.map((r) => Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS));
    sizes.push(...slotSizes(reserved[region]));
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

/** A call being packed: how many queries of each size it holds (which request goes where comes after). */
interface Bin {
  readonly sizes: Map<number, number>;
  queries: number;
  datapoints: number;
}

/** The least-loaded call that still has room for `size` keeps the spread even; undefined when none has. */
function leastLoaded(bins: readonly Bin[], size: number): Bin | undefined {
  let best: Bin | undefined;
  for (const b of bins) {
    if (b.queries >= GMD_MAX_QUERIES) continue;
    if (b.datapoints + size > GMD_MAX_DATAPOINTS && b.queries > 0) continue;
    if (!best || b.datapoints < best.datapoints || (b.datapoints === best.datapoints && b.queries < best.queries)) best = b;
  }
  return best;
}

/**
 * Pack into `k` calls: first the reserved slots (`slots`, largest first) spread over the first `c`
 * calls only, then the requests' sizes (largest first), each into the least-loaded call with room.
 * With `c` = 0 the slots are packed like requests. Undefined when something does not fit.
 */
function pack(sizes: readonly number[], slots: readonly number[], k: number, c: number): { bins: Bin[]; reserved: Map<Bin, Map<number, number>> } | undefined {
  const bins: Bin[] = Array.from({ length: k }, () => ({ sizes: new Map<number, number>(), queries: 0, datapoints: 0 }));
  const reserved = new Map<Bin, Map<number, number>>();
  const put = (b: Bin, size: number) => {
    b.sizes.set(size, (b.sizes.get(size) ?? 0) + 1);
    b.queries++;
    b.datapoints += size;
  };
  const first = bins.slice(0, c);
  for (const size of c > 0 ? slots : []) {
    const best = leastLoaded(first, size);
    if (!best) return undefined;
    put(best, size);
    const m = reserved.get(best) ?? new Map<number, number>();
    m.set(size, (m.get(size) ?? 0) + 1);
    reserved.set(best, m);
  }
  for (const size of c > 0 ? sizes : [...sizes, ...slots].sort((x, y) => y - x)) {
    const best = leastLoaded(bins, size);
    if (!best) return undefined;
    put(best, size);
  }
  return { bins, reserved };
}

/**
 * Which slots of a packing are the reserved ones when they were packed like requests: queries of
 * one size are interchangeable in a call's limits, so per size the calls with the most slots of the
 * reserved sizes (relative to how many are wanted) take them first, and the fewest calls wait.
 */
function chooseReserved(bins: readonly Bin[], slots: readonly number[]): Map<Bin, Map<number, number>> {
  const wanted = new Map<number, number>();
  for (const s of slots) wanted.set(s, (wanted.get(s) ?? 0) + 1);
  const score = (b: Bin) => [...wanted].reduce((n, [s, w]) => n + (b.sizes.get(s) ?? 0) / w, 0);
  const order = bins.map((b, i) => ({ b, i, score: score(b) })).sort((x, y) => y.score - x.score || x.i - y.i);
  const reservedIn = new Map<Bin, Map<number, number>>();
  for (const [size, w] of wanted) {
    let left = w;
    for (const { b } of order) {
      if (left === 0) break;
      const n = Math.min(left, b.sizes.get(size) ?? 0);
      if (n === 0) continue;
      const m = reservedIn.get(b) ?? new Map<number, number>();
      m.set(size, n);
      reservedIn.set(b, m);
      left -= n;
    }
  }
  return reservedIn;
}

/**
 * Pack requests into calls: per region, the biggest queries spread evenly, then smaller ones where
 * the most room is left, at the fewest calls that hold them all (minimumCalls). Reserved slots count
 * as queries of their sizes, so the count is the minimum for the requests and the slots together.
 * The slots go into as few calls as that count allows (every other call can be sent before the
 * reserved requests are known): first by packing them into the first c calls, for the smallest c
 * found by bisection, else (or when that waits on more calls) by packing them like requests and
 * choosing which same-size queries are the slots (chooseReserved).
 */
export function planMetricCalls(requests: readonly MetricRequest[], window: MetricWindow, reserved: ReservedSlots = {}): MetricCall[] {
  const calls: MetricCall[] = [];
  for (const [region, list] of byRegion(requests, reserved)) {
    const sizeOf = (r: MetricRequest) => Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS);
    const slots = slotSizes(reserved[region]).sort((a, b) => b - a);
    const sizes = list.map(sizeOf).sort((a, b) => b - a);
    const all = [...sizes, ...slots];
    let packed: ReturnType<typeof pack>;
    let k = Math.max(1, lowerBound(all));
    for (; !packed; k++) packed = pack(sizes, slots, k, 0);
    k--;
    let best = { bins: packed.bins, reserved: chooseReserved(packed.bins, slots) };
    if (slots.length > 0) {
      let lo = Math.max(1, lowerBound(slots));
      let hi = k;
      let found: ReturnType<typeof pack>;
      while (lo <= hi) {
        const c = (lo + hi) >>> 1;
        const attempt = pack(sizes, slots, k, c);
        if (attempt) {
          found = attempt;
          hi = c - 1;
        } else lo = c + 1;
      }
      if (found && found.reserved.size < best.reserved.size) best = found;
    }
    // The requests fill the other slots, in id order call by call (deterministic).
    const bySize = new Map<number, MetricRequest[]>();
    for (const r of list) {
      const q = bySize.get(sizeOf(r)) ?? [];
      q.push(r);
      bySize.set(sizeOf(r), q);
    }
    for (const b of best.bins) {
      if (b.queries === 0) continue;
      const held = best.reserved.get(b);
      const requests: MetricRequest[] = [];
      for (const [size, n] of b.sizes) requests.push(...(bySize.get(size) ?? []).splice(0, n - (held?.get(size) ?? 0)));
      requests.sort(cmpId);
      const slotsHere = [...(held ?? [])].map(([datapoints, count]) => ({ datapoints, count })).sort((x, y) => y.datapoints - x.datapoints);
      calls.push({ region, requests, datapoints: b.datapoints, ...(slotsHere.length > 0 ? { reserved: slotsHere } : {}) });
    }
  }
  return calls;
}

/**
 * Put requests known late into the reserved slots of planned calls: each into a free slot of at
 * least its size (the biggest requests first, into the smallest slot that holds them); what does
 * not fit (more or bigger requests than slots) is planned into calls of its own. When fewer
 * requests came than slots were kept (a delivery stream without a destination, or one that could
 * not be described), a fresh plan of the calls' requests and the late ones may need fewer calls:
 * the fewer is taken. The calls returned carry no `reserved`; calls left empty are dropped.
 */
export function fillReserved(calls: readonly MetricCall[], late: readonly MetricRequest[], window: MetricWindow): MetricCall[] {
  const sizeOf = (r: MetricRequest) => Math.min(datapointsFor(r, window), GMD_MAX_DATAPOINTS);
  const queue = new Map<string, MetricRequest[]>();
  const seen = new Set<string>();
  for (const r of late) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const q = queue.get(r.region) ?? [];
    q.push(r);
    queue.set(r.region, q);
  }
  for (const q of queue.values()) q.sort((a, b) => sizeOf(b) - sizeOf(a) || cmpId(a, b));
  const out: MetricCall[] = [];
  for (const c of calls) {
    const q = queue.get(c.region) ?? [];
    const free = slotSizes(c.reserved).sort((a, b) => a - b);
    const added: MetricRequest[] = [];
    // Biggest request first, into the smallest free slot that holds it.
    for (let i = 0; i < q.length && free.length > 0; ) {
      const size = sizeOf(q[i]!);
      const at = free.findIndex((s) => s >= size);
      if (at < 0) {
        i++;
        continue;
      }
      free.splice(at, 1);
      added.push(...q.splice(i, 1));
    }
    const requests = [...c.requests, ...added].sort(cmpId);
    if (requests.length === 0) continue;
    out.push({ region: c.region, requests, datapoints: requests.reduce((n, r) => n + sizeOf(r), 0) });
  }
  const overflow = [...queue.values()].flat();
  const filled = [...out, ...planMetricCalls(overflow, window)];
  const fresh = planMetricCalls([...calls.flatMap((c) => c.requests), ...late], window);
  return fresh.length < filled.length ? fresh : filled;
}
