/**
 * kdf-vpc-endpoint: a delivery stream delivering into a VPC (OpenSearch / Elasticsearch vpcConfig)
 * should have an S3 gateway endpoint in that VPC, so S3 traffic (backups, failed records) does not
 * cross a NAT gateway billed per GB (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html,
 * https://aws.amazon.com/vpc/pricing/). Producer-side interface endpoints (kinesis-streams /
 * kinesis-firehose) need the producers' VPCs, which a stack of streams does not describe: the live
 * audit covers them.
 */
import { isKnown, type Finding, type Inventory, type VpcEndpointConfig } from "../model";
import type { RuleContext } from "../types";
import { finding, judged } from "../static/finding";
import { DESTINATION_CONFIG_KEY } from "../static/destinations";

const ID = "kdf-vpc-endpoint";

/** S3 gateway endpoint: service com.amazonaws.<region>.s3, type Gateway (the provider's default type). */
function isS3Gateway(e: VpcEndpointConfig): boolean | "unknown" {
  if (!isKnown(e.serviceName) || !isKnown(e.endpointType)) return "unknown";
  return /^com\.amazonaws\.[a-z0-9-]+\.s3$/.test(e.serviceName) && (e.endpointType ?? "Gateway") === "Gateway";
}

export function kdfVpcEndpoint(inv: Inventory, { config }: RuleContext): Finding[] {
  const vpcsWithGateway = new Set<string>();
  const refsWithGateway = new Set<string>();
  let unknownEndpoints = false;
  for (const e of inv.vpcEndpoints) {
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
        details: `Delivery stream "${ds.id.displayName}" delivers into VPC ${vpcId}, which has no S3 gateway endpoint: S3 traffic from the VPC crosses a NAT gateway at $0.045/GB processed.`,
        remediation: `Add aws.ec2.VpcEndpoint { vpcId: "${vpcId}", serviceName: "com.amazonaws.<region>.s3", vpcEndpointType: "Gateway", routeTableIds: [...] } (gateway endpoints are free).`,
        data: { vpcId },
      }),
    );
  }
  return out;
}
