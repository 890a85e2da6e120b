/**
 * kdf-small-buffers: many small batches (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html).
 * - Without traffic (policy pack, or no metric data): the spec's rule, buffer size AND interval both
 *   below the minimums. The interval alone then bounds the PUT rate: 30 days = 2,592,000 s /
 *   interval PUTs per month at least, one per flush.
 * - With measured traffic (live audit, kdfSmallBuffersMeasured): Firehose flushes when either hint
 *   is reached, so an hour carrying B bytes flushes max(3600 / interval, B / size) times. Flagged
 *   when the current hints flush at least `minFlushRatio` times as often as the recommended ones
 *   (each hint raised to its minimum): a 1 MB / 900 s stream at 1 MiB/s flushes every second.
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import { HOURS_PER_MONTH, usd, type Pricing } from "../pricing";
import { numberOf } from "../lib/remediation-values";
import type { RuleContext } from "../types";
import { BUFFERING, bufferingPath } from "../lib/destinations";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import type { Static } from "@sinclair/typebox";
import { defineRule, type PulumiProps } from "../define-rule";
import { withValue } from "../lib/pulumi-props";
import examples from "./examples";
import { num, ruleConfig } from "../lib/config-schema";
import type { MeasuredDeliveryTraffic } from "../metric/types";
import { smallBuffersTrafficCost } from "./traffic-cost";

const ID = "kdf-small-buffers";
export const SECONDS_PER_MONTH = 2_592_000;
const MIB = 1_048_576;

/** Flushes (S3 PUTs for S3 destinations) per month when every interval flushes; undefined for interval 0. */
export function flushesPerMonth(intervalSeconds: number): number | undefined {
  return intervalSeconds > 0 ? Math.round(SECONDS_PER_MONTH / intervalSeconds) : undefined;
}

export function kdfSmallBuffers(ds: DeliveryStreamConfig, { config, pricing }: RuleContext<Config>): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  const dest = ds.destination;
  if (!isKnown(dest) || ds.buffering === undefined) return [];
  const { sizeMb, intervalSeconds } = ds.buffering;
  if (!isKnown(sizeMb) || !isKnown(intervalSeconds)) return [];
  // A destination's maximum caps the minimum we can ask for (Splunk allows 5 MB / 60 s at most).
  const limits = BUFFERING[dest];
  const minSize = Math.min(config.minBufferSizeMb, limits.maxSizeMb);
  const minInterval = Math.min(config.minBufferIntervalSeconds, limits.maxIntervalSeconds);
  if (!(sizeMb < minSize && intervalSeconds < minInterval)) return [];

  const path = bufferingPath(dest);
  const puts = flushesPerMonth(intervalSeconds);
  const recommendedPuts = flushesPerMonth(minInterval);
  const isS3 = dest === "extended_s3" || dest === "s3";
  const saving =
    isS3 && puts !== undefined && recommendedPuts !== undefined
      ? usd(((puts - recommendedPuts) / 1000) * pricing.s3PutPer1000)
      : undefined;
  const putText =
    puts === undefined
      ? "with a 0 s interval every record batch is flushed at once (the PUT count depends on traffic)"
      : `at least ${puts.toLocaleString("en-US")} ${isS3 ? "S3 PUTs" : "deliveries"}/month (2,592,000 s / ${intervalSeconds} s) with no traffic data, vs ${recommendedPuts?.toLocaleString("en-US") ?? "?"} at ${minInterval} s`;
  return [
    finding(ID, {
      resource: ds.id,
      property: `${path}.bufferingSize, ${path}.bufferingInterval`,
      found: `${sizeMb} MB / ${intervalSeconds} s`,
      expected: `>= ${minSize} MB or >= ${minInterval} s`,
      details: `Delivery stream "${ds.id.displayName}" buffers ${sizeMb} MB / ${intervalSeconds} s, below ${minSize} MB and ${minInterval} s: ${putText}.`,
      remediation: `Set ${path}.bufferingSize: ${minSize} and ${path}.bufferingInterval: ${minInterval} (or as high as the data freshness you need allows).`,
      ...(saving === undefined ? {} : { monthlyImpactUsd: saving }),
      data: { estimatedPutsPerMonth: puts, recommendedPutsPerMonth: recommendedPuts, recommendedSizeMb: minSize, recommendedIntervalSeconds: minInterval },
    }),
  ];
}

