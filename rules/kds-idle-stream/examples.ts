/**
 * kds-idle-stream: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts,
 * docs/rules.md). Live audit only; it judges streams below the traffic filter too.
 */
import { awsStream, hourly, streamRecords, type RuleExample } from "../lib/examples";

const examples: readonly RuleExample[] = [
  {
    title: "a quiet stream that still gets records (12 an hour, below the traffic filter) is not idle",
    aws: { streams: [awsStream("heartbeats", { OpenShardCount: 2 })], cloudwatch: [streamRecords("heartbeats", hourly(12))] },
    flagged: [],
  },
  {
    title: "a provisioned stream with no IncomingRecords datapoint, or only zeros, is idle; an on-demand one is not judged",
    aws: {
      streams: [
        awsStream("forgotten", { OpenShardCount: 4 }),
        awsStream("zeros", { OpenShardCount: 1 }),
        awsStream("on-demand-quiet", { StreamModeDetails: { StreamMode: "ON_DEMAND" }, OpenShardCount: 4 }),
      ],
      cloudwatch: [streamRecords("forgotten", []), streamRecords("zeros", hourly(0)), streamRecords("on-demand-quiet", [])],
    },
    flagged: ["forgotten", "zeros"],
  },
  {
    title: "IncomingRecords not collected (an error, no series) is no verdict",
    aws: { streams: [awsStream("unknown-traffic")] },
    flagged: [],
  },
];
export default examples;
