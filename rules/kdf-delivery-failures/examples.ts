/** kdf-delivery-failures: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). Live audit only. */
import { metric } from "../metric-requests";
import { EXAMPLE_REGION, awsFirehose, hourly, type RuleExample } from "../lib/examples";

/** The delivery stream's traffic (the live audit's filter) and its DeliveryToS3.Success over the window (Sum of 1s, SampleCount of attempts). */
const delivery = (name: string, successes: number, attempts: number) => [
  { request: metric.firehoseRecords(EXAMPLE_REGION, name, false), values: hourly(60_000) },
  { request: metric.firehoseSuccessSum(EXAMPLE_REGION, name, "DeliveryToS3"), values: [successes] },
  { request: metric.firehoseSuccessCount(EXAMPLE_REGION, name, "DeliveryToS3"), values: [attempts] },
];

const examples: readonly RuleExample[] = [
  {
    title: "0.5 % of delivery attempts failed is fine",
    aws: { deliveryStreams: [awsFirehose("events-to-s3")], cloudwatch: delivery("events-to-s3", 1990, 2000) },
    flagged: [],
  },
  {
    title: "5 % failed (above 1 %) is flagged",
    aws: { deliveryStreams: [awsFirehose("events-to-s3")], cloudwatch: delivery("events-to-s3", 1900, 2000) },
    flagged: ["events-to-s3"],
  },
];
export default examples;
