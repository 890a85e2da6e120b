/** kds-enhanced-monitoring: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsStream, pulumiStream, type RuleExample } from "../lib/examples";

const REQUIRED = ["IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];

const examples: readonly RuleExample[] = [
  {
    title: "a critical stream with the required shard-level metrics is fine",
    pulumi: [pulumiStream("orders", { shardLevelMetrics: REQUIRED })],
    aws: { streams: [awsStream("orders", { EnhancedMonitoring: [{ ShardLevelMetrics: REQUIRED }] })] },
    flagged: [],
  },
  {
    title: "a critical stream (by name or tag) without them is flagged; a non-critical one is not judged",
    pulumi: [pulumiStream("orders"), pulumiStream("metrics-feed", { tags: { Tier: "tier-1" } }), pulumiStream("clickstream")],
    aws: { streams: [awsStream("orders"), awsStream("metrics-feed", {}, { Tier: "tier-1" }), awsStream("clickstream")] },
    flagged: ["metrics-feed", "orders"],
  },
  {
    title: "one required metric missing is enough; ALL covers every metric",
    pulumi: [pulumiStream("orders", { shardLevelMetrics: REQUIRED.slice(0, 3) }), pulumiStream("payments", { shardLevelMetrics: ["ALL"] })],
    aws: {
      streams: [
        awsStream("orders", { EnhancedMonitoring: [{ ShardLevelMetrics: REQUIRED.slice(0, 3) }] }),
        awsStream("payments", { EnhancedMonitoring: [{ ShardLevelMetrics: ["ALL"] }] }),
      ],
    },
    flagged: ["orders"],
  },
];
export default examples;
