/**
 * kds-over-provisioned: good and bad inputs with the exact resources flagged
 * (test/rules/examples.test.ts, docs/rules.md). Live audit only. Capacity: 1 MiB/s per shard.
 */
import { awsStream, daily, hourly, streamBytesAt, streamPeakMinuteBytesAt, streamRecords, type RuleExample } from "../lib/examples";

const FOUR = { OpenShardCount: 4 };

const examples: readonly RuleExample[] = [
  {
    title: "4 shards at 50 % are used",
    aws: { streams: [awsStream("clicks", FOUR)], cloudwatch: [streamRecords("clicks"), streamBytesAt("clicks", 4, hourly(50))] },
    flagged: [],
  },
  {
    title: "4 shards at 5 % (p95 below 20 %) can run on fewer shards: flagged",
    aws: { streams: [awsStream("clicks", FOUR)], cloudwatch: [streamRecords("clicks"), streamBytesAt("clicks", 4, hourly(5))] },
    flagged: ["clicks"],
  },
  {
    title: "p95 at 10 % but the busiest minute at 95 % once a day: no shard can go without exceeding the target peak, no finding",
    aws: {
      streams: [awsStream("clicks", FOUR)],
      cloudwatch: [streamRecords("clicks"), streamBytesAt("clicks", 4, hourly(10)), streamPeakMinuteBytesAt("clicks", 4, daily((h) => (h === 9 ? 95 : 12)))],
    },
    flagged: [],
  },
];
export default examples;
