/** kds-iterator-age: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). Live audit only. */
import { metric } from "../metric-requests";
import { EXAMPLE_REGION, awsStream, streamRecords, type RuleExample } from "../lib/examples";

const age = (stream: string, maxMs: number) => ({ request: metric.streamIteratorAgeMax(EXAMPLE_REGION, stream), values: [maxMs] });

const examples: readonly RuleExample[] = [
  {
    title: "consumers at most 30 s behind are fine; a stream nobody reads with GetRecords (no datapoint) is not judged",
    aws: {
      streams: [awsStream("orders"), awsStream("archive-only")],
      cloudwatch: [streamRecords("orders"), age("orders", 30_000), streamRecords("archive-only"), { request: metric.streamIteratorAgeMax(EXAMPLE_REGION, "archive-only"), values: [] }],
    },
    flagged: [],
  },
  {
    title: "a maximum iterator age of 2 min (above 60,000 ms) is flagged",
    aws: { streams: [awsStream("orders")], cloudwatch: [streamRecords("orders"), age("orders", 120_000)] },
    flagged: ["orders"],
  },
  {
    title: "the threshold is a setting (maxIteratorAgeMs: 300000)",
    config: { maxIteratorAgeMs: 300_000 },
    aws: { streams: [awsStream("orders")], cloudwatch: [streamRecords("orders"), age("orders", 120_000)] },
    flagged: [],
  },
];
export default examples;
