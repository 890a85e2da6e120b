/** kdf-vpc-endpoint: tests beyond its examples (moved from test/policy-pack/rules.test.ts). */
import { describe, expect, it } from "vitest";
import { kdfVpcEndpoint } from "./rule";
import { S3, T, UNKNOWN_STRING, ctx, endpoint, firehose, inventory, urn } from "../../test/policy-pack/fixtures";

describe("kdf-vpc-endpoint", () => {
  const ds = firehose("search", {
    destination: "opensearch",
    opensearchConfiguration: { s3Configuration: S3, vpcConfig: { vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: [], roleArn: "r" } },
  });
  it("wants an S3 gateway endpoint in the delivery VPC", () => {
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [ds] }), ctx("kdf-vpc-endpoint")).map((f) => f.property)).toEqual(["opensearchConfiguration.vpcConfig.vpcId"]);
    const gw = endpoint("gw", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3" });
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [ds], vpcEndpoints: [gw] }), ctx("kdf-vpc-endpoint"))).toEqual([]);
    const elsewhere = endpoint("gw", { vpcId: "vpc-2", serviceName: "com.amazonaws.us-east-1.s3" });
    const iface = endpoint("if", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Interface" });
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [ds], vpcEndpoints: [elsewhere, iface] }), ctx("kdf-vpc-endpoint"))).toHaveLength(1);
  });
  it("matches through the VPC resource while ids are unknown", () => {
    const vpcUrn = urn(T.vpc, "v");
    const pending = firehose(
      "search",
      { destination: "opensearch", opensearchConfiguration: { s3Configuration: S3, vpcConfig: { vpcId: UNKNOWN_STRING, subnetIds: [], securityGroupIds: [], roleArn: "r" } } },
      { opensearchConfiguration: [{ urn: vpcUrn, type: T.vpc }] },
    );
    const gw = endpoint("gw", { vpcId: UNKNOWN_STRING, serviceName: "com.amazonaws.us-east-1.s3" }, { vpcId: [{ urn: vpcUrn, type: T.vpc }] });
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [pending], vpcEndpoints: [gw] }), ctx("kdf-vpc-endpoint"))).toEqual([]);
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [pending] }), ctx("kdf-vpc-endpoint"))).toEqual([]); // vpc unknown: no verdict
  });
});