/**
 * Flushes in an hour that carried `bytes`, data arriving evenly: Firehose flushes when either hint
 * is reached, every min(interval, size / rate) s, i.e. max(3600 / interval, bytes / size) times. An
 * hour without bytes flushes nothing; a 0 s interval is counted as 1 s.
 */
export function flushesInHour(bytes: number, sizeMb: number, intervalSeconds: number): number {
  if (!(bytes > 0)) return 0;
  return Math.max(3600 / Math.max(1, intervalSeconds), bytes / (sizeMb * MIB));
}

export type { MeasuredDeliveryTraffic } from "../metric/types";

/**
 * The live variant: flushes per hour from measured traffic under the current hints vs the
 * recommended hints (each raised to the rule's minimum, capped by the destination's maximum).
 */
export function kdfSmallBuffersMeasured(ds: DeliveryStreamConfig, { config, pricing }: RuleContext, traffic: MeasuredDeliveryTraffic): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  const dest = ds.destination;
  if (!isKnown(dest) || ds.buffering === undefined) return [];
  const { sizeMb, intervalSeconds } = ds.buffering;
  if (!isKnown(sizeMb) || !isKnown(intervalSeconds) || typeof sizeMb !== "number" || typeof intervalSeconds !== "number" || sizeMb <= 0) return [];
  const limits = BUFFERING[dest];
  const minSize = Math.min(Number(config.minBufferSizeMb), limits.maxSizeMb);
  const minInterval = Math.min(Number(config.minBufferIntervalSeconds), limits.maxIntervalSeconds);
  const recSize = Math.max(sizeMb, minSize);
  const recInterval = Math.max(intervalSeconds, minInterval);
  if (recSize === sizeMb && recInterval === intervalSeconds) return []; // already at or above the recommendation

  const hours = traffic.hourlyBytes.filter((b) => b > 0);
  if (hours.length === 0) return [];
  let now = 0;
  let recommended = 0;
  let sizeBound = 0;
  for (const b of hours) {
    now += flushesInHour(b, sizeMb, intervalSeconds);
    recommended += flushesInHour(b, recSize, recInterval);
    if (b / (sizeMb * MIB) > 3600 / Math.max(1, intervalSeconds)) sizeBound++;
  }
  const ratio = now / recommended;
  const minRatio = Number(config.minFlushRatio);
  if (!(ratio >= minRatio)) return [];

  const path = bufferingPath(dest);
  const perHourNow = now / hours.length;
  const perHourRec = recommended / hours.length;
  const meanRate = hours.reduce((a, b) => a + b, 0) / hours.length / 3600;
  // Monthly = the window's total x (730 h / window length), as every traffic-based cost.
  const perMonth = (HOURS_PER_MONTH * 3600) / traffic.windowSeconds;
  const puts = now * perMonth;
  const recommendedPuts = recommended * perMonth;
  const isS3 = dest === "extended_s3" || dest === "s3";
  const saving = isS3 ? usd(((puts - recommendedPuts) / 1000) * pricing.s3PutPer1000) : undefined;
  const what = isS3 ? "S3 PUTs" : "deliveries";
  const trigger =
    sizeBound === hours.length
      ? `the ${sizeMb} MB size hint triggers first in every hour`
      : sizeBound === 0
        ? `the ${intervalSeconds} s interval triggers first in every hour`
        : `the ${sizeMb} MB size hint triggers first in ${sizeBound} of ${hours.length} hours`;
  const rec = `${recSize} MB / ${recInterval} s`;
  const change = [
    ...(recSize !== sizeMb ? [`${path}.bufferingSize: ${recSize}`] : []),
    ...(recInterval !== intervalSeconds ? [`${path}.bufferingInterval: ${recInterval}`] : []),
  ].join(" and ");
  return [
    finding(ID, {
      resource: ds.id,
      property: `${path}.bufferingSize, ${path}.bufferingInterval`,
      found: `${sizeMb} MB / ${intervalSeconds} s: ${fmtCount(perHourNow)} flushes/hour`,
      expected: `${rec}: ${fmtCount(perHourRec)} flushes/hour`,
      details:
        `Delivery stream "${ds.id.displayName}" buffers ${sizeMb} MB / ${intervalSeconds} s. At its measured traffic (${fmtRate(meanRate)} on average over ${hours.length} hours with data) ` +
        `${trigger}: about ${fmtCount(perHourNow)} flushes/hour (one every ${(3600 / perHourNow).toFixed(1)} s), ${fmtCount(puts)} ${what}/month, ` +
        `vs ${fmtCount(perHourRec)}/hour (${fmtCount(recommendedPuts)}/month) at ${rec}, ${ratio.toFixed(1)}x fewer. Assumes data arrives evenly within each hour.`,
      remediation: `Set ${change} (or as high as the data freshness you need allows): fewer, larger ${isS3 ? "objects" : "batches"}.`,
      ...(saving === undefined ? {} : { monthlyImpactUsd: saving }),
      data: {
        source: "measured",
        flushesPerHour: perHourNow,
        recommendedFlushesPerHour: perHourRec,
        flushRatio: ratio,
        sizeBoundHours: sizeBound,
        hoursWithData: hours.length,
        estimatedPutsPerMonth: puts,
        recommendedPutsPerMonth: recommendedPuts,
        recommendedSizeMb: recSize,
        recommendedIntervalSeconds: recInterval,
      },
    }),
  ];
}

