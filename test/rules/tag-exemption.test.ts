/**
 * The exemption tag applied by the rule engine (rules/tag-exemption.ts, issue 13): a rule judges a
 * tagged resource as if it were not exempt; Rule.evaluate keeps the active findings only (what the
 * pack reports), Rule.judge returns the tag-exempt ones apart (what scan and audit list as suppressed).
 */
import { describe, expect, it } from "vitest";
import { rule as definedRule } from "../../rules/catalog";
import { judgeInventory, evaluateInventory } from "../../rules/index";
import { pricingFor } from "../../rules/pricing";
import { exemptionTag } from "../../rules/tag-exemption";
import { resolveRuleConfig } from "../../rules/config";
import { UNKNOWN_STRING, ctx, inventory, stream } from "../policy-pack/fixtures";

const TAG = "kinesis-guard:exempt";
const monitoring = definedRule("kds-enhanced-monitoring");
const alarms = definedRule("kds-alarms");
const opts = { configs: {}, pricing: (r: string | undefined) => pricingFor(r) };

describe("the exemption tag, applied by the engine", () => {
  it("a resource rule: evaluate drops the tag-exempt finding, judge sets it apart with the tag as the resource spells it", () => {
    const plain = stream("orders");
    const tagged = stream("orders", { tags: { "Kinesis-Guard:Exempt": "kds-retention, kds-enhanced-monitoring" } });
    const c = ctx("kds-enhanced-monitoring");
    const expected = monitoring.evaluate.stream!(plain, c);
    expect(expected).toHaveLength(1);
    expect(monitoring.evaluate.stream!(tagged, c)).toEqual([]);
    const j = monitoring.judge.stream!(tagged, c);
    expect(j.findings).toEqual([]);
    expect(j.tagExempt).toEqual([{ finding: { ...expected[0]!, resource: tagged.id }, tag: { key: "Kinesis-Guard:Exempt", value: "kds-retention, kds-enhanced-monitoring" } }]);
    // Untagged, or tagged for other rules: judge and evaluate agree, nothing set apart.
    for (const s of [plain, stream("orders", { tags: { [TAG]: "kds-retention" } })]) {
      expect(monitoring.judge.stream!(s, c)).toEqual({ findings: monitoring.evaluate.stream!(s, c), tagExempt: [] });
    }
  });

  it("allowTagExemption false: the finding stays active; unknown tags at preview: no verdict at all", () => {
    const tagged = stream("orders", { tags: { [TAG]: "all" } });
    const strict = ctx("kds-enhanced-monitoring", { allowTagExemption: false });
    expect(monitoring.judge.stream!(tagged, strict).findings).toHaveLength(1);
    expect(monitoring.judge.stream!(tagged, strict).tagExempt).toEqual([]);
    // kds-encryption is mandatory by default: the tag does not exempt from it.
    const enc = definedRule("kds-encryption");
    const sensitive = stream("payments", { tags: { [TAG]: "all" } });
    expect(enc.judge.stream!(sensitive, ctx("kds-encryption"))).toMatchObject({ findings: [{ ruleId: "kds-encryption" }], tagExempt: [] });
    // Tags unknown (a preview of a new resource): judged() gives no verdict, as before.
    const unknown = stream("orders", { tags: UNKNOWN_STRING });
    expect(monitoring.judge.stream!(unknown, ctx("kds-enhanced-monitoring"))).toEqual({ findings: [], tagExempt: [] });
    expect(exemptionTag("kds-enhanced-monitoring", unknown.tags, resolveRuleConfig("kds-enhanced-monitoring", undefined))).toBeUndefined();
  });

  it("a stack rule: each finding by the tags of the resource it is about; judgeInventory and evaluateInventory agree on the active ones", () => {
    const inv = inventory({ streams: [stream("orders"), stream("clicks", { tags: { [TAG]: "kds-alarms" } })] });
    const j = alarms.judge.stack!(inv, ctx("kds-alarms"));
    expect(j.findings.map((f) => f.resource.displayName)).toEqual(["orders"]);
    expect(j.tagExempt.map((x) => x.finding.resource.displayName)).toEqual(["clicks"]);
    expect(alarms.evaluate.stack!(inv, ctx("kds-alarms"))).toEqual(j.findings);
    const all = judgeInventory(inv, opts);
    expect(all.findings).toEqual(evaluateInventory(inv, opts));
    expect(all.tagExempt.map((x) => `${x.finding.ruleId} ${x.finding.resource.displayName}`)).toEqual(["kds-alarms clicks"]);
  });

  it("a custom exemptionTagKey", () => {
    const s = stream("orders", { tags: { "acme:skip": "all", [TAG]: "all" } });
    const j = monitoring.judge.stream!(s, ctx("kds-enhanced-monitoring", { exemptionTagKey: "acme:skip" }));
    expect(j.tagExempt.map((x) => x.tag)).toEqual([{ key: "acme:skip", value: "all" }]);
  });
});
