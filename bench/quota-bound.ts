/**
 * The quota lower bound of an audit: no client can finish faster than the slowest API allows.
 * For every API: accepted calls / its TPS quota (per-stream quotas: the busiest stream's calls /
 * TPS), and for GetMetricData also the datapoints asked for / its datapoints-per-second quota;
 * the maximum over these bounds the whole run. Bursts are ignored (a full bucket lets the
 * first `burst` calls through at once), which makes the bound at most burst/TPS seconds too high
 * per API: 1 s for the 5 TPS APIs, negligible against the 1,000-stream runs.
 */
import { AWS_DEFAULT_QUOTAS, type QuotaSpec } from "../simulator/quotas";

export interface ApiBound {
  readonly api: string;
  readonly calls: number;
  readonly tps: number;
  readonly per: QuotaSpec["per"];
  readonly seconds: number;
}

export interface QuotaBound {
  readonly seconds: number;
  /** The API that sets the bound. */
  readonly slowest: string;
  readonly perApi: readonly ApiBound[];
}

/**
 * @param accepted calls per "Service.Operation" that the service accepted (sent minus throttled)
 * @param streams streams the per-stream APIs were spread over (a per-stream API is called once or
 *   a few times per stream: its bound is calls/streams rounded up, divided by TPS)
 * @param datapoints datapoints asked for per "Service.Operation" (the simulator's count for
 *   GetMetricData): bounded by its datapoints-per-second quota as well, listed as
 *   "CloudWatch.GetMetricData (datapoints)". The audit's windows start days ago: the quota for
 *   StartTime more than three hours ago applies.
 */
export function quotaLowerBound(
  accepted: Readonly<Record<string, number>>,
  streams: number,
  quotas: Readonly<Record<string, QuotaSpec>> = AWS_DEFAULT_QUOTAS,
  datapoints: Readonly<Record<string, number>> = {},
): QuotaBound {
  const perApi: ApiBound[] = [];
  for (const [api, calls] of Object.entries(accepted)) {
    const q = quotas[api];
    if (!q || calls <= 0) continue;
    const spread = q.per === "stream" ? Math.ceil(calls / Math.max(1, streams)) : calls;
    perApi.push({ api, calls, tps: q.tps, per: q.per, seconds: spread / q.tps });
  }
  for (const [api, n] of Object.entries(datapoints)) {
    const dps = quotas[api]?.datapointsPerSecond;
    if (!dps || n <= 0) continue;
    perApi.push({ api: `${api} (datapoints)`, calls: n, tps: dps.old, per: "account", seconds: n / dps.old });
  }
  perApi.sort((a, b) => b.seconds - a.seconds);
  return { seconds: perApi[0]?.seconds ?? 0, slowest: perApi[0]?.api ?? "(none)", perApi };
}

/** Calls minus throttled answers, per API. */
export function acceptedCalls(calls: Readonly<Record<string, number>>, throttled: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(calls).map(([api, n]) => [api, n - (throttled[api] ?? 0)]));
}
