import { describe, expect, it } from "vitest";
import { listRules, rulesTable } from "../../live-checks/cli/rules";
import { defaultConfig, parseConfigText } from "../../live-checks/config-file";
import { CATALOG } from "../../rules/catalog";

describe("kinesis-guard rules", () => {
  it("lists every catalog rule, then the drift checks, with their exact issue names", () => {
    const rules = listRules(defaultConfig());
    expect(rules.map((r) => r.id)).toEqual([...CATALOG.map((r) => r.id), "stack-drift", "stack-resource-missing", "stack-unmanaged-resource"]);
    expect(rules.find((r) => r.id === "kds-iterator-age")!.issue).toBe("Iterator Age High");
    expect(rules.find((r) => r.id === "stack-drift")!.scope).toEqual(["drift"]);
  });

  it("shows the effective enforcement and settings under a config file", () => {
    const config = parseConfigText("kds-retention: mandatory\nkds-iterator-age:\n  maxIteratorAgeMs: 1000\n", "c.yaml");
    const rules = listRules(config);
    expect(rules.find((r) => r.id === "kds-retention")!.enforcement).toBe("mandatory");
    expect(rules.find((r) => r.id === "kds-iterator-age")!.settings.maxIteratorAgeMs).toBe(1000);
    const table = rulesTable(rules).split("\n");
    expect(table[0]).toMatch(/^ID\s+ISSUE\s+SEVERITY\s+CATEGORY\s+SCOPE\s+ENFORCEMENT$/);
    expect(table.find((l) => l.startsWith("kds-retention "))).toMatch(/Excessive Retention\s+low\s+cost\s+static\s+mandatory$/);
  });
});
