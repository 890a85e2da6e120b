/** Policy metadata from the catalog: name, description, enforcement, severity, schema, remediation. */
import type { EnforcementLevel, PolicyConfigSchema, Severity } from "@pulumi/policy";
import { rule } from "../rules/catalog";

export interface PolicyMeta {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  configSchema: PolicyConfigSchema;
  remediationSteps: string;
  url: string;
  displayName: string;
  tags: string[];
}

/** Catalog entry of `ruleId` as @pulumi/policy policy fields, under `name` (defaults to the rule id). */
export function policyMeta(ruleId: string, name = ruleId): PolicyMeta {
  const r = rule(ruleId);
  return {
    name,
    description: `${r.issue}: ${r.description}`,
    enforcementLevel: r.enforcement,
    severity: r.severity,
    configSchema: { properties: r.configSchema.properties as PolicyConfigSchema["properties"] },
    remediationSteps: r.remediation,
    url: r.docsUrl,
    displayName: r.title,
    tags: [r.category, ...r.scope],
  };
}

/** Attach the Pulumi type a validation applies to, so the SDK skips other types cheaply (as validateResourceOfType does). */
export function forType<F extends object>(type: string, fn: F): F {
  return Object.assign(fn, { __pulumiType: type });
}
