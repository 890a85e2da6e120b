/**
 * The JSON Schema files in schemas/ that are generated from their one TypeBox declaration, by file
 * name (`npm run schemas` writes them; test/schemas.test.ts fails when a committed one is stale).
 * The SARIF schema is OASIS's, committed as published; it is not generated.
 */
import { ANALYSIS_SCHEMA } from "../live-checks/report/analysis-schema";
import { schemaFileText } from "../live-checks/json-schema";

export const GENERATED_SCHEMAS: Readonly<Record<string, unknown>> = {
  "kinesis_analysis.schema.json": ANALYSIS_SCHEMA,
};

/** Each generated file's text, as it should be committed. */
export function schemaFiles(): [name: string, text: string][] {
  return Object.entries(GENERATED_SCHEMAS).map(([name, schema]) => [name, schemaFileText(schema)]);
}
