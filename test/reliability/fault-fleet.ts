/**
 * A small two-region fleet for the fault matrix: few resources (fast), but every collection path
 * (shard listing, consumers, a Kinesis-sourced and a DirectPut delivery stream, alarms, a skipped
 * stream, a second region) and a few planted findings, so a fault that silently dropped data
 * would change the report.
 */
import type { Scenario } from "../../simulator/scenario";

const HALF = "170141183460469231731687303715884105727";
const MAX = "340282366920938463463374607431768211455";

export const FAULT_FLEET: Scenario = {
  name: "fault-matrix",
  seed: 11,
  regions: {
    "us-east-1": {
      streams: [
        {
          name: "orders",
          shards: [
            { startingHashKey: "0", endingHashKey: HALF },
            { startingHashKey: "170141183460469231731687303715884105728", endingHashKey: MAX },
          ],
          encryption: { type: "KMS", keyId: "arn:aws:kms:us-east-1:123456789012:key/abc" },
          enhancedMetrics: ["IncomingBytes", "IncomingRecords"],
          tags: { Tier: "critical", Team: "payments" },
          consumers: [{ name: "billing" }, { name: "search", millisBehindLatest: { level: 9000 } }],
          traffic: { recordsPerSecond: 300, avgRecordBytes: 1000, pattern: { kind: "diurnal", amplitude: 0.4 } },
          hotShard: { index: 1, factor: 3 },
        },
        { name: "clicks", mode: "ON_DEMAND", tags: { Team: "web" }, traffic: { recordsPerSecond: 50, avgRecordBytes: 300 } },
        { name: "events", shards: 1, retentionHours: 168, tags: { Team: "data" }, traffic: { recordsPerSecond: 20, avgRecordBytes: 200 } },
        { name: "test-scratch", traffic: { recordsPerSecond: 10, avgRecordBytes: 100 } },
      ],
      deliveryStreams: [
        { name: "clicks-to-s3", source: { stream: "clicks" }, destination: "extended_s3", lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:enrich" },
        {
          name: "payments-redshift",
          source: "DirectPut",
          destination: "redshift",
          s3BackupMode: "Disabled",
          sse: { enabled: true, keyType: "AWS_OWNED_CMK" },
          traffic: { recordsPerSecond: 20, avgRecordBytes: 500 },
          successRate: 0.9,
        },
      ],
      alarms: [
        { name: "orders-age", namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: "orders" }, statistic: "Maximum" },
        { name: "orders-throttle", namespace: "AWS/Kinesis", metricName: "WriteProvisionedThroughputExceeded", dimensions: { StreamName: "orders" }, statistic: "Sum" },
      ],
    },
    "eu-west-1": {
      streams: [{ name: "eu-orders", shards: 1, tags: { Team: "eu" }, traffic: { recordsPerSecond: 30, avgRecordBytes: 400 } }],
    },
  },
};

/**
 * FAULT_FLEET with 40 more streams in us-east-1, each with a shard listing and a consumer: enough
 * requests per SDK client (about 130 Kinesis calls) that a retry budget shared per client - the
 * SDK's retry token bucket - would run dry under heavy throttling.
 */
export const BULK_FAULT_FLEET: Scenario = {
  ...FAULT_FLEET,
  name: "fault-matrix-bulk",
  regions: {
    ...FAULT_FLEET.regions,
    "us-east-1": {
      ...FAULT_FLEET.regions["us-east-1"]!,
      streams: [
        ...FAULT_FLEET.regions["us-east-1"]!.streams!,
        ...Array.from({ length: 40 }, (_, i) => ({
          name: `bulk-${String(i).padStart(2, "0")}`,
          shards: 1,
          enhancedMetrics: ["IncomingBytes"],
          consumers: [{ name: "app" }],
          tags: { Team: "bulk" },
          traffic: { recordsPerSecond: 5 + i, avgRecordBytes: 200 },
        })),
      ],
    },
  },
};
