/**
 * The live audit asks the rules (issue 12 phase 2): each hook's answer for the catalog, and proof
 * that live-checks/ takes it from the rule, not from a list of its own.
 */
import { describe, expect, it } from "vitest";
import { CATALOG, rule } from "../../rules/catalog";
import type { Rule } from "../../rules/catalog";
import type { Finding, ResourceRef } from "../../rules/model";
import { metric } from "../../rules/metric-requests";
import { US_EAST_1 } from "../../rules/pricing";
import { blockedRules } from "../../live-checks/analyze/blocked-rules";
import { callGaps, gapDeductions } from "../../live-checks/analyze/missing-data";
import { highPriorityIssues } from "../../live-checks/analyze/high-priority";
import { withDeliveryTraffic } from "../../live-checks/analyze/traffic-costs";
import { alarmRecommendations } from "../../live-checks/analyze/alarm-recommendations";
import { defaultConfigs } from "../../rules/config";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { toRemediationStubs } from "../../live-checks/report/remediation-model";
import { shardPlanFor } from "../../live-checks/analyze/shard-plan";
import { NOT_LIVE_RULES } from "../../live-checks/analyze";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { GIB, REGION, WINDOW, consumer, deliveryStream, lookupOf, series, stream } from "../fixtures/analysis/builders";

function high(ruleId: string, resource: ResourceRef, data?: Record<string, unknown>): Finding {
  return { ruleId, issue: "x", severity: "high", resource, details: "d.", remediation: "r", ...(data ? { data } : {}) };
}

/** A catalog rule with other live hooks (the rest of the rule unchanged). */
function withHooks(id: string, live: Rule["live"]): Rule {
  return { ...rule(id), live };
}

describe("blockedBy", () => {
  it("a failed alarm listing blocks both alarm rules in its region only; endpoints block kdf-vpc-endpoint", () => {
    const b = blockedRules([
      { api: "CloudWatch.DescribeAlarms", region: "eu-west-1", message: "denied" },
      { api: "EC2.DescribeVpcEndpoints", region: "us-east-1", message: "denied" },
    ]);
    expect(b.blocks("kds-alarms", "eu-west-1")).toBe(true);
    expect(b.blocks("kdf-alarms", "eu-west-1")).toBe(true);
    expect(b.blocks("kds-alarms", "us-east-1")).toBe(false);
    expect(b.blocks("kdf-vpc-endpoint", "us-east-1")).toBe(true);
    expect(b.blocks("kdf-vpc-endpoint", "eu-west-1")).toBe(false);
    expect(b.blocks("kds-encryption", "eu-west-1")).toBe(false);
  });

  it("ListStreams blocks kds-cross-region everywhere, but only when a DR region's listing failed", () => {
    expect(blockedRules([{ api: "Kinesis.ListStreams", region: "us-east-1", message: "x" }]).blocks("kds-cross-region", "us-east-1")).toBe(false);
    const dr = blockedRules([{ api: "Kinesis.ListStreams", region: "us-west-2", resource: "DR region", message: "x" }]);
    expect(dr.blocks("kds-cross-region", "us-east-1")).toBe(true);
    expect(dr.blocks("kds-cross-region", "eu-west-1")).toBe(true);
  });

  it("the blocking calls come from the rules' hooks", () => {
    const base = rule("kds-retention");
    const custom = { ...base, live: { blockedBy: [{ api: "Kinesis.DescribeStreamSummary", scope: "region" as const }] } };
    const b = blockedRules([{ api: "Kinesis.DescribeStreamSummary", region: "us-east-1", message: "x" }], [custom]);
    expect(b.blocks("kds-retention", "us-east-1")).toBe(true);
    expect(blockedRules([{ api: "Kinesis.DescribeStreamSummary", region: "us-east-1", message: "x" }]).blocks("kds-retention", "us-east-1")).toBe(false);
    expect(CATALOG.filter((r) => (r.live.blockedBy ?? []).length > 0).map((r) => r.id).sort()).toEqual(["kdf-alarms", "kdf-vpc-endpoint", "kds-alarms", "kds-consumer-lag", "kds-cross-region", "kds-hot-shard"]);
  });

  it("a failed call about one stream blocks its rules on that stream only, and is named on it with the rules it kept from judging", () => {
    const errors = [
      { api: "Kinesis.ListStreamConsumers", region: REGION, resource: "stream/orders", message: "AccessDeniedException: no" },
      { api: "EC2.DescribeVpcEndpoints", region: REGION, message: "AccessDeniedException: no ec2" },
    ];
    const b = blockedRules(errors);
    expect(b.blocks("kds-consumer-lag", REGION, "stream/orders")).toBe(true);
    expect(b.blocks("kds-consumer-lag", REGION, "stream/other")).toBe(false);
    const sev = (id: string) => CATALOG.find((r) => r.id === id);
    const gaps = callGaps(errors, REGION, "stream/orders", b, sev, stream("orders"));
    expect(gaps).toEqual([
      { metric: "Kinesis.ListStreamConsumers", stat: "consumer list", dimensions: { StreamName: "orders" }, reason: "AccessDeniedException: no (not judged: kds-consumer-lag)", unjudged: [{ ruleId: "kds-consumer-lag", severity: rule("kds-consumer-lag").severity }] },
    ]);
    expect(gapDeductions(gaps)).toEqual([{ ruleId: "kds-consumer-lag", severity: rule("kds-consumer-lag").severity }]);
    expect(callGaps(errors, REGION, "stream/other", b, sev, stream("other"))).toEqual([]);
    // A region-wide listing counts only on the resources its rule would judge (kdf-vpc-endpoint: VPC delivery).
    const inVpc = deliveryStream("to-search", { vpc: { vpcId: "vpc-1", subnetIds: ["s"] } });
    expect(callGaps(errors, REGION, "deliveryStream/to-search", b, sev, inVpc).map((g) => [g.metric, g.reason])).toEqual([["EC2.DescribeVpcEndpoints", "AccessDeniedException: no ec2 (not judged: kdf-vpc-endpoint)"]]);
    expect(callGaps(errors, REGION, "deliveryStream/to-s3", b, sev, deliveryStream("to-s3"))).toEqual([]);
    // A disabled rule (no severity given) is not counted.
    expect(callGaps(errors, REGION, "stream/orders", b, () => undefined, stream("orders"))[0]!.unjudged).toEqual([]);
  });
});

