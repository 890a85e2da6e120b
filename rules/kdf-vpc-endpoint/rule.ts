/**
 * kdf-vpc-endpoint: a delivery stream delivering into a VPC (OpenSearch / Elasticsearch vpcConfig)
 * whose VPC has no S3 gateway endpoint, so S3 traffic of workloads in the VPC, if any, crosses a NAT
 * gateway billed per GB (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html,
 * https://aws.amazon.com/vpc/pricing/). Firehose's own writes (deliveries, S3 backups) do not pass
 * through the customer's NAT gateway: the rule claims no saving for them. Producer-side interface
 * endpoints (kinesis-streams / kinesis-firehose) need the producers' VPCs, which neither a stack nor
 * the audit knows: the live audit shows the producers' NAT cost only as a conditional figure
 * (./traffic-cost.ts, the rule's live deliveryTrafficCost hook), premised on producers running in this VPC without an
 * interface endpoint. `data.interfaceEndpoints` lists the VPC's kinesis interface endpoints for it.
 */
import { isKnown, type Finding, type Inventory, type VpcEndpointConfig } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import { DESTINATION_CONFIG_KEY } from "../lib/destinations";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { ruleConfig } from "../lib/config-schema";
import { vpcEndpointTrafficCost } from "./traffic-cost";

const ID = "kdf-vpc-endpoint";

/** Interface endpoint services producers use to reach Kinesis without a NAT gateway. */
const KINESIS_INTERFACE = /^com\.amazonaws\.[a-z0-9-]+\.(kinesis-streams|kinesis-firehose)$/;

/** "kinesis-streams" / "kinesis-firehose" for a known interface endpoint of those services. */
function kinesisInterface(e: VpcEndpointConfig): { vpcId: string; name: string } | undefined {
  const { serviceName, vpcId, endpointType } = e;
  if (typeof serviceName !== "string" || typeof vpcId !== "string" || endpointType !== "Interface") return undefined;
  const m = KINESIS_INTERFACE.exec(serviceName);
  return m ? { vpcId, name: m[1]! } : undefined;
}

/** S3 gateway endpoint: service com.amazonaws.<region>.s3, type Gateway (the provider's default type). */
function isS3Gateway(e: VpcEndpointConfig): boolean | "unknown" {
  if (!isKnown(e.serviceName) || !isKnown(e.endpointType)) return "unknown";
  return /^com\.amazonaws\.[a-z0-9-]+\.s3$/.test(e.serviceName) && (e.endpointType ?? "Gateway") === "Gateway";
}

export function kdfVpcEndpoint(inv: Inventory, { config, pricing }: RuleContext<Config>): Finding[] {
  const vpcsWithGateway = new Set<string>();
  const refsWithGateway = new Set<string>();
  const interfaceByVpc = new Map<string, Set<string>>();
  let unknownEndpoints = false;
  for (const e of inv.vpcEndpoints) {
    const service = kinesisInterface(e);
    if (service) interfaceByVpc.set(service.vpcId, new Set([...(interfaceByVpc.get(service.vpcId) ?? []), service.name]));
    const s3 = isS3Gateway(e);
    if (s3 === "unknown") unknownEndpoints = true;
    if (s3 !== true) continue;
    if (isKnown(e.vpcId)) vpcsWithGateway.add(e.vpcId);
    else unknownEndpoints = true;
    for (const r of e.dependsOn) refsWithGateway.add(r);
  }
  const out: Finding[] = [];
  for (const ds of inv.deliveryStreams) {
    if (!ds.vpc || !judged(ID, ds.name, ds.tags, config)) continue;
    const { vpcId, dependsOn = [] } = ds.vpc;
    if (dependsOn.some((r) => refsWithGateway.has(r))) continue;
    if (!isKnown(vpcId) || vpcId === undefined) continue; // cannot tell which VPC yet
    if (vpcsWithGateway.has(vpcId) || unknownEndpoints) continue;
    out.push(
      finding(ID, {
        resource: ds.id,
        property: `${isKnown(ds.destination) ? DESTINATION_CONFIG_KEY[ds.destination] : "<destination>Configuration"}.vpcConfig.vpcId`,
        found: `VPC ${vpcId} without an S3 gateway endpoint`,
        expected: "an aws.ec2.VpcEndpoint (com.amazonaws.<region>.s3, Gateway) in that VPC",
        details:
          `Delivery stream "${ds.id.displayName}" delivers into VPC ${vpcId}, which has no S3 gateway endpoint: S3 traffic of workloads in that VPC, if any, goes through a NAT gateway ` +
          `at $${pricing.natGb}/GB processed. Firehose's own deliveries and S3 backups do not pass through your NAT gateway, so no saving is claimed for them.`,
        remediation: `Add aws.ec2.VpcEndpoint { vpcId: "${vpcId}", serviceName: "com.amazonaws.<region>.s3", vpcEndpointType: "Gateway", routeTableIds: [...] } (gateway endpoints are free).`,
        data: { vpcId, interfaceEndpoints: [...(interfaceByVpc.get(vpcId) ?? [])].sort() },
      }),
    );
  }
  return out;
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({});

export default defineRule({
  id: ID,
  issue: "VPC Endpoint Not Used",
  title: "Traffic pays NAT processing instead of a VPC endpoint",
  severity: "low",
  category: "cost",
  scope: ["stack"],
  resourceType: "deliveryStream",
  enforcement: "advisory",
  description:
    "A delivery stream delivering into a VPC has no S3 gateway endpoint in that VPC: S3 traffic of workloads in the VPC, if any, goes through a NAT gateway billed per GB processed. Firehose's own deliveries and S3 backups do not pass through your NAT gateway, so no saving is counted; with measured traffic the finding shows, as conditional_monthly_savings, what producers in that VPC would pay in NAT processing if they reach the service through a NAT gateway.",
  remediation: "Add an S3 gateway VPC endpoint (com.amazonaws.<region>.s3) to the VPC (free), and interface endpoints for kinesis-streams / kinesis-firehose where producers run in the VPC.",
  docsUrl: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html",
  config: CONFIG,
  evaluate: { stack: kdfVpcEndpoint },
  examples,
  // The endpoint listing failed in the region: the VPC may have the interface endpoint.
  live: { blockedBy: [{ api: "EC2.DescribeVpcEndpoints", scope: "region", affects: (d) => "vpc" in d && d.vpc !== undefined }], deliveryTrafficCost: vpcEndpointTrafficCost },
});
