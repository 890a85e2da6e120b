/**
 * Quota-aware scheduler: one token bucket per API (and region, or stream for per-stream quotas),
 * a bound on requests in flight, and a few outer retry rounds on top of the SDK's adaptive retry
 * so that throttling or flaky responses slow an audit down but never fail it.
 */
import { isTransient } from "./errors";
import { GMD_DATAPOINTS, quotaFor } from "./quotas";

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

  async take(cost = 1): Promise<void> {
    const wait = this.reserve(Date.now(), cost);
    if (wait > 0) await sleep(wait);
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
  /** Extra rounds after the SDK's retries gave up on a transient error (default 3). */
  readonly outerRetries?: number;
  /** Base backoff between outer rounds, ms (default 500; doubled each round, with jitter). */
  readonly outerBackoffMs?: number;
  /** Told when a command is sent again in an outer round (so call counts treat it as a retry). */
  readonly onResend?: (api: string) => void;
}

export class Scheduler {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly semaphore: Semaphore;
  private readonly outerRetries: number;
  private readonly outerBackoffMs: number;

  constructor(private readonly opts: SchedulerOptions) {
    this.semaphore = new Semaphore(Math.max(1, opts.maxConcurrency));
    this.outerRetries = opts.outerRetries ?? 3;
    this.outerBackoffMs = opts.outerBackoffMs ?? 500;
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
    if (units > 0) await this.bucket(api, region, undefined).take(units);
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
   * waiting on a slow API never block the others. Transient errors get `outerRetries` more rounds.
   */
  async run<T>(api: string, region: string, send: () => Promise<T>, stream?: string): Promise<T> {
    const bucket = this.bucket(api, region, stream);
    for (let round = 0; ; round++) {
      if (round > 0) this.opts.onResend?.(api);
      await bucket.take();
      await this.semaphore.acquire();
      try {
        const out = await send();
        bucket.speedUp();
        return out;
      } catch (e) {
        if (round >= this.outerRetries || !isTransient(e)) throw e;
      } finally {
        this.semaphore.release();
      }
      const backoff = this.outerBackoffMs * 2 ** round;
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  }
}
