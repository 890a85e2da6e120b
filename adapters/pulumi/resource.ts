/** What the adapters need to know about one Pulumi resource, in a resource or a stack policy. */
import type { Maybe } from "../../rules/model";

export const TYPES = {
  stream: "aws:kinesis/stream:Stream",
  consumer: "aws:kinesis/streamConsumer:StreamConsumer",
  deliveryStream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpc: "aws:ec2/vpc:Vpc",
} as const;

export interface DependencyRef {
  readonly urn: string;
  readonly type: string;
}

export interface PulumiResource {
  readonly type: string;
  readonly urn: string;
  /** Logical name. */
  readonly name: string;
  /** Inputs (resource policies) or outputs (stack policies), as the SDK hands them over. */
  readonly props: unknown;
  /** Region of the resource's explicit provider, when it has one. */
  readonly providerRegion?: Maybe<string | undefined>;
  /** Stack policies: top-level property -> resources its value was computed from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly DependencyRef[]>>;
}

/** URNs of the resources (optionally of one type) a property was computed from. */
export function depsOf(r: PulumiResource, property: string, type?: string): string[] {
  const deps = r.propertyDependencies?.[property] ?? [];
  return deps.filter((d) => type === undefined || d.type === type).map((d) => d.urn);
}
