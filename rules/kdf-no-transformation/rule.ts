/**
 * kdf-no-transformation: a delivery stream that delivers records as received, with neither an
 * enabled Lambda processor (https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html)
 * nor record format conversion (DataFormatConversionConfiguration, JSON to Parquet/ORC:
 * https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html), which is a
 * transformation in its own right.
 * Scope (`appliesTo`): by default only delivery streams whose name says they carry raw data (name
 * tokens in `rawNameKeywords`, the spec script's "raw", "unprocessed", "incoming"): delivering
 * curated data untransformed is normal. `appliesTo: all` judges every delivery stream.
 */
import { nameHasKeyword } from "../classify";
import { tagExemptionUnknown } from "../tag-exemption";
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import type { RuleContext } from "../types";
import { DESTINATION_CONFIG_KEY } from "../lib/destinations";
import { finding } from "../lib/finding-builder";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { oneOf, ruleConfig, strings } from "../lib/config-schema";

const ID = "kdf-no-transformation";

/** Is the delivery stream in the rule's scope? Undefined when its name is not known yet (preview). */
function inRawScope(ds: DeliveryStreamConfig, config: Config): boolean | undefined {
  if (config.appliesTo === "all") return true;
  if (!isKnown(ds.name)) return undefined;
  return nameHasKeyword(ds.name ?? "", config.rawNameKeywords);
}

export function kdfNoTransformation(ds: DeliveryStreamConfig, { config }: RuleContext<Config>): Finding[] {
  if (tagExemptionUnknown(ID, ds.tags, config)) return []; // tags unknown: no verdict (a resource exempt by tag is judged; the engine sets its finding apart)
  if (inRawScope(ds, config) !== true) return [];
  const lambda = ds.lambdaProcessor;
  const conversion = ds.formatConversion ?? false;
  if (lambda === true || conversion === true) return []; // transformed
  if (!isKnown(lambda) || !isKnown(conversion)) return []; // cannot tell yet
  const block = isKnown(ds.destination) ? DESTINATION_CONFIG_KEY[ds.destination] : "<destination>Configuration";
  const s3 = ds.destination === "extended_s3" || ds.destination === "s3";
  const scope = config.appliesTo === "all" ? "" : " (its name marks it as raw data)";
  return [
    finding(ID, {
      resource: ds.id,
      property: `${block}.processingConfiguration`,
      found: s3 ? "no enabled Lambda processor, no record format conversion" : "no enabled Lambda processor",
      expected: s3 ? 'an enabled processor of type "Lambda", or dataFormatConversionConfiguration' : 'enabled: true with a processor of type "Lambda"',
      details: `Delivery stream "${ds.id.displayName}"${scope} delivers records as received: no enabled Lambda processor${s3 ? " and no record format conversion" : ""} validates or transforms them.`,
      remediation:
        `Add ${block}.processingConfiguration { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: <function ARN>:$LATEST }] }] }` +
        (s3 ? ` or ${block}.dataFormatConversionConfiguration (JSON to Parquet/ORC with a Glue table schema)` : "") +
        `, or tag the stream kinesis-guard:exempt=kdf-no-transformation if raw delivery is intended.`,
    }),
  ];
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  appliesTo: oneOf(["raw", "all"], {
    description: "Which delivery streams the rule judges: those whose name marks raw data (rawNameKeywords), or all.",
    default: "raw",
  }),
  rawNameKeywords: strings("Name keywords (whole name tokens, plain plurals match) that mark a delivery stream as carrying raw data.", ["raw", "unprocessed", "incoming"]),
});

export default defineRule({
  id: ID,
  issue: "No Data Transformation",
  title: "Raw data delivered without transformation",
  severity: "low",
  category: "reliability",
  scope: ["static"],
  resourceType: "deliveryStream",
  enforcement: "advisory",
  description:
    "The delivery stream has neither an enabled Lambda processor nor record format conversion (DataFormatConversionConfiguration, JSON to Parquet/ORC, which is a transformation too), so records are delivered as received. By default only delivery streams whose name marks raw data (rawNameKeywords, as the spec script does) are judged; appliesTo: all judges every one.",
  remediation: "Add a processingConfiguration with an enabled Lambda processor that validates and transforms records, or record format conversion to Parquet/ORC; exempt the stream if raw delivery is intended.",
  docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html",
  config: CONFIG,
  evaluate: { deliveryStream: kdfNoTransformation },
  examples,
});
