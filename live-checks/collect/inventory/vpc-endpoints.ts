/**
 * VPC endpoints of the VPCs that delivery streams deliver into (kdf-vpc-endpoint), filtered
 * server-side by vpc-id and again locally. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html
 */
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { loadEc2Module } from "../clients";
import { call, paginate, type RegionContext } from "../context";

export async function describeVpcEndpoints(ctx: RegionContext, vpcIds: readonly string[]): Promise<VpcEndpoint[]> {
  const api = "EC2.DescribeVpcEndpoints";
  const wanted = new Set(vpcIds);
  const [ec2, { DescribeVpcEndpointsCommand }] = await Promise.all([ctx.clients.ec2(), loadEc2Module()]);
  const all = await paginate<VpcEndpoint>(api, async (token) => {
    const out = await call(ctx, api, (abortSignal) =>
      ec2.send(
        new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-id", Values: [...wanted].sort() }], MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
        { abortSignal },
      ),
    );
    return { items: out.VpcEndpoints ?? [], next: out.NextToken || undefined };
  });
  return all.filter((e) => e?.VpcId !== undefined && wanted.has(e.VpcId));
}
