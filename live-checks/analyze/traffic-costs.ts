/**
 * Cost findings whose dollar impact depends on real traffic, which the static rules cannot see:
 * - kdf-small-buffers: S3 PUTs from the delivery stream's bytes. Firehose flushes when either hint is
 *   reached (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html), so one flush
 *   every min(interval, size / rate) seconds; S3 PUT price per 1,000 requests.
 * - kdf-vpc-endpoint: the delivery stream's bytes through a NAT gateway, at the NAT price per GB
 *   (https://aws.amazon.com/vpc/pricing/).
 * Monthly = window total x (730 h / window hours). Without traffic data the rule's own estimate stays.
 */
import { metric, type MetricWindow } from "../../rules/metrics";
import type { DeliveryStreamConfig, Finding } from "../../rules/model";
import { HOURS_PER_MONTH, usd, type Pricing } from "../../rules/pricing";
import { seriesSum } from "../../rules/metric/series";
import type { MetricLookup } from "../../rules/metric/types";

const MIB = 1_048_576;
const GIB = 1024 ** 3;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** Bytes a delivery stream takes in per month (extrapolated from the window), undefined without data. */
export function monthlyBytes(d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow): number | undefined {
  const fromKinesis = d.source.type === "KinesisStreamAsSource";
  const total = seriesSum(lookup, metric.firehoseBytes(String(d.region ?? ""), String(d.name), fromKinesis));
  if (total === undefined) return undefined;
  return total * (SECONDS_PER_MONTH / (window.end - window.start));
}

/** Flushes per month at `bytesPerSecond` with the given hints. */
export function flushesPerMonth(sizeMb: number, intervalSeconds: number, bytesPerSecond: number): number {
  const fill = bytesPerSecond > 0 ? (sizeMb * MIB) / bytesPerSecond : Infinity;
  const period = Math.max(1, Math.min(intervalSeconds > 0 ? intervalSeconds : 1, fill));
  return SECONDS_PER_MONTH / period;
}

export function withTrafficCost(f: Finding, d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow, pricing: Pricing): Finding {
  const bytes = monthlyBytes(d, lookup, window);
  if (bytes === undefined) return f;
  if (f.ruleId === "kdf-vpc-endpoint") {
    const gb = bytes / GIB;
    const cost = usd(gb * pricing.natGb);
    return {
      ...f,
      monthlyImpactUsd: cost,
      details: `${f.details} At the measured ${gb.toFixed(1)} GB/month that is about $${cost.toFixed(2)}/month of NAT processing.`,
      data: { ...f.data, monthlyGb: gb, natMonthlyUsd: cost },
    };
  }
  if (f.ruleId === "kdf-small-buffers") {
    const dest = d.destination;
    const b = d.buffering;
    if ((dest !== "extended_s3" && dest !== "s3") || !b || typeof b.sizeMb !== "number" || typeof b.intervalSeconds !== "number") return f;
    const rate = bytes / SECONDS_PER_MONTH;
    const recSize = Number(f.data?.recommendedSizeMb ?? 5);
    const recInterval = Number(f.data?.recommendedIntervalSeconds ?? 300);
    const now = flushesPerMonth(b.sizeMb, b.intervalSeconds, rate);
    const recommended = flushesPerMonth(recSize, recInterval, rate);
    const saving = usd(Math.max(0, now - recommended) / 1000 * pricing.s3PutPer1000);
    return {
      ...f,
      monthlyImpactUsd: saving,
      details: `${f.details} From measured traffic (${(bytes / GIB).toFixed(1)} GB/month): about ${Math.round(now).toLocaleString("en-US")} S3 PUTs/month now vs ${Math.round(recommended).toLocaleString("en-US")} at ${recSize} MB / ${recInterval} s.`,
      data: { ...f.data, measuredPutsPerMonth: now, recommendedPutsPerMonthMeasured: recommended, monthlyGb: bytes / GIB },
    };
  }
  return f;
}
