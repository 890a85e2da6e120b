/**
 * Issue 11 point 9: sensitive and critical are two keyword lists, matched on name tokens (split on
 * -, _, . and camelCase), not substrings; the spec script's criticality words are in the critical list.
 */
import { describe, expect, it } from "vitest";
import { classify, nameHasKeyword, nameTokens } from "../../rules/classify";
import { resolveRuleConfig } from "../../rules/config";
import { kdsCrossRegion, type Config as CrossRegionConfig } from "../../rules/kds-cross-region/rule";
import { kdsEncryption, type Config as EncryptionConfig } from "../../rules/kds-encryption/rule";
import { US_EAST_1 } from "../../rules/pricing";
import { stream } from "../fixtures/analysis/builders";

const dr = resolveRuleConfig<CrossRegionConfig>("kds-cross-region", undefined);
const enc = resolveRuleConfig<EncryptionConfig>("kds-encryption", undefined);

describe("name tokens, not substrings", () => {
  it("splits on - _ . and camelCase", () => {
    expect(nameTokens("Border_Crossings.v2-userEvents")).toEqual(["border", "crossings", "v2", "user", "events"]);
  });
  it("border-crossings is not critical ('order' is only a substring)", () => {
    expect(classify("critical", "border-crossings", {}, dr)).toBe(false);
    expect(classify("critical", "reorder-queue", {}, dr)).toBe(false);
  });
  it("matches whole tokens and plain plurals", () => {
    expect(classify("critical", "orders-stream", {}, dr)).toBe(true);
    expect(classify("critical", "order_events", {}, dr)).toBe(true);
    expect(classify("sensitive", "customerProfiles", {}, enc)).toBe(true);
    expect(classify("sensitive", "users.signups", {}, enc)).toBe(true);
    expect(classify("sensitive", "superuser-audit", {}, enc)).toBe(false);
  });
  it("matches a multi-token keyword as a run of tokens", () => {
    expect(nameHasKeyword("legacy-credit-card-feed", ["credit-card"])).toBe(true);
    expect(nameHasKeyword("credit-feed-card", ["credit-card"])).toBe(false);
  });
});

describe("two lists: sensitive is not critical", () => {
  it("user-clickstream is sensitive but not critical", () => {
    expect(classify("sensitive", "user-clickstream", {}, enc)).toBe(true);
    expect(classify("critical", "user-clickstream", {}, dr)).toBe(false);
  });
  it("the spec script's criticality words are critical", () => {
    for (const n of ["payment-events", "order-events", "transaction-log", "critical-alerts", "primary-feed"]) {
      expect(classify("critical", n, {}, dr), n).toBe(true);
    }
    expect(classify("sensitive", "primary-feed", {}, enc)).toBe(false);
  });
  it("an untagged user-clickstream stream gets no DR finding, an untagged primary-feed does", () => {
    const ctx = { config: dr, pricing: US_EAST_1 };
    const inv = (name: string) => ({ streams: [stream(name)], consumers: [], deliveryStreams: [], alarms: [], vpcEndpoints: [], drStreams: [] });
    expect(kdsCrossRegion(inv("user-clickstream"), ctx)).toEqual([]);
    expect(kdsCrossRegion(inv("primary-feed"), ctx).map((f) => f.ruleId)).toEqual(["kds-cross-region"]);
  });
});

describe("configuration", () => {
  it("both lists and the tag keys are settings", () => {
    const cfg = resolveRuleConfig("kds-cross-region", { criticalNameKeywords: ["ledger"], criticalTags: { BusinessImpact: ["severe"] } });
    expect(classify("critical", "ledger-entries", {}, cfg)).toBe(true);
    expect(classify("critical", "payment-events", {}, cfg)).toBe(false);
    expect(classify("critical", "x", { businessimpact: "SEVERE" }, cfg)).toBe(true);
    const s = resolveRuleConfig("kds-encryption", { sensitiveNameKeywords: ["health"] });
    expect(classify("sensitive", "health-records", {}, s)).toBe(true);
    expect(classify("sensitive", "user-events", {}, s)).toBe(false);
  });
  it("the deprecated nameKeywords is still accepted: one list for both kinds, matched on tokens", () => {
    const cfg = resolveRuleConfig<EncryptionConfig>("kds-encryption", { nameKeywords: ["billing"] });
    expect(classify("sensitive", "billing-events", {}, cfg)).toBe(true);
    expect(classify("critical", "billing-events", {}, cfg)).toBe(true);
    expect(classify("sensitive", "user-events", {}, cfg)).toBe(false); // it replaces the new lists
    expect(classify("sensitive", "rebilling-jobs", {}, cfg)).toBe(false);
    const f = kdsEncryption(stream("billing-events", { encryptionType: "NONE", kmsKeyId: undefined }), { config: cfg, pricing: US_EAST_1 });
    expect(f.map((x) => x.ruleId)).toEqual(["kds-encryption"]);
  });
});
