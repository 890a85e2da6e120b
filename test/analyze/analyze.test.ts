/** The analysis over a hand-built snapshot: filters, rule wiring, health, costs, plans, completeness. */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { healthScore } from "../../live-checks/analyze/health";
import { flushesPerMonth } from "../../live-checks/analyze/traffic-costs";
import { defaultConfig, parseConfigText } from "../../live-checks/config-file";
import { GIB, MIB, REGION, bytesAt, evenShards, repeat, series, snapshotOf, stream } from "../fixtures/analysis/builders";
import { fixtureSnapshot as fleet, streamAlarms } from "../fixtures/analysis/fleet";
import { metric } from "../../rules/metric-requests";

describe("analyzeSnapshot", () => {
  const a = analyzeSnapshot(fleet(), defaultConfig());
  const findingIds = (name: string) =>
    [...a.streams.map((s) => [s.stream.name, s.findings] as const), ...a.deliveryStreams.map((d) => [d.deliveryStream.name, d.findings] as const)]
      .filter(([n]) => n === name)
      .flatMap(([, f]) => f.map((x) => x.ruleId))
      .sort();

  // Issue 11 point 8 changed this: low traffic (over the minutes with data) skips the metric and cost
  // rules only, so quiet and silent are listed as skipped AND judged by the configuration rules.
  it("lists low-traffic and no-data streams as skipped with reasons, keeps collection-time skips", () => {
    expect(a.skipped.map((s) => [s.name, s.code])).toEqual([
      ["quiet", "low-traffic"],
      ["silent", "low-traffic"],
      ["test-orders", "name-prefix"],
    ]);
    expect(a.skipped.find((s) => s.name === "silent")!.reason).toContain("no IncomingRecords data");
    expect(a.skipped.find((s) => s.name === "quiet")!.reason).toContain("100.0 records/min over the 168 h with data (<= 100)");
    expect(a.streams.map((s) => s.stream.name)).toEqual(["broken", "idle-archive", "quiet", "silent", "telemetry"]);
  });

  it("runs every rule on busy resources; configuration rules (and the idle-stream rule) on low-traffic ones", () => {
    expect(findingIds("telemetry")).toEqual(["kds-consumer-lag", "kds-hot-shard"]);
    expect(findingIds("idle-archive")).toEqual(["kds-over-provisioned"]);
    expect(findingIds("broken")).toEqual([]);
    // the delivery stream has no alarm and 1 MB / 60 s buffers
    expect(findingIds("clicks-to-s3")).toEqual(["kdf-alarms", "kdf-small-buffers"]);
    // quiet and silent have no alarms (configuration rule); silent wrote nothing on its 2 shards
    expect(findingIds("quiet")).toEqual(["kds-alarms"]);
    expect(findingIds("silent")).toEqual(["kds-alarms", "kds-idle-stream"]);
    expect(a.shardPlan.some((p) => p.streamName === "quiet" || p.streamName === "silent")).toBe(false);
  });

  it("scores health: telemetry has a high (consumer lag) and a medium finding -> 70", () => {
    expect(a.streams.find((s) => s.stream.name === "telemetry")!.healthScore).toBe(70);
    expect(healthScore([{ severity: "high" }, { severity: "high" }, { severity: "high" }, { severity: "high" }, { severity: "high" }, { severity: "low" }])).toBe(0);
  });

  it("prices small buffers from measured traffic", () => {
    // 14 GiB in 168 h -> 14 x 730 / 168 = 60.83 GiB/month over 2,628,000 s = 24,855 B/s.
    // 1 MiB fills in 42.19 s < 60 s -> 62,290 flushes; at 5 MiB / 300 s: fill 210.9 s -> 12,458.
    // (62,290 - 12,458) / 1000 x $0.005 = $0.249 -> $0.25.
    const rate = (14 * GIB * (730 / 168)) / (730 * 3600);
    expect(flushesPerMonth(1, 60, rate)).toBeCloseTo(2_628_000 / (MIB / rate), 6);
    const f = a.deliveryStreams[0]!.findings.find((x) => x.ruleId === "kdf-small-buffers")!;
    const expected = Math.round(((2_628_000 / (MIB / rate) - 2_628_000 / ((5 * MIB) / rate)) / 1000) * 0.005 * 100) / 100;
    expect(f.monthlyImpactUsd).toBe(expected);
    expect(expected).toBe(0.25);
  });

  it("sums cost findings into the summary", () => {
    const over = a.findings.find((f) => f.ruleId === "kds-over-provisioned")!;
    expect(over.monthlyImpactUsd).toBe(76.65);
    // silent: 2 idle shards x $0.015 x 730 = $21.90
    const idle = a.findings.find((f) => f.ruleId === "kds-idle-stream")!;
    expect(idle.monthlyImpactUsd).toBe(21.9);
    expect(a.summary.costOptimizationOpportunities).toBe(3);
    expect(a.summary.estimatedMonthlySavings).toBeCloseTo(76.65 + 21.9 + (a.deliveryStreams[0]!.findings.find((x) => x.ruleId === "kdf-small-buffers")!.monthlyImpactUsd ?? 0), 6);
    expect(a.summary.laggingConsumers).toBe(1);
    expect(a.summary.maxConsumerLagMs).toBe(12_000);
  });

  it("plans the split at the hot shard's midpoint and merges nothing hot", () => {
    const split = a.shardPlan.filter((p) => p.action === "split");
    expect(split).toHaveLength(1);
    expect(split[0]!.newStartingHashKey).toBe("297747071055821155530452781502797185024");
    // shards 0,1 and 2 are at 10 %: not below the 10 % cold threshold -> no merge.
    expect(a.shardPlan.filter((p) => p.action === "merge")).toEqual([]);
    const upd = a.shardPlan.find((p) => p.action === "update_shard_count")!;
    expect(upd.streamName).toBe("idle-archive");
    expect(upd.commands).toEqual([
      "aws kinesis update-shard-count --stream-name idle-archive --target-shard-count 4 --scaling-type UNIFORM_SCALING --region us-east-1",
      "aws kinesis update-shard-count --stream-name idle-archive --target-shard-count 2 --scaling-type UNIFORM_SCALING --region us-east-1",
      "aws kinesis update-shard-count --stream-name idle-archive --target-shard-count 1 --scaling-type UNIFORM_SCALING --region us-east-1",
    ]);
  });

  it("recommends alarms: the delivery stream's success first, the consumer's lag", () => {
    expect(a.alarmRecommendations.map((r) => [r.resourceName, r.metricName, r.priority])).toEqual([
      ["clicks-to-s3", "DeliveryToS3.Success", 1],
      ["quiet", "GetRecords.IteratorAgeMilliseconds", 1],
      ["quiet", "WriteProvisionedThroughputExceeded", 1],
      ["silent", "GetRecords.IteratorAgeMilliseconds", 1],
      ["silent", "WriteProvisionedThroughputExceeded", 1],
      ["clicks-to-s3", "DeliveryToS3.DataFreshness", 2],
      ["telemetry/analytics", "SubscribeToShardEvent.MillisBehindLatest", 2],
    ]);
  });

  it("marks the audit incomplete and lists the missing data on the stream", () => {
    expect(a.complete).toBe(false);
    const broken = a.streams.find((s) => s.stream.name === "broken")!;
    expect(broken.missingData.map((m) => m.metric)).toContain("AWS/Kinesis IncomingRecords");
    expect(broken.missingData.find((m) => m.metric === "AWS/Kinesis IncomingRecords")!.reason).toContain("AccessDenied");
    expect(broken.metrics.incomingRecords).toBeNull();
  });

  it("reports no data as null, never zero", () => {
    const t = a.streams.find((s) => s.stream.name === "broken")!;
    expect(t.metrics.maxIteratorAgeMs).toBeNull();
    expect(t.metrics.throttleRatePercent).toBeNull();
  });

  it("honours a disabled rule and the health-score settings", () => {
    const cfg = parseConfigText(JSON.stringify({ "kds-hot-shard": "disabled", "kinesis-guard": { healthScore: { high: 30 } } }), "kg.json");
    const b = analyzeSnapshot(fleet(), cfg);
    const t = b.streams.find((s) => s.stream.name === "telemetry")!;
    expect(t.findings.map((f) => f.ruleId)).toEqual(["kds-consumer-lag"]);
    expect(t.healthScore).toBe(70);
  });
});

