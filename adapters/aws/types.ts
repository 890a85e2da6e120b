/** Pulumi type tokens used as ResourceRef.type for live resources, so findings read the same in the pack and the audit. */
export const TYPE_STREAM = "aws:kinesis/stream:Stream";
export const TYPE_CONSUMER = "aws:kinesis/streamConsumer:StreamConsumer";
export const TYPE_DELIVERY_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const TYPE_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const TYPE_VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** AWS tag lists ({Key, Value}[]) -> a plain map with sorted keys; entries without a key are dropped. */
export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const pairs = (list ?? [])
    .filter((t): t is { Key: string; Value?: string } => typeof t?.Key === "string")
    .map((t) => [t.Key, typeof t.Value === "string" ? t.Value : ""] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(pairs);
}

/** The resource name at the end of an ARN ("arn:aws:kinesis:r:a:stream/NAME" -> "NAME"). */
export function nameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const resource = arn.split(":").slice(5).join(":");
  const slash = resource.indexOf("/");
  return slash >= 0 ? resource.slice(slash + 1) : undefined;
}

/** "arn:aws:kinesis:us-east-1:...:stream/x" -> "kinesis:stream"; undefined when not an ARN. */
export function resourceTypeFromArn(arn: string | undefined): string | undefined {
  if (!arn?.startsWith("arn:")) return undefined;
  const parts = arn.split(":");
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  const slash = resource.indexOf("/");
  if (!service || slash < 0) return undefined;
  return `${service}:${resource.slice(0, slash)}`;
}
