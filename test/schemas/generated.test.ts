/**
 * The JSON Schema files in schemas/ come from one TypeBox declaration each (the same declaration
 * types the code that writes or reads the file): regenerated in memory, each must equal the
 * committed file (`npm run schemas` rewrites them).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "../../scripts/schema-files";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";

describe("generated JSON Schemas", () => {
  for (const [name, text] of schemaFiles()) {
    it(`schemas/${name} is up to date with its declaration (npm run schemas)`, () => {
      expect(readFileSync(join(__dirname, "..", "..", "schemas", name), "utf8")).toBe(text);
    });
  }
});

describe("schemas/kinesis_guard_settings.schema.json", () => {
  const schema = JSON.parse(readFileSync(join(__dirname, "..", "..", "schemas", "kinesis_guard_settings.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

  it("accepts what the config file accepts: nothing (every key has a default but regions) or set keys", () => {
    expect(validate({})).toBe(true);
    expect(validate({ regions: ["eu-west-1"], windowDays: 14, pricing: { "eu-west-1": { shardHour: 0.017 } }, exemptions: [{ resource: "arn:*", reason: "accepted" }] })).toBe(true);
  });

  it("refuses what the config file refuses (a typo, a window past CloudWatch's 455 days, an exemption without reason)", () => {
    expect(validate({ windowDay: 7 })).toBe(false);
    expect(validate({ windowDays: 456 })).toBe(false);
    expect(validate({ exemptions: [{ resource: "x" }] })).toBe(false);
    expect(validate({ pricing: { "eu-west-1": { shardHours: 1 } } })).toBe(false);
  });
});

describe("schemas/simulator_scenario.schema.json", () => {
  const root = join(__dirname, "..", "..");
  const schema = JSON.parse(readFileSync(join(root, "schemas", "simulator_scenario.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it("accepts every committed scenario and refuses a stream with an unknown key", () => {
    const dir = join(root, "simulator", "scenarios");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(validate(JSON.parse(readFileSync(join(dir, f), "utf8"))), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    expect(validate({ seed: 1, regions: { "us-east-1": { streams: [{ name: "s", shard: 2 }] } } })).toBe(false);
  });
});

describe("schemas/kinesis_guard_snapshot.schema.json", () => {
  const schema = JSON.parse(readFileSync(join(__dirname, "..", "..", "schemas", "kinesis_guard_snapshot.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  const snapshot = () => JSON.parse(JSON.stringify(fixtureSnapshot())) as Record<string, unknown> & { streams: Record<string, unknown>[] };

  it("accepts a snapshot as saved (JSON), with or without account", () => {
    expect(validate(snapshot()), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ ...snapshot(), account: { id: "123456789012", name: "prod" } })).toBe(true);
  });

  it("refuses a missing field and a wrong type, at their JSON path", () => {
    const { drStreams: _d, ...noDrStreams } = snapshot();
    expect(validate(noDrStreams)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: "", keyword: "required", params: { missingProperty: "drStreams" } });
    const s = snapshot();
    s.streams[0]!.shardCount = "2";
    expect(validate(s)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: "/streams/0/shardCount", keyword: "type" });
  });
});
