/**
 * kdf-small-buffers: buffer size AND interval both below the minimums mean many small batches
 * (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html). Firehose flushes when
 * either hint is reached, so without traffic data the interval alone bounds the PUT rate:
 * 30 days = 2,592,000 s / interval PUTs per month at least, one per flush.
 */
import { isKnown, type DeliveryStreamConfig, type Finding } from "../model";
import { usd } from "../pricing";
import type { RuleContext } from "../types";
import { BUFFERING, bufferingPath } from "./destinations";
import { finding, judged } from "./finding";

const ID = "kdf-small-buffers";
export const SECONDS_PER_MONTH = 2_592_000;

/** Flushes (S3 PUTs for S3 destinations) per month when every interval flushes; undefined for interval 0. */
export function flushesPerMonth(intervalSeconds: number): number | undefined {
  return intervalSeconds > 0 ? Math.round(SECONDS_PER_MONTH / intervalSeconds) : undefined;
}

export function kdfSmallBuffers(ds: DeliveryStreamConfig, { config, pricing }: RuleContext): Finding[] {
  if (!judged(ID, ds.name, ds.tags, config)) return [];
  const dest = ds.destination;
  if (!isKnown(dest) || ds.buffering === undefined) return [];
  const { sizeMb, intervalSeconds } = ds.buffering;
  if (!isKnown(sizeMb) || !isKnown(intervalSeconds)) return [];
  // A destination's maximum caps the minimum we can ask for (Splunk allows 5 MB / 60 s at most).
  const limits = BUFFERING[dest];
  const minSize = Math.min(Number(config.minBufferSizeMb), limits.maxSizeMb);
  const minInterval = Math.min(Number(config.minBufferIntervalSeconds), limits.maxIntervalSeconds);
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
