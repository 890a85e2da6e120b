/**
 * kdf-small-buffers with only the window's total bytes (the live audit's deliveryTrafficCost hook;
 * with hourly bytes the rule is re-judged instead, kdfSmallBuffersMeasured): the static verdict
 * stays and its S3 PUTs come from the average rate. Firehose flushes when either hint is reached
 * (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html), so one flush every
 * min(interval, size / rate) seconds; S3 PUT price per 1,000 requests. A month is 730 h here, as
 * for the other traffic-based figures.
 */
import type { DeliveryStreamConfig, Finding } from "../model";
import { GIB, HOURS_PER_MONTH, usd, type Pricing } from "../pricing";

const MIB = 1_048_576;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** Flushes per month at a constant `bytesPerSecond` with the given hints (the window-average fallback). */
export function flushesPerMonthAtRate(sizeMb: number, intervalSeconds: number, bytesPerSecond: number): number {
  const fill = bytesPerSecond > 0 ? (sizeMb * MIB) / bytesPerSecond : Infinity;
  const period = Math.max(1, Math.min(intervalSeconds > 0 ? intervalSeconds : 1, fill));
  return SECONDS_PER_MONTH / period;
}

export function smallBuffersTrafficCost(f: Finding, d: DeliveryStreamConfig, bytes: number, pricing: Pricing): Finding {
  const dest = d.destination;
  const b = d.buffering;
  if ((dest !== "extended_s3" && dest !== "s3") || !b || typeof b.sizeMb !== "number" || typeof b.intervalSeconds !== "number") return f;
  const rate = bytes / SECONDS_PER_MONTH;
  const recSize = Number(f.data?.recommendedSizeMb ?? 5);
  const recInterval = Number(f.data?.recommendedIntervalSeconds ?? 300);
  const now = flushesPerMonthAtRate(b.sizeMb, b.intervalSeconds, rate);
  const recommended = flushesPerMonthAtRate(recSize, recInterval, rate);
  const saving = usd((Math.max(0, now - recommended) / 1000) * pricing.s3PutPer1000);
  return {
    ...f,
    monthlyImpactUsd: saving,
    details: `${f.details} From the window's average traffic (${(bytes / GIB).toFixed(1)} GB/month): about ${Math.round(now).toLocaleString("en-US")} S3 PUTs/month now vs ${Math.round(recommended).toLocaleString("en-US")} at ${recSize} MB / ${recInterval} s.`,
    data: { ...f.data, measuredPutsPerMonth: now, recommendedPutsPerMonthMeasured: recommended, monthlyGb: bytes / GIB },
  };
}
