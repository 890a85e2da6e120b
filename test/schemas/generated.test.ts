/**
 * The JSON Schema files in schemas/ come from one TypeBox declaration each (the same declaration
 * types the code that writes or reads the file): regenerated in memory, each must equal the
 * committed file (`npm run schemas` rewrites them).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "../../scripts/schema-files";

describe("generated JSON Schemas", () => {
  for (const [name, text] of schemaFiles()) {
    it(`schemas/${name} is up to date with its declaration (npm run schemas)`, () => {
      expect(readFileSync(join(__dirname, "..", "..", "schemas", name), "utf8")).toBe(text);
    });
  }
});
