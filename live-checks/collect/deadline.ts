/**
 * Bounded time. Two deadlines:
 *
 * - per request: the whole answer (connection, headers and the last byte of the body) must arrive
 *   within `requestDeadlineMs`. The SDK's `requestTimeout` is only an idle-socket timeout: a body
 *   trickling in a byte at a time never trips it. A request over its deadline is aborted and counts
 *   as a timeout (transient: retried under the retry policy).
 * - per audit (`audit --timeout`): once it passes, requests in flight are aborted and no new one is
 *   sent; whatever was not read yet is recorded as a collection error on the resource it belongs
 *   to, so the report names it and the audit is incomplete (exit 3).
 */

import { setMaxListeners } from "node:events";

/** A request that did not complete within its deadline (named like the SDK's timeouts: transient). */
export class RequestDeadlineError extends Error {
  override readonly name = "TimeoutError";
  constructor(readonly deadlineMs: number) {
    super(`no complete answer within ${formatSeconds(deadlineMs)} (per-request deadline; the request was aborted)`);
  }
}

/** The audit's overall deadline passed: not retried. */
export class AuditDeadlineError extends Error {
  override readonly name = "AuditTimeout";
  constructor(readonly timeoutMs: number) {
    super(`not read: the audit's --timeout of ${formatSeconds(timeoutMs)} passed first`);
  }
}

export function isAuditDeadline(e: unknown): e is AuditDeadlineError {
  return e instanceof AuditDeadlineError;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The audit's deadline: a signal that aborts at the deadline (never, without one). */
export class AuditDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(readonly timeoutMs: number | undefined) {
    // Every request in flight listens to this signal (withDeadline), dozens at once across regions
    // and accounts: Node's default of 10 would print a MaxListenersExceededWarning across the
    // progress bar although each listener is removed when its request ends.
    setMaxListeners(0, this.controller.signal);
    if (timeoutMs !== undefined && timeoutMs > 0) {
      this.timer = setTimeout(() => this.controller.abort(new AuditDeadlineError(timeoutMs)), timeoutMs);
      this.timer.unref();
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Throw the deadline's error if it has passed. */
  check(): void {
    if (this.expired) throw this.controller.signal.reason as Error;
  }

  /** Stop the timer (the collection finished). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * Run `send` with a signal that aborts at `deadlineMs` or when `outer` aborts, whichever is first;
 * rejects at that moment even if `send` ignores the signal (a body stuck in a parser).
 */
export async function withDeadline<T>(send: (signal: AbortSignal) => Promise<T>, deadlineMs: number, outer: AbortSignal): Promise<T> {
  if (outer.aborted) throw outer.reason as Error;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onOuter: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    const fail = (reason: Error) => {
      reject(reason); // first, so the race reports the deadline, not the SDK's AbortError
      controller.abort(reason);
    };
    timer = setTimeout(() => fail(new RequestDeadlineError(deadlineMs)), deadlineMs);
    onOuter = () => fail(outer.reason as Error);
    outer.addEventListener("abort", onOuter, { once: true });
  });
  stop.catch(() => undefined); // the race below reports it
  try {
    return await Promise.race([send(controller.signal), stop]);
  } finally {
    clearTimeout(timer);
    if (onOuter) outer.removeEventListener("abort", onOuter);
  }
}

/** Sleep `ms`, or reject as soon as `signal` aborts. */
export function sleepUnless(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
