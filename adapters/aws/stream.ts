/**
 * DescribeStreamSummary (+ ListShards, tags) -> StreamConfig. Missing fields fall back to the
 * provider defaults (PROVISIONED, 24 h, NONE), never to a crash.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescriptionSummary.html
 */
import type { Shard, StreamDescriptionSummary } from "@aws-sdk/client-kinesis";
import { ALL_SHARD_LEVEL_METRICS, type ShardInfo, type StreamConfig, type StreamMode } from "../../rules/model";
import { TYPE_STREAM } from "./types";

export { ALL_SHARD_LEVEL_METRICS };

export function shardLevelMetrics(summary: Pick<StreamDescriptionSummary, "EnhancedMonitoring"> | undefined): string[] {
  const out = new Set<string>();
  for (const em of summary?.EnhancedMonitoring ?? []) {
    for (const m of em?.ShardLevelMetrics ?? []) {
      if (m === "ALL") ALL_SHARD_LEVEL_METRICS.forEach((x) => out.add(x));
      else if (typeof m === "string") out.add(m);
    }
  }
  return [...out].sort();
}

/** Open shards with hash ranges, ordered by starting hash key (numerically). Closed shards take no writes. */
export function adaptShards(shards: readonly Shard[] | undefined): ShardInfo[] {
  const out: ShardInfo[] = [];
  for (const s of shards ?? []) {
    if (!s?.ShardId || !s.HashKeyRange?.StartingHashKey || !s.HashKeyRange.EndingHashKey) continue;
    if (s.SequenceNumberRange?.EndingSequenceNumber) continue;
    out.push({
      shardId: s.ShardId,
      startingHashKey: s.HashKeyRange.StartingHashKey,
      endingHashKey: s.HashKeyRange.EndingHashKey,
      ...(s.ParentShardId ? { parentShardId: s.ParentShardId } : {}),
      ...(s.AdjacentParentShardId ? { adjacentParentShardId: s.AdjacentParentShardId } : {}),
    });
  }
  return out.sort((a, b) => compareDecimal(a.startingHashKey, b.startingHashKey) || (a.shardId < b.shardId ? -1 : 1));
}

function compareDecimal(a: string, b: string): number {
  try {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

export interface StreamExtras {
  readonly region: string;
  /** Name and ARN from ListStreams, used when the summary lacks them. */
  readonly listedName: string;
  readonly listedArn?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Only for streams whose rules need shards (see collect/inventory/kinesis.ts). */
  readonly shards?: readonly Shard[];
}

export function adaptStream(summary: StreamDescriptionSummary | undefined, x: StreamExtras): StreamConfig {
  const name = summary?.StreamName ?? x.listedName;
  const arn = summary?.StreamARN ?? x.listedArn;
  const mode: StreamMode = summary?.StreamModeDetails?.StreamMode === "ON_DEMAND" ? "ON_DEMAND" : "PROVISIONED";
  const retention = summary?.RetentionPeriodHours;
  return {
    kind: "stream",
    id: { ref: arn ?? `${x.region}/stream/${name}`, displayName: name, type: TYPE_STREAM },
    name,
    arn,
    region: x.region,
    ...(summary?.StreamStatus ? { status: summary.StreamStatus } : {}),
    mode,
    shardCount: typeof summary?.OpenShardCount === "number" ? summary.OpenShardCount : undefined,
    retentionHours: typeof retention === "number" && retention > 0 ? retention : 24,
    encryptionType: summary?.EncryptionType === "KMS" ? "KMS" : "NONE",
    kmsKeyId: summary?.EncryptionType === "KMS" ? summary.KeyId : undefined,
    shardLevelMetrics: shardLevelMetrics(summary),
    tags: { ...x.tags },
    ...(x.shards !== undefined ? { shards: adaptShards(x.shards) } : {}),
  };
}
