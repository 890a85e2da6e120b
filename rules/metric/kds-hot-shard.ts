/**
 * kds-hot-shard: on a PROVISIONED stream with shard-level IncomingBytes, a shard whose window total
 * is above hotFactor x the mean over the stream's open shards with data -> one finding per hot shard,
 * with the SplitShard at the midpoint of its hash range. Cold adjacent pairs are merge candidates for
 * the shard plan (not findings): both shards' PEAK hourly utilization below coldUtilizationPercent,
 * so the merged shard stays below twice that.
 */
import { isExempt } from "../classify";
import type { RuleConfig } from "../config";
import type { ShardInfo, StreamConfig } from "../model";
import { fmt, metricFinding } from "./finding";
import { byHashKey, contiguous, splitHashKey } from "./hash-keys";
import { hasShardLevelBytes, shardLoads, type ShardLoad } from "./shard-load";
import { shellQuote } from "./shell";
import { round } from "./stats";
import type { MetricLookup, StreamMetricRule } from "./types";

export const RULE_ID = "kds-hot-shard";

export interface HotShard {
  readonly load: ShardLoad;
  readonly meanBytes: number;
  /** Window total / stream mean. */
  readonly factor: number;
  readonly newStartingHashKey?: string;
  readonly command?: string;
}

export interface MergePair {
  readonly shard: ShardInfo;
  readonly adjacent: ShardInfo;
  readonly peakPercent: number;
  readonly adjacentPeakPercent: number;
  readonly command: string;
}

function cliRegion(stream: StreamConfig): string {
  return typeof stream.region === "string" && stream.region ? ` --region ${shellQuote(stream.region)}` : "";
}

/** Hot shards of a stream (empty when the rule does not apply). */
export function hotShards(stream: StreamConfig, lookup: MetricLookup, cfg: RuleConfig): HotShard[] {
  if (stream.mode !== "PROVISIONED" || !hasShardLevelBytes(stream)) return [];
  const loads = shardLoads(stream, lookup).filter((l) => l.bytesTotal !== undefined);
  if (loads.length < 2) return [];
  const meanBytes = loads.reduce((a, l) => a + (l.bytesTotal ?? 0), 0) / loads.length;
  const hotFactor = Number(cfg.hotFactor);
  const name = String(stream.name);
  return loads
    .filter((l) => (l.bytesTotal ?? 0) > hotFactor * meanBytes)
    .map((load) => {
      const key = splitHashKey(load.shard.startingHashKey, load.shard.endingHashKey);
      return {
        load,
        meanBytes,
        factor: (load.bytesTotal ?? 0) / meanBytes,
        ...(key === undefined
          ? {}
          : {
              newStartingHashKey: key,
              command: `aws kinesis split-shard --stream-name ${shellQuote(name)} --shard-to-split ${shellQuote(load.shard.shardId)} --new-starting-hash-key ${key}${cliRegion(stream)}`,
            }),
      };
    });
}

/** Adjacent cold shard pairs (greedy in hash-key order, each shard in at most one pair, hot shards excluded). */
export function coldMergePairs(stream: StreamConfig, lookup: MetricLookup, cfg: RuleConfig): MergePair[] {
  if (stream.mode !== "PROVISIONED" || !hasShardLevelBytes(stream)) return [];
  const cold = Number(cfg.coldUtilizationPercent);
  const loads = byHashKey(shardLoads(stream, lookup).map((l) => ({ ...l, startingHashKey: l.shard.startingHashKey })));
  const hot = new Set(hotShards(stream, lookup, cfg).map((h) => h.load.shard.shardId));
  const pairs: MergePair[] = [];
  const name = String(stream.name);
  for (let i = 0; i + 1 < loads.length; i++) {
    const a = loads[i]!;
    const b = loads[i + 1]!;
    const isCold = (l: ShardLoad) => l.peakPercent !== undefined && l.peakPercent < cold && !hot.has(l.shard.shardId);
    if (!isCold(a) || !isCold(b) || !contiguous(a.shard, b.shard)) continue;
    pairs.push({
      shard: a.shard,
      adjacent: b.shard,
      peakPercent: a.peakPercent ?? 0,
      adjacentPeakPercent: b.peakPercent ?? 0,
      command: `aws kinesis merge-shards --stream-name ${shellQuote(name)} --shard-to-merge ${shellQuote(a.shard.shardId)} --adjacent-shard-to-merge ${shellQuote(b.shard.shardId)}${cliRegion(stream)}`,
    });
    i++; // b is taken
  }
  return pairs;
}

export const kdsHotShard: StreamMetricRule = (stream, ctx) => {
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const name = String(stream.name);
  return hotShards(stream, ctx.metrics, ctx.config).map((h) =>
    metricFinding(RULE_ID, stream.id, {
      property: `shard ${h.load.shard.shardId}`,
      found: `${round(h.factor, 2)}x the mean shard load`,
      expected: `<= ${Number(ctx.config.hotFactor)}x`,
      details: `Stream ${name}: shard ${h.load.shard.shardId} received ${fmt(h.load.bytesTotal ?? 0, 0)} bytes over the window, ${round(h.factor, 2)}x the mean of ${fmt(h.meanBytes, 0)} bytes per open shard (peak ${round(h.load.peakPercent ?? 0, 1)} % of one shard's write capacity).`,
      remediation: h.command
        ? `Split shard ${h.load.shard.shardId} at NewStartingHashKey ${h.newStartingHashKey} (the midpoint of its hash range): ${h.command}; or spread partition keys more evenly.`
        : `Shard ${h.load.shard.shardId} covers a single hash key and cannot be split: spread partition keys more evenly.`,
      data: {
        shardId: h.load.shard.shardId,
        shardBytes: h.load.bytesTotal,
        meanShardBytes: h.meanBytes,
        factor: h.factor,
        peakUtilizationPercent: h.load.peakPercent,
        startingHashKey: h.load.shard.startingHashKey,
        endingHashKey: h.load.shard.endingHashKey,
        ...(h.newStartingHashKey ? { newStartingHashKey: h.newStartingHashKey, command: h.command } : {}),
      },
    }),
  );
};
