/** EC2 DescribeVpcEndpoints entry -> VpcEndpointConfig. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html */
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import type { VpcEndpointConfig } from "../../rules/model";
import { TYPE_VPC_ENDPOINT } from "./types";

export function adaptVpcEndpoint(e: VpcEndpoint | undefined, region: string): VpcEndpointConfig | undefined {
  if (!e?.VpcEndpointId || !e.VpcId || !e.ServiceName) return undefined;
  return {
    kind: "vpcEndpoint",
    id: { ref: e.VpcEndpointId, displayName: e.VpcEndpointId, type: TYPE_VPC_ENDPOINT },
    vpcId: e.VpcId,
    serviceName: e.ServiceName,
    endpointType: e.VpcEndpointType ?? "Gateway",
    region,
    dependsOn: [],
  };
}
