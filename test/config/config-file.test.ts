import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig, loadConfigFile, parseConfigText } from "../../live-checks/config-file";

describe("config file", () => {
  it("defaults: catalog enforcement levels and mission settings", () => {
    const c = defaultConfig();
    expect(c.enforcement["kds-encryption"]).toBe("mandatory");
    expect(c.enforcement["kds-retention"]).toBe("advisory");
    expect(c.settings.windowDays).toBe(7);
    expect(c.settings.minRecordsPerMinute).toBe(100);
    expect(c.settings.excludeNamePrefixes).toEqual(["test-", "dev-"]);
    expect(c.settings.healthScore).toEqual({ high: 20, medium: 10, low: 5 });
  });

  it("reads Pulumi's --policy-pack-config shape in YAML, with our settings block", () => {
    const c = parseConfigText(
      [
        "all: advisory",
        "kds-retention: disabled",
        "kds-encryption:",
        "  enforcementLevel: mandatory",
        "  appliesTo: all",
        "kinesis-guard:",
        "  windowDays: 3",
        "  pricing:",
        "    eu-west-1: { shardHour: 0.017 }",
      ].join("\n"),
      "kg.yaml",
    );
    expect(c.enforcement["kds-retention"]).toBe("disabled");
    expect(c.enforcement["kds-encryption"]).toBe("mandatory");
    expect(c.enforcement["kdf-s3-backup"]).toBe("advisory"); // from "all"
    expect(c.rules["kds-encryption"]!.appliesTo).toBe("all");
    expect(c.settings.windowDays).toBe(3);
    expect(c.settings.pricing["eu-west-1"]).toEqual({ shardHour: 0.017 });
  });

  it("reads JSON from a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kg-"));
    const f = join(dir, "kg.json");
    writeFileSync(f, JSON.stringify({ "kds-iterator-age": { maxIteratorAgeMs: 30000 } }));
    const c = await loadConfigFile(f);
    expect(c.rules["kds-iterator-age"]!.maxIteratorAgeMs).toBe(30000);
    expect(c.source).toBe(f);
  });

  it.each([
    ["kds-encrytion: {}", /kg\.yaml: unknown key "kds-encrytion" \(did you mean "kds-encryption"\?\)/],
    ["all: strict", /kg\.yaml: "all" = "strict": must be one of advisory, mandatory, remediate, disabled/],
    ["kds-retention: [1]", /"kds-retention" = \[1\]: must be an enforcement level or an object/],
    ["kds-retention: { enforcementLevel: loud }", /"kds-retention\.enforcementLevel" = "loud"/],
    ["kinesis-guard: { windowDays: 0 }", /"kinesis-guard\.windowDays" = 0: must be >= 1/],
    ["kinesis-guard: { windowDay: 3 }", /unknown key "kinesis-guard\.windowDay" \(did you mean "windowDays"\?\)/],
    ["kinesis-guard: { regions: [us-east1] }", /"kinesis-guard\.regions\.0" = "us-east1"/],
    ["kinesis-guard: { pricing: { us-east-1: { shardHour: -1 } } }", /pricing\.us-east-1\.shardHour" = -1: must be >= 0/],
    ["kds-iterator-age: { maxIteratorAgeMs: fast }", /"kds-iterator-age\.maxIteratorAgeMs" = "fast": must be number/],
    ["a: [", /kg\.yaml: not valid JSON or YAML/],
    ["- 1\n- 2", /must be an object whose keys are rule ids/],
  ])("rejects %j clearly", (text, message) => {
    expect(() => parseConfigText(text, "kg.yaml")).toThrowError(message);
  });

  it("names a missing file", async () => {
    await expect(loadConfigFile("/nonexistent/kg.yaml")).rejects.toThrow(/\/nonexistent\/kg\.yaml: cannot read the config file \(ENOENT\)/);
  });
});

describe("pack-only policy names", () => {
  it("accepts and validates kdf-encryption-source (kdf-encryption's stack part)", () => {
    expect(() => parseConfigText("kdf-encryption-source: { appliesTo: all }", "kg.yaml")).not.toThrow();
    expect(() => parseConfigText("kdf-encryption-source: { appliesTo: most }", "kg.yaml")).toThrowError(/kdf-encryption-source[\s\S]*appliesTo/);
  });
});
