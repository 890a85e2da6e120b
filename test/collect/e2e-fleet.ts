/** A small two-region fleet for the collector's end-to-end tests, built in code so the expectations sit next to it. */
import type { Scenario, StreamSpec } from "../../simulator/scenario";

const HALF = "170141183460469231731687303715884105727";
const MAX = "340282366920938463463374607431768211455";

/** 110 plain streams in us-east-1: more than one ListStreams page (100) and one GetResources page. */
const filler: StreamSpec[] = Array.from({ length: 110 }, (_, i) => ({
  name: `events-${String(i).padStart(3, "0")}`,
  shards: 1 + (i % 3),
  retentionHours: i % 10 === 0 ? 168 : 24,
  ...(i % 4 === 0 ? { encryption: { type: "KMS" as const, keyId: "alias/aws/kinesis" } } : {}),
  tags: { Team: `t${i % 5}` },
  traffic: { recordsPerSecond: 5 + i, avgRecordBytes: 200 },
}));

export const E2E_FLEET: Scenario = {
  name: "collector-e2e",
  seed: 42,
  regions: {
    "us-east-1": {
      streams: [
        ...filler,
        {
          name: "orders",
          shards: [
            { startingHashKey: "0", endingHashKey: HALF },
            { startingHashKey: "170141183460469231731687303715884105728", endingHashKey: MAX },
          ],
          encryption: { type: "KMS", keyId: "arn:aws:kms:us-east-1:123456789012:key/abc" },
          enhancedMetrics: ["IncomingBytes", "IncomingRecords"],
          tags: { DataClassification: "pii", Tier: "critical" },
          consumers: [{ name: "billing" }, { name: "search", millisBehindLatest: { level: 9000 } }],
          traffic: { recordsPerSecond: 300, avgRecordBytes: 1000, pattern: { kind: "diurnal", amplitude: 0.5 } },
          hotShard: { index: 1, factor: 3 },
          throttledShare: 0.02,
        },
        { name: "clicks", mode: "ON_DEMAND", traffic: { recordsPerSecond: 50, avgRecordBytes: 300 } },
        { name: "silent", traffic: { recordsPerSecond: 0, avgRecordBytes: 0, none: true } },
        { name: "test-scratch", traffic: { recordsPerSecond: 10, avgRecordBytes: 100 } },
        { name: "dev-sandbox" },
        { name: "archived", tags: { excludefromanalysis: "TRUE" }, traffic: { recordsPerSecond: 10, avgRecordBytes: 100 } },
      ],
      deliveryStreams: [
        { name: "orders-to-s3", source: { stream: "orders" }, destination: "extended_s3", buffering: { sizeMb: 64, intervalSeconds: 600 }, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:enrich", tags: { Team: "data" } },
        { name: "payments-redshift", source: "DirectPut", destination: "redshift", s3BackupMode: "Disabled", sse: { enabled: true, keyType: "AWS_OWNED_CMK" }, traffic: { recordsPerSecond: 20, avgRecordBytes: 500 }, successRate: 0.9 },
        { name: "logs-search", source: "DirectPut", destination: "opensearch", vpc: { vpcId: "vpc-0abc", subnetIds: ["subnet-2", "subnet-1"] }, traffic: { recordsPerSecond: 40, avgRecordBytes: 800 } },
        { name: "splunk-audit", source: "DirectPut", destination: "splunk", hecToken: "HEC-SECRET-DO-NOT-LEAK", traffic: { recordsPerSecond: 5, avgRecordBytes: 400 } },
        { name: "partner-http", source: "DirectPut", destination: "http_endpoint", processingDisabled: true, lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:off", traffic: { recordsPerSecond: 5, avgRecordBytes: 400 } },
        { name: "dev-firehose", source: "DirectPut", destination: "extended_s3" },
        { name: "old-es", source: "DirectPut", destination: "elasticsearch", tags: { ExcludeFromAnalysis: "true" } },
      ],
      alarms: [
        ...Array.from({ length: 105 }, (_, i) => ({
          name: `events-${String(i).padStart(3, "0")}-age`,
          namespace: "AWS/Kinesis",
          metricName: "GetRecords.IteratorAgeMilliseconds",
          dimensions: { StreamName: `events-${String(i).padStart(3, "0")}` },
          statistic: "Maximum" as const,
        })),
        {
          name: "orders-throttle-ratio",
          metrics: [
            { id: "t", namespace: "AWS/Kinesis", metricName: "WriteProvisionedThroughputExceeded", dimensions: { StreamName: "orders" }, stat: "Sum", period: 300 },
            { id: "r", namespace: "AWS/Kinesis", metricName: "IncomingRecords", dimensions: { StreamName: "orders" }, stat: "Sum", period: 300 },
          ],
          expression: "t / (t + r)",
        },
      ],
      vpcEndpoints: [
        { id: "vpce-s3", vpcId: "vpc-0abc", serviceName: "com.amazonaws.us-east-1.s3", type: "Gateway" },
        { id: "vpce-other", vpcId: "vpc-9999", serviceName: "com.amazonaws.us-east-1.s3", type: "Gateway" },
      ],
    },
    "eu-west-1": {
      streams: [{ name: "eu-orders", shards: 2, tags: { Tier: "critical" }, traffic: { recordsPerSecond: 100, avgRecordBytes: 500 } }],
      deliveryStreams: [{ name: "eu-archive", source: { stream: "eu-orders" }, destination: "extended_s3" }],
      alarms: [{ name: "eu-orders-throttle", namespace: "AWS/Kinesis", metricName: "WriteProvisionedThroughputExceeded", dimensions: { StreamName: "eu-orders" }, statistic: "Sum" }],
    },
    "us-west-2": {
      streams: [{ name: "orders-replica", tags: { ReplicaOf: "orders" } }, { name: "unrelated" }],
    },
  },
};
