/**
 * The collector's retry policy and deadlines (live-checks/collect/retry-policy.ts, deadline.ts) and
 * the scheduler that applies them: retries are the scheduler's (each one takes a token of its
 * API's quota), a throttled request has a budget of its own, a request that never completes is cut
 * at its deadline, and nothing is sent after the audit's deadline.
 */
import { describe, expect, it } from "vitest";
import { backoffMs, retryPolicy, shouldRetry } from "../../live-checks/collect/retry-policy";
import { AuditDeadline, AuditDeadlineError, RequestDeadlineError, withDeadline } from "../../live-checks/collect/deadline";
import { Scheduler } from "../../live-checks/collect/scheduler";
import { isTransient } from "../../live-checks/collect/errors";

const throttle = () => Object.assign(new Error("Rate exceeded"), { name: "LimitExceededException" });
const serverError = () => Object.assign(new Error("boom"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } });

describe("retry policy", () => {
  it("backs off with full jitter: a random wait below min(cap, base x 2^(retry-1))", () => {
    const p = retryPolicy({ baseMs: 100, capMs: 1_000 });
    expect(backoffMs(p, 1, () => 0.999)).toBe(99);
    expect(backoffMs(p, 3, () => 0.5)).toBe(200);
    expect(backoffMs(p, 10, () => 0.999)).toBe(999); // capped
    expect(backoffMs(p, 10, () => 0)).toBe(0); // full jitter reaches down to 0
    expect(retryPolicy({ baseMs: 10 }).capMs).toBe(1_000); // the cap follows the base
  });

  it("throttles have their own, larger budget; other transient errors theirs; access denied none", () => {
    const p = retryPolicy({ attempts: 3, throttledAttempts: 10 });
    expect(shouldRetry(p, throttle(), 9, 9)).toBe(true);
    expect(shouldRetry(p, throttle(), 10, 10)).toBe(false);
    expect(shouldRetry(p, serverError(), 2, 0)).toBe(true);
    expect(shouldRetry(p, serverError(), 3, 0)).toBe(false);
    // Throttles before do not use up the budget of the other errors.
    expect(shouldRetry(p, serverError(), 6, 4)).toBe(true);
    expect(shouldRetry(p, Object.assign(new Error("no"), { name: "AccessDeniedException" }), 1, 0)).toBe(false);
  });
});

describe("deadlines", () => {
  it("cuts a request that never completes, even one that ignores the signal, as a transient timeout", async () => {
    let aborted = false;
    const started = Date.now();
    const err = await withDeadline(
      (signal) => {
        signal.addEventListener("abort", () => (aborted = true));
        return new Promise<never>(() => undefined);
      },
      50,
      new AbortController().signal,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestDeadlineError);
    expect(isTransient(err)).toBe(true);
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("after the audit's deadline the scheduler sends nothing more and says why; a request in flight is cut", async () => {
    const deadline = new AuditDeadline(100);
    const s = new Scheduler({ maxConcurrency: 4, deadline, requestDeadlineMs: 60_000 });
    const stalled = s.run("Kinesis.ListShards", "us-east-1", () => new Promise<never>(() => undefined), "orders").catch((e: unknown) => e);
    expect(await stalled).toBeInstanceOf(AuditDeadlineError);
    let sent = 0;
    const later = await s.run("Kinesis.ListShards", "us-east-1", async () => ++sent, "orders").catch((e: unknown) => e);
    expect(later).toBeInstanceOf(AuditDeadlineError);
    expect((later as Error).message).toMatch(/--timeout of 0.1 s/);
    expect(isTransient(later)).toBe(false);
    expect(sent).toBe(0);
    deadline.dispose();
  });

  it("a request throttled 25 times in a row still succeeds (the scheduler's budget, not the SDK's per-client bucket)", async () => {
    const s = new Scheduler({ maxConcurrency: 1, retry: { baseMs: 1, capMs: 2 }, quotas: { "X.Y": 100_000 } });
    let n = 0;
    const out = await s.run("X.Y", "us-east-1", async () => {
      if (++n <= 25) throw throttle();
      return "ok";
    });
    expect(out).toBe("ok");
    expect(n).toBe(26);
  });
});
