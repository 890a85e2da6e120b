import { describe, expect, it } from "vitest";
import { CATALOG, rule } from "../../rules/catalog";
import { ConfigError, closest, defaultConfigs, resolveRuleConfig } from "../../rules/config";

describe("resolveRuleConfig", () => {
  it("applies every schema default when nothing is given", () => {
    const cfg = resolveRuleConfig("kds-iterator-age", undefined);
    expect(cfg.maxIteratorAgeMs).toBe(60000);
    expect(cfg.exemptionTagKey).toBe("kinesis-guard:exempt");
  });

  it("keeps given values and fills the rest", () => {
    const cfg = resolveRuleConfig("kds-encryption", { appliesTo: "all" });
    expect(cfg.appliesTo).toBe("all");
    expect(cfg.requireCustomerManagedKey).toBe(false);
    expect(cfg.sensitiveTags).toEqual({ DataClassification: ["pii", "sensitive", "confidential", "restricted"] });
  });

  it("ignores the engine's enforcementLevel key and does not mutate its input", () => {
    const input = { enforcementLevel: "mandatory", maxThrottledPercent: 2 };
    const cfg = resolveRuleConfig("kds-write-throttling", input);
    expect(cfg.maxThrottledPercent).toBe(2);
    expect(cfg).not.toHaveProperty("enforcementLevel");
    expect(input).toEqual({ enforcementLevel: "mandatory", maxThrottledPercent: 2 });
  });

  it("rejects a wrong type naming rule, key and value", () => {
    expect(() => resolveRuleConfig("kds-iterator-age", { maxIteratorAgeMs: "60s" }, "kg.yaml")).toThrowError(
      /kg\.yaml: invalid settings for rule "kds-iterator-age":[\s\S]*"kds-iterator-age\.maxIteratorAgeMs" = "60s": must be number/,
    );
  });

  it("rejects an out-of-range threshold", () => {
    expect(() => resolveRuleConfig("kds-write-throttling", { maxThrottledPercent: 150 })).toThrowError(/must be <= 100/);
  });

  it("rejects an unknown key with a did-you-mean", () => {
    let err: unknown;
    try {
      resolveRuleConfig("kds-iterator-age", { maxIteratorAgeMS: 5 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/unknown key "kds-iterator-age\.maxIteratorAgeMS" \(did you mean "maxIteratorAgeMs"\?\)/);
  });

  it("rejects a non-object", () => {
    expect(() => resolveRuleConfig("kds-retention", [1, 2])).toThrowError(/must be an object of settings/);
  });

  it("resolves a default config for every catalog rule", () => {
    const all = defaultConfigs();
    expect(Object.keys(all).sort()).toEqual(CATALOG.map((r) => r.id).sort());
  });
});

describe("catalog", () => {
  it("has unique ids and the mission's exact issue names", () => {
    const ids = CATALOG.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rule("kds-on-demand-steady").issue).toBe("On-Demand Misconduct");
    expect(rule("kdf-delivery-failures").issue).toBe("Firehose Delivery Failures");
    expect(rule("kds-hot-shard").issue).toBe("Shard Splitting Needed");
    expect(rule("kds-alarms").issue).toBe("No CloudWatch Alarms");
  });

  it("makes security and data-loss rules mandatory, the rest advisory", () => {
    const mandatory = CATALOG.filter((r) => r.enforcement === "mandatory").map((r) => r.id).sort();
    expect(mandatory).toEqual(["kdf-encryption", "kdf-plaintext-credentials", "kdf-s3-backup", "kds-encryption"]);
  });

  it("throws on an unknown rule id", () => {
    expect(() => rule("nope")).toThrow(/unknown rule id/);
  });
});

describe("closest", () => {
  it("suggests near misses only", () => {
    expect(closest("windowDay", ["windowDays", "regions"])).toBe("windowDays");
    expect(closest("zzzzzz", ["windowDays", "regions"])).toBeUndefined();
  });
});