describe("merge plan", () => {
  it("merges the cold adjacent pair of a stream that is not resized", () => {
    // shards at 5, 5, 50, 50 % -> stream mean 27.5 % (not over-provisioned), mean shard bytes x2 = 55 % (none hot).
    const shards = evenShards(4);
    const s = stream("mixed", { shards, shardCount: 4, shardLevelMetrics: ["IncomingBytes"] });
    const pcts = [5, 5, 50, 50];
    const snap = snapshotOf({
      streams: [s],
      alarms: streamAlarms("mixed"),
      metrics: [
        series(metric.streamIncomingRecords(REGION, "mixed"), repeat(168, 60_000)),
        series(metric.streamIncomingBytes(REGION, "mixed"), repeat(168, bytesAt(27.5, 4))),
        series(metric.streamWriteThrottled(REGION, "mixed"), [0]),
        series(metric.streamIteratorAgeMax(REGION, "mixed"), [0]),
        ...shards.map((sh, i) => series(metric.shardIncomingBytes(REGION, "mixed", sh.shardId), repeat(168, bytesAt(pcts[i]!, 1)))),
      ],
    });
    const a = analyzeSnapshot(snap, defaultConfig());
    expect(a.findings).toEqual([]);
    expect(a.complete).toBe(true);
    expect(a.shardPlan).toHaveLength(1);
    const m = a.shardPlan[0]!;
    expect(m).toMatchObject({ action: "merge", shardId: shards[0]!.shardId, adjacentShardId: shards[1]!.shardId, priority: "low" });
    expect(m.commands).toEqual([
      `aws kinesis merge-shards --stream-name mixed --shard-to-merge ${shards[0]!.shardId} --adjacent-shard-to-merge ${shards[1]!.shardId} --region us-east-1`,
    ]);
    // merged: 5 % + 5 % every hour -> 10 %, within the 80 % target peak of any reduction.
    expect(m.projectedImprovement).toContain("one shard at peak 10.0 % (at most 80 %)");
  });
});

