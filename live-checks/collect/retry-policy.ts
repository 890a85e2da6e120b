/**
 * The collector's retry policy: which errors are retried, how often, and how long to wait. The
 * scheduler (scheduler.ts) owns every retry - the SDK clients make one attempt per send
 * (clients.ts) - so each retry takes a token of its API's quota like any request, and heavy
 * throttling slows the audit down instead of dropping resources. (The SDK's standard retry mode
 * keeps a retry token bucket per client: under heavy faults it empties, and every later failure of
 * any API of that client surfaces after one attempt.)
 *
 * Backoff: exponential with full jitter, a random wait in [0, min(cap, base * 2^retry)), as the AWS
 * SDKs do (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html,
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
import { isThrottle, isTransient } from "./errors";

export interface RetryPolicy {
  /** Attempts per request for a transient error that is not throttling (5xx, timeout, dropped connection, truncated body). */
  readonly attempts: number;
  /**
   * Attempts per request while AWS throttles it. Throttling says "slower", not "broken": the bucket
   * of that API slows down too, so these attempts are spread over time, not burnt at once.
   */
  readonly throttledAttempts: number;
  /** Backoff before the first retry, ms (doubled each retry, full jitter). */
  readonly baseMs: number;
  /** Longest backoff between two attempts, ms. */
  readonly capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 8,
  // 70 % of requests throttled at random still loses one request in 0.7^30 = 1 in 44,000.
  throttledAttempts: 30,
  baseMs: 200,
  capMs: 20_000,
};

/** The policy with overrides; `capMs` follows `baseMs` (100x) unless given. */
export function retryPolicy(over: Partial<RetryPolicy> = {}): RetryPolicy {
  const baseMs = over.baseMs ?? DEFAULT_RETRY_POLICY.baseMs;
  return {
    attempts: Math.max(1, over.attempts ?? DEFAULT_RETRY_POLICY.attempts),
    throttledAttempts: Math.max(1, over.throttledAttempts ?? DEFAULT_RETRY_POLICY.throttledAttempts),
    baseMs,
    capMs: over.capMs ?? (over.baseMs !== undefined ? baseMs * 100 : DEFAULT_RETRY_POLICY.capMs),
  };
}

/**
 * Whether a request that failed with `error` after `attempt` attempts (1 = the first) is tried
 * again. Throttles and other transient errors have their own budget, counted over all attempts.
 */
export function shouldRetry(policy: RetryPolicy, error: unknown, attempt: number, throttles: number): boolean {
  if (!isTransient(error)) return false;
  if (isThrottle(error)) return attempt < policy.throttledAttempts;
  return attempt - throttles < policy.attempts && attempt < policy.throttledAttempts;
}

/** Wait before retry number `retry` (1 = the first retry): full jitter. */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(30, retry - 1));
  return Math.floor(random() * ceiling);
}
