/**
 * kinesisGuardPolicies(config), the list a consumer spreads into its own PolicyPack: the config
 * file's shape (levels, settings, "all", the live checker's block ignored), settings as schema
 * defaults that --policy-pack-config still overrides, and mistakes refused up front.
 */
import { describe, expect, it } from "vitest";
import type { Policies, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { kinesisGuardPolicies, SECRET_INPUTS_POLICY } from "../../policy";
import { CATALOG, EXTRA_POLICY_NAMES, ruleIdOfPolicy } from "../../rules/catalog";
import { T, urn } from "./fixtures";

const byName = (ps: Policies, name: string) => ps.find((p) => p.name === name)!;
const packRules = CATALOG.filter((r) => !(r.scope.length === 1 && r.scope[0] === "metric"));

/** Resource args as the SDK builds them, with the config the engine sent. */
function args(type: string, name: string, props: Record<string, unknown>, config: Record<string, unknown> = {}): ResourceValidationArgs {
  return {
    type,
    name,
    urn: urn(type, name),
    props,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    getConfig: <C>() => config as C,
    isType: () => false,
    asType: () => undefined,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as ResourceValidationArgs;
}

async function violations(policy: ResourceValidationPolicy, a: ResourceValidationArgs): Promise<string[]> {
  const out: string[] = [];
  const v = policy.validateResource;
  for (const fn of Array.isArray(v) ? v : v ? [v] : []) await fn(a, (m) => out.push(m));
  return out;
}

describe("kinesisGuardPolicies()", () => {
  it("every rule policy at its catalog level, plus the secret-noting policy at remediate", () => {
    const ps = kinesisGuardPolicies();
    expect(ps.map((p) => p.name).sort()).toEqual([...packRules.map((r) => r.id), ...Object.keys(EXTRA_POLICY_NAMES), SECRET_INPUTS_POLICY].sort());
    for (const p of ps) {
      if (p.name === SECRET_INPUTS_POLICY) expect(p.enforcementLevel).toBe("remediate");
      else expect(p.enforcementLevel, p.name).toBe(CATALOG.find((r) => r.id === ruleIdOfPolicy(p.name))!.enforcement);
    }
    // The SDK skips other resource types by the validation's attached type: kept through the wrapping.
    expect((byName(ps, "kds-encryption") as ResourceValidationPolicy).validateResource).toHaveProperty("__pulumiType", T.stream);
    expect((byName(ps, SECRET_INPUTS_POLICY) as ResourceValidationPolicy).remediateResource).toHaveProperty("__pulumiType", T.firehose);
  });

  it('"all" sets every kinesis-guard level but not the secret-noting one; a named level wins over "all"', () => {
    const ps = kinesisGuardPolicies({ all: "advisory", "kdf-s3-backup": "mandatory", "kds-retention": "disabled" });
    expect(byName(ps, "kds-encryption").enforcementLevel).toBe("advisory");
    expect(byName(ps, "kdf-encryption-source").enforcementLevel).toBe("advisory");
    expect(byName(ps, "kdf-s3-backup").enforcementLevel).toBe("mandatory");
    // Disabled stays listed, so --policy-pack-config can enable it again.
    expect(byName(ps, "kds-retention").enforcementLevel).toBe("disabled");
    expect(byName(ps, SECRET_INPUTS_POLICY).enforcementLevel).toBe("remediate");
  });

  it("settings become schema defaults and apply; the engine's config overrides them", async () => {
    const ps = kinesisGuardPolicies({ "kds-encryption": { enforcementLevel: "mandatory", appliesTo: "all" }, "kinesis-guard": { windowDays: 14 } });
    const policy = byName(ps, "kds-encryption") as ResourceValidationPolicy;
    expect(policy.configSchema?.properties.appliesTo).toMatchObject({ default: "all" });
    expect(byName(kinesisGuardPolicies(), "kds-encryption").configSchema?.properties.appliesTo).toMatchObject({ default: "sensitive" });
    const plainStream = { name: "clicks", shardCount: 1, tags: { Tier: "tier-3" } };
    // A client that sends no config (the SDK applies no defaults): the composed setting applies.
    expect(await violations(policy, args(T.stream, "clicks", plainStream))).toHaveLength(1);
    expect(await violations(byName(kinesisGuardPolicies(), "kds-encryption") as ResourceValidationPolicy, args(T.stream, "clicks", plainStream))).toEqual([]);
    // --policy-pack-config for this stack says otherwise: it wins.
    expect(await violations(policy, args(T.stream, "clicks", plainStream, { appliesTo: "sensitive" }))).toEqual([]);
  });

  it("stack policies take settings too", async () => {
    const ps = kinesisGuardPolicies({ "kds-alarms": "disabled" });
    expect(byName(ps, "kds-alarms").enforcementLevel).toBe("disabled");
    const stack = byName(kinesisGuardPolicies({ "kds-cross-region": { enforcementLevel: "mandatory" } }), "kds-cross-region");
    expect(stack.enforcementLevel).toBe("mandatory");
    const resources: PolicyResource[] = [];
    const out: string[] = [];
    await (stack as { validateStack: (a: unknown, r: (m: string) => void) => Promise<void> | void }).validateStack({ resources, getConfig: () => ({}) }, (m) => out.push(m));
    expect(out).toEqual([]);
  });

  it("the exemption tag keeps the pack's verdicts: no violation of an exempt resource, a mandatory rule still reported, nothing remediated", async () => {
    const ps = kinesisGuardPolicies();
    const monitoring = byName(ps, "kds-enhanced-monitoring") as ResourceValidationPolicy;
    const encryption = byName(ps, "kds-encryption") as ResourceValidationPolicy;
    const plain = { name: "orders", shardCount: 1, tags: { DataClassification: "pii" } };
    const tagged = { ...plain, tags: { DataClassification: "pii", "kinesis-guard:exempt": "all" } };
    expect(await violations(monitoring, args(T.stream, "orders", plain))).toHaveLength(1);
    expect(await violations(monitoring, args(T.stream, "orders", tagged))).toEqual([]);
    // Mandatory by default: the tag does not exempt, unless the config allows it.
    expect(await violations(encryption, args(T.stream, "orders", tagged))).toHaveLength(1);
    expect(await violations(byName(kinesisGuardPolicies({ "kds-encryption": { allowTagExemption: true } }), "kds-encryption") as ResourceValidationPolicy, args(T.stream, "orders", tagged))).toEqual([]);
    // remediate: an exempt resource's inputs are left alone.
    const fix = byName(kinesisGuardPolicies({ "kds-enhanced-monitoring": "remediate" }), "kds-enhanced-monitoring") as ResourceValidationPolicy;
    const remediate = fix.remediateResource as unknown as (a: ResourceValidationArgs) => Promise<unknown> | unknown;
    expect(await remediate(args(T.stream, "orders", plain))).toBeDefined();
    expect(await remediate(args(T.stream, "orders", tagged))).toBeUndefined();
    // A stack policy: only the untagged stream.
    const stack = byName(ps, "kds-alarms") as { validateStack: (a: unknown, r: (m: string, urn?: string) => void) => Promise<void> | void };
    const resource = (name: string, props: Record<string, unknown>) => ({ type: T.stream, urn: urn(T.stream, name), name, props, propertyDependencies: {}, dependencies: [] });
    const out: string[] = [];
    await stack.validateStack({ resources: [resource("orders", plain), resource("clicks", { ...tagged, name: "clicks" })], getConfig: () => ({}) }, (_m, u) => out.push(u ?? ""));
    expect(out).toEqual([urn(T.stream, "orders")]);
  });

  it.each([
    [{ "kds-encrytpion": "mandatory" }, /unknown policy "kds-encrytpion" \(did you mean "kds-encryption"\?\)/],
    [{ all: "blocking" }, /"all" = "blocking": must be one of advisory, mandatory, remediate, disabled/],
    [{ "kds-retention": { maxRetentionHours: "168" } }, /policy "kds-retention".*kds-retention\.maxRetentionHours.*"168"/s],
    [{ "kds-retention": { enforcementLevel: "strict" } }, /"kds-retention.enforcementLevel" = "strict"/],
    [{ [SECRET_INPUTS_POLICY]: { paths: [] } }, /takes an enforcement level only/],
  ])("refuses %j up front, naming what is wrong", (config, message) => {
    expect(() => kinesisGuardPolicies(config as never)).toThrow(message);
  });
});
