/**
 * The analysis fixture (test/fixtures/analysis/fleet.ts) plus what the on-call dashboard must draw:
 * - "saturated": 2 provisioned shards at 95 % of capacity (kds-under-provisioned, high: health 80,
 *   which must not be green), with hours 50-59 missing (the chart breaks its line there) and
 *   minute peaks collected: the busiest minute, hour 100, at 130 % of capacity;
 * - "slow-reader": a polling consumer 3.6 minutes behind (GetRecords.IteratorAgeMilliseconds
 *   216,000 ms: kds-iterator-age, high) and no enhanced fan-out consumer;
 * - "clicks-od": an on-demand stream with steady traffic (a throughput chart in bytes/s, no
 *   capacity line; kds-on-demand-steady prices it).
 */
import { metric } from "../../rules/metric-requests";
import type { Snapshot } from "../../live-checks/snapshot";
import { HOURS, fixtureSnapshot, streamAlarms } from "../fixtures/analysis/fleet";
import { MIB, REGION, WINDOW_START, bytesAt, evenShards, repeat, series, stream } from "../fixtures/analysis/builders";

export const GAP = { from: 50, to: 59 } as const;
export const PEAK_MINUTE_HOUR = 100;
export const PEAK_MINUTE_PERCENT = 130;

const hoursWithGap = Array.from({ length: HOURS }, (_, i) => i).filter((i) => i < GAP.from || i > GAP.to);
const at = (idx: readonly number[]) => idx.map((i) => WINDOW_START + i * 3600);

export function dashboardSnapshot(): Snapshot {
  const base = fixtureSnapshot();
  const saturated = stream("saturated", { shards: evenShards(2), shardCount: 2 });
  const slow = stream("slow-reader", { shardCount: 1 });
  const od = stream("clicks-od", { mode: "ON_DEMAND" });
  // Busiest minute per hour: 100 % of 2 shards' per-minute capacity, 130 % in hour PEAK_MINUTE_HOUR.
  const minuteBytes = Array.from({ length: HOURS }, (_, i) => ((i === PEAK_MINUTE_HOUR ? PEAK_MINUTE_PERCENT : 100) / 100) * 2 * MIB * 60);
  return {
    ...base,
    streams: [...base.streams, saturated, slow, od],
    alarms: [...base.alarms, ...streamAlarms("saturated", "slow-reader", "clicks-od")],
    metrics: [
      ...base.metrics,
      series(metric.streamIncomingBytes(REGION, "saturated"), hoursWithGap.map(() => bytesAt(95, 2)), at(hoursWithGap)),
      series(metric.streamIncomingRecords(REGION, "saturated"), hoursWithGap.map(() => 60_000), at(hoursWithGap)),
      series(metric.streamIncomingBytesPeakMinute(REGION, "saturated"), minuteBytes),
      series(metric.streamIteratorAgeMax(REGION, "saturated"), [800]),
      series(metric.streamIncomingBytes(REGION, "slow-reader"), repeat(HOURS, bytesAt(30, 1))),
      series(metric.streamIncomingRecords(REGION, "slow-reader"), repeat(HOURS, 600 * 60)),
      series(metric.streamIteratorAgeMax(REGION, "slow-reader"), [216_000]),
      series(metric.streamIncomingBytes(REGION, "clicks-od"), repeat(HOURS, 200 * MIB)),
      series(metric.streamIncomingRecords(REGION, "clicks-od"), repeat(HOURS, 300 * 60)),
    ],
  };
}
