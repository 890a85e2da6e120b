/**
 * Quota-aware scheduler: one token bucket per API (and region, or stream for per-stream quotas),
 * a bound on requests in flight, every retry (the SDK clients make one attempt: retry-policy.ts),
 * and the deadlines (deadline.ts), so that throttling or flaky responses slow an audit down but
 * never fail it, and a stalled answer never holds it.
 */
import { AuditDeadline, sleepUnless, withDeadline } from "./deadline";
import { isThrottle } from "./errors";
import { GMD_DATAPOINTS, quotaFor } from "./quotas";
import { backoffMs, retryPolicy, shouldRetry, type RetryPolicy } from "./retry-policy";

/**
 * Token bucket as a generic cell rate algorithm: each take() reserves the next free slot, so
 * waiters are served in order and no timer loop is needed. `burst` requests may go at once.
 */
export class TokenBucket {
  private readonly baseIntervalMs: number;
  private intervalMs: number;
  private readonly toleranceMs: number;
  /** Theoretical arrival time of the next request (ms). */
  private tat = 0;
  /** Share of the quota in use, lowered on throttles, raised back on successes (AIMD). */
  private share = 1;
  private lastCut = -Infinity;

  constructor(ratePerSecond: number, burst: number = Math.max(1, Math.floor(ratePerSecond))) {
    this.baseIntervalMs = 1000 / ratePerSecond;
    this.intervalMs = this.baseIntervalMs;
    this.toleranceMs = (Math.max(1, burst) - 1) * this.baseIntervalMs;
  }

  /** Current rate as a share of the quota (1 = full quota). */
  get rateShare(): number {
    return this.share;
  }

  /**
   * The API was throttled: someone else uses the same quota (or it is lower than published).
   * Cut our rate by 30 %, at most once per 250 ms so a burst of concurrent throttles counts once.
   */
  slowDown(now: number = Date.now()): void {
    if (now - this.lastCut < 250) return;
    this.lastCut = now;
    this.share = Math.max(0.05, this.share * 0.7);
    this.intervalMs = this.baseIntervalMs / this.share;
  }

  /** A request succeeded: win back 2 % of the quota. */
  speedUp(): void {
    if (this.share >= 1) return;
    this.share = Math.min(1, this.share + 0.02);
    this.intervalMs = this.baseIntervalMs / this.share;
  }

  /** Milliseconds the caller must wait before sending; the slot is reserved. `cost` tokens (default 1). */
  reserve(now: number = Date.now(), cost = 1): number {
    const tat = Math.max(this.tat, now);
    const wait = Math.max(0, tat - this.toleranceMs - now);
    this.tat = tat + this.intervalMs * cost;
    return wait;
  }

  async take(cost = 1, signal?: AbortSignal): Promise<void> {
    const wait = this.reserve(Date.now(), cost);
    if (wait > 0) await sleepUnless(wait, signal);
  }
}

/** Bounded concurrency, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

/** Share of a published quota the scheduler aims for. */
export const QUOTA_SAFETY = 0.9;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface SchedulerOptions {
  /** Requests in flight at once, over all APIs and regions. */
  readonly maxConcurrency: number;
  /** Per-API TPS overrides ("Service.Operation" -> TPS). */
  readonly quotas?: Readonly<Record<string, number | undefined>>;
  /** Retry policy overrides (retry-policy.ts DEFAULT_RETRY_POLICY). */
  readonly retry?: Partial<RetryPolicy>;
  /** Older names: retries after the first attempt for non-throttling errors (retry.attempts - 1), and retry.baseMs. */
  readonly outerRetries?: number;
  readonly outerBackoffMs?: number;
  /** Deadline for one request's whole answer, ms (default 120,000; deadline.ts). */
  readonly requestDeadlineMs?: number;
  /** The audit's deadline (default: none). */
  readonly deadline?: AuditDeadline;
  /** Told when a command is sent again (a retry), so call counts treat its attempts as retries of one call. */
  readonly onResend?: (api: string) => void;
}