describe("deliveryTrafficCost and deliveryMeasured", () => {
  const d = deliveryStream("to-s3", { destination: "extended_s3", buffering: { sizeMb: 1, intervalSeconds: 60 } });
  const bytes = series(metric.firehoseBytes(REGION, "to-s3", false), [14 * GIB]);
  const base = { lookup: lookupOf([bytes]), window: WINDOW, pricing: () => US_EAST_1 };

  it("prices a finding with the hook of its rule and leaves findings of rules without one", () => {
    const f = high("kds-retention", d.id);
    const priced = withDeliveryTraffic([f], [d], {
      ...base,
      configOf: () => undefined,
      rules: [withHooks("kds-retention", { deliveryTrafficCost: (x, _d, monthly) => ({ ...x, monthlyImpactUsd: Math.round(monthly / GIB) }) })],
    });
    // 14 GiB in 168 h -> 14 x 730 / 168 = 60.8 GiB/month
    expect(priced.map((x) => x.monthlyImpactUsd)).toEqual([61]);
    expect(withDeliveryTraffic([f], [d], { ...base, configOf: () => undefined })).toEqual([f]);
  });

  it("re-judges a rule with a deliveryMeasured hook from hourly bytes, only when the rule is enabled", () => {
    const hourly = series(metric.firehoseBytesHourly(REGION, "to-s3", false), [GIB, GIB]);
    const f = high("kds-retention", d.id);
    const judged = high("kds-retention", d.id, { measured: true });
    const rules = [withHooks("kds-retention", { deliveryMeasured: (_d, ctx, t) => (ctx.config.on ? [{ ...judged, data: { hours: t.hourlyBytes.length } }] : []) })];
    const ctx = { ...base, lookup: lookupOf([bytes, hourly]), rules };
    expect(withDeliveryTraffic([f], [d], { ...ctx, configOf: () => ({ on: true }) }).map((x) => x.data)).toEqual([{ hours: 2 }]);
    // disabled: the static finding goes (it was re-judged) and no measured verdict is added
    expect(withDeliveryTraffic([f], [d], { ...ctx, configOf: () => undefined })).toEqual([]);
  });

  it("the catalog's traffic hooks", () => {
    expect(CATALOG.filter((r) => r.live.deliveryTrafficCost).map((r) => r.id)).toEqual(["kdf-small-buffers", "kdf-vpc-endpoint"]);
    expect(CATALOG.filter((r) => r.live.deliveryMeasured).map((r) => r.id)).toEqual(["kdf-small-buffers"]);
  });
});

