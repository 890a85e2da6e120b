/**
 * The demo fleet: the seed's scale (45 Data Streams and 67 delivery streams in us-east-1, about
 * 890 GB/day written to Data Streams plus DirectPut delivery streams), mostly healthy, with a
 * planted set of broken resources, then cases appended for later issues (never reordered). Each planted resource triggers exactly the rules listed in
 * `expected.findings` under the catalog defaults; every other resource triggers none.
 * Replicas of the critical streams live in us-west-2 (the default DR region) and are healthy.
 *
 * Regenerate the committed JSON with: npx tsx simulator/scenarios/build.ts
 */
import type { AlarmSpec, DeliveryStreamSpec, ExpectedFinding, ExpectedSkip, Pattern, Scenario, ShardSpec, StreamSpec, VpcEndpointSpec } from "../scenario";
import { deliveryAlarm, healthyDelivery, healthyStream, PLAIN_TAGS, streamAlarms, trafficFor } from "./fleet-parts";
import { evenShards } from "../world";

const R = "us-east-1";
const DR = "us-west-2";

export function demoFleet(): Scenario {
  const streams: StreamSpec[] = [];
  const alarms: AlarmSpec[] = [];
  const findings: ExpectedFinding[] = [];
  const skipped: ExpectedSkip[] = [];
  const plant = (resource: string, ...ruleIds: string[]) => ruleIds.forEach((ruleId) => findings.push({ region: R, resource, ruleId }));
  const withAlarms = (s: StreamSpec, math = false) => {
    streams.push(s);
    alarms.push(...streamAlarms(s.name, math));
  };

  // ---- healthy Data Streams (20) -----------------------------------------------------------
  const healthy: [string, number, number, number][] = [
    // name, shards, mean utilization, record bytes
    ["clickstream-events", 1, 0.25, 1800],
    ["app-logs", 1, 0.22, 2400],
    ["metrics-ingest", 1, 0.21, 1200],
    ["iot-telemetry", 1, 0.2, 1024],
    ["search-indexing", 1, 0.21, 3000],
    ["inventory-updates", 1, 0.21, 1500],
    ["session-events", 1, 0.22, 1100],
    ["ad-impressions", 1, 0.21, 1400],
    ["catalog-changes", 1, 0.2, 2048],
    ["shipping-status", 1, 0.2, 1600],
    ["email-events", 1, 0.2, 1300],
    ["cdn-access-logs", 1, 0.2, 2200],
    ["feature-flags-audit", 1, 0.2, 1024],
    ["ml-feature-stream", 1, 0.21, 4096],
    ["notification-events", 1, 0.2, 1200],
    ["security-findings", 1, 0.2, 2500],
  ];
  healthy.forEach(([name, shards, util, bytes], i) => withAlarms(healthyStream(name, R, { shards, util, recordBytes: bytes }), i % 5 === 0));
  // With enhanced fan-out consumers that keep up.
  withAlarms(
    healthyStream("user-activity", R, {
      shards: 1,
      util: 0.2,
      recordBytes: 1200,
      extra: { consumers: [{ name: "activity-aggregator" }, { name: "activity-archiver", millisBehindLatest: { level: 800, pattern: { kind: "steady", jitter: 0.3 } } }] },
    }),
  );
  // Critical streams: enhanced monitoring and a DR replica in us-west-2 (by name, and by tag).
  const critical = { Criticality: "critical", Tier: "tier-1" };
  withAlarms(healthyStream("checkout-events", R, { shards: 1, util: 0.2, recordBytes: 1400, tags: critical, extra: { enhancedMetrics: "ALL" } }));
  withAlarms(healthyStream("fulfillment-events", R, { shards: 1, util: 0.22, recordBytes: 1600, tags: critical, extra: { enhancedMetrics: "ALL" } }));
  // On-demand with spiky traffic (CV well above 0.3): on-demand is the right mode.
  withAlarms({
    ...healthyStream("mobile-app-events", R, { shards: 4, util: 0.06, recordBytes: 900 }),
    mode: "ON_DEMAND",
    traffic: { ...trafficFor(1, 0.2, 900), pattern: { kind: "diurnal", amplitude: 0.85, jitter: 0.1 } },
  });

  // ---- special but healthy (2): gaps in the data, a metric that never reports --------------
  const gappy = { ...trafficFor(1, 0.3, 2000, { kind: "diurnal", amplitude: 0.3, jitter: 0.05 }), gaps: { hourProbability: 0.3 } };
  withAlarms(healthyStream("partner-feed", R, { shards: 1, util: 0.3, recordBytes: 2000, extra: { traffic: gappy } }));
  withAlarms(healthyStream("batch-uploads", R, { shards: 1, util: 0.2, recordBytes: 5000, extra: { iteratorAgeMs: { none: true } } }));

  // ---- planted Data Streams (15) ---------------------------------------------------------------
  withAlarms({ ...healthyStream("customer-profile-updates", R, { shards: 1, util: 0.2, recordBytes: 1500 }), encryption: { type: "NONE" }, tags: { ...PLAIN_TAGS, DataClassification: "pii" } });
  plant("customer-profile-updates", "kds-encryption");

  withAlarms(healthyStream("payment-authorizations", R, { shards: 1, util: 0.2, recordBytes: 1200, tags: { Criticality: "critical", Tier: "tier-1" } }));
  plant("payment-authorizations", "kds-enhanced-monitoring");

  withAlarms(healthyStream("ledger-transactions", R, { shards: 1, util: 0.2, recordBytes: 1000, tags: { Tier: "tier-1", Criticality: "high" }, extra: { enhancedMetrics: "ALL" } }));
  plant("ledger-transactions", "kds-cross-region");

  withAlarms({ ...healthyStream("audit-archive", R, { shards: 1, util: 0.2, recordBytes: 2000 }), retentionHours: 168 });
  plant("audit-archive", "kds-retention");

  streams.push(healthyStream("recommendation-events", R, { shards: 1, util: 0.2, recordBytes: 1100 }));
  plant("recommendation-events", "kds-alarms");

  streams.push(healthyStream("search-queries", R, { shards: 1, util: 0.2, recordBytes: 700 }));
  alarms.push(streamAlarms("search-queries")[0]!); // iterator age only: the throttling alarm is missing
  plant("search-queries", "kds-alarms");

  withAlarms(healthyStream("vehicle-telemetry", R, { shards: 1, util: 0.92, recordBytes: 1024, pattern: { kind: "steady", jitter: 0.04 } }));
  plant("vehicle-telemetry", "kds-under-provisioned");

  withAlarms(healthyStream("legacy-batch-import", R, { shards: 6, util: 0.04, recordBytes: 2048, pattern: { kind: "diurnal", amplitude: 0.3, jitter: 0.05 } }));
  plant("legacy-batch-import", "kds-over-provisioned");

  withAlarms(healthyStream("bid-requests", R, { shards: 1, util: 0.4, recordBytes: 800, pattern: { kind: "diurnal", amplitude: 0.3, jitter: 0.05 }, extra: { throttledShare: 0.05 } }));
  plant("bid-requests", "kds-write-throttling");

  withAlarms(healthyStream("fraud-scoring", R, { shards: 1, util: 0.2, recordBytes: 1300, extra: { iteratorAgeMs: { level: 800, pattern: { kind: "spikes", spikeLevel: 180000, spikeProbability: 0.1 } } } }));
  plant("fraud-scoring", "kds-iterator-age");

  withAlarms(
    healthyStream("price-updates", R, {
      shards: 1,
      util: 0.2,
      recordBytes: 600,
      extra: {
        consumers: [
          { name: "pricing-cache-loader", millisBehindLatest: { level: 600, pattern: { kind: "spikes", spikeLevel: 30000, spikeProbability: 0.15 } } },
          { name: "pricing-analytics", millisBehindLatest: { level: 300, pattern: { kind: "steady", jitter: 0.3 } } },
        ],
      },
    }),
  );
  findings.push({ region: R, resource: "price-updates", ruleId: "kds-consumer-lag", detail: "pricing-cache-loader" });

  withAlarms(
    healthyStream("geo-events", R, {
      shards: 4,
      util: 0.2,
      recordBytes: 1000,
      pattern: { kind: "diurnal", amplitude: 0.3, jitter: 0.05 },
      extra: { enhancedMetrics: ["IncomingBytes", "IncomingRecords"], hotShard: { index: 3, factor: 5 } },
    }),
  );
  findings.push({ region: R, resource: "geo-events", ruleId: "kds-hot-shard", detail: "shardId-000000000003" });

  withAlarms({
    ...healthyStream("sensor-readings", R, { shards: 1, util: 0.3, recordBytes: 1000 }),
    mode: "ON_DEMAND",
    traffic: { recordsPerSecond: 300, avgRecordBytes: 1000, pattern: { kind: "steady", jitter: 0.05 } },
  });
  plant("sensor-readings", "kds-on-demand-steady");

  streams.push({ ...healthyStream("user-signups", R, { shards: 1, util: 0.2, recordBytes: 900 }), encryption: { type: "NONE" }, tags: { ...PLAIN_TAGS, DataClassification: "pii" } });
  plant("user-signups", "kds-encryption", "kds-alarms");

  withAlarms({ ...healthyStream("order-events-legacy", R, { shards: 4, util: 0.05, recordBytes: 1800, pattern: { kind: "diurnal", amplitude: 0.3, jitter: 0.05 } }), retentionHours: 168 });
  plant("order-events-legacy", "kds-over-provisioned", "kds-retention");

  // ---- skipped Data Streams (8): names, tags (any case), low traffic --------------------------
  const broken = (name: string, extra: Partial<StreamSpec> = {}): StreamSpec => ({
    name,
    shards: 1,
    encryption: { type: "NONE" },
    retentionHours: 168,
    tags: { DataClassification: "pii", Criticality: "critical" },
    traffic: { recordsPerSecond: 20, avgRecordBytes: 1000 },
    ...extra,
  });
  streams.push(broken("test-load-generator"), broken("dev-sandbox"));
  skipped.push({ region: R, name: "test-load-generator", reason: "name-prefix" }, { region: R, name: "dev-sandbox", reason: "name-prefix" });
  streams.push(
    broken("experiments-stream", { tags: { ExcludeFromAnalysis: "true", DataClassification: "pii" } }),
    broken("shadow-traffic", { tags: { excludefromanalysis: "TRUE" } }),
    broken("staging-mirror", { tags: { EXCLUDEFROMANALYSIS: "True", Criticality: "critical" } }),
  );
  skipped.push(...["experiments-stream", "shadow-traffic", "staging-mirror"].map((name) => ({ region: R, name, reason: "tag" as const })));
  streams.push(
    broken("rarely-used-events", { traffic: { recordsPerSecond: 0.5, avgRecordBytes: 1000 } }),
    broken("idle-stream", { traffic: { recordsPerSecond: 0, avgRecordBytes: 1000, none: true } }),
    broken("heartbeat-signals", { traffic: { recordsPerSecond: 1.5, avgRecordBytes: 200 } }),
  );
  skipped.push(...["rarely-used-events", "idle-stream", "heartbeat-signals"].map((name) => ({ region: R, name, reason: "low-traffic" as const })));
  // Low traffic skips only the metric and cost rules: these unencrypted PII, critical streams without
  // alarms are still judged by the configuration rules (kds-retention is a cost rule: skipped).
  ["rarely-used-events", "idle-stream", "heartbeat-signals"].forEach((name) => plant(name, "kds-encryption", "kds-enhanced-monitoring", "kds-alarms", "kds-cross-region"));
  plant("idle-stream", "kds-idle-stream"); // provisioned, no records at all: pays for its shard

  // ---- capacity cases (issue 11): saturated daily curve, spiky over-provisioned, idle shards ----
  const capacity = capacityCases(R);
  capacity.streams.forEach((x) => withAlarms(x));
  findings.push(...capacity.findings);

  // ---- delivery streams (67) ----------------------------------------------------------------
  const deliveries: DeliveryStreamSpec[] = [];
  const dsAlarms: AlarmSpec[] = [];
  const addDs = (d: DeliveryStreamSpec, alarm: "success" | "freshness" | "none" = "success") => {
    deliveries.push(d);
    if (alarm !== "none") dsAlarms.push(deliveryAlarm(d, alarm === "freshness"));
  };
  // Healthy: 50. Kinesis-sourced from healthy streams (25 different sources + a second reader on 5).
  const sources = [
    ...healthy.map(([n]) => n),
    "user-activity", "checkout-events", "fulfillment-events", "mobile-app-events", "partner-feed", "batch-uploads",
    "payment-authorizations", "ledger-transactions", "vehicle-telemetry",
  ];
  const kinds = ["extended_s3", "extended_s3", "extended_s3", "opensearch", "extended_s3", "splunk", "extended_s3", "http_endpoint", "redshift", "elasticsearch"] as const;
  sources.forEach((stream, i) => {
    const destination = kinds[i % kinds.length]!;
    addDs(healthyDelivery(`${stream}-to-${destination.replace("extended_", "").replace("_", "-")}`, R, { destination, source: { stream } }), i % 3 === 0 ? "freshness" : "success");
  });
  ["clickstream-events", "app-logs", "iot-telemetry", "ad-impressions", "cdn-access-logs"].forEach((stream) =>
    addDs(healthyDelivery(`${stream}-to-datalake`, R, { destination: "extended_s3", source: { stream } })),
  );
  // DirectPut producers (apps writing straight to Firehose).
  const direct: [string, number, number, (typeof kinds)[number]][] = [
    ["web-vitals", 30, 800, "extended_s3"],
    ["api-gateway-logs", 40, 1200, "extended_s3"],
    ["waf-logs", 25, 1500, "extended_s3"],
    ["vpc-flow-logs", 60, 400, "extended_s3"],
    ["cloudtrail-export", 8, 3000, "extended_s3"],
    ["app-traces", 20, 2000, "opensearch"],
    ["container-logs", 35, 1000, "splunk"],
    ["billing-usage", 4, 2500, "redshift"],
    ["support-tickets", 3, 4000, "http_endpoint"],
    ["game-telemetry", 45, 600, "extended_s3"],
    ["user-feedback", 5, 1500, "extended_s3"],
    ["partner-webhooks", 8, 1200, "http_endpoint"],
    ["email-bounces", 6, 900, "extended_s3"],
    ["lambda-logs", 40, 700, "extended_s3"],
    ["dns-query-logs", 80, 300, "extended_s3"],
    ["iot-device-events", 30, 500, "opensearch"],
    ["survey-responses", 3, 2200, "extended_s3"],
    ["render-farm-logs", 12, 1800, "splunk"],
    ["kafka-mirror-logs", 20, 1100, "extended_s3"],
  ];
  direct.forEach(([name, rps, bytes, destination]) => addDs(healthyDelivery(name, R, { destination, source: { recordsPerSecond: rps, recordBytes: bytes } })));
  // A healthy one that fails a few deliveries (0.3 % < 1 %), and a VPC one with its S3 gateway endpoint.
  addDs(healthyDelivery("sensor-readings-to-s3", R, { destination: "extended_s3", source: { stream: "sensor-readings" }, extra: { successRate: 0.997 } }));
  addDs(healthyDelivery("logs-to-opensearch-vpc", R, { destination: "opensearch", source: { recordsPerSecond: 20, recordBytes: 1000 }, extra: { vpc: { vpcId: "vpc-0feedbeef0000001", subnetIds: ["subnet-0aa1", "subnet-0aa2"] } } }));
  // A raw copy that intentionally skips transformation: exempt by tag.
  addDs({ ...healthyDelivery("raw-backup-copy", R, { destination: "extended_s3", source: { stream: "search-indexing" }, tags: { "kinesis-guard:exempt": "kdf-no-transformation" } }), lambdaArn: undefined });

  // Planted delivery streams (10).
  const dsPlant = (d: DeliveryStreamSpec, alarm: "success" | "none", ...ruleIds: string[]) => {
    addDs(d, alarm);
    ruleIds.forEach((ruleId) => findings.push({ region: R, resource: d.name, ruleId }));
  };
  dsPlant({ ...healthyDelivery("clickstream-to-s3-fast", R, { destination: "extended_s3", source: { recordsPerSecond: 20, recordBytes: 900 } }), buffering: { sizeMb: 1, intervalSeconds: 60 } }, "success", "kdf-small-buffers");
  const noLambda = { ...healthyDelivery("raw-logs-archive", R, { destination: "extended_s3", source: { recordsPerSecond: 15, recordBytes: 1200 } }), lambdaArn: undefined };
  dsPlant(noLambda, "success", "kdf-no-transformation");
  dsPlant({ ...healthyDelivery("analytics-redshift-loader", R, { destination: "redshift", source: { stream: "session-events" } }), s3BackupMode: "Disabled" }, "success", "kdf-s3-backup");
  dsPlant(healthyDelivery("events-to-splunk", R, { destination: "splunk", source: { recordsPerSecond: 25, recordBytes: 1000 }, extra: { successRate: 0.93, hecToken: "5f1e2d3c-SECRET-HEC-TOKEN-0000" } }), "success", "kdf-delivery-failures");
  dsPlant(healthyDelivery("metrics-to-opensearch", R, { destination: "opensearch", source: { stream: "metrics-ingest" } }), "none", "kdf-alarms");
  dsPlant(
    { ...healthyDelivery("payment-receipts-archive", R, { destination: "extended_s3", source: { recordsPerSecond: 6, recordBytes: 2000 }, tags: { DataClassification: "pii" } }), sse: { enabled: false } },
    "success",
    "kdf-encryption",
  );
  dsPlant(healthyDelivery("customer-profile-to-s3", R, { destination: "extended_s3", source: { stream: "customer-profile-updates" }, tags: { DataClassification: "pii" } }), "success", "kdf-encryption");
  dsPlant(
    healthyDelivery("search-docs-to-opensearch-vpc", R, { destination: "opensearch", source: { recordsPerSecond: 15, recordBytes: 1500 }, extra: { vpc: { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0bb1"] } } }),
    "success",
    "kdf-vpc-endpoint",
  );
  const webhooks = { ...healthyDelivery("webhooks-to-http", R, { destination: "http_endpoint", source: { recordsPerSecond: 10, recordBytes: 700 } }), buffering: { sizeMb: 1, intervalSeconds: 60 }, lambdaArn: undefined };
  // No Lambda either, but its name does not mark raw data: kdf-no-transformation judges raw-looking names only.
  dsPlant(webhooks, "success", "kdf-small-buffers");
  dsPlant({ ...healthyDelivery("orders-to-redshift", R, { destination: "redshift", source: { recordsPerSecond: 12, recordBytes: 1500 }, extra: { successRate: 0.95 } }), s3BackupMode: "Disabled" }, "success", "kdf-s3-backup", "kdf-delivery-failures");

  // Skipped delivery streams (5).
  const brokenDs = (name: string, extra: Partial<DeliveryStreamSpec>): DeliveryStreamSpec => ({
    name,
    source: "DirectPut",
    destination: "redshift",
    s3BackupMode: "Disabled",
    buffering: { sizeMb: 1, intervalSeconds: 60 },
    tags: { DataClassification: "pii" },
    traffic: { recordsPerSecond: 5, avgRecordBytes: 1000 },
    successRate: 0.5,
    ...extra,
  });
  deliveries.push(brokenDs("dev-firehose-scratch", {}), brokenDs("test-ingest-s3", {}));
  skipped.push({ region: R, name: "dev-firehose-scratch", reason: "name-prefix" }, { region: R, name: "test-ingest-s3", reason: "name-prefix" });
  deliveries.push(brokenDs("legacy-export", { tags: { ExcludeFromAnalysis: "true" } }));
  skipped.push({ region: R, name: "legacy-export", reason: "tag" });
  deliveries.push(brokenDs("tiny-audit-export", { traffic: { recordsPerSecond: 0.2, avgRecordBytes: 1000 } }));
  deliveries.push({ ...brokenDs("rarely-used-events-to-s3", {}), source: { stream: "rarely-used-events" }, traffic: undefined });
  skipped.push({ region: R, name: "tiny-audit-export", reason: "low-traffic" }, { region: R, name: "rarely-used-events-to-s3", reason: "low-traffic" });
  // Configuration rules still judge them (small buffers is a cost rule, delivery failures a metric rule: skipped).
  // tiny-audit-export is PII DirectPut without SSE; rarely-used-events-to-s3 reads the unencrypted rarely-used-events.
  ["tiny-audit-export", "rarely-used-events-to-s3"].forEach((name) => plant(name, "kdf-s3-backup", "kdf-alarms", "kdf-encryption"));

  // ---- issue 11 (filters and classification) cases, appended after the seed's resources ---------
  // A young stream: created an hour before the scenario tests' window end (2026-03-10T12:00Z), at
  // 15,000 records/min since. Over its minutes with data it is busy, not low traffic; healthy otherwise.
  withAlarms({
    ...healthyStream("checkout-clicks-v2", R, { shards: 1, util: 0.25, recordBytes: 1024 }),
    traffic: { recordsPerSecond: 250, avgRecordBytes: 1024, pattern: { kind: "diurnal", amplitude: 0.35, jitter: 0.05 } },
    createdAt: "2026-03-10T11:00:00Z",
  });
  // A quiet unencrypted PII stream (30 records/min): low traffic, yet its missing encryption is reported.
  withAlarms({ ...healthyStream("customer-consents", R, { shards: 1, util: 0.2, recordBytes: 600 }), encryption: { type: "NONE" }, tags: { ...PLAIN_TAGS, DataClassification: "pii" }, traffic: { recordsPerSecond: 0.5, avgRecordBytes: 600 } });
  plant("customer-consents", "kds-encryption");
  skipped.push({ region: R, name: "customer-consents", reason: "low-traffic" });
  // An idle provisioned stream: 4 shards, no records at all in the window.
  withAlarms({ ...healthyStream("returns-replay-standby", R, { shards: 4, util: 0.2, recordBytes: 1000 }), traffic: { recordsPerSecond: 0, avgRecordBytes: 1000, none: true } });
  plant("returns-replay-standby", "kds-idle-stream");
  skipped.push({ region: R, name: "returns-replay-standby", reason: "low-traffic" });
  // Raw JSON converted to Parquet without a Lambda: format conversion is a transformation.
  addDs({ ...healthyDelivery("raw-events-to-parquet", R, { destination: "extended_s3", source: { recordsPerSecond: 20, recordBytes: 800 } }), lambdaArn: undefined, formatConversion: "parquet" });

  const vpcEndpoints: VpcEndpointSpec[] = [
    { vpcId: "vpc-0feedbeef0000001", serviceName: `com.amazonaws.${R}.s3`, type: "Gateway" },
    { vpcId: "vpc-0feedbeef0000001", serviceName: `com.amazonaws.${R}.kinesis-streams`, type: "Interface" },
    // The planted VPC has an interface endpoint for Firehose but no S3 gateway endpoint.
    { vpcId: "vpc-0a1b2c3d4e5f60718", serviceName: `com.amazonaws.${R}.kinesis-firehose`, type: "Interface" },
  ];

  // ---- DR region: replicas of the critical streams (healthy, not critical themselves) -------------
  const replica = (name: string, source: StreamSpec, tags: Record<string, string> = {}): StreamSpec => ({
    ...healthyStream(name, DR, { shards: typeof source.shards === "number" ? source.shards : 1, util: 0.4, recordBytes: 1400 }),
    tags: { ...PLAIN_TAGS, Team: "data-platform", ...tags },
  });
  const byName = (n: string) => streams.find((s) => s.name === n)!;
  const drStreams = [
    replica("checkout-events-replica", byName("checkout-events")),
    replica("fulfillment-dr-copy", byName("fulfillment-events"), { ReplicaOf: "fulfillment-events" }),
    replica("payment-authorizations-dr", byName("payment-authorizations")),
  ];

  // ---- issue 11, cost models (appended after the seed-scale fleet) ---------------------------------
  // On-demand, steady 1,000 records/s of 100 bytes: AWS bills each record as 1 KiB in and out, so
  // on-demand costs ~$330/month vs ~$59 provisioned (2 shards + PUT units); raw bytes made on-demand
  // look cheaper ($49).
  withAlarms({
    ...healthyStream("device-pings", R, { shards: 1, util: 0.1, recordBytes: 100 }),
    mode: "ON_DEMAND",
    traffic: { recordsPerSecond: 1000, avgRecordBytes: 100, pattern: { kind: "steady", jitter: 0.05 } },
  });
  plant("device-pings", "kds-on-demand-steady");
  // A 1 MB size hint at ~100 KB/s fills every ~10 s: ~340 flushes/hour, though the 900 s interval
  // passes the static rule (size < 5 MB AND interval < 300 s).
  dsPlant({ ...healthyDelivery("device-pings-to-s3", R, { destination: "extended_s3", source: { stream: "device-pings" } }), buffering: { sizeMb: 1, intervalSeconds: 900 } }, "success", "kdf-small-buffers");

  return {
    name: "demo-fleet",
    description:
      "Seed-scale fleet: 45 Data Streams and 67 delivery streams in us-east-1 (~890 GB/day written to Data Streams and DirectPut delivery streams), " +
      "then cases appended for issue 11 (small records on-demand, small buffers at high traffic, a young stream, a quiet unencrypted PII stream, an idle provisioned stream, raw JSON converted to Parquet), " +
      "3 DR replicas in us-west-2. Planted findings in expected.findings; skipped resources in expected.skipped. Generated by simulator/scenarios/build.ts.",
    seed: 20240601,
    regions: {
      [R]: { streams, deliveryStreams: deliveries, alarms: [...alarms, ...dsAlarms], vpcEndpoints },
      [DR]: { streams: drStreams, alarms: drStreams.flatMap((s) => streamAlarms(s.name)) },
    },
    expected: { findings, skipped },
  };
}


/**
 * Provisioned streams that the capacity rules must judge by the window's mean and peak, not by
 * "most hours hot" or p95 alone (issue 11, points 1, 2 and 4). Records-bound (small records), so
 * they add little to the fleet's GB/day.
 */
export function capacityCases(region: string): { streams: StreamSpec[]; findings: ExpectedFinding[] } {
  // 100-byte records: the records side (1,000/s per shard) is the binding limit.
  const recordsBound = (name: string, shards: number | readonly ShardSpec[], recordsPerSecond: number, pattern: Pattern, extra: Partial<StreamSpec> = {}): StreamSpec => ({
    ...healthyStream(name, region, { shards: 1, util: 0.1, recordBytes: 100 }),
    shards,
    traffic: { recordsPerSecond, avgRecordBytes: 100, pattern },
    ...extra,
  });
  return {
    streams: [
      // 2 shards, daily curve around 94 % of capacity (47 % .. 141 %): saturated every afternoon, but
      // fewer than 90 % of its hours are above 80 %. Under-provisioned by the window mean.
      recordsBound("rideshare-locations", 2, 0.94 * 2 * 1000, { kind: "diurnal", amplitude: 0.5, jitter: 0.05 }, { throttledShare: 0.005 }),
      // 6 shards at ~4 % with a rare burst hour to ~72 % of all 6: p95 is low, but any reduction would
      // run the burst above 80 % (5 shards: 86 %). No finding.
      recordsBound("ad-bid-bursts", 6, 0.04 * 6 * 1000, { kind: "bursty", burstProbability: 0.03, burstFactor: 18, jitter: 0.05 }),
      // 4 shards with shard-level metrics: shards 0 and 1 get no traffic, shard 3 three times shard 2.
      // Mean load 0.2 of a shard (idle shards count), shard 3 at 0.6 (3x, peak ~82 %): split it;
      // the idle pair 0+1 is a merge candidate in the shard plan.
      recordsBound(
        "tenant-events",
        evenShards(4).map((sh, i) => ({ ...sh, weight: [0, 0, 1, 3][i]! })),
        0.2 * 4 * 1000,
        { kind: "diurnal", amplitude: 0.3, jitter: 0.05 },
        { enhancedMetrics: ["IncomingBytes", "IncomingRecords"] },
      ),
    ],
    findings: [
      { region, resource: "rideshare-locations", ruleId: "kds-under-provisioned" },
      { region, resource: "tenant-events", ruleId: "kds-hot-shard", detail: "shardId-000000000003" },
    ],
  };
}
