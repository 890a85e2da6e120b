/**
 * The policy pack, the reports and the audit's region list ask the rules (issue 12 phase 2): what
 * each hook answers for the catalog, and proof that policies/ and live-checks/ take it from the
 * rule rather than from a list of rule ids of their own.
 */
import { describe, expect, it } from "vitest";
import { CATALOG, rule, rulesRunning } from "../../rules/catalog";
import type { Finding, ResourceRef } from "../../rules/model";
import { resolveRuleConfig } from "../../rules/config";
import { US_EAST_1 } from "../../rules/pricing";
import { resourcePolicies } from "../../policies/resource-policies";
import { stackPolicies } from "../../policies/stack-policies";
import { defaultConfig, parseConfigText, regionsRulesList } from "../../live-checks/config-file";
import { reportHooksOf } from "../../live-checks/analyze/rule-meta";

const REF: ResourceRef = { kind: "deliveryStream", ref: "arn:x", displayName: "x" } as unknown as ResourceRef;
const f = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({ ruleId, issue: "x", severity: "low", resource: REF, details: "d.", remediation: "r", ...extra });

describe("pack hooks", () => {
  it("one resource policy per static rule and one stack policy per stack rule, in run order", () => {
    expect(resourcePolicies.map((p) => p.name)).toEqual([...rulesRunning("stream"), ...rulesRunning("deliveryStream")].map((r) => r.id));
    expect(stackPolicies.map((p) => p.name)).toEqual(rulesRunning("stack").map((r) => r.stackPolicyName ?? r.id));
    // the rule with both parts names its stack part
    expect(stackPolicies.map((p) => p.name)).toContain(rule("kdf-encryption").stackPolicyName);
  });

  it("a resource policy remediates exactly when its rule has a fix", () => {
    const fixing = resourcePolicies.filter((p) => p.remediateResource !== undefined).map((p) => p.name).sort();
    expect(fixing).toEqual(CATALOG.filter((r) => r.pack.fixStream ?? r.pack.fixDeliveryStream).map((r) => r.id).sort());
    expect(fixing).toEqual(["kdf-encryption", "kdf-small-buffers", "kds-encryption", "kds-enhanced-monitoring"]);
  });

  it("the fixes read the rule's config and finding", () => {
    const mon = rule("kds-enhanced-monitoring");
    const props = { shardLevelMetrics: ["IncomingBytes"] };
    const config = { ...resolveRuleConfig(mon.id, undefined), requiredMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"] };
    expect(mon.pack.fixStream!(props, [f(mon.id)], {} as never, config)).toEqual({ shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"] });
    const sse = rule("kdf-encryption");
    const finding = f(sse.id, { property: "serverSideEncryption.enabled" });
    expect(sse.pack.fixDeliveryStream!({}, [finding], {} as never, resolveRuleConfig(sse.id, undefined))).toEqual({ serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } });
    // a customer-managed key is a person's choice: no automatic fix
    expect(sse.pack.fixDeliveryStream!({}, [finding], {} as never, resolveRuleConfig(sse.id, { requireCustomerManagedKey: true }))).toBeUndefined();
    const buffers = rule("kdf-small-buffers");
    const fixed = buffers.pack.fixDeliveryStream!({ name: "d" }, [f(buffers.id, { data: { recommendedSizeMb: 64, recommendedIntervalSeconds: 300 } })], { destination: "extended_s3" } as never, resolveRuleConfig(buffers.id, undefined));
    expect(fixed).toEqual({ name: "d", extendedS3Configuration: { bufferingSize: 64, bufferingInterval: 300 } });
  });

  it("only the rule judging secrets reads the secret-inputs policy's notes", () => {
    expect(CATALOG.filter((r) => r.pack.readsNotedSecrets).map((r) => r.id)).toEqual(["kdf-plaintext-credentials"]);
  });
});

describe("regionsToList", () => {
  it("the DR regions of kds-cross-region, unless the rule is disabled", () => {
    expect(regionsRulesList(defaultConfig())).toEqual(["us-west-2"]);
    expect(regionsRulesList(parseConfigText(JSON.stringify({ "kds-cross-region": { drRegions: ["eu-west-1", "eu-central-1"] } }), "t"))).toEqual(["eu-west-1", "eu-central-1"]);
    expect(regionsRulesList(parseConfigText(JSON.stringify({ "kds-cross-region": "disabled" }), "t"))).toEqual([]);
  });
});

describe("report hooks", () => {
  it("which rules answer each", () => {
    const answering = (k: keyof (typeof CATALOG)[number]["report"]) => CATALOG.filter((r) => r.report[k] !== undefined).map((r) => r.id);
    expect(answering("flagsPollingLag")).toEqual(["kds-iterator-age"]);
    expect(answering("hotShardOf")).toEqual(["kds-hot-shard"]);
    expect(answering("onDemandMonthlyUsd")).toEqual(["kds-on-demand-steady"]);
    expect(answering("deliveryCostBeyondIngestion")).toEqual(["kdf-small-buffers"]);
  });

  it("the answers come from the finding", () => {
    expect(reportHooksOf("kds-hot-shard").hotShardOf!(f("kds-hot-shard", { data: { shardId: "shardId-000000000003" } }))).toBe("shardId-000000000003");
    expect(reportHooksOf("kds-on-demand-steady").onDemandMonthlyUsd!(f("kds-on-demand-steady", { data: { onDemandMonthlyUsd: 140.5 } }))).toBe(140.5);
    expect(reportHooksOf("kds-on-demand-steady").onDemandMonthlyUsd!(f("kds-on-demand-steady"))).toBeUndefined();
    const puts = reportHooksOf("kdf-small-buffers").deliveryCostBeyondIngestion!;
    // measured PUTs win over the estimate; nothing when the finding priced nothing
    expect(puts(f("kdf-small-buffers", { monthlyImpactUsd: 1, data: { measuredPutsPerMonth: 2_000_000, estimatedPutsPerMonth: 10 } }), US_EAST_1)).toEqual({ usd: 2000 * US_EAST_1.s3PutPer1000, basis: "S3 PUTs" });
    expect(puts(f("kdf-small-buffers", { data: { estimatedPutsPerMonth: 10 } }), US_EAST_1)).toBeUndefined();
    // a rule outside the catalog (the drift checks) answers nothing
    expect(reportHooksOf("drift-something")).toEqual({});
  });
});
