/** kdf-alarms: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsAlarm, awsFirehose, pulumiAlarm, pulumiFirehose, type RuleExample } from "../lib/examples";

const examples: readonly RuleExample[] = [
  {
    title: "a delivery stream with an alarm on delivery success (or data freshness) is fine",
    pulumi: [
      pulumiFirehose("events-to-s3"),
      pulumiFirehose("logs-to-s3"),
      pulumiAlarm("events-to-s3-success", "AWS/Firehose", "DeliveryToS3.Success", { DeliveryStreamName: "events-to-s3" }, "Average"),
      pulumiAlarm("logs-to-s3-freshness", "AWS/Firehose", "DeliveryToS3.DataFreshness", { DeliveryStreamName: "logs-to-s3" }),
    ],
    aws: {
      deliveryStreams: [awsFirehose("events-to-s3"), awsFirehose("logs-to-s3")],
      alarms: [
        awsAlarm("events-to-s3-success", "AWS/Firehose", "DeliveryToS3.Success", { DeliveryStreamName: "events-to-s3" }, "Average"),
        awsAlarm("logs-to-s3-freshness", "AWS/Firehose", "DeliveryToS3.DataFreshness", { DeliveryStreamName: "logs-to-s3" }),
      ],
    },
    flagged: [],
  },
  {
    title: "no delivery alarm is flagged; an alarm on an unrelated metric does not count",
    pulumi: [pulumiFirehose("events-to-s3"), pulumiAlarm("events-to-s3-bytes", "AWS/Firehose", "IncomingBytes", { DeliveryStreamName: "events-to-s3" }, "Sum")],
    aws: {
      deliveryStreams: [awsFirehose("events-to-s3")],
      alarms: [awsAlarm("events-to-s3-bytes", "AWS/Firehose", "IncomingBytes", { DeliveryStreamName: "events-to-s3" }, "Sum")],
    },
    flagged: ["events-to-s3"],
  },
];
export default examples;
