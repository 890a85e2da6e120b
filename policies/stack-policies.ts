/**
 * Stack policies for the cross-resource rules. They see every resource's outputs (unknown during
 * preview for resources not created yet) and the property dependencies between them.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { rulesRunning } from "../rules/catalog";
import type { Rule } from "../rules/define-rule";
import { pricingFor } from "../rules/pricing";
import { inventoryFromPulumi } from "../adapters/pulumi/inventory";
import type { PulumiResource } from "../adapters/pulumi/resource";
import { policyConfig } from "./config";
import { violationMessage } from "./message";
import { policyMeta } from "./meta";
import { providerRegion } from "./resource-policies";

const RELEVANT = new Set([
  "aws:kinesis/stream:Stream",
  "aws:kinesis/streamConsumer:StreamConsumer",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
]);

function asResource(r: PolicyResource): PulumiResource {
  const propertyDependencies: Record<string, { urn: string; type: string }[]> = {};
  for (const [k, deps] of Object.entries(r.propertyDependencies ?? {})) {
    propertyDependencies[k] = deps.map((d) => ({ urn: d.urn, type: d.type }));
  }
  return { type: r.type, urn: r.urn, name: r.name, props: r.props, providerRegion: providerRegion(r.provider), propertyDependencies };
}

/**
 * The stack policy of a rule with a `stack` evaluate function, named after the rule, or after its
 * `stackPolicyName` when the rule also has a resource part (a policy name is unique in a pack).
 */
function makeStackPolicy(r: Rule): StackValidationPolicy {
  const fn = r.evaluate.stack!;
  const name = r.stackPolicyName ?? r.id;
  const meta = policyMeta(r.id, name);
  return {
    ...meta,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const config = policyConfig(r.id, name, () => args.getConfig());
      const inventory = inventoryFromPulumi(args.resources.filter((x) => RELEVANT.has(x.type)).map(asResource));
      for (const f of fn(inventory, { config, pricing: pricingFor(undefined) })) report(violationMessage(f), f.resource.ref);
    },
  };
}

/**
 * One stack policy per rule with a stack evaluate function, in the order the rules run (rulesRunning).
 * As the resource policies: no violation on a resource the exemption tag exempts (Rule.evaluate).
 */
export const stackPolicies: StackValidationPolicy[] = rulesRunning("stack").map(makeStackPolicy);
