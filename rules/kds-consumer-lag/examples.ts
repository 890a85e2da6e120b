/** kds-consumer-lag: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). Live audit only. */
import { metric } from "../metric-requests";
import { EXAMPLE_REGION, awsConsumer, awsStream, streamRecords, type RuleExample } from "../lib/examples";

const lag = (stream: string, consumer: string, maxMs: number) => ({ request: metric.consumerLagMax(EXAMPLE_REGION, stream, consumer), values: [maxMs] });

const examples: readonly RuleExample[] = [
  {
    title: "an enhanced fan-out consumer at most 1 s behind is fine",
    aws: { streams: [awsStream("orders")], consumers: [awsConsumer("orders", "billing")], cloudwatch: [streamRecords("orders"), lag("orders", "billing", 1_000)] },
    flagged: [],
  },
  {
    title: "a consumer 20 s behind (above 5,000 ms) flags its stream",
    aws: {
      streams: [awsStream("orders")],
      consumers: [awsConsumer("orders", "billing"), awsConsumer("orders", "search")],
      cloudwatch: [streamRecords("orders"), lag("orders", "billing", 1_000), lag("orders", "search", 20_000)],
    },
    flagged: ["orders"],
  },
];
export default examples;
