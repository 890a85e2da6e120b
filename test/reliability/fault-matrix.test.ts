/**
 * The fault matrix: the live audit end to end (real SDK v3 clients over loopback -> analysis ->
 * report files) against the simulator with one injected fault per case.
 *
 * Contract per fault: the audit finishes. Where the data could still be collected (retries,
 * fallbacks), the report equals the clean run's and the audit is complete (exit 0 with
 * --fail-on none). Where it could not, the report is marked incomplete, names the region / stream /
 * API / metric that is missing (in kinesis_analysis.json and in the dashboard), and the exit code
 * is 3 - never a silent "healthy".
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type FaultConfig, type Scenario, type SimulatorHandle } from "../../simulator";
import { auditAgainst, comparableReport, NOW, useTestCredentials, type AnalysisReportJson, type AuditRun } from "./audit-pipeline";
import { BULK_FAULT_FLEET, FAULT_FLEET } from "./fault-fleet";

useTestCredentials();
const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-faults-"));
let runNo = 0;
let clean: AuditRun;

async function withSim<T>(faults: FaultConfig | undefined, fn: (sim: SimulatorHandle) => Promise<T>, scenario: Scenario = FAULT_FLEET): Promise<T> {
  const sim = await startSimulator({ scenario, clock: () => NOW.getTime(), ...(faults ? { faults } : {}) });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

async function auditWith(faults: FaultConfig, clientOverrides: Parameters<typeof auditAgainst>[2] = {}): Promise<AuditRun & { injected: Record<string, number> }> {
  return withSim(faults, async (sim) => {
    const run = await auditAgainst(sim.endpoint, join(dir, `run-${runNo++}`), clientOverrides);
    return { ...run, injected: sim.faults() };
  });
}

const streamView = (r: AnalysisReportJson, name: string) => r.data_streams.find((s) => s.stream_name === name);
const firehoseView = (r: AnalysisReportJson, name: string) => r.firehose_streams.find((s) => s.stream_name === name);
const total = (counts: Record<string, number>, prefix: string) => Object.entries(counts).filter(([k]) => k.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);

/** Incomplete, exit 3, and every `named` string appears in the JSON report's collection errors / missing data and in the dashboard. */
function expectIncompleteNaming(run: AuditRun, named: readonly string[]): void {
  expect(run.exitCode).toBe(3);
  expect(run.report.collection.complete).toBe(false);
  expect(run.report.summary.audit_complete).toBe(false);
  expect(run.console).toContain("AUDIT INCOMPLETE");
  expect(run.dashboard).toContain('id="incomplete"');
  const reportText = JSON.stringify({ errors: run.report.collection.errors, missing: [...run.report.data_streams, ...run.report.firehose_streams].map((s) => [s.stream_name, s.missing_data]) });
  for (const n of named) {
    expect(reportText, `report names ${n}`).toContain(n);
    expect(run.dashboard, `dashboard names ${n}`).toContain(n);
  }
}

/** Every listed resource's view equals the clean run's (data that could be collected is unchanged). */
function expectSameViews(run: AuditRun, streams: readonly string[], firehoses: readonly string[]): void {
  for (const n of streams) expect(streamView(run.report, n), n).toEqual(streamView(clean.report, n));
  for (const n of firehoses) expect(firehoseView(run.report, n), n).toEqual(firehoseView(clean.report, n));
}

