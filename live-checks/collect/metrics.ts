/**
 * Runs planned GetMetricData calls and maps the answers back to the rules' request ids.
 * No datapoints -> status "no-data" with no values (never zeros); a query CloudWatch could not
 * answer, or a call that failed after retries -> status "error".
 * Minute-peak requests (reduce "max-minute-per-hour") are asked at Period 60 and each page's
 * points are folded into per-hour maxima as the page arrives: a stream's 10,080 minutes never
 * exist as arrays of ours, only the 168 hourly maxima do.
 */
import { GetMetricDataCommand, type GetMetricDataCommandOutput, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { HOURLY, MAX_MINUTE_PER_HOUR, queryPeriodSeconds, type MetricSeries, type MetricWindow } from "../../rules/metric-requests";
import type { MetricCall } from "./planner";

/**
 * GetMetricData calls in flight per region. CloudWatch allows 50 TPS
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html), far
 * more than an audit needs; what this bounds is memory: each answer is up to 100,800 datapoints,
 * which the SDK parses into ~25-40 MB of objects (a Date per timestamp) before we reduce them. With
 * minute peaks nearly every call is that full; one at a time kept the 1,000-stream audit's peak
 * ~30 MB lower than two (docs/benchmarks.md, round 3), and costs no wall time there because the
 * streams' calls run while the delivery streams are still being described (region.ts).
 */
export const METRIC_CALLS_IN_FLIGHT = 1;

/** Pages per call before giving up on a NextToken that never ends. */
const MAX_PAGES = 1000;

export type SendGetMetricData = (input: GetMetricDataCommand["input"]) => Promise<GetMetricDataCommandOutput>;

/** Query ids must match ^[a-z][a-zA-Z0-9_]*$; the position in the call is enough. */
export function queryId(index: number): string {
  return `q${index}`;
}

export function buildQueries(call: MetricCall, window: MetricWindow): MetricDataQuery[] {
  return call.requests.map((r, i) => ({
    Id: queryId(i),
    MetricStat: {
      Metric: {
        Namespace: r.namespace,
        MetricName: r.metricName,
        Dimensions: Object.keys(r.dimensions)
          .sort()
          .map((k) => ({ Name: k, Value: r.dimensions[k]! })),
      },
      Period: queryPeriodSeconds(r, window),
      Stat: r.stat,
    },
    ReturnData: true,
  }));
}

interface Accumulated {
  timestamps: number[];
  values: number[];
  /** Fold datapoints into the busiest value per hour instead of keeping each one. */
  perHourMax: boolean;
  error?: string;
}

/** The hour (epoch seconds) a datapoint belongs to; the window starts on a whole hour. */
function hourOf(epoch: number, window: MetricWindow): number {
  return window.start + Math.floor((epoch - window.start) / HOURLY) * HOURLY;
}

/**
 * Keep the larger value per hour. Pages come in ascending time (ScanBy), so the point lands on
 * the last hour or after it; anything else (a server that ignores ScanBy) is placed by search.
 */
function addHourMax(a: Accumulated, hour: number, v: number): void {
  const ts = a.timestamps;
  const n = ts.length;
  if (n === 0 || ts[n - 1]! < hour) {
    ts.push(hour);
    a.values.push(v);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < hour) lo = mid + 1;
    else hi = mid;
  }
  if (ts[lo] === hour) {
    if (v > a.values[lo]!) a.values[lo] = v;
  } else {
    ts.splice(lo, 0, hour);
    a.values.splice(lo, 0, v);
  }
}

