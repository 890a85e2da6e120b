/**
 * Hot shards (SplitShard candidates) and cold adjacent pairs (MergeShards candidates) from the
 * per-shard demand (shard-demand.ts). Whether a stream gets these or an UpdateShardCount is
 * decided in capacity-plan.ts.
 */
import type { HotShardConfig } from "./capacity-configs";
import type { ShardInfo, StreamConfig } from "../model";
import { contiguous, splitHashKey } from "./hash-keys";
import { mergedPeak, type ShardDemand, type StreamShardDemand } from "./shard-demand";
import { shellQuote } from "../lib/shell";

export interface HotShard {
  readonly demand: ShardDemand;
  /** Mean load over the stream's open shards with known demand (idle shards count as 0). */
  readonly meanLoad: number;
  /** This shard's load / that mean. */
  readonly factor: number;
  /** Share of the stream's writes on this shard (0..1). */
  readonly share: number;
  /** Every other open shard was idle: all traffic on this one. */
  readonly allTraffic: boolean;
  readonly newStartingHashKey?: string;
  readonly command?: string;
}

export interface MergePair {
  readonly shard: ShardInfo;
  readonly adjacent: ShardInfo;
  /** Peak utilization (%) of one shard, each, and of the merged shard. */
  readonly peakPercent: number;
  readonly adjacentPeakPercent: number;
  readonly mergedPeakPercent: number;
  readonly command: string;
}

export function cliRegion(stream: StreamConfig): string {
  return typeof stream.region === "string" && stream.region ? ` --region ${shellQuote(stream.region)}` : "";
}

/**
 * Hot shards: a shard is hot when its load is above hotFactor x the mean over the open shards
 * (or it carries all of the stream's traffic) AND its peak is above minPeakUtilizationPercent of
 * one shard's capacity (a stream at 7 % of one shard never needs a split).
 */
export function findHotShards(stream: StreamConfig, d: StreamShardDemand, cfg: HotShardConfig): HotShard[] {
  const known = d.shards.filter((s) => s.status !== "unknown");
  if (known.length < 2) return [];
  const totalLoad = known.reduce((a, s) => a + s.load, 0);
  if (!(totalLoad > 0)) return [];
  const meanLoad = totalLoad / known.length;
  const busy = known.filter((s) => s.load > 0);
  // "All traffic on one shard" needs every open shard known: an unknown one may carry traffic.
  const alone = d.complete && busy.length === 1 ? busy[0] : undefined;
  const hotFactor = cfg.hotFactor;
  const floor = cfg.minPeakUtilizationPercent;
  const name = String(stream.name);
  return busy
    .filter((s) => (s.load > hotFactor * meanLoad || s === alone) && s.peak * 100 > floor)
    .map((s) => {
      const key = splitHashKey(s.shard.startingHashKey, s.shard.endingHashKey);
      return {
        demand: s,
        meanLoad,
        factor: s.load / meanLoad,
        share: s.load / totalLoad,
        allTraffic: s === alone,
        ...(key === undefined
          ? {}
          : {
              newStartingHashKey: key,
              command: `aws kinesis split-shard --stream-name ${shellQuote(name)} --shard-to-split ${shellQuote(s.shard.shardId)} --new-starting-hash-key ${key}${cliRegion(stream)}`,
            }),
      };
    });
}

/**
 * Adjacent cold pairs, greedy in hash-key order, each shard in at most one pair, never a hot one:
 * both shards' peaks below coldUtilizationPercent and the merged shard's peak at most
 * `targetPeakPercent` (the bound kds-over-provisioned applies to any reduction). Idle shards are
 * cold (peak 0); shards with unknown demand are never merged.
 */
export function findMergePairs(stream: StreamConfig, d: StreamShardDemand, cfg: HotShardConfig, hot: readonly HotShard[], targetPeakPercent: number): MergePair[] {
  const cold = cfg.coldUtilizationPercent;
  const hotIds = new Set(hot.map((h) => h.demand.shard.shardId));
  const isCold = (s: ShardDemand) => s.status !== "unknown" && s.peak * 100 < cold && !hotIds.has(s.shard.shardId);
  const name = String(stream.name);
  const pairs: MergePair[] = [];
  for (let i = 0; i + 1 < d.shards.length; i++) {
    const a = d.shards[i]!;
    const b = d.shards[i + 1]!;
    if (!isCold(a) || !isCold(b) || !contiguous(a.shard, b.shard)) continue;
    const merged = mergedPeak(d, a, b) * 100;
    if (merged > targetPeakPercent) continue;
    pairs.push({
      shard: a.shard,
      adjacent: b.shard,
      peakPercent: a.peak * 100,
      adjacentPeakPercent: b.peak * 100,
      mergedPeakPercent: merged,
      command: `aws kinesis merge-shards --stream-name ${shellQuote(name)} --shard-to-merge ${shellQuote(a.shard.shardId)} --adjacent-shard-to-merge ${shellQuote(b.shard.shardId)}${cliRegion(stream)}`,
    });
    i++; // b is taken
  }
  return pairs;
}

/** A sentence for an UpdateShardCount finding on a stream with hot shards (empty when none). */
export function hotShardNote(hot: readonly HotShard[]): string {
  if (hot.length === 0) return "";
  const h = hot[0]!;
  const lead = h.allTraffic
    ? `All writes go to shard ${h.demand.shard.shardId}; the other open shards are idle.`
    : `Hot ${hot.length === 1 ? "shard" : "shards"} ${hot.map((x) => `${x.demand.shard.shardId} (${x.factor.toFixed(1)}x the mean)`).join(", ")}.`;
  return ` ${lead} UpdateShardCount (UNIFORM_SCALING) re-cuts every hash range into equal parts, so no separate split or merge is planned; a single hot partition key stays on one shard.`;
}
