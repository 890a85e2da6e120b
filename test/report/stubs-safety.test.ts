/**
 * Remediation stubs that are safe to run (issue 11 point 13): every stub the demo fleet produces
 * type-checks against @pulumi/aws without `as any`, and each shell stub, run against a fake AWS CLI
 * holding the audited state, fixes its finding and changes nothing when run again. Hand-built
 * fleets check the plans: shard changes stepped per UpdateShardCount call (also in Pulumi), a run
 * interrupted half-way continues where it stopped, destructive steps stop without --yes, write
 * throttling gets shards (never UpdateShardCount on an on-demand stream), the DR replica is
 * encrypted, thresholds come from the config, and numbers are rounded.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { collectSnapshot } from "../../live-checks/collect";
import { defaultConfig, parseConfigText } from "../../live-checks/config-file";
import { NUMBER_HELPERS } from "../../live-checks/report/templates";
import { renderReports } from "../../live-checks/report/write-reports";
import { toRemediationStubs } from "../../live-checks/report/remediation-model";
import type { Snapshot } from "../../live-checks/snapshot";
import { metric } from "../../rules/metric-requests";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator";
import { REGION, bytesAt, deliveryStream, evenShards, repeat, series, snapshotOf, stream } from "../fixtures/analysis/builders";
import { streamAlarms } from "../fixtures/analysis/fleet";
import type { FakeState } from "./fake-aws";
import { STUB_INPUTS, fakeDeliveryStream, fakeStream, installFakeAws, readState, runStub, typeCheck, type StubRun } from "./stub-harness";
import { tempDirs } from "./temp-dirs";

const root = join(__dirname, "..", "..");
const tmp = tempDirs("kg-stubs-");

const fakeDir = tmp();
const bin = installFakeAws(fakeDir);

/** Renders every report of `a` and writes the remediation stubs into a fresh folder. */
function writeStubs(a: AuditAnalysis): string {
  const dir = tmp();
  for (const [rel, content] of renderReports(a, { outDir: dir }).files) {
    if (!rel.startsWith("remediation/")) continue;
    const path = join(dir, rel);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
  return join(dir, "remediation");
}

function stateOf(s: Snapshot): FakeState {
  const state: FakeState = { streams: {}, deliveryStreams: {}, alarms: {}, vpcEndpoints: {} };
  for (const x of s.streams) (state.streams[String(x.region)] ??= {})[String(x.name)] = fakeStream(x);
  for (const x of s.deliveryStreams) (state.deliveryStreams[String(x.region)] ??= {})[String(x.name)] = fakeDeliveryStream(x);
  return state;
}

/** A state file holding `state`, and a log file, for runStub. */
function account(state: FakeState) {
  const d = tmp();
  const stateFile = join(d, "state.json");
  writeFileSync(stateFile, JSON.stringify(state));
  return { bin, stateFile, logFile: join(d, "calls.log") };
}

const cmd = (c: readonly string[]) => `${c[0]} ${c[1]}`;
const opt = (c: readonly string[], name: string): string | undefined => (c.includes(name) ? c[c.indexOf(name) + 1] : undefined);

/**
 * Raw floats a person should not read ("4.999999999999999 %", "$87.89407880072265") in the lines the
 * templates write; the finding's own texts (Found / Fix) are the rules' and are checked there.
 */
function unroundedNumbers(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => !/^(#|\/\/) (Found|Fix|Resource): /.test(l))
    .flatMap((l) => l.match(/\d+\.\d{3,}/g) ?? []);
}

describe("remediation stubs of the demo fleet", () => {
  const scenario = loadScenario(join(root, "simulator", "scenarios", "demo-fleet.json"));
  let sim: SimulatorHandle;
  let snapshot: Snapshot;
  let analysis: AuditAnalysis;
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    const now = new Date("2026-03-10T12:34:56Z");
    sim = await startSimulator({ scenario, clock: () => now.getTime() });
    const drRegions = (defaultConfig().rules["kds-cross-region"]?.drRegions ?? []) as string[];
    const regions = Object.keys(scenario.regions).filter((r) => !drRegions.includes(r));
    snapshot = await collectSnapshot({ regions, drRegions, endpointUrl: sim.endpoint, now, progress: "off" });
    analysis = analyzeSnapshot(snapshot, defaultConfig());
    dir = writeStubs(analysis);
    files = readdirSync(dir).sort();
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("every Pulumi stub the demo produces type-checks against @pulumi/aws, without `as any`", () => {
    const ts = files.filter((f) => f.endsWith(".ts"));
    expect(ts.length).toBe(toRemediationStubs(analysis).length);
    expect(ts.length).toBeGreaterThan(20);
    expect(ts.filter((f) => /\bas\s+any\b/.test(readFileSync(join(dir, f), "utf8")))).toEqual([]);
    expect(typeCheck(ts.map((f) => join(dir, f)))).toEqual([]);
  });

  it("every shell stub parses (bash -n)", () => {
    for (const f of files.filter((x) => x.endsWith(".sh"))) execFileSync("bash", ["-n", join(dir, f)]);
  });

  it("each shell stub fixes its finding against the fake AWS CLI, and a second run changes nothing", () => {
    const stubs = toRemediationStubs(analysis);
    const failures: string[] = [];
    for (const stub of stubs) {
      const file = join(dir, `${stub.fileBase}.sh`);
      const acct = account(stateOf(snapshot));
      const first = runStub(file, { ...acct, args: ["--yes"], env: STUB_INPUTS });
      const second = runStub(file, { ...acct, args: ["--yes"], env: STUB_INPUTS });
      const c = stub.context;
      // Stubs with nothing to run: a rule without its own template, an alarm that exists, a shard that
      // cannot be split, throttling on an on-demand stream.
      const nothingToRun =
        !existsSync(join(root, "rules", stub.ruleId, "remediation.aws-cli.sh.hbs")) ||
        (["kds-alarms", "kdf-alarms", "kds-consumer-lag"].includes(stub.ruleId) && c.alarms.length === 0) ||
        (stub.ruleId === "kds-hot-shard" && c.data.newStartingHashKey === undefined) ||
        (stub.ruleId === "kds-write-throttling" && (c.throttling?.onDemand === true || c.throttling?.basis === "hot-shard")) ||
        (stub.ruleId === "kds-over-provisioned" && c.blockedByThrottling !== undefined);
      const why = (r: StubRun) => `${r.stderr.trim().split("\n").slice(-2).join(" / ")}`;
      if (first.status !== 0) failures.push(`${stub.fileBase}: first run exit ${first.status}: ${why(first)}`);
      else if (!nothingToRun && first.mutations.length === 0) failures.push(`${stub.fileBase}: first run changed nothing`);
      if (second.status !== 0) failures.push(`${stub.fileBase}: second run exit ${second.status}: ${why(second)}`);
      else if (second.mutations.length > 0) failures.push(`${stub.fileBase}: second run repeated ${second.mutations.map(cmd).join(", ")}`);
      // Every call reads or names the audited region (or the DR region for the replica).
      for (const call of first.calls) if (![c.region, c.drRegion].includes(opt(call, "--region") ?? "")) failures.push(`${stub.fileBase}: ${call.join(" ")}`);
    }
    expect(failures).toEqual([]);
  });

  it("the stubs' own numbers are rounded for people", () => {
    const bad = files.flatMap((f) => unroundedNumbers(readFileSync(join(dir, f), "utf8")).map((n) => `${f}: ${n}`));
    expect(bad).toEqual([]);
  });
});

// ---- hand-built fleets ---------------------------------------------------------------------------

const HOURS = 168;
const perHour = (rpm: number) => repeat(HOURS, rpm * 60);

/**
 * - idle-archive: 8 shards at a flat 2 % (peak = p95 = mean): over-provisioned, 1 shard carries it
 *   at any target, so 8 -> 4 -> 2 -> 1 (three UpdateShardCount calls).
 * - steady-bids: 2 shards at a flat 70 %, 5 % of writes throttled: write throttling on a steady
 *   provisioned stream (not under-provisioned: 70 % stays below 80 % and 100 %).
 * - od-events: on-demand, 5 % of writes throttled.
 * - bursty-archive: 8 shards at a flat 2 % like idle-archive, but 5 % of writes throttled: over-provisioned
 *   by the hourly data, throttled in bursts.
 * - hot-bids: 4 shards with shard-level metrics, shard 3 at 70 % and the others at 10 %, 2 % of writes
 *   throttled: a hot shard.
 * - audit-log: retention 168 h.
 * - payments: critical (tag), no replica in the DR region.
 * - orders-to-s3: 10 % of deliveries to S3 fail, and it has no alarm.
 */
function fleet(): Snapshot {
  const steadyRecords = 2 * 0.7 * 1000 * 3600; // 70 % of 2 shards' records/s, per hour
  const names = ["idle-archive", "steady-bids", "od-events", "audit-log", "payments", "bursty-archive", "hot-bids"];
  const hotShards = evenShards(4);
  return snapshotOf({
    streams: [
      stream("idle-archive", { shardCount: 8, shards: evenShards(8) }),
      stream("steady-bids", { shardCount: 2, shards: evenShards(2) }),
      stream("bursty-archive", { shardCount: 8, shards: evenShards(8) }),
      stream("hot-bids", { shardCount: 4, shards: hotShards, shardLevelMetrics: ["IncomingBytes", "IncomingRecords"] }),
      stream("od-events", { mode: "ON_DEMAND" }),
      stream("audit-log", { retentionHours: 168 }),
      stream("payments", { tags: { Criticality: "critical" } }),
    ],
    deliveryStreams: [deliveryStream("orders-to-s3")],
    alarms: streamAlarms(...names),
    metrics: [
      series(metric.streamIncomingRecords(REGION, "idle-archive"), perHour(500)),
      series(metric.streamIncomingBytes(REGION, "idle-archive"), repeat(HOURS, bytesAt(2, 8))),
      series(metric.streamIncomingRecords(REGION, "bursty-archive"), perHour(500)),
      series(metric.streamIncomingBytes(REGION, "bursty-archive"), repeat(HOURS, bytesAt(2, 8))),
      series(metric.streamWriteThrottled(REGION, "bursty-archive"), [(500 * 60 * HOURS * 5) / 95]),
      series(metric.streamIncomingRecords(REGION, "hot-bids"), perHour(1000)),
      series(metric.streamIncomingBytes(REGION, "hot-bids"), repeat(HOURS, bytesAt(25, 4))),
      ...hotShards.map((x, i) => series(metric.shardIncomingBytes(REGION, "hot-bids", x.shardId), repeat(HOURS, bytesAt(i === 3 ? 70 : 10, 1)))),
      ...hotShards.map((x) => series(metric.shardIncomingRecords(REGION, "hot-bids", x.shardId), perHour(250))),
      series(metric.streamWriteThrottled(REGION, "hot-bids"), [(1000 * 60 * HOURS * 2) / 98]),
      series(metric.streamIncomingRecords(REGION, "steady-bids"), repeat(HOURS, steadyRecords)),
      series(metric.streamIncomingBytes(REGION, "steady-bids"), repeat(HOURS, bytesAt(10, 2))),
      series(metric.streamWriteThrottled(REGION, "steady-bids"), [(steadyRecords * HOURS * 5) / 95]),
      series(metric.streamIncomingRecords(REGION, "od-events"), perHour(60_000)),
      series(metric.streamIncomingBytes(REGION, "od-events"), repeat(HOURS, 60_000 * 60 * 800)),
      series(metric.streamWriteThrottled(REGION, "od-events"), [(60_000 * 60 * HOURS * 5) / 95]),
      ...["audit-log", "payments"].map((n) => series(metric.streamIncomingRecords(REGION, n), perHour(1000))),
      series(metric.firehoseRecords(REGION, "orders-to-s3", false), [10_000_000]),
      series(metric.firehoseBytes(REGION, "orders-to-s3", false), [10_000_000_000]),
      series(metric.firehoseSuccessSum(REGION, "orders-to-s3", "DeliveryToS3"), [9_000]),
      series(metric.firehoseSuccessCount(REGION, "orders-to-s3", "DeliveryToS3"), [10_000]),
    ],
  });
}

describe("remediation stubs from a hand-built fleet", () => {
  const snap = fleet();
  const analysis = analyzeSnapshot(snap, defaultConfig());
  const dir = writeStubs(analysis);
  const stubs = toRemediationStubs(analysis);
  const stubOf = (resource: string, ruleId: string) => {
    const s = stubs.find((x) => x.context.resourceName === resource && x.ruleId === ruleId);
    if (!s) throw new Error(`no ${ruleId} stub for ${resource}; stubs: ${stubs.map((x) => x.fileBase).join(", ")}`);
    return { stub: s, sh: join(dir, `${s.fileBase}.sh`), ts: readFileSync(join(dir, `${s.fileBase}.ts`), "utf8"), shText: readFileSync(join(dir, `${s.fileBase}.sh`), "utf8") };
  };

  describe("a shard change is one UpdateShardCount call per step", () => {
    const over = stubOf("idle-archive", "kds-over-provisioned");
    const data = over.stub.context.data;

    it("the Pulumi stub lists one `pulumi up` per step, each within double or half of the one before", () => {
      expect(data.currentShards).toBe(8);
      expect(data.recommendedShards).toBe(1);
      const m = /ShardCountByStep = \{ ([^}]*) \} as const;/.exec(over.ts);
      expect(m, over.ts).not.toBeNull();
      const steps = m![1]!.split(",").map((p) => Number(p.split(":")[1]));
      expect(steps).toEqual([4, 2, 1]);
      let cur = 8;
      for (const s of steps) {
        expect(s).toBeGreaterThanOrEqual(Math.ceil(cur / 2));
        cur = s;
      }
      for (const [n, s] of steps.entries()) expect(over.ts).toContain(`//   step ${n + 1}: shardCount ${s} (from ${n === 0 ? 8 : steps[n - 1]})`);
      // Applied as written, the stub takes the first step only.
      expect(over.ts).toMatch(/Step: keyof typeof \w+ShardCountByStep = 1;/);
      expect(over.ts).not.toMatch(/shardCount: 1,/);
    });

    it("the shell stub steps 8 -> 4 -> 2 -> 1, and a run that failed half-way continues where it stopped", () => {
      const acct = account(stateOf(snap));
      const first = runStub(over.sh, { ...acct, args: ["--yes"], env: { FAKE_AWS_FAIL: "update-shard-count:2" } });
      expect(first.status).not.toBe(0);
      const second = runStub(over.sh, { ...acct, args: ["--yes"] });
      expect(second.status, second.stderr).toBe(0);
      const targets = (r: StubRun) => r.mutations.filter((c) => c[1] === "update-shard-count").map((c) => Number(opt(c, "--target-shard-count")));
      // Call 2 (4 -> 2) failed; the second run starts from the 4 open shards.
      expect(targets(first)).toEqual([4, 2]);
      expect(targets(second)).toEqual([2, 1]);
      const s = readState(acct.stateFile).streams[REGION]!["idle-archive"]!;
      expect(s.shards.filter((x) => x.open)).toHaveLength(1);
      const third = runStub(over.sh, { ...acct, args: ["--yes"] });
      expect(third.status).toBe(0);
      expect(third.mutations).toEqual([]);
      expect(third.calls[0]?.[1]).toBe("describe-stream-summary");
    });

    it("a shard reduction says what it drops and changes nothing without --yes", () => {
      const acct = account(stateOf(snap));
      const r = runStub(over.sh, acct);
      expect(r.status).toBe(3);
      expect(r.mutations).toEqual([]);
      expect(r.stderr).toMatch(/write capacity to 1 MiB\/s and 1,000 records\/s/);
      expect(r.stderr).toMatch(/--yes/);
    });

    it("does not lower a stream that has grown since the audit", () => {
      const state = stateOf(snap);
      const grown = state.streams[REGION]!["idle-archive"]!;
      grown.shards = fakeStream(stream("idle-archive", { shardCount: 16, shards: evenShards(16) })).shards;
      const r = runStub(over.sh, { ...account(state), args: ["--yes"] });
      expect(r.status).toBe(1);
      expect(r.mutations).toEqual([]);
      expect(r.stderr).toMatch(/16 open shards, more than the 8 this audit measured/);
    });
  });

  describe("write throttling", () => {
    it("on a steady provisioned stream: more shards, sized from the measured peak, not on-demand", () => {
      const t = stubOf("steady-bids", "kds-write-throttling");
      const plan = t.stub.context.throttling!;
      expect(plan.onDemand).toBe(false);
      // Busiest hour 70 % of 2 shards; with the 5 % throttled attempts added back ~73.7 %: 2 shards would
      // carry it, but writes were refused, so at least one more: 3.
      expect(plan.change?.to).toBe(3);
      expect(t.ts).toContain("shardCount: 3, // was 2");
      expect(t.ts).not.toMatch(/ON_DEMAND/);
      const acct = account(stateOf(snap));
      const r = runStub(t.sh, { ...acct, args: ["--yes"] });
      expect(r.status, r.stderr).toBe(0);
      expect(r.mutations.map((c) => `${c[1]} ${opt(c, "--target-shard-count") ?? ""}`.trim())).toEqual(["update-shard-count 3"]);
      expect(runStub(t.sh, { ...acct, args: ["--yes"] }).mutations).toEqual([]);
    });

    it("a stream throttled in bursts is not lowered, though the hourly data calls it over-provisioned", () => {
      const over = stubOf("bursty-archive", "kds-over-provisioned");
      expect(over.stub.context.data.recommendedShards).toBeLessThan(8);
      expect(over.ts).not.toMatch(/shardCount/);
      expect(over.ts).toMatch(/Not lowered: 5\.0 % of this stream's write attempts were throttled/);
      const r = runStub(over.sh, { ...account(stateOf(snap)), args: ["--yes"] });
      expect(r.status, r.stderr).toBe(0);
      expect(r.mutations).toEqual([]);
      const up = stubOf("bursty-archive", "kds-write-throttling");
      expect(up.stub.context.throttling).toMatchObject({ basis: "bursts", change: { from: 8, to: 9 } });
      expect(up.ts).toMatch(/the hour fits, so writes were refused in minute bursts/);
    });

    it("with a hot shard: one plan, the split; no UpdateShardCount", () => {
      const t = stubOf("hot-bids", "kds-write-throttling");
      const hot = stubOf("hot-bids", "kds-hot-shard");
      expect(t.stub.context.throttling).toMatchObject({ basis: "hot-shard", hotShardId: hot.stub.context.data.shardId });
      expect(t.ts).not.toMatch(/shardCount/);
      expect(t.shText).not.toMatch(/update-shard-count --region/);
      const acct = account(stateOf(snap));
      expect(runStub(t.sh, { ...acct, args: ["--yes"] }).mutations).toEqual([]);
      const split = runStub(hot.sh, { ...acct, args: ["--yes"] });
      expect(split.mutations.map((c) => c[1])).toEqual(["split-shard"]);
    });

    it("on an on-demand stream: never UpdateShardCount; says what applies", () => {
      const t = stubOf("od-events", "kds-write-throttling");
      expect(t.stub.context.throttling?.onDemand).toBe(true);
      for (const text of [t.ts, t.shText]) {
        expect(text).not.toMatch(/update-shard-count|UpdateShardCount\(|shardCount:/);
        expect(text).toMatch(/hot partition keys/);
        expect(text).toMatch(/double the\s+\S+ previous peak|previous peak/);
        expect(text).toMatch(/per-stream write maximum/);
      }
      const r = runStub(t.sh, { ...account(stateOf(snap)), args: ["--yes"] });
      expect(r.status, r.stderr).toBe(0);
      expect(r.mutations).toEqual([]);
    });
  });

  it("on-demand to provisioned: a reduction is confirmed before anything changes, then stepped", () => {
    const t = stubOf("od-events", "kds-on-demand-steady");
    const target = t.stub.context.data.provisionedShards;
    expect(target).toBe(2); // 1,000 records/s at 60 % target: 2 shards; the stream has 4 open now
    const acct = account(stateOf(snap));
    const no = runStub(t.sh, acct);
    expect(no.status).toBe(3);
    expect(no.mutations).toEqual([]);
    expect(no.stderr).toMatch(/from 4 open shards to 2 provisioned shards/);
    const yes = runStub(t.sh, { ...acct, args: ["--yes"] });
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.mutations.map((c) => `${c[1]} ${opt(c, "--stream-mode-details") ?? opt(c, "--target-shard-count")}`)).toEqual([
      "update-stream-mode StreamMode=PROVISIONED",
      "update-shard-count 2",
    ]);
    expect(runStub(t.sh, { ...acct, args: ["--yes"] }).mutations).toEqual([]);
  });

  it("the cross-region replica is created encrypted with KMS, once", () => {
    const t = stubOf("payments", "kds-cross-region");
    expect(t.ts).toMatch(/encryptionType: "KMS"/);
    const acct = account(stateOf(snap));
    const r = runStub(t.sh, { ...acct, args: ["--yes"] });
    expect(r.status, r.stderr).toBe(0);
    expect(r.mutations.map(cmd)).toEqual(["kinesis create-stream", "kinesis start-stream-encryption", "kinesis add-tags-to-stream"]);
    const replica = readState(acct.stateFile).streams["us-west-2"]!["payments-replica"]!;
    expect(replica.encryptionType).toBe("KMS");
    expect(replica.tags).toEqual({ ReplicaOf: "payments" });
    expect(runStub(t.sh, { ...acct, args: ["--yes"] }).mutations).toEqual([]);
  });

  it("a retention cut says what it drops and changes nothing without --yes; then runs once", () => {
    const t = stubOf("audit-log", "kds-retention");
    const acct = account(stateOf(snap));
    const no = runStub(t.sh, acct);
    expect(no.status).toBe(3);
    expect(no.mutations).toEqual([]);
    expect(no.stderr).toMatch(/from 168 h to 24 h makes every record older than 24 h unreadable/);
    const yes = runStub(t.sh, { ...acct, args: ["--yes"] });
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.mutations.map((c) => `${c[1]} ${opt(c, "--retention-period-hours")}`)).toEqual(["decrease-stream-retention-period 24"]);
    expect(runStub(t.sh, { ...acct, args: ["--yes"] }).mutations).toEqual([]);
  });

  it("thresholds come from the config: retention 48 h, Firehose failures 5 %", () => {
    const cfg = parseConfigText(JSON.stringify({ "kds-retention": { recommendedRetentionHours: 48 }, "kdf-delivery-failures": { maxFailurePercent: 5 } }), "test");
    const a = analyzeSnapshot(snap, cfg);
    const d = writeStubs(a);
    const all = toRemediationStubs(a);
    const file = (resource: string, ruleId: string, ext: string) => readFileSync(join(d, `${all.find((x) => x.context.resourceName === resource && x.ruleId === ruleId)!.fileBase}.${ext}`), "utf8");
    expect(file("audit-log", "kds-retention", "ts")).toContain("retentionPeriod: 48,");
    expect(file("audit-log", "kds-retention", "sh")).toContain("TARGET_HOURS=48");
    // Success is 1 per successful delivery attempt and 0 per failed one: Average < 1 - 5 % = 0.95.
    expect(file("orders-to-s3", "kdf-delivery-failures", "sh")).toContain("--threshold 0.95 ");
    expect(file("orders-to-s3", "kdf-delivery-failures", "ts")).toContain("threshold: 0.95,");
    expect(file("orders-to-s3", "kdf-alarms", "ts")).toMatch(/metricName: "DeliveryToS3.Success",[\s\S]*?threshold: 0.95,/);
    expect(a.alarmRecommendations.find((r) => r.metricName === "DeliveryToS3.Success")?.threshold).toBe(0.95);
    // With the defaults, the alarm and the audit agree at 1 %.
    expect(readFileSync(join(dir, `${stubOf("orders-to-s3", "kdf-delivery-failures").stub.fileBase}.sh`), "utf8")).toContain("--threshold 0.99 ");
    expect(analysis.alarmRecommendations.find((r) => r.metricName === "DeliveryToS3.Success")?.threshold).toBe(0.99);
  });

  it("Pulumi stubs type-check without `as any`, shell stubs run twice cleanly, numbers are rounded", () => {
    const names = readdirSync(dir);
    const ts = names.filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
    expect(ts.filter((f) => /\bas\s+any\b/.test(readFileSync(f, "utf8")))).toEqual([]);
    expect(typeCheck(ts)).toEqual([]);
    for (const f of names.filter((x) => x.endsWith(".sh"))) {
      const acct = account(stateOf(snap));
      const a = runStub(join(dir, f), { ...acct, args: ["--yes"], env: STUB_INPUTS });
      const b = runStub(join(dir, f), { ...acct, args: ["--yes"], env: STUB_INPUTS });
      expect([f, a.status, b.status, b.mutations], a.stderr + b.stderr).toEqual([f, 0, 0, []]);
    }
    expect(names.flatMap((f) => unroundedNumbers(readFileSync(join(dir, f), "utf8")).map((n) => `${f}: ${n}`))).toEqual([]);
    const throttled = stubOf("steady-bids", "kds-write-throttling").ts;
    expect(throttled).toMatch(/^\/\/ 5\.0 % of write attempts were throttled/m);
  });
});

describe("number helpers", () => {
  it("round for people and print 'unknown' for what is not a number", () => {
    expect(NUMBER_HELPERS.usd(87.89407880072265)).toBe("$87.89");
    expect(NUMBER_HELPERS.usd(1234.5)).toBe("$1,234.50");
    expect(NUMBER_HELPERS.percent(4.999999999999999)).toBe("5.0 %");
    expect(NUMBER_HELPERS.percent(32.6, 0)).toBe("33 %");
    expect(NUMBER_HELPERS.factor(2.454541639127938)).toBe("2.5x");
    expect(NUMBER_HELPERS.int(16698217.34462204)).toBe("16,698,217");
    expect(NUMBER_HELPERS.plain(1 - 0.07)).toBe("0.93");
    expect(NUMBER_HELPERS.plain(60000)).toBe("60000");
    expect(NUMBER_HELPERS.percent(undefined)).toBe("unknown");
    expect(NUMBER_HELPERS.usd(Number.NaN)).toBe("unknown");
  });
});
