/**
 * The mock provider: what "create" returns for each resource type, i.e. the inputs plus the outputs
 * AWS would compute (id, arn, auto-name, tagsAll). Region: the resource's `region` input, else
 * us-east-1; account 123456789012.
 */
const ACCOUNT = "123456789012";

export function mockOutputs(type: string, name: string, inputs: Record<string, unknown>): { id: string; state: Record<string, unknown> } {
  const region = typeof inputs.region === "string" ? inputs.region : "us-east-1";
  const physical = typeof inputs.name === "string" ? inputs.name : `${name}-a1b2c3d`;
  const tags = inputs.tags !== null && typeof inputs.tags === "object" ? inputs.tags : {};
  const state: Record<string, unknown> = { ...inputs };
  switch (type) {
    case "aws:kinesis/stream:Stream":
      Object.assign(state, { name: physical, arn: `arn:aws:kinesis:${region}:${ACCOUNT}:stream/${physical}`, tagsAll: tags });
      return { id: physical, state };
    case "aws:kinesis/streamConsumer:StreamConsumer":
      Object.assign(state, { name: physical, arn: `${String(inputs.streamArn)}/consumer/${physical}:1700000000` });
      return { id: `${physical}-consumer`, state };
    case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream":
      Object.assign(state, { name: physical, arn: `arn:aws:firehose:${region}:${ACCOUNT}:deliverystream/${physical}`, tagsAll: tags });
      return { id: `arn:aws:firehose:${region}:${ACCOUNT}:deliverystream/${physical}`, state };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      Object.assign(state, { name: physical, arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${physical}`, tagsAll: tags });
      return { id: physical, state };
    case "aws:ec2/vpc:Vpc":
      return { id: `vpc-${name}`, state: { ...state, arn: `arn:aws:ec2:${region}:${ACCOUNT}:vpc/vpc-${name}` } };
    case "aws:ec2/subnet:Subnet":
      return { id: `subnet-${name}`, state };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return { id: `vpce-${name}`, state: { ...state, arn: `arn:aws:ec2:${region}:${ACCOUNT}:vpc-endpoint/vpce-${name}` } };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return { id: physical, state: { ...state, bucket: physical, arn: `arn:aws:s3:::${physical}` } };
    case "aws:iam/role:Role":
      return { id: physical, state: { ...state, name: physical, arn: `arn:aws:iam::${ACCOUNT}:role/${physical}` } };
    case "aws:lambda/function:Function":
      return { id: physical, state: { ...state, name: physical, arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${physical}` } };
    default:
      return { id: `${name}-id`, state: { ...state, arn: `arn:aws:mock:${region}:${ACCOUNT}:${name}` } };
  }
}
