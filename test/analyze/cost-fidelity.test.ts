/**
 * Cost models that match AWS billing (issue 11, points 5-7). Every expected number is computed by
 * hand in the comments from the us-east-1 price table (rules/pricing.ts) and AWS's billing rules.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { toAnalysisReport } from "../../live-checks/report/analysis-json";
import { resolveRuleConfig } from "../../rules/config";
import { STREAM_METRIC_RULES } from "../../rules/metric";
import { metric, type MetricSeries } from "../../rules/metric-requests";
import type { DeliveryStreamConfig, Inventory, StreamConfig, VpcEndpointConfig } from "../../rules/model";
import { billedUnits, US_EAST_1 } from "../../rules/pricing";
import { kdfSmallBuffers } from "../../rules/kdf-small-buffers/rule";
import { kdfVpcEndpoint } from "../../rules/kdf-vpc-endpoint/rule";
import { GIB, MIB, REGION, WINDOW, consumer, deliveryStream, lookupOf, noData, repeat, series, snapshotOf, stream } from "../fixtures/analysis/builders";

const HOURS = 168;

function onDemand(s: StreamConfig, metrics: MetricSeries[], consumers = [] as ReturnType<typeof consumer>[]) {
  const id = "kds-on-demand-steady";
  return STREAM_METRIC_RULES[id]!(s, { config: resolveRuleConfig(id, undefined), pricing: US_EAST_1, metrics: lookupOf(metrics), window: WINDOW, consumers });
}

describe("point 5: on-demand bills each record rounded up to 1 KiB", () => {
  it("rounds per record: 1 KiB on-demand units, 25 KiB PUT payload units (AWS's 4.5 KB -> 5 KB example)", () => {
    expect(billedUnits(10 * 4608, 10, 1024)).toEqual({ units: 50, exact: true }); // 4.5 KiB records -> 5 KiB each
    expect(billedUnits(100 * 100, 100, 1024).units).toBe(100); // 100-byte records -> 1 KiB each
    expect(billedUnits(100 * 30 * 1024, 100, 25 * 1024).units).toBe(200); // 30 KiB -> 2 PUT payload units
    expect(billedUnits(100 * 1024, 100, 1024).units).toBe(100); // exactly 1 KiB stays 1
    expect(billedUnits(5000, undefined, 1024)).toEqual({ units: 5000 / 1024, exact: false }); // no record count: raw bytes, a lower bound
  });

  // A steady stream of 100-byte records: 1,000 records/s = 3,600,000 records and 360,000,000 bytes
  // per hour, for 168 hours.
  //   Peak need: max(360e6 / (1 MiB x 3600) = 0.095, 3.6e6 / 3.6e6 = 1) = 1 shard / 60 % -> 2 shards.
  //   Provisioned: 2 x $0.015 x 730 = $21.90 + 3.6e6 x 730 = 2,628 million PUT units x $0.014 = $36.792 -> $58.692.
  //   On-demand data-in, raw bytes (the old model): 360e6 x 730 / 2^30 = 244.75 GB x $0.08 = $19.58
  //     + $29.20 = $48.78 < $58.69 -> "on-demand is cheaper": wrong.
  //   On-demand data-in, each record billed as 1 KiB: 3.6e6 KiB x 730 = 2.628e9 KiB = 2,506.2561 GB
  //     x $0.08 = $200.5005 + $29.20 = $229.7005 -> provisioned saves $171.0085 -> $171.01.
  //   With reads measured (GetRecords: the same 3.6e6 records / 360e6 bytes per hour), data-out
  //     2,506.2561 GB x $0.04 = $100.2502 -> on-demand $329.9507, saving $271.2587 -> $271.26.
  const s = stream("device-pings", { mode: "ON_DEMAND", shardCount: undefined });
  const writes = [
    series(metric.streamIncomingBytes(REGION, "device-pings"), repeat(HOURS, 360_000_000)),
    series(metric.streamIncomingRecords(REGION, "device-pings"), repeat(HOURS, 3_600_000)),
  ];
  const reads = [
    series(metric.streamGetRecordsBytes(REGION, "device-pings"), repeat(HOURS, 360_000_000)),
    series(metric.streamGetRecordsRecords(REGION, "device-pings"), repeat(HOURS, 3_600_000)),
  ];

  it("flags a steady 100-byte-record stream that raw bytes made look cheap on-demand (data-out not measured)", () => {
    const [f, ...more] = onDemand(s, [...writes, ...reads.map((r) => noData(r))]);
    expect(more).toEqual([]);
    expect(f).toBeDefined();
    expect(f!.data!.provisionedShards).toBe(2);
    expect(f!.data!.provisionedMonthlyUsd).toBeCloseTo(58.692, 9);
    expect(f!.data!.billedInGbPerMonth).toBeCloseTo(2_628_000_000 / 1024 ** 2, 6);
    expect(f!.data!.onDemandMonthlyUsd).toBeCloseTo(229.7005, 4);
    expect(f!.monthlyImpactUsd).toBe(171.01);
    expect(f!.data!.dataOutIncluded).toBe(false);
    // The finding states the premise: what was billed, the assumption, and what is left out.
    expect(f!.details).toContain("100-byte records average, billed 1 KiB each");
    expect(f!.details).toContain("data-out not included (no GetRecords data in the window)");
    expect(f!.details).toContain("each record of an hour is taken at that hour's average size");
  });

  it("adds on-demand data-out where GetRecords reads are measured, rounded the same way", () => {
    const [f] = onDemand(s, [...writes, ...reads]);
    expect(f!.data!.billedOutGbPerMonth).toBeCloseTo(2_628_000_000 / 1024 ** 2, 6);
    expect(f!.data!.onDemandMonthlyUsd).toBeCloseTo(329.9507, 4);
    expect(f!.monthlyImpactUsd).toBe(271.26);
    expect(f!.details).toContain("data-out $100.25");
  });

  it("says which reads are not included: uncollected GetRecords, enhanced fan-out consumers", () => {
    const [f] = onDemand(s, writes, [consumer("device-pings", "fanout-a")]);
    expect(f!.details).toContain("data-out not included (GetRecords metrics not collected)");
    expect(f!.details).toContain("enhanced fan-out reads of 1 consumer not included");
  });

  it("rounds PUT payload units per 25 KiB: 30 KiB records cost 2 units each", () => {
    // 10 records/s of 30 KiB: 36,000 records and 1,105,920,000 bytes per hour (0.29 shards -> 1 shard).
    //   Provisioned: $10.95 + 36,000 x 2 units x 730 = 52.56 million x $0.014 = $0.73584 -> $11.68584.
    //   On-demand: 36,000 x 30 KiB x 730 / 2^20 = 751.9 GB x $0.08 = $60.15 + $29.20 = $89.35.
    const big = stream("snapshots", { mode: "ON_DEMAND", shardCount: undefined });
    const [f] = onDemand(big, [
      series(metric.streamIncomingBytes(REGION, "snapshots"), repeat(HOURS, 36_000 * 30 * 1024)),
      series(metric.streamIncomingRecords(REGION, "snapshots"), repeat(HOURS, 36_000)),
    ]);
    expect(f!.data!.putUnitsPerRecord).toBe(2);
    expect(f!.data!.provisionedMonthlyUsd).toBeCloseTo(10.95 + 0.73584, 9);
    expect(f!.data!.onDemandMonthlyUsd).toBeCloseTo(29.2 + ((36_000 * 30 * 730) / 1024 ** 2) * 0.08, 9);
  });
});

describe("point 6: no dollar figure without its premise (kdf-vpc-endpoint)", () => {
  const vpc = { vpcId: "vpc-0abc", subnetIds: ["subnet-1"] };
  const endpoint = (serviceName: string, endpointType: string): VpcEndpointConfig => ({
    kind: "vpcEndpoint",
    id: { ref: `vpce-${serviceName}`, displayName: serviceName, type: "aws:ec2/vpcEndpoint:VpcEndpoint" },
    vpcId: "vpc-0abc",
    serviceName,
    endpointType,
    region: REGION,
    dependsOn: [],
  });
  const ds = deliveryStream("docs-to-opensearch", { destination: "opensearch", vpc, buffering: { sizeMb: 5, intervalSeconds: 300 } });
  // 70 GiB in 168 h -> x 730 / 168 = 304.17 GB/month. NAT processing $0.045/GB = $13.6875; an
  // interface endpoint $0.01/GB = $3.0417; conditional saving 304.1667 x 0.035 = $10.6458 -> $10.65.
  const metrics = [
    series(metric.firehoseRecords(REGION, "docs-to-opensearch", false), [HOURS * 60 * 1000]),
    series(metric.firehoseBytes(REGION, "docs-to-opensearch", false), [70 * GIB]),
    series(metric.firehoseBytesHourly(REGION, "docs-to-opensearch", false), repeat(HOURS, (70 * GIB) / HOURS)),
  ];
  const audit = (endpoints: VpcEndpointConfig[]) => analyzeSnapshot(snapshotOf({ deliveryStreams: [ds], vpcEndpoints: endpoints, metrics }), defaultConfig());

  it("keeps the NAT figure out of estimated_monthly_savings and shows it as conditional", () => {
    const a = audit([]);
    const f = a.findings.find((x) => x.ruleId === "kdf-vpc-endpoint")!;
    expect(f.monthlyImpactUsd).toBeUndefined();
    expect(f.data!.conditionalMonthlyUsd).toBe(10.65);
    expect(f.details).toContain("Conditional, not counted in estimated savings: if its producers run in VPC vpc-0abc and reach kinesis-firehose through a NAT gateway");
    expect(a.summary.estimatedMonthlySavings).toBe(0);
    expect(a.summary.conditionalMonthlySavings).toBe(10.65);
    const report = toAnalysisReport(a);
    const view = report.firehose_streams[0]!.findings.find((x) => x.rule_id === "kdf-vpc-endpoint")!;
    expect(view.monthly_impact_usd).toBeNull();
    expect(view.conditional_monthly_savings).toBe(10.65);
    expect(view.conditional_on).toBe("its producers run in VPC vpc-0abc and reach kinesis-firehose through a NAT gateway");
    expect(report.summary.estimated_monthly_savings).toBe(0);
    expect(report.summary.conditional_monthly_savings).toBe(10.65);
  });

  it("gives no figure at all when the VPC has the producers' interface endpoint", () => {
    const a = audit([endpoint(`com.amazonaws.${REGION}.kinesis-firehose`, "Interface")]);
    const f = a.findings.find((x) => x.ruleId === "kdf-vpc-endpoint")!;
    expect(f.monthlyImpactUsd).toBeUndefined();
    expect(f.data!.conditionalMonthlyUsd).toBeUndefined();
    expect(f.details).toContain("has a kinesis-firehose interface endpoint");
    expect(a.summary.conditionalMonthlySavings).toBe(0);
  });

  it("never says Firehose's own traffic crosses the NAT gateway (stack rule text)", () => {
    const inv: Inventory = { streams: [], consumers: [], deliveryStreams: [ds], alarms: [], vpcEndpoints: [] };
    const [f] = kdfVpcEndpoint(inv, { config: resolveRuleConfig("kdf-vpc-endpoint", undefined), pricing: US_EAST_1 });
    expect(f!.details).toContain("Firehose's own deliveries and S3 backups do not pass through your NAT gateway");
    expect(f!.monthlyImpactUsd).toBeUndefined();
  });
});

describe("point 7: small buffers judged from the flushes real traffic causes", () => {
  const s3 = (name: string, sizeMb: number, intervalSeconds: number): DeliveryStreamConfig => deliveryStream(name, { buffering: { sizeMb, intervalSeconds } });
  const withTraffic = (d: DeliveryStreamConfig, bytesPerHour: number, hourly = true) => [
    series(metric.firehoseRecords(REGION, String(d.name), false), [HOURS * 60 * 1000]),
    series(metric.firehoseBytes(REGION, String(d.name), false), [bytesPerHour * HOURS]),
    ...(hourly ? [series(metric.firehoseBytesHourly(REGION, String(d.name), false), repeat(HOURS, bytesPerHour))] : []),
  ];
  const smallBuffers = (ds: DeliveryStreamConfig[], metrics: MetricSeries[]) =>
    analyzeSnapshot(snapshotOf({ deliveryStreams: ds, metrics }), defaultConfig()).findings.filter((f) => f.ruleId === "kdf-small-buffers");

  it("flags 1 MB / 900 s at 1 MiB/s: it flushes every second, which the static rule cannot see", () => {
    const d = s3("clicks-1mb-900s", 1, 900);
    // The policy pack keeps the spec's rule (size < 5 MB AND interval < 300 s): no finding.
    expect(kdfSmallBuffers(d, { config: resolveRuleConfig("kdf-small-buffers", undefined), pricing: US_EAST_1 })).toEqual([]);
    // 1 MiB/s = 3,600 MiB per hour: the 1 MB size hint fills every 1 s -> max(3600 / 900, 3600) = 3,600
    // flushes/hour; at 5 MB / 900 s: max(4, 720) = 720. Ratio 5 >= 2 -> flagged.
    // S3 PUTs/month: 3,600 x 168 h x 730 / 168 = 2,628,000 vs 525,600 -> (2,628,000 - 525,600) / 1000 x $0.005 = $10.512 -> $10.51.
    const [f, ...more] = smallBuffers([d], withTraffic(d, 3600 * MIB));
    expect(more).toEqual([]);
    expect(f!.data!.flushesPerHour).toBe(3600);
    expect(f!.data!.recommendedFlushesPerHour).toBe(720);
    expect(f!.data!.estimatedPutsPerMonth).toBeCloseTo(2_628_000, 6);
    expect(f!.data!.recommendedPutsPerMonth).toBeCloseTo(525_600, 6);
    expect(f!.data!.recommendedSizeMb).toBe(5);
    expect(f!.data!.recommendedIntervalSeconds).toBe(900);
    expect(f!.monthlyImpactUsd).toBe(10.51);
    expect(f!.details).toContain("the 1 MB size hint triggers first in every hour: about 3,600 flushes/hour (one every 1.0 s)");
    expect(f!.remediation).toContain("extendedS3Configuration.bufferingSize: 5");
    expect(f!.remediation).not.toContain("bufferingInterval");
  });

  it("does not flag 1 MB / 900 s at low traffic: the interval triggers first either way", () => {
    // 0.5 MiB per hour: max(4, 0.5) = 4 flushes/hour now and max(4, 0.1) = 4 at 5 MB / 900 s.
    const d = s3("audit-trickle", 1, 900);
    expect(smallBuffers([d], withTraffic(d, 0.5 * MIB))).toEqual([]);
  });

  it("prices 1 MB / 60 s from the real flush rate, and drops 4 MB / 250 s whose hints barely matter", () => {
    // 10 MiB per hour. 1 MB / 60 s: max(60, 10) = 60/hour; at 5 MB / 300 s: max(12, 2) = 12 -> 5x.
    // PUTs: 60 x 730 = 43,800 vs 8,760/month -> (43,800 - 8,760) / 1000 x $0.005 = $0.1752 -> $0.18.
    const small = s3("one-mb-sixty", 1, 60);
    // 4 MB / 250 s: max(14.4, 2.5) = 14.4 vs 12 -> 1.2x < 2: the static rule's finding goes.
    const near = s3("four-mb", 4, 250);
    const found = smallBuffers([near, small], [...withTraffic(small, 10 * MIB), ...withTraffic(near, 10 * MIB)]);
    expect(found.map((f) => f.resource.displayName)).toEqual(["one-mb-sixty"]);
    expect(found[0]!.data!.flushesPerHour).toBe(60);
    expect(found[0]!.monthlyImpactUsd).toBe(0.18);
  });

  it("keeps the static verdict when the hourly bytes are not there", () => {
    const near = s3("four-mb", 4, 250);
    const wide = s3("clicks-1mb-900s", 1, 900);
    const found = smallBuffers([near, wide], [...withTraffic(near, 10 * MIB, false), ...withTraffic(wide, 3600 * MIB, false)]);
    expect(found.map((f) => f.resource.displayName)).toEqual(["four-mb"]);
  });

  it("honours the exemption tag and a disabled rule on the live path", () => {
    const tagged = deliveryStream("exempt-fast", { buffering: { sizeMb: 1, intervalSeconds: 900 }, tags: { "kinesis-guard:exempt": "kdf-small-buffers" } });
    expect(smallBuffers([tagged], withTraffic(tagged, 3600 * MIB))).toEqual([]);
    const d = s3("clicks-1mb-900s", 1, 900);
    const cfg = defaultConfig();
    const disabled = { ...cfg, enforcement: { ...cfg.enforcement, "kdf-small-buffers": "disabled" as const } };
    expect(analyzeSnapshot(snapshotOf({ deliveryStreams: [d], metrics: withTraffic(d, 3600 * MIB) }), disabled).findings.filter((f) => f.ruleId === "kdf-small-buffers")).toEqual([]);
  });
});
