/**
 * EC2 DescribeVpcEndpoints (ec2Query: form-encoded, XML answer of lowerCamel members and <item> lists).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html
 */
import { ApiError, asArray, asObject, decodeToken, encodeToken, optNumber, optString } from "../protocol/wire";
import type { OpHandler } from "./context";

const describeVpcEndpoints: OpHandler = (ctx) => {
  const filters = asArray(ctx.input.Filter).map((f) => asObject(f));
  const ids = asArray(ctx.input.VpcEndpointId).map(String);
  const max = optNumber(ctx.input, "MaxResults") ?? 1000;
  if (!Number.isInteger(max) || max < 5 || max > 1000) throw new ApiError("InvalidParameterValue", "Value for parameter MaxResults is invalid: must be between 5 and 1000.");
  const field = (e: (typeof ctx.region.vpcEndpoints)[number], name: string): string | undefined =>
    ({ "vpc-id": e.spec.vpcId, "service-name": e.spec.serviceName, "vpc-endpoint-type": e.spec.type, "vpc-endpoint-id": e.id, "vpc-endpoint-state": (e.spec.state ?? "available").toLowerCase() })[name];
  for (const f of filters) {
    const name = String(f.Name ?? "");
    if (!["vpc-id", "service-name", "vpc-endpoint-type", "vpc-endpoint-id", "vpc-endpoint-state"].includes(name)) {
      throw new ApiError("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
  }
  const all = ctx.region.vpcEndpoints.filter(
    (e) =>
      (ids.length === 0 || ids.includes(e.id)) &&
      filters.every((f) => {
        const values = asArray(f.Value).map(String);
        return values.includes(field(e, String(f.Name)) ?? "");
      }),
  );
  const token = optString(ctx.input, "NextToken");
  const offset = token ? Number(decodeToken(token, "InvalidNextToken.Malformed").offset ?? 0) : 0;
  const page = all.slice(offset, offset + max);
  return {
    vpcEndpointSet: page.map((e) => ({
      vpcEndpointId: e.id,
      vpcEndpointType: e.spec.type,
      vpcId: e.spec.vpcId,
      serviceName: e.spec.serviceName,
      state: (e.spec.state ?? "available").toLowerCase(),
      routeTableIdSet: e.spec.type === "Gateway" ? [`rtb-${e.id.slice(5, 13)}`] : [],
      subnetIdSet: [],
      privateDnsEnabled: e.spec.type === "Interface",
      creationTimestamp: "2024-01-01T00:00:00.000Z",
      ownerId: ctx.world.accountId,
    })),
    nextToken: offset + max < all.length ? encodeToken({ offset: offset + max }) : undefined,
  };
};

/**
 * DescribeRegions: the regions enabled for the account, which for the simulator are the scenario's
 * regions (AllRegions=false, AWS's default, lists only enabled ones).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
 */
const describeRegions: OpHandler = (ctx) => {
  const names = asArray(ctx.input.RegionName).map(String);
  const enabled = [...ctx.world.regions.keys()].sort();
  const unknown = names.filter((n) => !enabled.includes(n));
  if (unknown.length > 0) throw new ApiError("InvalidParameterValue", `Invalid region names: ${unknown.join(", ")}`);
  return {
    regionInfo: (names.length ? names : enabled).map((r) => ({ regionName: r, regionEndpoint: `ec2.${r}.amazonaws.com`, optInStatus: "opt-in-not-required" })),
  };
};

export const EC2_OPERATIONS: Readonly<Record<string, OpHandler>> = { DescribeVpcEndpoints: describeVpcEndpoints, DescribeRegions: describeRegions };
