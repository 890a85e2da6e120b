/** kdf-no-transformation: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsFirehose, pulumiFirehose, type RuleExample } from "../lib/examples";

const NO_LAMBDA = { processingConfiguration: undefined };
const AWS_NO_LAMBDA = { ProcessingConfiguration: { Enabled: false, Processors: [] } };
const CONVERSION = {
  dataFormatConversionConfiguration: {
    inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
    outputFormatConfiguration: { serializer: { parquetSerDe: {} } },
    schemaConfiguration: { databaseName: "db", tableName: "events", roleArn: "arn:aws:iam::123456789012:role/glue" },
  },
};
const AWS_CONVERSION = {
  DataFormatConversionConfiguration: {
    Enabled: true,
    InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
    OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
    SchemaConfiguration: { DatabaseName: "db", TableName: "events", RoleARN: "arn:aws:iam::123456789012:role/glue" },
  },
};

const examples: readonly RuleExample[] = [
  {
    title: "a raw delivery stream with a Lambda processor is fine",
    pulumi: [pulumiFirehose("raw-events")],
    aws: { deliveryStreams: [awsFirehose("raw-events")] },
    flagged: [],
  },
  {
    title: "raw data with no processor is flagged; a name without a raw keyword token is not judged",
    pulumi: [pulumiFirehose("raw-events", {}, NO_LAMBDA), pulumiFirehose("drawings-archive", {}, NO_LAMBDA)],
    aws: { deliveryStreams: [awsFirehose("raw-events", {}, AWS_NO_LAMBDA), awsFirehose("drawings-archive", {}, AWS_NO_LAMBDA)] },
    flagged: ["raw-events"],
  },
  {
    title: "record format conversion (JSON to Parquet) counts as a transformation",
    pulumi: [pulumiFirehose("raw-events-to-parquet", {}, { ...NO_LAMBDA, ...CONVERSION })],
    aws: { deliveryStreams: [awsFirehose("raw-events-to-parquet", {}, { ...AWS_NO_LAMBDA, ...AWS_CONVERSION })] },
    flagged: [],
  },
  {
    title: "appliesTo: all judges every delivery stream",
    config: { appliesTo: "all" },
    pulumi: [pulumiFirehose("drawings-archive", {}, NO_LAMBDA)],
    aws: { deliveryStreams: [awsFirehose("drawings-archive", {}, AWS_NO_LAMBDA)] },
    flagged: ["drawings-archive"],
  },
];
export default examples;
