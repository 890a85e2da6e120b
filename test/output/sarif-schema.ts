/**
 * Test helper: the committed SARIF 2.1.0 schema (schemas/sarif-2.1.0-rtm.5.json, draft-04; see its
 * .source.txt) compiled with ajv. ajv 8 speaks draft-07; the schema uses no keyword whose meaning
 * changed, so dropping its "$schema"/"id" is enough. The three formats it uses are checked here
 * (ajv-formats is not a dependency). One of its patterns ("language") has a stray "]" that only
 * compiles without the u flag, hence unicodeRegExp: false.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

export function sarifValidator(): ValidateFunction {
  const raw = JSON.parse(readFileSync(join(__dirname, "..", "..", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
  delete raw.$schema;
  delete raw.id;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat("uri", (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat("uri-reference", (s: string) => !/\s/.test(s));
  return ajv.compile(raw);
}
