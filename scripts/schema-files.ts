/**
 * The JSON Schema files in schemas/ that are generated from their one TypeBox declaration, by file
 * name (`npm run schemas` writes them; test/schemas.test.ts fails when a committed one is stale).
 * The SARIF schema is OASIS's, committed as published; it is not generated.
 */
import { ANALYSIS_SCHEMA } from "../live-checks/report/analysis-schema";
import { schemaFileText } from "../live-checks/json-schema";
import { SETTINGS_SCHEMA, SETTINGS_KEY } from "../live-checks/config-file";
import { SCENARIO_SCHEMA } from "../simulator/scenario-schema";
import { SNAPSHOT_SCHEMA } from "../live-checks/snapshot";

export const GENERATED_SCHEMAS: Readonly<Record<string, unknown>> = {
  "kinesis_analysis.schema.json": ANALYSIS_SCHEMA,
  "kinesis_guard_settings.schema.json": {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://kinesis-guard.dev/schemas/kinesis_guard_settings.schema.json",
    title: `kinesis-guard config file: the "${SETTINGS_KEY}" object`,
    description: "The live checker's settings in the config file (kinesis-guard.yaml / .json); every key but regions has a default.",
    ...SETTINGS_SCHEMA,
  },
  "kinesis_guard_snapshot.schema.json": {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://kinesis-guard.dev/schemas/kinesis_guard_snapshot.schema.json",
    title: "kinesis-guard audit snapshot",
    description:
      "Everything the live audit collected (audit --save-snapshot; one line of a JSON Lines snapshot set per account), re-analyzed by audit --from-snapshot. The loader (live-checks/snapshot-io.ts) checks kind and version first, then this schema, then cross-field consistency (window, series, duplicates, regions).",
    ...SNAPSHOT_SCHEMA,
  },
  "simulator_scenario.schema.json": {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://kinesis-guard.dev/schemas/simulator_scenario.schema.json",
    title: "kinesis-guard simulator scenario",
    description: "A fleet for the local AWS simulator (simulator/), its metrics' behaviour and the findings it plants; cross-references are checked by the loader (simulator/scenario.ts).",
    ...SCENARIO_SCHEMA,
  },
};

/** Each generated file's text, as it should be committed. */
export function schemaFiles(): [name: string, text: string][] {
  return Object.entries(GENERATED_SCHEMAS).map(([name, schema]) => [name, schemaFileText(schema)]);
}
