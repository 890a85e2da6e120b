/**
 * The config file is shared by the live checker and the pack: after an "all" level, a user names
 * the pack's secret-noting policy to keep it at "remediate" (adapters/pulumi/secrets.ts), and the
 * live checker accepts that file.
 */
import { describe, expect, it } from "vitest";
import { parseConfigText, SECRET_INPUTS_POLICY as SPELLED_OUT } from "../../live-checks/config-file";
import { kinesisGuardPolicies, SECRET_INPUTS_POLICY } from "../../policy";

describe("the secret-noting policy in the shared config file", () => {
  const text = JSON.stringify({ all: "mandatory", [SECRET_INPUTS_POLICY]: "remediate" });

  it("the live checker accepts the file and its rules take the \"all\" level", () => {
    expect(SPELLED_OUT).toBe(SECRET_INPUTS_POLICY);
    const config = parseConfigText(text, "kinesis-guard.json");
    expect(config.enforcement["kds-retention"]).toBe("mandatory");
  });

  it("kinesisGuardPolicies() takes the same file", () => {
    const ps = kinesisGuardPolicies(JSON.parse(text) as never);
    expect(ps.find((p) => p.name === SECRET_INPUTS_POLICY)?.enforcementLevel).toBe("remediate");
    expect(ps.find((p) => p.name === "kds-retention")?.enforcementLevel).toBe("mandatory");
  });
});
