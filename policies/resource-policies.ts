/**
 * Resource policies for the static rules. They judge one resource's inputs during preview (or its
 * planned state on update); values unknown at preview never produce a violation.
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { rulesRunning } from "../rules/catalog";
import type { RuleConfig } from "../rules/config";
import type { PulumiProps, Rule } from "../rules/define-rule";
import type { DeliveryStreamConfig, Finding, StreamConfig } from "../rules/model";
import { pricingFor } from "../rules/pricing";
import { deliveryStreamFromPulumi } from "../adapters/pulumi/firehose";
import { unwrapProxy } from "../adapters/pulumi/sdk-internals";
import { TYPES, type PulumiResource } from "../adapters/pulumi/resource";
import { streamFromPulumi } from "../adapters/pulumi/stream";
import { toPlain } from "../adapters/pulumi/plain";
import { policyConfig } from "./config";
import { violationMessage } from "./message";
import { forType, policyMeta } from "./meta";

type Remedy<M> = (props: PulumiProps, findings: readonly Finding[], model: M, config: RuleConfig) => PulumiProps | undefined;

/** The explicit provider's region, read without tripping over unknowns. */
function providerRegion(provider: PolicyResource["provider"] | ResourceValidationArgs["provider"]): string | undefined {
  if (!provider) return undefined;
  const region = toPlain(provider.props).props.region;
  return typeof region === "string" ? region : undefined;
}

function asResource(args: ResourceValidationArgs): PulumiResource {
  return { type: args.type, urn: args.urn, name: args.name, props: args.props, providerRegion: providerRegion(args.provider) };
}

function makePolicy<M extends StreamConfig | DeliveryStreamConfig>(
  ruleId: string,
  type: string,
  adapt: (r: PulumiResource) => M,
  run: (model: M, config: RuleConfig) => Finding[],
  remedy?: Remedy<M>,
): ResourceValidationPolicy {
  const meta = policyMeta(ruleId);
  const evaluate = (args: ResourceValidationArgs) => {
    const config = policyConfig(ruleId, meta.name, () => args.getConfig());
    const model = adapt(asResource(args));
    return { config, model, findings: run(model, config) };
  };
  return {
    ...meta,
    validateResource: forType(type, (args: ResourceValidationArgs, report: ReportViolation) => {
      for (const f of evaluate(args).findings) report(violationMessage(f));
    }),
    ...(remedy
      ? {
          remediateResource: forType(type, (args: ResourceValidationArgs) => {
            const { config, model, findings } = evaluate(args);
            if (findings.length === 0) return undefined;
            // Start from the raw props so secrets stay wrapped (the SDK re-encrypts Secret values).
            const raw = unwrapProxy(args.props) as PulumiProps;
            return remedy(raw, findings, model, config);
          }),
        }
      : {}),
  };
}

const regionOf = (r: unknown) => (typeof r === "string" ? r : undefined);

/**
 * One resource policy per rule with a static evaluate function, Data Stream rules first, each in the
 * order the rules run (rulesRunning); the rule's pack hooks give its remediation. Rule.evaluate
 * returns the active findings only: a resource exempt by tag is neither reported nor remediated
 * (`scan` and `audit` list those findings as suppressed, rules/tag-exemption.ts).
 */
export const resourcePolicies: ResourceValidationPolicy[] = [
  ...rulesRunning("stream").map((r: Rule) => {
    const fn = r.evaluate.stream!;
    return makePolicy(r.id, TYPES.stream, streamFromPulumi, (s: StreamConfig, config) => fn(s, { config, pricing: pricingFor(regionOf(s.region)) }), r.pack.fixStream);
  }),
  ...rulesRunning("deliveryStream").map((r: Rule) => {
    const fn = r.evaluate.deliveryStream!;
    return makePolicy(r.id, TYPES.deliveryStream, deliveryStreamFromPulumi, (d: DeliveryStreamConfig, config) => fn(d, { config, pricing: pricingFor(regionOf(d.region)) }), r.pack.fixDeliveryStream);
  }),
];

export { providerRegion };
