/** kds-write-throttling: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). Live audit only. */
import { metric } from "../metric-requests";
import { EXAMPLE_REGION, awsStream, streamRecords, type RuleExample } from "../lib/examples";

const throttled = (stream: string, sum: number) => ({ request: metric.streamWriteThrottled(EXAMPLE_REGION, stream), values: [sum] });

// 168 h x 60,000 records = 10,080,000 records written over the window.
const examples: readonly RuleExample[] = [
  {
    title: "0.5 % of write attempts throttled is fine (50,000 of 10,130,000)",
    aws: { streams: [awsStream("orders")], cloudwatch: [streamRecords("orders"), throttled("orders", 50_000)] },
    flagged: [],
  },
  {
    title: "1.9 % throttled (200,000 of 10,280,000, above 1 %) is flagged",
    aws: { streams: [awsStream("orders")], cloudwatch: [streamRecords("orders"), throttled("orders", 200_000)] },
    flagged: ["orders"],
  },
];
export default examples;
