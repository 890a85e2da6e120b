/**
 * Resource policies for the static rules. They judge one resource's inputs during preview (or its
 * planned state on update); values unknown at preview never produce a violation.
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { DELIVERY_STREAM_RULES, STREAM_RULES } from "../rules/index";
import type { RuleConfig } from "../rules/config";
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
import { fixBuffering, fixDeliveryStreamSse, fixShardLevelMetrics, fixStreamEncryption } from "./remediations";

type Props = Record<string, unknown>;
type Remedy<M> = (props: Props, findings: Finding[], model: M, config: RuleConfig) => Props | undefined;

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
            const raw = unwrapProxy(args.props) as Props;
            return remedy(raw, findings, model, config);
          }),
        }
      : {}),
  };
}

const streamRule = (id: string) => {
  const fn = STREAM_RULES[id];
  if (!fn) throw new Error(`no stream rule ${id}`);
  return (s: StreamConfig, config: RuleConfig) => fn(s, { config, pricing: pricingFor(typeof s.region === "string" ? s.region : undefined) });
};
const deliveryRule = (id: string) => {
  const fn = DELIVERY_STREAM_RULES[id];
  if (!fn) throw new Error(`no delivery stream rule ${id}`);
  return (d: DeliveryStreamConfig, config: RuleConfig) => fn(d, { config, pricing: pricingFor(typeof d.region === "string" ? d.region : undefined) });
};

export const resourcePolicies: ResourceValidationPolicy[] = [
  makePolicy("kds-encryption", TYPES.stream, streamFromPulumi, streamRule("kds-encryption"), (p, f) => fixStreamEncryption(p, f)),
  makePolicy("kds-enhanced-monitoring", TYPES.stream, streamFromPulumi, streamRule("kds-enhanced-monitoring"), (p, f, _m, c) =>
    fixShardLevelMetrics(p, f, (c.requiredMetrics ?? []) as string[]),
  ),
  makePolicy("kds-retention", TYPES.stream, streamFromPulumi, streamRule("kds-retention")),
  makePolicy("kdf-small-buffers", TYPES.deliveryStream, deliveryStreamFromPulumi, deliveryRule("kdf-small-buffers"), (p, f, m) => fixBuffering(p, f, m)),
  makePolicy("kdf-no-transformation", TYPES.deliveryStream, deliveryStreamFromPulumi, deliveryRule("kdf-no-transformation")),
  makePolicy("kdf-s3-backup", TYPES.deliveryStream, deliveryStreamFromPulumi, deliveryRule("kdf-s3-backup")),
  makePolicy("kdf-encryption", TYPES.deliveryStream, deliveryStreamFromPulumi, deliveryRule("kdf-encryption"), (p, f, _m, c) =>
    c.requireCustomerManagedKey === true ? undefined : fixDeliveryStreamSse(p, f),
  ),
  makePolicy("kdf-plaintext-credentials", TYPES.deliveryStream, deliveryStreamFromPulumi, deliveryRule("kdf-plaintext-credentials")),
];

export { providerRegion };
