/** kds-alarms: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsAlarm, awsStream, pulumiAlarm, pulumiStream, type RuleExample } from "../lib/examples";

const AGE = "GetRecords.IteratorAgeMilliseconds";
const THROTTLED = "WriteProvisionedThroughputExceeded";

const examples: readonly RuleExample[] = [
  {
    title: "a stream with alarms on iterator age and write throttling is fine",
    pulumi: [
      pulumiStream("orders"),
      pulumiAlarm("orders-iterator-age", "AWS/Kinesis", AGE, { StreamName: "orders" }),
      pulumiAlarm("orders-throttled", "AWS/Kinesis", THROTTLED, { StreamName: "orders" }, "Sum"),
    ],
    aws: {
      streams: [awsStream("orders")],
      alarms: [
        awsAlarm("orders-iterator-age", "AWS/Kinesis", AGE, { StreamName: "orders" }),
        awsAlarm("orders-throttled", "AWS/Kinesis", THROTTLED, { StreamName: "orders" }, "Sum"),
      ],
    },
    flagged: [],
  },
  {
    title: "one required alarm missing is flagged; an alarm on another stream does not count",
    pulumi: [
      pulumiStream("orders"),
      pulumiStream("clicks"),
      pulumiAlarm("orders-iterator-age", "AWS/Kinesis", AGE, { StreamName: "orders" }),
      pulumiAlarm("orders-throttled", "AWS/Kinesis", THROTTLED, { StreamName: "orders" }, "Sum"),
      pulumiAlarm("clicks-iterator-age", "AWS/Kinesis", AGE, { StreamName: "clicks" }),
    ],
    aws: {
      streams: [awsStream("orders"), awsStream("clicks")],
      alarms: [
        awsAlarm("orders-iterator-age", "AWS/Kinesis", AGE, { StreamName: "orders" }),
        awsAlarm("orders-throttled", "AWS/Kinesis", THROTTLED, { StreamName: "orders" }, "Sum"),
        awsAlarm("clicks-iterator-age", "AWS/Kinesis", AGE, { StreamName: "clicks" }),
      ],
    },
    flagged: ["clicks"],
  },
  {
    title: "the required metrics are a setting",
    config: { requiredMetrics: [AGE] },
    pulumi: [pulumiStream("clicks"), pulumiAlarm("clicks-iterator-age", "AWS/Kinesis", AGE, { StreamName: "clicks" })],
    aws: { streams: [awsStream("clicks")], alarms: [awsAlarm("clicks-iterator-age", "AWS/Kinesis", AGE, { StreamName: "clicks" })] },
    flagged: [],
  },
];
export default examples;