beforeAll(async () => {
  clean = await withSim(undefined, (sim) => auditAgainst(sim.endpoint, join(dir, "clean")));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("clean run (the reference)", () => {
  it("is complete, exits 0 with --fail-on none, and has the planted findings", () => {
    expect(clean.report.collection).toEqual({ complete: true, errors: [] });
    expect(clean.exitCode).toBe(0);
    expect(clean.report.data_streams.map((s) => s.stream_name).sort()).toEqual(["clicks", "eu-orders", "events", "orders"]);
    expect(clean.report.firehose_streams.map((s) => s.stream_name).sort()).toEqual(["clicks-to-s3", "payments-redshift"]);
    const ids = (n: string) => ((streamView(clean.report, n) ?? firehoseView(clean.report, n))!.findings as { rule_id: string }[]).map((f) => f.rule_id);
    expect(ids("events")).toContain("kds-retention");
    expect(ids("orders")).toContain("kds-consumer-lag");
    expect(ids("payments-redshift")).toEqual(expect.arrayContaining(["kdf-s3-backup", "kdf-delivery-failures"]));
  });
});

/** Faults the collector absorbs: retries, fallbacks. The report must equal the clean run's. */
const RECOVERED: { name: string; faults: FaultConfig; overrides?: Parameters<typeof auditAgainst>[2]; injected?: string; note?: RegExp }[] = [
  {
    name: "throttling 10 %",
    faults: { throttleRate: 0.1, seed: 3, bursts: [{ operation: "CloudWatch.GetMetricData", kind: "throttle", fromRequest: 0, count: 1 }] },
    injected: "throttle:",
  },
  {
    name: "throttling bursts of 100 % (every API's first requests, then GetMetricData again)",
    faults: { bursts: [{ kind: "throttle", fromRequest: 0, count: 25 }, { operation: "CloudWatch.GetMetricData", kind: "throttle", fromRequest: 2, count: 4 }] },
    injected: "throttle:",
  },
  {
    name: "5xx 2 %",
    faults: { serverErrorRate: 0.02, seed: 5, bursts: [{ operation: "Kinesis.DescribeStreamSummary", kind: "server-error", fromRequest: 0, count: 2 }] },
    injected: "server-error:",
  },
  {
    name: "dropped connections 1 % (socket destroyed without an answer)",
    faults: { timeoutRate: 0.01, timeoutHoldMs: 20, seed: 6, bursts: [{ operation: "Firehose.DescribeDeliveryStream", kind: "timeout", fromRequest: 0, count: 1 }] },
    injected: "timeout:",
  },
  {
    name: "timeouts 1 % (no answer before the SDK's request timeout)",
    faults: { timeoutRate: 0.01, timeoutHoldMs: 1_500, seed: 7, bursts: [{ operation: "CloudWatch.GetMetricData", kind: "timeout", fromRequest: 0, count: 1 }] },
    overrides: { clientOverrides: { requestTimeoutMs: 400 } },
    injected: "timeout:",
  },
  {
    name: "malformed / truncated bodies",
    faults: { malformedRate: 0.03, seed: 8, bursts: [{ operation: "Kinesis.ListStreams", kind: "malformed", fromRequest: 0, count: 1 }, { operation: "CloudWatch.DescribeAlarms", kind: "malformed", fromRequest: 0, count: 1 }] },
    injected: "malformed:",
  },
  {
    name: "AccessDenied on the tagging API (falls back to ListTagsFor*, with a note)",
    faults: { accessDenied: ["Tagging.GetResources"] },
    note: /Tagging API failed \(AccessDenied.*fell back/,
  },
  {
    name: "a ListStreams pagination token that never ends (the same page again and again)",
    faults: { endlessPagination: ["Kinesis.ListStreams"] },
  },
  {
    name: "a consumer deregistered after it was listed (CloudWatch keeps its history)",
    faults: { deregisteredConsumers: ["orders/search"] },
  },
];

describe("faults the audit recovers from: same report as the clean run, complete, exit 0", () => {
  for (const c of RECOVERED) {
    it(c.name, async () => {
      const run = await auditWith(c.faults, c.overrides);
      if (c.injected) expect(total(run.injected, c.injected), "the fault was injected").toBeGreaterThan(0);
      expect(run.report.collection).toEqual({ complete: true, errors: [] });
      expect(comparableReport(run.report)).toEqual(comparableReport(clean.report));
      expect(run.exitCode).toBe(0);
      if (c.note) expect(run.snapshot.collection.notes?.join("\n")).toMatch(c.note);
    });
  }
});

describe("heavy throttling slows the audit down, never drops a resource", () => {
  // The SDK's standard retry mode keeps a retry token bucket per client: under heavy throttling it
  // runs dry and every later failure of that client surfaces after one attempt (resources went
  // missing above ~50 % faults). The scheduler owns the retries now, within each API's quota.
  for (const [name, scenario] of [["the fault fleet", FAULT_FLEET], ["44 streams, 130 Kinesis requests", BULK_FAULT_FLEET]] as const) {
    it(`70 % of every API's requests throttled (${name}): the same report as without faults, complete`, async () => {
      // Raised quotas: every throttle also slows its API down (to 5 % of the quota at worst), which
      // at the published 20 TPS of DescribeStreamSummary would make this test take minutes.
      const quotas = { "Kinesis.DescribeStreamSummary": 1_000, "Kinesis.ListStreams": 1_000, "Firehose.DescribeDeliveryStream": 1_000, "CloudWatch.DescribeAlarms": 1_000, "Tagging.GetResources": 1_000 };
      const reference = scenario === FAULT_FLEET ? clean : await withSim(undefined, (sim) => auditAgainst(sim.endpoint, join(dir, `clean-${runNo++}`)), scenario);
      const run = await withSim({ throttleRate: 0.7, seed: 12 }, async (sim) => ({ ...(await auditAgainst(sim.endpoint, join(dir, `run-${runNo++}`), { quotas })), injected: sim.faults() }), scenario);
      expect(total(run.injected, "throttle:"), "the fault was injected").toBeGreaterThan(scenario === FAULT_FLEET ? 20 : 200);
      expect(run.report.collection).toEqual({ complete: true, errors: [] });
      expect(comparableReport(run.report)).toEqual(comparableReport(reference.report));
      expect(run.exitCode).toBe(0);
    }, 180_000);
  }
});

describe("resources deleted between list and describe: listed as skipped with the reason, the rest unchanged", () => {
  it("a stream deleted right after DescribeStreamSummary (ListShards / ListStreamConsumers find out)", async () => {
    const run = await auditWith({ deletedAfterDescribe: ["orders"] });
    expect(streamView(run.report, "orders")).toBeUndefined();
    expect(run.report.skipped).toContainEqual(
      expect.objectContaining({ name: "orders", reason_code: "deleted", reason: expect.stringMatching(/deleted during the audit \((ListShards|ListStreamConsumers) answered ResourceNotFoundException\)/) }),
    );
    expect(run.report.collection).toEqual({ complete: true, errors: [] });
    expectSameViews(run, ["clicks", "events", "eu-orders"], ["payments-redshift", "clicks-to-s3"]);
    expect(run.exitCode).toBe(0);
  });

  it("a stream deleted before its tags were read (ListTagsForStream finds out, on the tagging API's fallback)", async () => {
    const run = await auditWith({ accessDenied: ["Tagging.GetResources"], deletedAfterDescribe: ["clicks"] });
    expect(streamView(run.report, "clicks")).toBeUndefined();
    expect(run.report.skipped).toContainEqual(expect.objectContaining({ name: "clicks", reason_code: "deleted", reason: expect.stringMatching(/ListTagsForStream answered ResourceNotFoundException/) }));
    expect(run.report.collection).toEqual({ complete: true, errors: [] });
    expectSameViews(run, ["orders", "events", "eu-orders"], ["payments-redshift"]);
  });

  it("a stream", async () => {
    const run = await auditWith({ vanishedStreams: ["clicks"] });
    expect(streamView(run.report, "clicks")).toBeUndefined();
    expect(run.report.skipped).toContainEqual(expect.objectContaining({ name: "clicks", reason_code: "deleted", reason: expect.stringMatching(/deleted during the audit/) }));
    expect(run.dashboard).toContain("deleted during the audit");
    expectSameViews(run, ["orders", "events", "eu-orders"], ["payments-redshift"]);
    expect(run.exitCode).toBe(0);
  });

  it("a delivery stream", async () => {
    const run = await auditWith({ vanishedDeliveryStreams: ["payments-redshift"] });
    expect(firehoseView(run.report, "payments-redshift")).toBeUndefined();
    expect(run.report.skipped).toContainEqual(expect.objectContaining({ name: "payments-redshift", reason_code: "deleted" }));
    expectSameViews(run, ["orders", "clicks", "events", "eu-orders"], ["clicks-to-s3"]);
  });
});

describe("faults that lose data: incomplete, named in the report and the dashboard, exit 3", () => {
  it("a region not enabled for the account: that region named, the other region unchanged", async () => {
    const run = await auditWith({ disabledRegions: ["eu-west-1"] });
    expectIncompleteNaming(run, ["eu-west-1", "Kinesis.ListStreams"]);
    expect(run.report.collection.errors.every((e) => e.region === "eu-west-1")).toBe(true);
    // The message says what is wrong (not "grant the IAM actions": no policy fixes a disabled region).
    expect(run.report.collection.errors.find((e) => e.api === "Kinesis.ListStreams")!.message).toMatch(/region.*enabled/i);
    expectSameViews(run, ["orders", "clicks", "events"], ["clicks-to-s3", "payments-redshift"]);
  });

  it("AccessDenied on GetMetricData: every stream named with its missing metrics, nothing shown as 0 or healthy", async () => {
    const run = await auditWith({ accessDenied: ["CloudWatch.GetMetricData"] });
    expectIncompleteNaming(run, ["orders", "clicks", "events", "eu-orders", "payments-redshift", "clicks-to-s3", "IncomingRecords"]);
    // Unknown traffic is not "low traffic": the streams are analyzed (on their configuration), not skipped.
    expect(run.report.data_streams.map((s) => s.stream_name).sort()).toEqual(["clicks", "eu-orders", "events", "orders"]);
    for (const s of [...run.report.data_streams, ...run.report.firehose_streams]) {
      expect(s.missing_data.length, s.stream_name).toBeGreaterThan(0);
      const m = s.metrics as Record<string, unknown>;
      for (const k of ["incoming_bytes", "incoming_records", "max_iterator_age_ms"]) if (k in m) expect(m[k], `${s.stream_name}.${k}`).toBeNull();
    }
    // No metric rule fired on data it does not have.
    const metricRules = ["kds-iterator-age", "kds-write-throttling", "kds-under-provisioned", "kds-over-provisioned", "kds-consumer-lag", "kds-hot-shard", "kds-on-demand-steady", "kdf-delivery-failures"];
    const fired = [...run.report.data_streams, ...run.report.firehose_streams].flatMap((s) => (s.findings as { rule_id: string }[]).map((f) => f.rule_id));
    expect(fired.filter((id) => metricRules.includes(id))).toEqual([]);
    expect(readFileSync(join(dir, `run-${runNo - 1}`, "consumer_lag_report.csv"), "utf8")).not.toMatch(/,0,0,/);
  });

  it("AccessDenied on DescribeStreamSummary: each stream named, delivery streams unchanged", async () => {
    const run = await auditWith({ accessDenied: ["Kinesis.DescribeStreamSummary"] });
    expectIncompleteNaming(run, ["stream/orders", "stream/clicks", "stream/events", "stream/eu-orders"]);
    expect(run.report.data_streams).toEqual([]);
    expectSameViews(run, [], ["payments-redshift"]);
  });

  it("AccessDenied on the tagging API and on ListTagsForStream: tags unknown, each stream named (not silently untagged)", async () => {
    const run = await auditWith({ accessDenied: ["Tagging.GetResources", "Kinesis.ListTagsForStream"] });
    expectIncompleteNaming(run, ["stream/orders", "stream/events", "Kinesis.ListTagsForStream"]);
    expectSameViews(run, [], ["payments-redshift"]);
  });

  it("persistent 5xx on DescribeDeliveryStream: each delivery stream named, data streams unchanged", async () => {
    const run = await auditWith({ bursts: [{ operation: "Firehose.DescribeDeliveryStream", kind: "server-error", fromRequest: 0, count: 10_000 }] });
    expectIncompleteNaming(run, ["deliveryStream/payments-redshift", "deliveryStream/clicks-to-s3"]);
    expectSameViews(run, ["orders", "events", "eu-orders"], []);
  });

  it("a DescribeAlarms token that never ends: the API named; no 'No CloudWatch Alarms' finding invented from an incomplete alarm list", async () => {
    const run = await auditWith({ endlessPagination: ["CloudWatch.DescribeAlarms"] });
    expectIncompleteNaming(run, ["CloudWatch.DescribeAlarms"]);
    const alarmFindings = (r: AnalysisReportJson, n: string) => ((streamView(r, n) ?? firehoseView(r, n))!.findings as { rule_id: string }[]).filter((f) => f.rule_id.endsWith("-alarms"));
    // orders has both alarms in AWS: an alarm list that could not be read must not make it "unalarmed".
    expect(alarmFindings(run.report, "orders")).toEqual(alarmFindings(clean.report, "orders"));
  });

  /** The stream's gap in missing_data: the API, what it reads, and the rules it kept from judging. */
  const gapOf = (run: AuditRun, stream: string, api: string) =>
    (streamView(run.report, stream)!.missing_data as { metric: string; stat: string; reason: string }[]).find((m) => m.metric === api);
  const health = (r: AnalysisReportJson, stream: string) => streamView(r, stream)!.health_score as number;
  const ruleIds = (r: AnalysisReportJson, stream: string) => (streamView(r, stream)!.findings as { rule_id: string }[]).map((f) => f.rule_id);

  it("AccessDenied on ListStreamConsumers: the gap named on the stream, consumer lag not judged, health not raised", async () => {
    const run = await auditWith({ accessDenied: ["Kinesis.ListStreamConsumers"] });
    expectIncompleteNaming(run, ["stream/orders", "Kinesis.ListStreamConsumers"]);
    expect(gapOf(run, "orders", "Kinesis.ListStreamConsumers")).toMatchObject({ stat: "consumer list", reason: expect.stringMatching(/AccessDenied.*not judged: kds-consumer-lag/) });
    // The clean run finds search's lag; now it cannot be judged, and that must not read as healthier.
    expect(ruleIds(clean.report, "orders")).toContain("kds-consumer-lag");
    expect(ruleIds(run.report, "orders")).not.toContain("kds-consumer-lag");
    expect(health(run.report, "orders")).toBeLessThanOrEqual(health(clean.report, "orders"));
    expect(run.dashboard).toContain("Kinesis.ListStreamConsumers (consumer list)");
    expectSameViews(run, ["clicks", "events", "eu-orders"], ["payments-redshift", "clicks-to-s3"]);
  });

  it("AccessDenied on ListShards: the gap named on the stream, hot shards not judged, health not raised", async () => {
    const run = await auditWith({ accessDenied: ["Kinesis.ListShards"] });
    expectIncompleteNaming(run, ["stream/orders", "Kinesis.ListShards"]);
    expect(gapOf(run, "orders", "Kinesis.ListShards")).toMatchObject({ stat: "shard list", reason: expect.stringMatching(/AccessDenied.*not judged: kds-hot-shard/) });
    expect(health(run.report, "orders")).toBeLessThanOrEqual(health(clean.report, "orders"));
    expectSameViews(run, ["clicks", "events", "eu-orders"], ["payments-redshift", "clicks-to-s3"]);
  });

  it("a ListShards token that never ends: the stream named", async () => {
    const run = await auditWith({ endlessPagination: ["Kinesis.ListShards"] });
    expectIncompleteNaming(run, ["stream/orders", "Kinesis.ListShards"]);
    expectSameViews(run, ["clicks", "events", "eu-orders"], ["payments-redshift"]);
  });

  it("a GetMetricData token that never ends: the resources named", async () => {
    const run = await auditWith({ endlessPagination: ["CloudWatch.GetMetricData"] });
    expectIncompleteNaming(run, ["CloudWatch.GetMetricData", "orders"]);
  });
});

describe("bounded time", () => {
  // Every ListShards answer trickles in a byte every 300 ms: never idle for the SDK's 2 s idle timeout.
  const trickle: FaultConfig = { bursts: [{ operation: "Kinesis.ListShards", kind: "trickle", fromRequest: 0, count: 1_000 }], trickleIntervalMs: 300 };

  it("a trickling response is cut at the per-request deadline: the stream named as incomplete, the rest unchanged", async () => {
    const started = Date.now();
    const run = await auditWith(trickle, { clientOverrides: { requestDeadlineMs: 1_000 } });
    expect(total(run.injected, "trickle:"), "the fault was injected").toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expectIncompleteNaming(run, ["stream/orders", "Kinesis.ListShards"]);
    expect(run.report.collection.errors.find((e) => e.api === "Kinesis.ListShards")!.message).toMatch(/no complete answer within 1 s/);
    expectSameViews(run, ["clicks", "events", "eu-orders"], ["payments-redshift", "clicks-to-s3"]);
  });

  it("the audit's --timeout ends a collection stalled by a trickling response: what was not read is named, exit 3", async () => {
    const started = Date.now();
    const run = await auditWith(trickle, { timeoutMs: 4_000, clientOverrides: { requestDeadlineMs: 120_000 } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expectIncompleteNaming(run, ["stream/orders", "Kinesis.ListShards"]);
    expect(run.report.collection.errors.find((e) => e.api === "Kinesis.ListShards")!.message).toMatch(/--timeout of 4 s/);
  });
});

describe("metrics with gaps", () => {
  const gappy: Scenario = {
    ...FAULT_FLEET,
    regions: {
      ...FAULT_FLEET.regions,
      "us-east-1": {
        ...FAULT_FLEET.regions["us-east-1"]!,
        streams: FAULT_FLEET.regions["us-east-1"]!.streams!.map((s) =>
          s.name === "events" ? { ...s, traffic: { ...s.traffic!, gaps: { hourProbability: 0.3 } }, iteratorAgeMs: { none: true } } : s,
        ),
      },
    },
  };

  it("hours without data are absent, not zero; a metric with no datapoints is 'no data'; the audit is complete", async () => {
    const run = await withSim(undefined, (sim) => auditAgainst(sim.endpoint, join(dir, "gaps")), gappy);
    expect(run.exitCode).toBe(0);
    const events = streamView(run.report, "events")!;
    const m = events.metrics as { hours_with_data: number; max_iterator_age_ms: number | null };
    expect(m.hours_with_data).toBeGreaterThan(80);
    expect(m.hours_with_data).toBeLessThan(150);
    expect(m.max_iterator_age_ms).toBeNull();
    const series = run.snapshot.metrics.find((s) => s.metricName === "IncomingRecords" && s.dimensions.StreamName === "events" && s.period === 3600)!;
    expect(series.values.length).toBe(m.hours_with_data);
    expect(series.values.every((v) => v > 0)).toBe(true);
    const age = run.snapshot.metrics.find((s) => s.metricName === "GetRecords.IteratorAgeMilliseconds" && s.dimensions.StreamName === "events")!;
    expect(age).toMatchObject({ status: "no-data", values: [] });
    // Gaps in one stream change nothing elsewhere, and do not invent or drop its findings.
    expectSameViews(run, ["orders", "clicks", "eu-orders"], ["payments-redshift"]);
    expect((events.findings as { rule_id: string }[]).map((f) => f.rule_id)).toEqual((streamView(clean.report, "events")!.findings as { rule_id: string }[]).map((f) => f.rule_id));
  });
});

describe("the CLI agrees", () => {
  /** Async spawn: the simulator runs in this process and must keep answering. */
  function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((res, rej) => {
      const env = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "test-secret-key", AWS_EC2_METADATA_DISABLED: "true" };
      const p = spawn(process.execPath, [join(ROOT, "bin/kinesis-guard.js"), ...args], { cwd: ROOT, env });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      p.on("error", rej);
      p.on("close", (status) => res({ status, stdout, stderr }));
    });
  }

  it("kinesis-guard audit against a fleet with a disabled region exits 3 and writes the reports naming it", async () => {
    // The CLI's window ends now: the simulator's clock must be the real one.
    const sim = await startSimulator({ scenario: FAULT_FLEET, faults: { disabledRegions: ["eu-west-1"] } });
    try {
      const out = join(dir, "cli");
      // Every policy advisory and --fail-on none: a mandatory violation (exit 1) would mask the incomplete audit.
      const config = join(dir, "advisory.json");
      writeFileSync(config, JSON.stringify({ all: "advisory" }));
      const p = await runCli(["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1,eu-west-1", "--out", out, "--config", config, "--fail-on", "none", "--no-progress"]);
      expect(p.status, p.stderr).toBe(3);
      expect(p.stdout).toContain("AUDIT INCOMPLETE");
      const report = JSON.parse(readFileSync(join(out, "kinesis_analysis.json"), "utf8")) as AnalysisReportJson;
      expect(report.collection.errors.map((e) => e.region)).toContain("eu-west-1");
      expect(report.data_streams.map((s) => s.stream_name).sort()).toEqual(["clicks", "events", "orders"]);
      expect(readFileSync(join(out, "throughput_utilization_dashboard.html"), "utf8")).toContain("eu-west-1");
    } finally {
      await sim.close();
    }
  });

  it("kinesis-guard audit --timeout ends a stalled collection: exit 3 within the timeout, the reports name what was not read", async () => {
    // Every ListShards answer trickles (a byte every 2 s): only the --timeout of 5 s ends the run
    // (the per-request deadline is 2 minutes).
    const sim = await startSimulator({ scenario: FAULT_FLEET, faults: { bursts: [{ operation: "Kinesis.ListShards", kind: "trickle", fromRequest: 0, count: 1_000 }] } });
    try {
      const out = join(dir, "cli-timeout");
      const config = join(dir, "advisory.json");
      writeFileSync(config, JSON.stringify({ all: "advisory" }));
      const started = Date.now();
      const p = await runCli(["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--out", out, "--config", config, "--fail-on", "none", "--no-progress", "--timeout", "5s"]);
      expect(p.status, p.stderr).toBe(3);
      expect(Date.now() - started).toBeLessThan(40_000);
      const report = JSON.parse(readFileSync(join(out, "kinesis_analysis.json"), "utf8")) as AnalysisReportJson;
      expect(report.collection.errors).toContainEqual(expect.objectContaining({ api: "Kinesis.ListShards", resource: "stream/orders", message: expect.stringMatching(/--timeout of 5 s/) }));
      expect(streamView(report, "orders")!.missing_data).toContainEqual(expect.objectContaining({ metric: "Kinesis.ListShards" }));
    } finally {
      await sim.close();
    }
  });

  it("kinesis-guard audit --timeout refuses what is not a duration (exit 2)", async () => {
    const p = await runCli(["audit", "--region", "us-east-1", "--timeout", "soon", "--no-progress"]);
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/--timeout "soon": give seconds or a duration like 900, 15m, 1h/);
  });
});
