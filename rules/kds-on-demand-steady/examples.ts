/**
 * kds-on-demand-steady: good and bad inputs with the exact resources flagged
 * (test/rules/examples.test.ts, docs/rules.md). Live audit only, us-east-1 list prices.
 */
import { metric } from "../metric-requests";
import { EXAMPLE_REGION, awsStream, daily, hourly, type RuleExample } from "../lib/examples";

const GIB = 1024 ** 3;
const ON_DEMAND = { StreamModeDetails: { StreamMode: "ON_DEMAND" }, OpenShardCount: 4 };
const traffic = (stream: string, gibPerHour: readonly number[]) => [
  { request: metric.streamIncomingRecords(EXAMPLE_REGION, stream), values: hourly(1_000_000) },
  { request: metric.streamIncomingBytes(EXAMPLE_REGION, stream), values: gibPerHour.map((g) => Math.round(g * GIB)) },
];

const examples: readonly RuleExample[] = [
  {
    title: "bursty traffic (1.5 / 0.5 GiB an hour, CV 0.5) suits on-demand",
    aws: { streams: [awsStream("audit-log", ON_DEMAND)], cloudwatch: traffic("audit-log", daily((h) => (h % 2 ? 1.5 : 0.5))) },
    flagged: [],
  },
  {
    title: "steady traffic (1.0 / 1.2 GiB an hour, CV 0.09) that 1 provisioned shard carries for less is flagged",
    aws: { streams: [awsStream("audit-log", ON_DEMAND)], cloudwatch: traffic("audit-log", daily((h) => (h % 2 ? 1.2 : 1.0))) },
    flagged: ["audit-log"],
  },
  {
    title: "a provisioned stream is not judged",
    aws: { streams: [awsStream("audit-log", { OpenShardCount: 1 })], cloudwatch: traffic("audit-log", daily((h) => (h % 2 ? 1.2 : 1.0))) },
    flagged: [],
  },
];
export default examples;
