/** ListStreamConsumers entry -> ConsumerConfig. https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Consumer.html */
import type { Consumer } from "@aws-sdk/client-kinesis";
import type { ConsumerConfig } from "../../rules/model";
import { TYPE_CONSUMER } from "./types";

/** Undefined when the entry has no name (nothing to report on or to query metrics for). */
export function adaptConsumer(c: Consumer | undefined, streamArn: string | undefined): ConsumerConfig | undefined {
  if (!c?.ConsumerName) return undefined;
  return {
    kind: "consumer",
    id: { ref: c.ConsumerARN ?? `${streamArn ?? "unknown-stream"}/consumer/${c.ConsumerName}`, displayName: c.ConsumerName, type: TYPE_CONSUMER },
    name: c.ConsumerName,
    arn: c.ConsumerARN,
    streamArn,
    // The live audit's stream refs are ARNs, so the graph link is the ARN itself.
    ...(streamArn ? { streamRef: streamArn } : {}),
    ...(c.ConsumerStatus ? { status: c.ConsumerStatus } : {}),
  };
}
