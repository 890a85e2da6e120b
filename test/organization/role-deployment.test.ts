/**
 * examples/org-audit-role (issue 16 point 6): the Pulumi program that deploys the audit role to the
 * organization's OUs, run under Pulumi's mocks. It must make a service-managed StackSet (auto
 * deployment to new accounts) targeting the configured OUs, whose role trusts only the auditor
 * account with the external id and carries exactly docs/iam-policy.json.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { captureProgram } from "../harness/program";
import type { CapturedProgram } from "../harness/captured";

const ROOT = join(__dirname, "..", "..");
let captured: CapturedProgram;

/** A captured input: plain, or Pulumi's secret envelope around the value. */
const plain = (v: unknown): unknown => (v && typeof v === "object" && "value" in (v as Record<string, unknown>) && Object.keys(v as object).some((k) => /^[0-9a-f]{32}$/.test(k)) ? (v as { value: unknown }).value : v);

beforeAll(() => {
  const before = process.env.PULUMI_CONFIG;
  process.env.PULUMI_CONFIG = JSON.stringify({
    "kinesis-guard-example:auditorAccountId": "111111111111",
    "kinesis-guard-example:externalId": "ext-42",
    "kinesis-guard-example:organizationalUnitIds": JSON.stringify(["ou-abcd-11111111", "ou-abcd-22222222"]),
  });
  try {
    captured = captureProgram("examples/org-audit-role/index.ts");
  } finally {
    if (before === undefined) delete process.env.PULUMI_CONFIG;
    else process.env.PULUMI_CONFIG = before;
  }
}, 120_000);

describe("examples/org-audit-role", () => {
  it("deploys a service-managed StackSet, auto-deployed, to the configured OUs", () => {
    const set = captured.resources.find((r) => r.type === "aws:cloudformation/stackSet:StackSet")!;
    const instance = captured.resources.find((r) => r.type === "aws:cloudformation/stackSetInstance:StackSetInstance")!;
    expect(set.inputs).toMatchObject({ permissionModel: "SERVICE_MANAGED", autoDeployment: { enabled: true }, capabilities: ["CAPABILITY_NAMED_IAM"] });
    expect(instance.inputs).toMatchObject({ deploymentTargets: { organizationalUnitIds: ["ou-abcd-11111111", "ou-abcd-22222222"] } });
  });

  it("the role trusts only the auditor account with the external id, and carries exactly docs/iam-policy.json", () => {
    const set = captured.resources.find((r) => r.type === "aws:cloudformation/stackSet:StackSet")!;
    const template = JSON.parse(String(plain((set.inputs as Record<string, unknown>).templateBody))) as {
      Resources: { KinesisGuardAuditRole: { Properties: { RoleName: string; AssumeRolePolicyDocument: { Statement: { Principal: { AWS: string }; Action: string; Condition: unknown }[] }; Policies: { PolicyDocument: unknown }[] } } };
    };
    const role = template.Resources.KinesisGuardAuditRole.Properties;
    expect(role.RoleName).toBe("KinesisGuardAudit");
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "ext-42" } } }),
    ]);
    expect(role.Policies.map((p) => p.PolicyDocument)).toEqual([JSON.parse(readFileSync(join(ROOT, "docs", "iam-policy.json"), "utf8"))]);
  });
});
