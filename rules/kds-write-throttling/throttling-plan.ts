/**
 * kds-write-throttling's remediation plan on a provisioned stream, one plan with the stream's other
 * capacity findings: a hot shard is split (its own stub), a kds-under-provisioned count is reused.
 * Otherwise more shards, sized from the measured peak: IncomingRecords/IncomingBytes count accepted
 * writes only, so the busiest hour's utilization is scaled by attempts / accepted (throttled records
 * added back). The count is the least that carries that, and at least one more shard than now
 * (throttling shows the current count fell short at some minute, which hourly sums hide).
 */
import type { Finding, StreamConfig } from "../model";
import { capacityChange, numberOf, posInt, shardChange, type RemediationInput, type ThrottlingPlan } from "../lib/remediation-values";
import kdsHotShardRule from "../kds-hot-shard/rule";
import kdsUnderProvisionedRule from "../kds-under-provisioned/rule";

export function throttlingPlan(f: Finding, stream: StreamConfig, input: RemediationInput<unknown>): ThrottlingPlan {
  const d = f.data ?? {};
  const rate = numberOf(d.throttleRatePercent);
  const base = { ...(rate === undefined ? {} : { throttleRatePercent: rate }) };
  if (stream.mode === "ON_DEMAND") return { ...base, onDemand: true };
  const hot = input.resourceFindings.find((x) => x.ruleId === kdsHotShardRule.id && typeof x.data?.shardId === "string");
  if (hot) return { ...base, onDemand: false, basis: "hot-shard", hotShardId: String(hot.data?.shardId) };
  const under = input.resourceFindings.find((x) => x.ruleId === kdsUnderProvisionedRule.id);
  const fromUnder = under ? capacityChange(under, stream) : undefined;
  if (fromUnder && fromUnder.direction === "up") {
    return { ...base, onDemand: false, basis: "kds-under-provisioned", change: fromUnder, ...(fromUnder.peakPercent === undefined ? {} : { peakPercent: fromUnder.peakPercent }) };
  }
  const shards = posInt(input.writeUtilization?.shards) ?? posInt(stream.shardCount);
  if (shards === undefined) return { ...base, onDemand: false };
  const peak = numberOf(input.writeUtilization?.peakPercent);
  const throttled = numberOf(d.throttledRecords);
  const accepted = numberOf(d.incomingRecords);
  if (peak === undefined) return { ...base, onDemand: false, basis: "one-step", change: shardChange(shards, shards + 1) };
  const demand = throttled !== undefined && accepted !== undefined && accepted > 0 ? peak * ((accepted + throttled) / accepted) : peak;
  const carrying = Math.ceil((shards * demand) / 100);
  const to = Math.max(shards + 1, carrying);
  return {
    ...base,
    onDemand: false,
    basis: carrying > shards ? "measured-peak" : "bursts",
    peakPercent: peak,
    demandPeakPercent: demand,
    change: shardChange(shards, to, undefined, demand),
  };
}