describe("issueKey", () => {
  const s = stream("orders");
  const d1 = deliveryStream("orders-to-s3");
  const d2 = deliveryStream("orders-to-es");
  it("counts an unencrypted stream and the delivery streams it feeds as one issue", () => {
    const src = { sourceStream: s.id.ref };
    expect(highPriorityIssues([high("kds-encryption", s.id), high("kdf-encryption", d1.id, src), high("kdf-encryption", d2.id, src)])).toBe(1);
    // a DirectPut delivery stream without SSE is an issue of its own
    expect(highPriorityIssues([high("kds-encryption", s.id), high("kdf-encryption", d1.id)])).toBe(2);
  });

  it("asks the rules", () => {
    const fs = [high("kds-retention", s.id), high("kds-retention", d1.id)];
    expect(highPriorityIssues(fs)).toBe(2);
    expect(highPriorityIssues(fs, [withHooks("kds-retention", { issueKey: () => "same" })])).toBe(1);
  });
});

describe("alarmRecommendations", () => {
  const s = stream("orders");
  const d = deliveryStream("orders-to-s3");
  const c = consumer("orders", "billing");
  const findings = [
    { ...high("kds-alarms", s.id, { missingMetrics: ["GetRecords.IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"] }), severity: "medium" as const },
    { ...high("kdf-alarms", d.id, { missingMetrics: ["DeliveryToS3.Success"] }), severity: "medium" as const },
  ];
  const analyzed = { streams: [s], consumers: [c], alarms: [] };

  it("thresholds come from the rules' configs", () => {
    const configs = { ...defaultConfigs(), "kds-iterator-age": { maxIteratorAgeMs: 30000 }, "kdf-delivery-failures": { maxFailurePercent: 7 }, "kds-consumer-lag": { maxMillisBehindLatest: 2500 } };
    const recs = alarmRecommendations(findings, analyzed, configs);
    expect(recs.map((r) => [r.resourceName, r.metricName, r.threshold])).toEqual([
      ["orders", "GetRecords.IteratorAgeMilliseconds", 30000],
      ["orders", "WriteProvisionedThroughputExceeded", 0],
      ["orders-to-s3", "DeliveryToS3.Success", 0.93],
      ["orders/billing", "SubscribeToShardEvent.MillisBehindLatest", 2500],
    ]);
    // defaults: 60000 ms, 1 % failed (0.99), 5000 ms
    expect(alarmRecommendations(findings, analyzed, defaultConfigs()).map((r) => r.threshold)).toEqual([60000, 0, 0.99, 5000]);
  });

  it("asks the rules", () => {
    const only = [withHooks("kds-retention", { alarmRecommendations: (ctx) => ctx.findings.map((f) => ({ ...ALARM, resourceName: f.resource.displayName })) })];
    expect(alarmRecommendations([high("kds-retention", s.id), ...findings], analyzed, defaultConfigs(), only).map((r) => r.resourceName)).toEqual(["orders"]);
    expect(CATALOG.filter((r) => r.live.alarmRecommendations).map((r) => r.id)).toEqual(["kds-alarms", "kdf-alarms", "kds-consumer-lag"]);
  });
});

const ALARM = {
  resourceName: "",
  resourceType: "stream",
  region: REGION,
  priority: 1,
  namespace: "AWS/Kinesis",
  metricName: "m",
  dimensions: {},
  statistic: "Sum",
  comparison: "GreaterThanThreshold",
  threshold: 0,
  periodSeconds: 60,
  evaluationPeriods: 1,
  why: "w",
} as const;

