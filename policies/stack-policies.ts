/**
 * Stack policies for the cross-resource rules. They see every resource's outputs (unknown during
 * preview for resources not created yet) and the property dependencies between them.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { policyNamesOf } from "../rules/catalog";
import { STACK_RULES } from "../rules/index";
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
 * @param ruleId the STACK_RULES entry (and catalog entry) to run
 * @param name the policy name; differs from the rule id only for kdf-encryption's stack part
 */
function makeStackPolicy(ruleId: string, name = ruleId): StackValidationPolicy {
  const fn = STACK_RULES[ruleId];
  if (!fn) throw new Error(`no stack rule ${ruleId}`);
  const meta = policyMeta(ruleId, name);
  return {
    ...meta,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const config = policyConfig(ruleId, name, () => args.getConfig());
      const inventory = inventoryFromPulumi(args.resources.filter((r) => RELEVANT.has(r.type)).map(asResource));
      for (const f of fn(inventory, { config, pricing: pricingFor(undefined) })) report(violationMessage(f), f.resource.ref);
    },
  };
}

export const stackPolicies: StackValidationPolicy[] = [
  makeStackPolicy("kds-alarms"),
  makeStackPolicy("kdf-alarms"),
  // A policy name is unique in a pack; kdf-encryption's static part owns "kdf-encryption".
  makeStackPolicy("kdf-encryption", policyNamesOf("kdf-encryption")[1]),
  makeStackPolicy("kdf-vpc-endpoint"),
  makeStackPolicy("kds-cross-region"),
];