const fmtCount = (n: number): string => Math.round(n).toLocaleString("en-US");
const fmtRate = (bytesPerSecond: number): string =>
  bytesPerSecond >= MIB ? `${(bytesPerSecond / MIB).toFixed(2)} MiB/s` : `${(bytesPerSecond / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} KiB/s`;

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  minBufferSizeMb: num("Minimum buffer size (MB).", 5, 1, 128),
  minBufferIntervalSeconds: num("Minimum buffer interval (s).", 300, 0, 900),
  minFlushRatio: num("Live audit with measured traffic: flag when the current hints flush at least this many times as often as the recommended hints.", 2, 1),
});

/** Pack remediation: the finding's recommended hints at the destination's buffering path (UpdateDestination, in place). */
function fixBuffering(props: PulumiProps, findings: readonly Finding[], ds: DeliveryStreamConfig): PulumiProps | undefined {
  const f = findings[0];
  if (!f || typeof ds.destination !== "string") return undefined;
  const path = bufferingPath(ds.destination);
  const size = f.data?.recommendedSizeMb;
  const interval = f.data?.recommendedIntervalSeconds;
  if (typeof size !== "number" || typeof interval !== "number") return undefined;
  return withValue(withValue(props, `${path}.bufferingSize`, size), `${path}.bufferingInterval`, interval);
}

/**
 * The S3 PUTs the finding priced (measured, else estimated from the interval), for the cost table's
 * current cost; none where it priced none (other destinations make no S3 PUTs).
 */
function s3PutCost(f: Finding, pricing: Pricing): { usd: number; basis: string } | undefined {
  const puts = numberOf(f.data?.measuredPutsPerMonth) ?? numberOf(f.data?.estimatedPutsPerMonth);
  if (puts === undefined || numberOf(f.monthlyImpactUsd) === undefined) return undefined;
  return { usd: (puts / 1000) * pricing.s3PutPer1000, basis: "S3 PUTs" };
}

export default defineRule({
  id: ID,
  issue: "Small Batch Sizes",
  title: "Buffering too small: many small objects and requests",
  severity: "medium",
  category: "cost",
  scope: ["static"],
  resourceType: "deliveryStream",
  enforcement: "advisory",
  description:
    "Policy pack (no traffic): buffer size below the minimum and buffer interval below the minimum. Live audit with measured bytes in per hour: the flushes per hour the hints cause (size- or interval-bound, whichever triggers first) are at least minFlushRatio times those of the recommended hints (each raised to its minimum), e.g. 1 MB / 900 s at 1 MiB/s. Many small batches mean more S3 PUTs and small files.",
  remediation: "Raise bufferingSize to 5 MB or more and bufferingInterval to 300 s (or as high as the freshness you need allows).",
  docsUrl: "https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html",
  config: CONFIG,
  evaluate: { deliveryStream: kdfSmallBuffers },
  examples,
  // Live audit: with hourly bytes the rule is judged on the measured flushes (replacing the static
  // verdict); with only the window's total the static finding is priced from the average rate.
  live: { deliveryMeasured: kdfSmallBuffersMeasured, deliveryTrafficCost: smallBuffersTrafficCost },
  pack: { fixDeliveryStream: fixBuffering },
  report: { deliveryCostBeyondIngestion: s3PutCost },
});
