import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, excludedPrefix, excludingTag } from "../../live-checks/collect/filters";
import { Scheduler, TokenBucket } from "../../live-checks/collect/scheduler";
import { describeError, isAccessDenied, isThrottle, isTransient } from "../../live-checks/collect/errors";
import { apiName, CallStats } from "../../live-checks/collect/call-stats";
import { analysisWindow } from "../../live-checks/collect";
import { resolveEndpointUrl } from "../../live-checks/collect/clients";

describe("collection filters", () => {
  it("matches the test-/dev- prefixes only at the start", () => {
    expect(excludedPrefix("test-orders", DEFAULT_FILTERS)).toBe("test-");
    expect(excludedPrefix("dev-x", DEFAULT_FILTERS)).toBe("dev-");
    expect(excludedPrefix("orders-test-1", DEFAULT_FILTERS)).toBeUndefined();
    expect(excludedPrefix("Test-orders", DEFAULT_FILTERS)).toBeUndefined();
  });
  it("matches ExcludeFromAnalysis=true with key and value in any case", () => {
    expect(excludingTag({ excludefromanalysis: "TRUE" }, DEFAULT_FILTERS)).toBe("excludefromanalysis=TRUE");
    expect(excludingTag({ ExcludeFromAnalysis: "True" }, DEFAULT_FILTERS)).toBeDefined();
    expect(excludingTag({ ExcludeFromAnalysis: "false" }, DEFAULT_FILTERS)).toBeUndefined();
    expect(excludingTag({ Exclude: "true" }, DEFAULT_FILTERS)).toBeUndefined();
  });
});

describe("token bucket", () => {
  it("lets a burst through, then spaces requests at the quota", () => {
    const b = new TokenBucket(5, 5);
    const waits = Array.from({ length: 8 }, () => b.reserve(1000));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits.slice(5)).toEqual([200, 400, 600]);
  });
  it("refills with time", () => {
    const b = new TokenBucket(2, 1);
    expect(b.reserve(0)).toBe(0);
    expect(b.reserve(0)).toBe(500);
    expect(b.reserve(2000)).toBe(0);
  });
});

describe("scheduler retries", () => {
  it("retries transient errors in outer rounds and gives up on access denied at once", async () => {
    const s = new Scheduler({ maxConcurrency: 2, outerRetries: 2, outerBackoffMs: 1 });
    let n = 0;
    const ok = await s.run("Kinesis.ListStreams", "us-east-1", async () => {
      n++;
      if (n < 3) throw Object.assign(new Error("Rate exceeded"), { name: "LimitExceededException" });
      return "done";
    });
    expect(ok).toBe("done");
    expect(n).toBe(3);
    let m = 0;
    await expect(
      s.run("Kinesis.ListStreams", "us-east-1", async () => {
        m++;
        throw Object.assign(new Error("no"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });
      }),
    ).rejects.toThrow("no");
    expect(m).toBe(1);
  });
  it("never runs more than maxConcurrency requests at once", async () => {
    const s = new Scheduler({ maxConcurrency: 3, quotas: { "X.Y": 10_000 } });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        s.run("X.Y", "r", async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});

describe("error classification", () => {
  it("tells throttling, access denied and transient errors apart", () => {
    const throttle = Object.assign(new Error("x"), { name: "ThrottlingException" });
    const denied = Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400, attempts: 1 } });
    const fiveHundred = Object.assign(new Error("boom"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } });
    const truncated = Object.assign(new SyntaxError("Unexpected end of JSON input"), { name: "SyntaxError" });
    expect(isThrottle(throttle)).toBe(true);
    expect(isAccessDenied(denied)).toBe(true);
    expect(isTransient(denied)).toBe(false);
    expect(isTransient(fiveHundred)).toBe(true);
    expect(isTransient(truncated)).toBe(true);
    expect(describeError(denied)).toMatch(/^AccessDeniedException: User is not authorized \(grant the read-only actions/);
  });
});

describe("call stats, window, endpoint", () => {
  it("names APIs Service.Operation and derives retries from attempts", () => {
    expect(apiName("ResourceGroupsTaggingAPIClient", "GetResourcesCommand")).toBe("Tagging.GetResources");
    const s = new CallStats();
    s.command("A.B");
    s.attempt("A.B");
    s.attempt("A.B");
    s.command("C.D");
    s.attempt("C.D");
    expect(s.calls()).toEqual({ "A.B": 2, "C.D": 1 });
    expect(s.retries()).toEqual({ "A.B": 1 });
  });
  it("floors the window end to the hour", () => {
    const w = analysisWindow(new Date("2026-03-10T12:34:56Z"), 7);
    expect(new Date(w.end * 1000).toISOString()).toBe("2026-03-10T12:00:00.000Z");
    expect(w.end - w.start).toBe(7 * 86_400);
  });
  it("takes the endpoint from the option, else AWS_ENDPOINT_URL, and rejects garbage", () => {
    expect(resolveEndpointUrl("http://127.0.0.1:1", { AWS_ENDPOINT_URL: "http://x:2" })).toBe("http://127.0.0.1:1");
    expect(resolveEndpointUrl(undefined, { AWS_ENDPOINT_URL: "http://x:2" })).toBe("http://x:2");
    expect(resolveEndpointUrl(undefined, {})).toBeUndefined();
    expect(() => resolveEndpointUrl("localhost:4566", {})).toThrow(/must start with http/);
    expect(() => resolveEndpointUrl("::", {})).toThrow(/not a valid URL/);
  });
});

describe("per-API back-off", () => {
  it("cuts the rate on a throttle (once per burst) and wins it back on successes", () => {
    const b = new TokenBucket(10, 1);
    b.slowDown(1000);
    b.slowDown(1100); // same burst: ignored
    expect(b.rateShare).toBeCloseTo(0.7);
    b.slowDown(1300);
    expect(b.rateShare).toBeCloseTo(0.49);
    // Slower pacing: 10 TPS at 49 % is one request per ~204 ms.
    expect(b.reserve(5000)).toBe(0);
    expect(b.reserve(5000)).toBeCloseTo(1000 / 4.9, 0);
    for (let i = 0; i < 100; i++) b.speedUp();
    expect(b.rateShare).toBe(1);
  });
});

describe("outer retry rounds count as retries", () => {
  it("reports a re-sent command's attempts as retries of one call", async () => {
    const stats = new CallStats();
    const s = new Scheduler({ maxConcurrency: 1, outerRetries: 2, outerBackoffMs: 1, onResend: (api) => stats.resent(api) });
    let n = 0;
    await s.run("Kinesis.ListStreams", "us-east-1", async () => {
      stats.command("Kinesis.ListStreams");
      stats.attempt("Kinesis.ListStreams");
      if (++n < 2) throw Object.assign(new SyntaxError("Unexpected end of JSON input"), { name: "SyntaxError" });
      return 1;
    });
    expect(stats.calls()).toEqual({ "Kinesis.ListStreams": 2 });
    expect(stats.retries()).toEqual({ "Kinesis.ListStreams": 1 });
  });
});
