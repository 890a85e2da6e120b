/** Model builders for rule unit tests: through the Pulumi adapter, from plain props. */
import { deliveryStreamFromPulumi } from "../../adapters/pulumi/firehose";
import { streamFromPulumi } from "../../adapters/pulumi/stream";
import { alarmFromPulumi } from "../../adapters/pulumi/alarm";
import { vpcEndpointFromPulumi } from "../../adapters/pulumi/vpc-endpoint";
import type { DependencyRef } from "../../adapters/pulumi/resource";
import { resolveRuleConfig, type RuleConfig } from "../../rules/config";
import { pricingFor } from "../../rules/pricing";
import type { RuleContext } from "../../rules/types";

export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const T = {
  stream: "aws:kinesis/stream:Stream",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpc: "aws:ec2/vpc:Vpc",
};
export const urn = (type: string, name: string) => `urn:pulumi:dev::t::${type}::${name}`;
type Deps = Record<string, DependencyRef[]>;

export const stream = (name: string, props: Record<string, unknown> = {}, deps: Deps = {}) =>
  streamFromPulumi({ type: T.stream, name, urn: urn(T.stream, name), props: { name, ...props }, propertyDependencies: deps });
export const firehose = (name: string, props: Record<string, unknown>, deps: Deps = {}) =>
  deliveryStreamFromPulumi({ type: T.firehose, name, urn: urn(T.firehose, name), props: { name, ...props }, propertyDependencies: deps });
export const alarm = (name: string, props: Record<string, unknown>, deps: Deps = {}) =>
  alarmFromPulumi({ type: T.alarm, name, urn: urn(T.alarm, name), props, propertyDependencies: deps });
export const endpoint = (name: string, props: Record<string, unknown>, deps: Deps = {}) =>
  vpcEndpointFromPulumi({ type: T.endpoint, name, urn: urn(T.endpoint, name), props, propertyDependencies: deps });

/** A rule's context with its resolved config; `C` (the rule's config type) is inferred from the rule called. */
export function ctx<C extends RuleConfig = RuleConfig>(ruleId: string, overrides?: Record<string, unknown>): RuleContext<C> {
  const config = resolveRuleConfig<C>(ruleId, overrides);
  return { config, pricing: pricingFor("us-east-1") };
}

export const S3 = { roleArn: "arn:aws:iam::1:role/r", bucketArn: "arn:aws:s3:::b" };
export const LAMBDA = {
  enabled: true,
  processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: "arn:aws:lambda:us-east-1:1:function:f" }] }],
};
export const inventory = (parts: Partial<import("../../rules/model").Inventory>) => ({
  streams: [],
  consumers: [],
  deliveryStreams: [],
  alarms: [],
  vpcEndpoints: [],
  ...parts,
});