/** Fetch one planned call (all its pages). Throws only when a page request fails after retries. */
export async function fetchMetricCall(call: MetricCall, window: MetricWindow, send: SendGetMetricData): Promise<MetricSeries[]> {
  const queries = buildQueries(call, window);
  const acc: Accumulated[] = call.requests.map((r) => ({ timestamps: [], values: [], perHourMax: r.reduce === MAX_MINUTE_PER_HOUR }));
  const seenTokens = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new Error(`GetMetricData returned more than ${MAX_PAGES} pages for one call; stopped paging`);
    const out = await send({
      MetricDataQueries: queries,
      StartTime: new Date(window.start * 1000),
      EndTime: new Date(window.end * 1000),
      ScanBy: "TimestampAscending",
      ...(token ? { NextToken: token } : {}),
    });
    for (const res of out.MetricDataResults ?? []) {
      const m = /^q(\d+)$/.exec(res?.Id ?? "");
      const slot = m ? acc[Number(m[1])] : undefined;
      if (!slot) continue; // an id we never sent: ignore rather than misattribute
      const ts = res.Timestamps ?? [];
      const vs = res.Values ?? [];
      const n = Math.min(ts.length, vs.length);
      for (let i = 0; i < n; i++) {
        const t = ts[i];
        const v = vs[i];
        const epoch = t instanceof Date ? Math.round(t.getTime() / 1000) : typeof t === "number" ? t : NaN;
        if (!Number.isFinite(epoch) || typeof v !== "number" || !Number.isFinite(v)) continue;
        if (slot.perHourMax) {
          addHourMax(slot, hourOf(epoch, window), v);
          continue;
        }
        slot.timestamps.push(epoch);
        slot.values.push(v);
      }
      if (res.StatusCode === "InternalError" || res.StatusCode === "Forbidden") {
        const msg = (res.Messages ?? []).map((x) => x?.Value ?? x?.Code).filter(Boolean).join("; ");
        slot.error = `CloudWatch answered ${res.StatusCode}${msg ? `: ${msg}` : ""}`;
      }
    }
    token = out.NextToken || undefined;
    if (!token) break;
    if (seenTokens.has(token)) throw new Error("GetMetricData returned the same NextToken twice; stopped paging");
    seenTokens.add(token);
  }
  // Series of one period share their hours: one timestamps array per distinct list, not one per series
  // (11,760 hourly series at 1,000 streams, 168 hours each). Arrays are read-only to every reader.
  let shared: number[] | undefined;
  return call.requests.map((r, i) => {
    const a = acc[i]!;
    if (a.error) return { ...r, timestamps: [], values: [], status: "error", error: a.error };
    const { timestamps, values } = ascending(a);
    if (shared && sameNumbers(shared, timestamps)) return { ...r, timestamps: shared, values, status: values.length > 0 ? "ok" : "no-data" };
    if (timestamps.length > 1) shared = timestamps;
    return { ...r, timestamps, values, status: values.length > 0 ? "ok" : "no-data" };
  });
}

/** The datapoints by ascending time; the arrays as they are when already in order (ScanBy asks for it), no copy. */
function ascending(a: Accumulated): { timestamps: number[]; values: number[] } {
  let sorted = true;
  for (let j = 1; j < a.timestamps.length && sorted; j++) sorted = a.timestamps[j - 1]! <= a.timestamps[j]!;
  if (sorted) return { timestamps: a.timestamps, values: a.values };
  const order = a.timestamps.map((_, j) => j).sort((x, y) => a.timestamps[x]! - a.timestamps[y]!);
  return { timestamps: order.map((j) => a.timestamps[j]!), values: order.map((j) => a.values[j]!) };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The series of a call that could not be fetched at all. */
export function failedSeries(call: MetricCall, message: string): MetricSeries[] {
  return call.requests.map((r) => ({ ...r, timestamps: [], values: [], status: "error", error: message }));
}

/** The resource a metric belongs to, for error reports ("stream/x", "deliveryStream/y"). */
export function metricResource(s: Pick<MetricSeries, "dimensions">): string {
  const d = s.dimensions;
  if (d.DeliveryStreamName) return `deliveryStream/${d.DeliveryStreamName}`;
  if (d.StreamName) return `stream/${d.StreamName}`;
  return Object.entries(d)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}
