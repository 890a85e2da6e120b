/** aws:kinesis/streamConsumer:StreamConsumer props -> ConsumerConfig. */
import type { ConsumerConfig } from "../../rules/model";
import { toPlain } from "./plain";
import { at, orDefault, str } from "./read";
import { depsOf, TYPES, type PulumiResource } from "./resource";

export function consumerFromPulumi(r: PulumiResource): ConsumerConfig {
  const { props } = toPlain(r.props);
  const streamRef = depsOf(r, "streamArn", TYPES.stream)[0];
  return {
    kind: "consumer",
    id: { ref: r.urn, displayName: r.name, type: r.type },
    name: orDefault(str(at(props, "name")), r.name),
    arn: str(at(props, "arn")),
    streamArn: str(at(props, "streamArn")),
    ...(streamRef === undefined ? {} : { streamRef }),
  };
}
