/** kdf-small-buffers: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsFirehose, pulumiFirehose, type RuleExample } from "../lib/examples";

const hints = (size: number, interval: number) => ({ bufferingSize: size, bufferingInterval: interval });
const awsHints = (size: number, interval: number) => ({ BufferingHints: { SizeInMBs: size, IntervalInSeconds: interval } });

const examples: readonly RuleExample[] = [
  {
    title: "64 MB / 300 s is fine",
    pulumi: [pulumiFirehose("events-to-s3", {}, hints(64, 300))],
    aws: { deliveryStreams: [awsFirehose("events-to-s3", {}, awsHints(64, 300))] },
    flagged: [],
  },
  {
    title: "both hints below the minimums (1 MB / 60 s) is flagged; one hint at its minimum is enough",
    pulumi: [pulumiFirehose("tiny-batches", {}, hints(1, 60)), pulumiFirehose("fresh-but-big", {}, hints(5, 60))],
    aws: { deliveryStreams: [awsFirehose("tiny-batches", {}, awsHints(1, 60)), awsFirehose("fresh-but-big", {}, awsHints(5, 60))] },
    flagged: ["tiny-batches"],
  },
];
export default examples;
