/**
 * kdf-vpc-endpoint: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts,
 * docs/rules.md). Only a delivery stream that delivers into a VPC is judged.
 */
import { awsFirehose, awsOpenSearchInVpc, awsVpcEndpoint, pulumiFirehose, pulumiOpenSearchInVpc, pulumiVpcEndpoint, type RuleExample } from "../lib/examples";

const VPC = "vpc-0a1b2c3d4e5f60718";
const OTHER_VPC = "vpc-0f9e8d7c6b5a49382";

const examples: readonly RuleExample[] = [
  {
    title: "an S3 gateway endpoint in the delivery VPC is fine; a delivery stream outside any VPC is not judged",
    pulumi: [pulumiOpenSearchInVpc("search-loader", VPC), pulumiVpcEndpoint("s3-gateway", VPC, "s3"), pulumiFirehose("events-to-s3")],
    aws: { deliveryStreams: [awsOpenSearchInVpc("search-loader", VPC), awsFirehose("events-to-s3")], vpcEndpoints: [awsVpcEndpoint("vpce-0123456789abcdef0", VPC, "s3")] },
    flagged: [],
  },
  {
    title: "no S3 gateway endpoint in the delivery VPC (one in another VPC, an interface endpoint in this one) is flagged",
    pulumi: [pulumiOpenSearchInVpc("search-loader", VPC), pulumiVpcEndpoint("s3-gateway", OTHER_VPC, "s3"), pulumiVpcEndpoint("s3-interface", VPC, "s3", "Interface")],
    aws: {
      deliveryStreams: [awsOpenSearchInVpc("search-loader", VPC)],
      vpcEndpoints: [awsVpcEndpoint("vpce-0123456789abcdef0", OTHER_VPC, "s3"), awsVpcEndpoint("vpce-0fedcba9876543210", VPC, "s3", "Interface")],
    },
    flagged: ["search-loader"],
  },
];
export default examples;
