/**
 * Test helper: "deploy" a stack into the simulator. Turns the stack's streams and delivery streams
 * (the normalized model built from the state) into a simulator scenario, so the live fleet starts
 * out exactly as the stack describes it; tests then change properties out of band.
 */
import type { DeliveryStreamSpec, Scenario, StreamSpec } from "../../simulator/scenario";
import type { DestinationKind } from "../../simulator/scenario";
import type { DeliveryStreamConfig, Inventory, StreamConfig } from "../../rules/model";

const s = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

function streamSpec(x: StreamConfig): StreamSpec {
  const keyId = s(x.kmsKeyId);
  return {
    name: s(x.name)!,
    mode: x.mode === "ON_DEMAND" ? "ON_DEMAND" : "PROVISIONED",
    ...(x.mode === "ON_DEMAND" ? {} : { shards: n(x.shardCount) ?? 1 }),
    retentionHours: n(x.retentionHours) ?? 24,
    encryption: x.encryptionType === "KMS" ? { type: "KMS", keyId: keyId ?? "alias/aws/kinesis" } : { type: "NONE" },
    enhancedMetrics: Array.isArray(x.shardLevelMetrics) ? [...(x.shardLevelMetrics as string[])] : [],
    tags: typeof x.tags === "object" ? { ...(x.tags as Record<string, string>) } : {},
    traffic: { recordsPerSecond: 50, avgRecordBytes: 500 },
  };
}

function deliverySpec(x: DeliveryStreamConfig, streamNameByArn: ReadonlyMap<string, string>): DeliveryStreamSpec {
  const source =
    x.source.type === "KinesisStreamAsSource"
      ? { stream: streamNameByArn.get(s(x.source.streamArn) ?? "") ?? "?" }
      : ("DirectPut" as const);
  // The simulator reports the processor parameter as `${lambdaArn}:$LATEST`.
  const lambdaArn = x.lambdaProcessor === true ? x.lambdaArns?.[0]?.replace(/:\$LATEST$/, "") : undefined;
  const vpc = x.vpc && typeof x.vpc.vpcId === "string" ? { vpcId: x.vpc.vpcId, subnetIds: Array.isArray(x.vpc.subnetIds) ? [...(x.vpc.subnetIds as string[])] : [] } : undefined;
  const size = x.buffering ? n(x.buffering.sizeMb) : undefined;
  const interval = x.buffering ? n(x.buffering.intervalSeconds) : undefined;
  return {
    name: s(x.name)!,
    source,
    destination: x.destination as DestinationKind,
    ...(size !== undefined && interval !== undefined ? { buffering: { sizeMb: size, intervalSeconds: interval } } : {}),
    ...(lambdaArn ? { lambdaArn } : {}),
    ...(s(x.s3BackupMode) ? { s3BackupMode: s(x.s3BackupMode)! } : {}),
    ...(x.sse.enabled === true
      ? { sse: { enabled: true, ...(x.sse.keyType === "CUSTOMER_MANAGED_CMK" ? { keyType: "CUSTOMER_MANAGED_CMK" as const, keyArn: s(x.sse.keyArn)! } : { keyType: "AWS_OWNED_CMK" as const }) } }
      : {}),
    ...(vpc ? { vpc } : {}),
    tags: typeof x.tags === "object" ? { ...(x.tags as Record<string, string>) } : {},
    ...(source === "DirectPut" ? { traffic: { recordsPerSecond: 20, avgRecordBytes: 500 } } : {}),
  };
}

export function scenarioFromStack(stack: Inventory, extraStreams: Readonly<Record<string, StreamSpec[]>> = {}): Scenario {
  const regions: Record<string, { streams: StreamSpec[]; deliveryStreams: DeliveryStreamSpec[] }> = {};
  const region = (r: unknown) => (regions[s(r) ?? "us-east-1"] ??= { streams: [], deliveryStreams: [] });
  const streamNameByArn = new Map(stack.streams.map((x) => [s(x.arn) ?? "", s(x.name) ?? ""]));
  for (const x of stack.streams) region(x.region).streams.push(streamSpec(x));
  for (const x of stack.deliveryStreams) region(x.region).deliveryStreams.push(deliverySpec(x, streamNameByArn));
  for (const [r, streams] of Object.entries(extraStreams)) region(r).streams.push(...streams);
  return { name: "stack-fleet", seed: 7, regions };
}
