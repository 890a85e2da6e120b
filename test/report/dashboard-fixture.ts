/**
 * The analysis fixture (test/fixtures/analysis/fleet.ts) plus what the on-call dashboard must draw:
 * - "saturated": 2 provisioned shards at 95 % of capacity (kds-under-provisioned, high: health 80,
 *   which must not be green), with hours 50-59 missing (the chart breaks its line there) and
 *   minute peaks collected: the busiest minute, hour 100, at 130 % of capacity;
 * - "slow-reader": a polling consumer 3.6 minutes behind (GetRecords.IteratorAgeMilliseconds
 *   216,000 ms: kds-iterator-age, high) and no enhanced fan-out consumer;
 * - "clicks-od": an on-demand stream with steady traffic (a throughput chart in bytes/s, no
 *   capacity line; kds-on-demand-steady prices it).
 * Lag and delivery per hour (the collector fetches them hourly):
 * - "slow-reader": iterator age climbing to 216,000 ms at hour LAG_PEAK_HOUR (caught up to 1,000 ms
 *   after), hours LAG_GAP missing;
 * - "telemetry": its polling consumers' iterator age at 1,000 ms every hour; its enhanced fan-out
 *   consumer "analytics" at 2,000 ms, 12,000 ms (over kds-consumer-lag's 5,000) at hour LAG_PEAK_HOUR;
 * - "clicks-to-s3": 1,000 delivery attempts an hour, 900 of them successful at hour DIP_HOUR (90 %,
 *   under the 99 % floor; 0.06 % failed over the window: no finding), none at hours ATTEMPT_GAP;
 *   DataFreshness answered with no datapoint ("no data", not missing).
 */
import { metric } from "../../rules/metric-requests";
import type { Snapshot } from "../../live-checks/snapshot";
import { HOURS, fixtureSnapshot, streamAlarms } from "../fixtures/analysis/fleet";
import { MIB, REGION, WINDOW_START, bytesAt, evenShards, noData, repeat, series, stream } from "../fixtures/analysis/builders";

export const GAP = { from: 50, to: 59 } as const;
export const PEAK_MINUTE_HOUR = 100;
export const PEAK_MINUTE_PERCENT = 130;
export const LAG_PEAK_HOUR = 140;
export const LAG_GAP = { from: 120, to: 129 } as const;
export const DIP_HOUR = 60;
export const ATTEMPT_GAP = { from: 10, to: 19 } as const;

const hoursWithGap = Array.from({ length: HOURS }, (_, i) => i).filter((i) => i < GAP.from || i > GAP.to);
const at = (idx: readonly number[]) => idx.map((i) => WINDOW_START + i * 3600);
const allHours = Array.from({ length: HOURS }, (_, i) => i);
const outside = (gap: { from: number; to: number }) => allHours.filter((i) => i < gap.from || i > gap.to);
/** The base fixture's one-value lag series, replaced by hourly ones below. */
const REPLACED = new Set([metric.streamIteratorAgeMax(REGION, "telemetry").id, metric.consumerLagMax(REGION, "telemetry", "analytics").id]);

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
      ...base.metrics.filter((m) => !REPLACED.has(m.id)),
      series(metric.streamIteratorAgeMax(REGION, "telemetry"), repeat(HOURS, 1000)),
      series(metric.consumerLagMax(REGION, "telemetry", "analytics"), allHours.map((i) => (i === LAG_PEAK_HOUR ? 12_000 : 2_000))),
      series(metric.firehoseSuccessSum(REGION, "clicks-to-s3", "DeliveryToS3"), outside(ATTEMPT_GAP).map((i) => (i === DIP_HOUR ? 900 : 1000)), at(outside(ATTEMPT_GAP))),
      series(metric.firehoseSuccessCount(REGION, "clicks-to-s3", "DeliveryToS3"), outside(ATTEMPT_GAP).map(() => 1000), at(outside(ATTEMPT_GAP))),
      noData(metric.firehoseDataFreshnessMax(REGION, "clicks-to-s3", "DeliveryToS3")),
      series(metric.streamIncomingBytes(REGION, "saturated"), hoursWithGap.map(() => bytesAt(95, 2)), at(hoursWithGap)),
      series(metric.streamIncomingRecords(REGION, "saturated"), hoursWithGap.map(() => 60_000), at(hoursWithGap)),
      series(metric.streamIncomingBytesPeakMinute(REGION, "saturated"), minuteBytes),
      series(metric.streamIteratorAgeMax(REGION, "saturated"), [800]),
      series(metric.streamIncomingBytes(REGION, "slow-reader"), repeat(HOURS, bytesAt(30, 1))),
      series(metric.streamIncomingRecords(REGION, "slow-reader"), repeat(HOURS, 600 * 60)),
      series(metric.streamIteratorAgeMax(REGION, "slow-reader"), outside(LAG_GAP).map((i) => (i <= LAG_PEAK_HOUR ? Math.round((216_000 * (i + 1)) / (LAG_PEAK_HOUR + 1)) : 1000)), at(outside(LAG_GAP))),
      series(metric.streamIncomingBytes(REGION, "clicks-od"), repeat(HOURS, 200 * MIB)),
      series(metric.streamIncomingRecords(REGION, "clicks-od"), repeat(HOURS, 300 * 60)),
    ],
  };
}

/** A snapshot's resources moved to account `id` (their ARNs name it). */
export function inAccount(s: Snapshot, id: string): Snapshot {
  return JSON.parse(JSON.stringify(s).replace(/:\d{12}:/g, `:${id}:`)) as Snapshot;
}