/**
 * Default per-request deadline. The largest answer the audit reads is a GetMetricData page of
 * 100,800 datapoints (a few MB); two minutes leaves room for a slow link, and a healthy answer
 * takes well under a second.
 */
export const DEFAULT_REQUEST_DEADLINE_MS = 120_000;

export class Scheduler {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly semaphore: Semaphore;
  readonly retry: RetryPolicy;
  private readonly requestDeadlineMs: number;
  private readonly deadline: AuditDeadline;

  constructor(private readonly opts: SchedulerOptions) {
    this.semaphore = new Semaphore(Math.max(1, opts.maxConcurrency));
    this.retry = retryPolicy({
      ...(opts.outerRetries !== undefined ? { attempts: opts.outerRetries + 1 } : {}),
      ...(opts.outerBackoffMs !== undefined ? { baseMs: opts.outerBackoffMs } : {}),
      ...opts.retry,
    });
    this.requestDeadlineMs = opts.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
    this.deadline = opts.deadline ?? new AuditDeadline(undefined);
  }

  /**
   * Slow `api` down in `region` after a throttle (per-stream quotas are generous: left alone). A
   * throttled GetMetricData may be its datapoints quota: both slow down.
   */
  throttled(api: string, region: string): void {
    const quota = quotaFor(api, this.opts.quotas);
    if (quota.scope === "region") this.bucket(api, region, undefined).slowDown();
    if (api === "CloudWatch.GetMetricData") this.bucket(GMD_DATAPOINTS, region, undefined).slowDown();
  }

  /**
   * Wait until `units` of a quota counted in units, not requests, are free (GetMetricData's
   * datapoints per second: `api` GMD_DATAPOINTS). Call before `run`.
   */
  async spend(api: string, region: string, units: number): Promise<void> {
    this.deadline.check();
    if (units > 0) await this.bucket(api, region, undefined).take(units, this.deadline.signal);
  }

  private bucket(api: string, region: string, stream: string | undefined): TokenBucket {
    const quota = quotaFor(api, this.opts.quotas);
    const key = quota.scope === "stream" && stream !== undefined ? `${region}|${api}|${stream}` : `${region}|${api}`;
    let b = this.buckets.get(key);
    if (!b) {
      // 90 % of the quota with a burst of half a second: our send times and the service's arrival
      // times differ by network jitter, and the SDK's own retries spend the same quota unseen.
      b = new TokenBucket(quota.tps * QUOTA_SAFETY, Math.max(1, Math.floor(quota.tps / 2)));
      this.buckets.set(key, b);
    }
    return b;
  }

  /**
   * Run one API request under its quota. A token is taken before a concurrency slot, so requests
   * waiting on a slow API never block the others. Every attempt takes a token and has the
   * per-request deadline; `send` gets a signal to pass to the SDK (`{ abortSignal }`) that aborts
   * at that deadline or the audit's. Retries follow the retry policy (backoff with full jitter);
   * a throttle also slows the API's bucket down. After the audit's deadline nothing is sent:
   * the AuditDeadlineError is thrown, to be recorded against the resource.
   */
  async run<T>(api: string, region: string, send: (signal: AbortSignal) => Promise<T>, stream?: string): Promise<T> {
    const bucket = this.bucket(api, region, stream);
    const signal = this.deadline.signal;
    let throttles = 0;
    for (let attempt = 1; ; attempt++) {
      this.deadline.check();
      if (attempt > 1) this.opts.onResend?.(api);
      await bucket.take(1, signal);
      await this.semaphore.acquire();
      try {
        const out = await withDeadline(send, this.requestDeadlineMs, signal);
        bucket.speedUp();
        return out;
      } catch (e) {
        if (this.deadline.expired) this.deadline.check();
        if (isThrottle(e)) {
          throttles++;
          this.throttled(api, region);
        }
        if (!shouldRetry(this.retry, e, attempt, throttles)) throw e;
      } finally {
        this.semaphore.release();
      }
      await sleepUnless(backoffMs(this.retry, attempt), signal);
    }
  }
}
