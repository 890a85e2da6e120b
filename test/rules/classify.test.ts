import { describe, expect, it } from "vitest";
import { classify, inScope, isExempt } from "../../rules/classify";
import { resolveRuleConfig } from "../../rules/config";
import { UNKNOWN } from "../../rules/model";

const enc = resolveRuleConfig("kds-encryption", undefined);

describe("classify", () => {
  it("uses tag keys and values case-insensitively", () => {
    expect(classify("sensitive", "events", { dataclassification: "PII" }, enc)).toBe(true);
  });
  it("lets an explicit classification tag beat the name keyword", () => {
    expect(classify("sensitive", "customer-events", { DataClassification: "public" }, enc)).toBe(false);
  });
  it("falls back to name keywords when untagged", () => {
    expect(classify("sensitive", "Payment-Events", {}, enc)).toBe(true);
    expect(classify("sensitive", "clickstream", {}, enc)).toBe(false);
  });
  it("reports unknown when tags or the needed name are unknown", () => {
    expect(classify("sensitive", "x", UNKNOWN, enc)).toBe("unknown");
    expect(classify("sensitive", UNKNOWN, {}, enc)).toBe("unknown");
  });
  it("decides critical by the critical tags", () => {
    expect(classify("critical", "metrics", { Tier: "Tier-1" }, enc)).toBe(true);
    expect(classify("critical", "metrics", { Tier: "tier-3" }, enc)).toBe(false);
  });
});

describe("inScope and isExempt", () => {
  it("selects all resources with appliesTo all", () => {
    const all = resolveRuleConfig("kds-encryption", { appliesTo: "all" });
    expect(inScope("clickstream", {}, all)).toBe(true);
    expect(inScope("clickstream", {}, enc)).toBe(false);
  });
  it("honours the exemption tag per rule id or all, where the rule's config allows it", () => {
    const allowed = resolveRuleConfig("kds-encryption", { allowTagExemption: true });
    expect(isExempt("kds-encryption", { "kinesis-guard:exempt": "kds-retention, kds-encryption" }, allowed)).toBe(true);
    expect(isExempt("kds-encryption", { "Kinesis-Guard:Exempt": "all" }, allowed)).toBe(true);
    expect(isExempt("kds-encryption", { "kinesis-guard:exempt": "kds-retention" }, allowed)).toBe(false);
    expect(isExempt("kds-encryption", UNKNOWN, allowed)).toBe("unknown");
  });
  it("a rule that is mandatory by default is not exemptible by tag unless allowed; an advisory one is, unless refused", () => {
    expect(enc.allowTagExemption).toBe(false);
    expect(isExempt("kds-encryption", { "kinesis-guard:exempt": "all" }, enc)).toBe(false);
    const alarms = resolveRuleConfig("kds-alarms", undefined);
    expect(alarms.allowTagExemption).toBe(true);
    expect(isExempt("kds-alarms", { "kinesis-guard:exempt": "all" }, alarms)).toBe(true);
    expect(isExempt("kds-alarms", { "kinesis-guard:exempt": "all" }, resolveRuleConfig("kds-alarms", { allowTagExemption: false }))).toBe(false);
  });
});
