/**
 * Issue 11 points 8, 11 and 12 on hand-built snapshots:
 * - 8: low traffic is a rate over the minutes with data; it skips the metric and cost rules only;
 *   an idle provisioned stream is a cost finding; the console lists every skipped resource.
 * - 11: DR flags say exempt / unknown instead of "replicated" when nothing was established; the
 *   Redshift missing-backup text does not claim the records are lost.
 * - 12: the spec script's severities; one unencrypted source counts once in high_priority_issues.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { renderReports } from "../../live-checks/report/write-reports";
import { metric } from "../../rules/metric-requests";
import { rule } from "../../rules/catalog";
import { resolveRuleConfig } from "../../rules/config";
import { kdfS3Backup } from "../../rules/kdf-s3-backup/rule";
import { US_EAST_1 } from "../../rules/pricing";
import type { DrStream } from "../../rules/model";
import { REGION, WINDOW_END, consumer, deliveryStream, noData, repeat, series, snapshotOf, stream, streamArn } from "../fixtures/analysis/builders";
import { streamAlarms } from "../fixtures/analysis/fleet";

const HOURS = 168;
const PII = { DataClassification: "pii" };
const PLAIN = { DataClassification: "internal", Tier: "tier-3" };
const findingsOf = (a: AuditAnalysis, name: string) => a.findings.filter((f) => f.resource.displayName === name).map((f) => f.ruleId).sort();
const skip = (a: AuditAnalysis, name: string) => a.skipped.find((s) => s.name === name);

describe("point 8: low traffic is a rate over the minutes with data", () => {
  // young: created an hour before the window end, 15,000 records/min since (89 records/min over the window).
  const young = stream("young-stream", { tags: PLAIN });
  // quiet-pii: 50 records/min in every hour, unencrypted, PII, 168 h retention, no alarms.
  const quiet = stream("quiet-pii-events", { tags: PII, encryptionType: "NONE", kmsKeyId: undefined, retentionHours: 168 });
  // idle: 4 provisioned shards, nothing written (no datapoints).
  const idle = stream("standby-stream", { shardCount: 4, tags: PLAIN });
  // young delivery stream: 1 hour with data at 6,000 records/min (36 records/min over the window).
  const youngDs = deliveryStream("young-to-s3", { tags: PLAIN });
  const lastHours = (n: number, v: number) => ({ values: repeat(n, v), timestamps: Array.from({ length: n }, (_, i) => WINDOW_END - (n - i) * 3600) });
  const youngTs = lastHours(1, 15_000 * 60);
  const dsTs = lastHours(1, 6_000 * 60);
  const snap = snapshotOf({
    streams: [young, quiet, idle],
    deliveryStreams: [youngDs],
    alarms: streamAlarms("young-stream", "standby-stream"),
    metrics: [
      series(metric.streamIncomingRecords(REGION, "young-stream"), youngTs.values, youngTs.timestamps),
      series(metric.streamIncomingBytes(REGION, "young-stream"), youngTs.values.map((r) => r * 500), youngTs.timestamps),
      series(metric.streamIncomingRecords(REGION, "quiet-pii-events"), repeat(HOURS, 50 * 60)),
      series(metric.streamIncomingBytes(REGION, "quiet-pii-events"), repeat(HOURS, 50 * 60 * 100)),
      noData(metric.streamIncomingRecords(REGION, "standby-stream")),
      noData(metric.streamIncomingBytes(REGION, "standby-stream")),
      series(metric.firehoseRecords(REGION, "young-to-s3", false), dsTs.values, dsTs.timestamps),
      series(metric.firehoseBytes(REGION, "young-to-s3", false), [6_000 * 60 * 1000]),
    ],
  });
  const a = analyzeSnapshot(snap, defaultConfig());

  it("a stream created an hour ago at 15,000 records/min is not low traffic", () => {
    expect(skip(a, "young-stream")).toBeUndefined();
    expect(a.streams.map((s) => s.stream.name)).toContain("young-stream");
  });

  it("a delivery stream with one busy hour is not low traffic either (Firehose records are hourly)", () => {
    expect(skip(a, "young-to-s3")).toBeUndefined();
  });

  it("a quiet unencrypted PII stream is listed as low traffic and still gets its security finding, no cost finding", () => {
    const s = skip(a, "quiet-pii-events")!;
    expect(s.code).toBe("low-traffic");
    expect(s.reason).toContain("50.0 records/min over the 168 h with data");
    expect(s.reason).toContain("metric and cost rules skipped");
    const ids = findingsOf(a, "quiet-pii-events");
    expect(ids).toContain("kds-encryption"); // security: still judged
    expect(ids).toContain("kds-alarms"); // observability: still judged
    expect(ids).not.toContain("kds-retention"); // cost: skipped on a quiet stream
    expect(a.findings.filter((f) => f.resource.displayName === "quiet-pii-events").every((f) => rule(f.ruleId).category !== "cost")).toBe(true);
  });

  it("an idle provisioned stream is a cost finding with its monthly cost in the savings", () => {
    expect(skip(a, "standby-stream")!.code).toBe("low-traffic");
    const f = a.findings.find((x) => x.ruleId === "kds-idle-stream")!;
    expect(f.resource.displayName).toBe("standby-stream");
    expect(rule("kds-idle-stream").category).toBe("cost");
    // 4 shards x $0.015/shard-hour x 730 h = $43.80
    expect(f.monthlyImpactUsd).toBe(43.8);
    expect(f.details).toContain("$43.80/month");
    expect(f.data?.updateShardCountSteps).toEqual([2, 1]);
    expect(a.summary.estimatedMonthlySavings).toBeGreaterThanOrEqual(43.8);
    expect(findingsOf(a, "standby-stream")).toEqual(["kds-idle-stream"]);
  });

  it("the idle rule needs a provisioned stream with no records; a failed series decides nothing", () => {
    const busy = analyzeSnapshot(
      snapshotOf({
        streams: [stream("od", { mode: "ON_DEMAND", tags: PLAIN }), stream("zeros", { tags: PLAIN }), stream("broken", { tags: PLAIN })],
        alarms: streamAlarms("od", "zeros", "broken"),
        metrics: [
          noData(metric.streamIncomingRecords(REGION, "od")),
          series(metric.streamIncomingRecords(REGION, "zeros"), repeat(HOURS, 0)),
          { ...metric.streamIncomingRecords(REGION, "broken"), timestamps: [], values: [], status: "error", error: "AccessDenied" },
        ],
      }),
      defaultConfig(),
    );
    expect(busy.findings.filter((f) => f.ruleId === "kds-idle-stream").map((f) => f.resource.displayName)).toEqual(["zeros"]);
  });

  it("the console lists every skipped resource with its reason", () => {
    const withPrefix = { ...snap, skipped: [{ kind: "stream" as const, name: "test-orders", region: REGION, reason: "name prefix test-" }] };
    const b = analyzeSnapshot(withPrefix, defaultConfig());
    const text = renderReports(b, { outDir: "/tmp/kg-unused" }).console;
    for (const s of b.skipped) {
      expect(text).toContain(s.name);
      expect(text).toContain(s.reason);
    }
    expect(b.skipped.map((s) => s.name).sort()).toEqual(["quiet-pii-events", "standby-stream", "test-orders"]);
  });
});

describe("point 11: report only what was established", () => {
  const critical = { Criticality: "critical" };
  const streams = [
    stream("orders-replicated", { tags: critical }),
    stream("orders-exempt", { tags: { ...critical, "kinesis-guard:exempt": "kds-cross-region" } }),
    stream("orders-missing", { tags: critical }),
  ];
  const replica = { region: "us-west-2", name: "orders-replicated-replica", arn: streamArn("orders-replicated-replica", "us-west-2"), tags: {} } satisfies DrStream;
  const metrics = streams.flatMap((s) => [series(metric.streamIncomingRecords(REGION, String(s.name)), repeat(HOURS, 60_000))]);
  const base = { streams, alarms: streamAlarms(...streams.map((s) => String(s.name))), metrics, drStreams: [replica] };

  it("dr_flags: replicated only with a replica, exempt for an exempt stream, no-replica with the finding", () => {
    const a = analyzeSnapshot(snapshotOf(base), defaultConfig());
    const status = Object.fromEntries(a.drFlags.map((f) => [f.streamName, f.status]));
    expect(status).toEqual({ "orders-exempt": "exempt", "orders-missing": "no-replica", "orders-replicated": "replicated" });
    expect(a.drFlags.find((f) => f.streamName === "orders-replicated")!.replica).toEqual({ name: "orders-replicated-replica", region: "us-west-2" });
  });

  it("dr_flags: unknown when the DR region's listing failed (the rule is blocked)", () => {
    const errors = [{ api: "Kinesis.ListStreams", region: "us-west-2", resource: "DR region", message: "Throttling" }];
    const snap = snapshotOf({ ...base, drStreams: [], collection: { calls: {}, retries: {}, errors, complete: false, durationMs: 1 } });
    const a = analyzeSnapshot(snap, defaultConfig());
    expect(a.findings.filter((f) => f.ruleId === "kds-cross-region")).toEqual([]);
    const status = Object.fromEntries(a.drFlags.map((f) => [f.streamName, f.status]));
    expect(status).toEqual({ "orders-exempt": "exempt", "orders-missing": "unknown", "orders-replicated": "unknown" });
    expect(a.drFlags.find((f) => f.streamName === "orders-missing")!.action).toContain("could not be listed");
  });

  it("the Redshift missing-backup finding does not say records are lost, and says what is", () => {
    const d = deliveryStream("warehouse-loader", { destination: "redshift", s3BackupMode: "Disabled", backsUpFailedRecordsToS3: false });
    const [f] = kdfS3Backup(d, { config: resolveRuleConfig("kdf-s3-backup", undefined), pricing: US_EAST_1 });
    expect(f!.details).not.toMatch(/are lost|records are lost/);
    expect(f!.details).toContain("errors/");
    expect(f!.details).toMatch(/source records/);
    expect(rule("kdf-s3-backup").description).not.toMatch(/cannot be delivered are lost/);
    const os = deliveryStream("search", { destination: "opensearch", s3BackupMode: undefined, backsUpFailedRecordsToS3: false });
    expect(kdfS3Backup(os, { config: resolveRuleConfig("kdf-s3-backup", undefined), pricing: US_EAST_1 })[0]!.details).toContain("lost");
  });
});

describe("point 12: severities and the high-priority count", () => {
  it("uses the spec script's severities: consumer lag high, over-provisioned and small batches medium", () => {
    expect(rule("kds-consumer-lag").severity).toBe("high");
    expect(rule("kds-over-provisioned").severity).toBe("medium");
    expect(rule("kdf-small-buffers").severity).toBe("medium");
  });

  it("counts an unencrypted source stream once, though reported on the stream and its delivery streams", () => {
    const src = stream("pii-events", { tags: PII, encryptionType: "NONE", kmsKeyId: undefined });
    const fromSrc = (name: string) => deliveryStream(name, { tags: PII, source: { type: "KinesisStreamAsSource", streamArn: streamArn("pii-events"), streamRef: streamArn("pii-events") } });
    const ds = [fromSrc("pii-events-to-s3"), fromSrc("pii-events-to-lake")];
    const snap = snapshotOf({
      streams: [src],
      deliveryStreams: ds,
      consumers: [],
      alarms: streamAlarms("pii-events"),
      metrics: [
        series(metric.streamIncomingRecords(REGION, "pii-events"), repeat(HOURS, 60_000)),
        ...ds.map((d) => series(metric.firehoseRecords(REGION, String(d.name), true), repeat(HOURS, 60_000))),
      ],
    });
    const a = analyzeSnapshot(snap, defaultConfig());
    const enc = a.findings.filter((f) => f.ruleId === "kds-encryption" || f.ruleId === "kdf-encryption");
    expect(enc).toHaveLength(3); // every resource still shows its finding
    expect(a.summary.findingsBySeverity.high).toBe(3);
    expect(a.summary.highPriorityIssues).toBe(1);
  });

  it("a consumer-lag finding is high", () => {
    const s = stream("lagging", { tags: PLAIN });
    const a = analyzeSnapshot(
      snapshotOf({
        streams: [s],
        consumers: [consumer("lagging", "reader")],
        alarms: streamAlarms("lagging"),
        metrics: [series(metric.streamIncomingRecords(REGION, "lagging"), repeat(HOURS, 60_000)), series(metric.consumerLagMax(REGION, "lagging", "reader"), [30_000])],
      }),
      defaultConfig(),
    );
    const f = a.findings.find((x) => x.ruleId === "kds-consumer-lag")!;
    expect(f.severity).toBe("high");
    expect(a.summary.highPriorityIssues).toBe(1);
  });
});