describe("remediationValues", () => {
  const analysis = analyzeSnapshot(fixtureSnapshot(), defaultConfig());

  it("the stubs' values are the rule's answer", () => {
    const ids = [...new Set(analysis.findings.map((f) => f.ruleId))];
    expect(ids.length).toBeGreaterThan(3);
    const hooked = new Map(ids.map((id) => [id, withHooks(id, { remediationValues: (f, input) => ({ maxFailurePercent: input.resourceFindings.indexOf(f), drRegion: input.resourceName }) })]));
    const stubs = toRemediationStubs(analysis, hooked);
    expect(stubs).toHaveLength(analysis.findings.length);
    for (const s of stubs) {
      expect(s.context.drRegion).toBe(s.context.resourceName);
      expect(s.context.maxFailurePercent).toBeGreaterThanOrEqual(0);
    }
    // without hooks: no rule values at all
    for (const s of toRemediationStubs(analysis, new Map())) {
      expect([s.context.alarms, s.context.drRegion, s.context.shardChange, s.context.retention, s.context.throttling]).toEqual([[], "", undefined, undefined, undefined]);
    }
  });

  it("the catalog's remediation hooks", () => {
    expect(CATALOG.filter((r) => r.live.remediationValues).map((r) => r.id).sort()).toEqual([
      "kdf-alarms",
      "kdf-delivery-failures",
      "kds-alarms",
      "kds-consumer-lag",
      "kds-cross-region",
      "kds-enhanced-monitoring",
      "kds-iterator-age",
      "kds-on-demand-steady",
      "kds-over-provisioned",
      "kds-retention",
      "kds-under-provisioned",
      "kds-write-throttling",
    ]);
  });
});

describe("drFlags", () => {
  it("kds-cross-region gives the DR flags; a blocked region makes an unknown flag say why", () => {
    const hook = rule("kds-cross-region").live.drFlags;
    expect(CATALOG.filter((r) => r.live.drFlags).map((r) => r.id)).toEqual(["kds-cross-region"]);
    const s = stream("payments-primary", { tags: { Criticality: "critical" } });
    const config = defaultConfigs()["kds-cross-region"]!;
    const input = { streams: [s], drStreams: [], findings: [], config };
    expect(hook!({ ...input, blocked: () => true })[0]).toMatchObject({ status: "unknown", action: expect.stringContaining("could not be listed") });
    expect(hook!({ ...input, blocked: () => false })[0]!.action).not.toContain("could not be listed");
  });
});

describe("shardPlan", () => {
  it("the plan's split and UpdateShardCount entries are the rules' answer", () => {
    expect(CATALOG.filter((r) => r.live.shardPlan).map((r) => r.id)).toEqual(["kds-under-provisioned", "kds-over-provisioned", "kds-hot-shard"]);
    const s = stream("orders", { shardCount: 2 });
    const f = high("kds-retention", s.id);
    const entry = { streamName: "orders", region: REGION, shardId: null, action: "update_shard_count" as const, reason: "r", currentThroughput: null, avgThroughput: null, projectedImprovement: "p", priority: "low" as const, commands: [] };
    const rules = new Map([["kds-retention", withHooks("kds-retention", { shardPlan: (_f, input) => [{ ...entry, reason: input.streamName }] })]]);
    expect(shardPlanFor(s, [f], lookupOf([]), {}, 604800, null, US_EAST_1, rules).map((e) => e.reason)).toEqual(["orders"]);
    expect(shardPlanFor(s, [f], lookupOf([]), {}, 604800, null, US_EAST_1)).toEqual([]);
  });
});

describe("packOnly and consumerLagLimitMs", () => {
  it("the live audit skips the pack-only rules and takes the lag limit from kds-consumer-lag's config", () => {
    expect([...NOT_LIVE_RULES]).toEqual(["kdf-plaintext-credentials"]);
    const lag = CATALOG.filter((r) => r.live.consumerLagLimitMs);
    expect(lag.map((r) => r.id)).toEqual(["kds-consumer-lag"]);
    expect(lag[0]!.live.consumerLagLimitMs!({ maxMillisBehindLatest: 1234 })).toBe(1234);
  });
});
