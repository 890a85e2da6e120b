/** kds-encryption: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import rule, { kdsEncryption } from "./rule";
import { UNKNOWN_STRING, ctx, stream } from "../../test/policy-pack/fixtures";
const SENSITIVE = { DataClassification: "pii", Tier: "tier-3" };

describe("kds-encryption", () => {
  it("flags a sensitive stream left at the default NONE, with the exact issue, severity and property", () => {
    const [f, ...rest] = kdsEncryption(stream("s", { tags: SENSITIVE }), ctx("kds-encryption"));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: "kds-encryption", issue: "No Encryption", severity: "high", property: "encryptionType", found: '"NONE"', expected: '"KMS"' });
    expect(f!.details).toContain('Stream "s"');
  });
  it("ignores non-sensitive streams unless appliesTo is all; honours the exemption tag", () => {
    expect(kdsEncryption(stream("clicks", { tags: { DataClassification: "public" } }), ctx("kds-encryption"))).toEqual([]);
    expect(kdsEncryption(stream("clicks", {}), ctx("kds-encryption", { appliesTo: "all" }))).toHaveLength(1);
    // Mandatory by default: the tag exempts only where the config allows it. The rule judges as if
    // there were no tag; the engine (Rule.evaluate / Rule.judge) applies it (rules/tag-exemption.ts).
    const tagged = stream("s", { tags: { ...SENSITIVE, "kinesis-guard:exempt": "kds-encryption" } });
    expect(rule.evaluate.stream!(tagged, ctx("kds-encryption"))).toHaveLength(1);
    expect(rule.judge.stream!(tagged, ctx("kds-encryption")).tagExempt).toEqual([]);
    expect(kdsEncryption(tagged, ctx("kds-encryption", { allowTagExemption: true }))).toHaveLength(1);
    expect(rule.evaluate.stream!(tagged, ctx("kds-encryption", { allowTagExemption: true }))).toEqual([]);
    expect(rule.judge.stream!(tagged, ctx("kds-encryption", { allowTagExemption: true })).tagExempt.map((x) => x.tag)).toEqual([{ key: "kinesis-guard:exempt", value: "kds-encryption" }]);
  });
  it("requires a customer-managed key only when configured", () => {
    const s = stream("s", { tags: SENSITIVE, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    expect(kdsEncryption(s, ctx("kds-encryption"))).toEqual([]);
    expect(kdsEncryption(s, ctx("kds-encryption", { requireCustomerManagedKey: true })).map((f) => f.property)).toEqual(["kmsKeyId"]);
    const cmk = stream("s", { tags: SENSITIVE, encryptionType: "KMS", kmsKeyId: "arn:aws:kms:us-east-1:1:key/abc" });
    expect(kdsEncryption(cmk, ctx("kds-encryption", { requireCustomerManagedKey: true }))).toEqual([]);
  });
  it("gives no finding when the encryption type or the tags are unknown", () => {
    expect(kdsEncryption(stream("s", { tags: SENSITIVE, encryptionType: UNKNOWN_STRING }), ctx("kds-encryption"))).toEqual([]);
    expect(kdsEncryption(stream("s", { tags: UNKNOWN_STRING }), ctx("kds-encryption"))).toEqual([]);
  });
});
