/**
 * kdf-no-transformation: no enabled Lambda processor
 * (https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html).
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import type { RuleContext } from "../types";
import { DESTINATION_CONFIG_KEY } from "./destinations";
import { finding, judged } from "./finding";

const ID = "kdf-no-transformation";

export function kdfNoTransformation(ds: DeliveryStreamConfig, { config }: RuleContext): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  if (!isKnown(ds.lambdaProcessor) || ds.lambdaProcessor) return [];
  const block = isKnown(ds.destination) ? DESTINATION_CONFIG_KEY[ds.destination] : "<destination>Configuration";
  return [
    finding(ID, {
      resource: ds.id,
      property: `${block}.processingConfiguration`,
      found: "no enabled Lambda processor",
      expected: 'enabled: true with a processor of type "Lambda"',
      details: `Delivery stream "${ds.id.displayName}" delivers records as received: no enabled Lambda processor validates or transforms them.`,
      remediation: `Add ${block}.processingConfiguration { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: <function ARN>:$LATEST }] }] }, or tag the stream kinesis-guard:exempt=kdf-no-transformation if raw delivery is intended.`,
    }),
  ];
}