describe("NAT cost of a missing VPC endpoint", () => {
  it("shows the producers' NAT processing as conditional, never as a saving", async () => {
    const { withTrafficCost } = await import("../../live-checks/analyze/traffic-costs");
    const { US_EAST_1 } = await import("../../rules/pricing");
    const { deliveryStream, lookupOf, WINDOW } = await import("../fixtures/analysis/builders");
    const d = deliveryStream("logs-to-opensearch", { destination: "opensearch", vpc: { vpcId: "vpc-1", subnetIds: ["subnet-1"] } });
    const f = { ruleId: "kdf-vpc-endpoint", issue: "VPC Endpoint Not Used", severity: "low" as const, resource: d.id, details: "x.", remediation: "y", data: { vpcId: "vpc-1", interfaceEndpoints: [] } };
    // 14 GiB in 168 h -> 14 x 730 / 168 = 60.833 GiB/month: NAT $0.045/GB = $2.7375; through an
    // interface endpoint $0.01/GB = $0.608 -> conditional saving 60.833 x 0.035 = $2.129 -> $2.13.
    const priced = withTrafficCost(f, d, lookupOf([series(metric.firehoseBytes(REGION, "logs-to-opensearch", false), [14 * GIB])]), WINDOW, US_EAST_1);
    expect(priced.monthlyImpactUsd).toBeUndefined();
    expect(priced.data!.conditionalMonthlyUsd).toBe(2.13);
    expect(priced.data!.natMonthlyUsd).toBe(2.74);
    // without traffic data the finding is unchanged (no invented zero)
    expect(withTrafficCost(f, d, lookupOf([]), WINDOW, US_EAST_1)).toBe(f);
  });
});
