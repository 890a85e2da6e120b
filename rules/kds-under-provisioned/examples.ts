/**
 * kds-under-provisioned: good and bad inputs with the exact resources flagged
 * (test/rules/examples.test.ts, docs/rules.md). Live audit only. Capacity: 1 MiB/s per shard.
 */
import { awsStream, daily, hourly, streamBytesAt, streamPeakMinuteBytesAt, streamRecords, type RuleExample } from "../lib/examples";

const TWO = { OpenShardCount: 2 };

const examples: readonly RuleExample[] = [
  {
    title: "70 % every hour, busiest minute 77 %: enough capacity",
    aws: {
      streams: [awsStream("rides", TWO)],
      cloudwatch: [streamRecords("rides"), streamBytesAt("rides", 2, hourly(70)), streamPeakMinuteBytesAt("rides", 2, hourly(77))],
    },
    flagged: [],
  },
  {
    title: "the busiest minute reaches 105 % one hour a day (7 of 168 hours, at least 4 %): flagged although every hourly average is 70 %",
    aws: {
      streams: [awsStream("rides", TWO)],
      cloudwatch: [streamRecords("rides"), streamBytesAt("rides", 2, hourly(70)), streamPeakMinuteBytesAt("rides", 2, daily((h) => (h === 18 ? 105 : 77)))],
    },
    flagged: ["rides"],
  },
  {
    title: "the same stream without minute data: hourly averages alone show no saturation",
    aws: { streams: [awsStream("rides", TWO)], cloudwatch: [streamRecords("rides"), streamBytesAt("rides", 2, hourly(70))] },
    flagged: [],
  },
  {
    title: "a window mean above 80 % is flagged",
    aws: { streams: [awsStream("rides", TWO)], cloudwatch: [streamRecords("rides"), streamBytesAt("rides", 2, hourly(85))] },
    flagged: ["rides"],
  },
];
export default examples;
