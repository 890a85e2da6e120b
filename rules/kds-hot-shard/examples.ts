/**
 * kds-hot-shard: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts,
 * docs/rules.md). Live audit only: needs shard-level (enhanced) metrics. Capacity: 1 MiB/s per shard.
 */
import { awsStream, hourly, listShards, shardBytesAt, streamBytesAt, streamRecords, type RuleExample } from "../lib/examples";

/** 4 open shards with shard-level IncomingBytes and IncomingRecords. */
const tenants = {
  ...awsStream("tenants", { OpenShardCount: 4, EnhancedMonitoring: [{ ShardLevelMetrics: ["IncomingBytes", "IncomingRecords"] }] }),
  shards: listShards(4),
};

const examples: readonly RuleExample[] = [
  {
    title: "an even load (20 % on every shard) has no hot shard",
    aws: {
      streams: [tenants],
      cloudwatch: [streamRecords("tenants"), streamBytesAt("tenants", 1, hourly(80)), ...[0, 1, 2, 3].map((i) => shardBytesAt("tenants", i, 20))],
    },
    flagged: [],
  },
  {
    title: "shard 0 at 60 % while shards 2 and 3 publish nothing: idle shards count as 0 in the mean (21.25 %), so shard 0 is 2.8x: split it",
    aws: {
      streams: [tenants],
      cloudwatch: [
        streamRecords("tenants"),
        streamBytesAt("tenants", 1, hourly(85)),
        shardBytesAt("tenants", 0, 60),
        shardBytesAt("tenants", 1, 25),
        { request: shardBytesAt("tenants", 2, 0).request, values: [] },
        { request: shardBytesAt("tenants", 3, 0).request, values: [] },
      ],
    },
    flagged: ["tenants"],
  },
  {
    title: "a shard 2.8x the mean that peaks at 7 % of a shard is no reason to split (below minPeakUtilizationPercent 50)",
    aws: {
      streams: [tenants],
      cloudwatch: [streamRecords("tenants"), streamBytesAt("tenants", 1, hourly(10)), ...[1, 1, 1, 7].map((p, i) => shardBytesAt("tenants", i, p))],
    },
    flagged: [],
  },
];
export default examples;
