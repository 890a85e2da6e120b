/**
 * The values a rule's remediation stubs spell out (rules/<id>/remediation.*.hbs): shard steps,
 * thresholds, alarms. Each rule computes its own (its `live.remediationValues` hook) once, so the
 * .ts and the .sh stub say the same thing; live-checks/report/remediation-model.ts only asks the
 * rule. Finding `data` is read defensively: rules add and rename fields, and a value a finding does
 * not carry falls back to what the finding's text states, then to the rule's default config (never
 * to a number written into a template).
 */
import type { AlarmRecommendation, AlarmSpec } from "./alarm-recommendation";
import type { DeliveryStreamConfig, Finding, StreamConfig } from "../model";
import { SHARD_BYTES_PER_SECOND, SHARD_RECORDS_PER_SECOND, updateShardCountSteps } from "./shard-limits";

/** One UpdateShardCount call (one `pulumi up` in the Pulumi stub). */
export interface ShardStep {
  /** 1-based. */
  readonly n: number;
  readonly from: number;
  readonly to: number;
}

/**
 * A change of a provisioned stream's open shard count. UpdateShardCount can at most double or halve
 * the open shard count per call (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html),
 * and Pulumi's aws.kinesis.Stream makes one such call per `pulumi up`: a change of more than one step
 * is one `pulumi up` (or one CLI call) per step.
 */
export interface ShardChange {
  readonly from: number;
  readonly to: number;
  readonly direction: "up" | "down";
  readonly steps: readonly ShardStep[];
  readonly multiStep: boolean;
  /** Write capacity before and after (1 MiB/s and 1,000 records/s per shard). */
  readonly mibPerSecondBefore: number;
  readonly mibPerSecondAfter: number;
  readonly recordsPerSecondBefore: number;
  readonly recordsPerSecondAfter: number;
  /** Peak write utilization (%) of `from` shards in the window, and of `to` shards, when known. */
  readonly peakPercent?: number;
  readonly projectedPeakPercent?: number;
}

/** What the write-throttling stubs recommend. */
export interface ThrottlingPlan {
  readonly throttleRatePercent?: number;
  /** On-demand: no shard count to set; see the templates for what applies. */
  readonly onDemand: boolean;
  /**
   * Why this shard count (provisioned streams):
   * - hot-shard: a kds-hot-shard finding names the shard; splitting it is the plan, no UpdateShardCount
   *   (uniform resharding would redraw the hash ranges the split is about);
   * - kds-under-provisioned: that finding's count (one plan per stream);
   * - measured-peak: the busiest hour, with the throttled attempts added back, needs more shards;
   * - bursts: the busiest hour fits the shards, so minute bursts were throttled: one more shard;
   * - one-step: no utilization data: one more shard.
   */
  readonly basis?: "hot-shard" | "kds-under-provisioned" | "measured-peak" | "bursts" | "one-step";
  readonly change?: ShardChange;
  /** The stream's accepted-writes peak (%) and that peak with the throttled attempts added back. */
  readonly peakPercent?: number;
  readonly demandPeakPercent?: number;
  /** A kds-hot-shard finding on the same stream. */
  readonly hotShardId?: string;
}

/** An alarm a stub creates (CLI put-metric-alarm, Pulumi MetricAlarm). */
export type StubAlarm = AlarmRecommendation & {
  readonly alarmName: string;
  readonly dimensionList: readonly { readonly name: string; readonly value: string }[];
};

/** The rule-specific part of a stub's context (each rule's hook fills its own). */
export interface RemediationValues {
  /** Alarms to create: missing ones (kds-alarms, kdf-alarms, kds-consumer-lag), or the finding's metric (kds-iterator-age, kdf-delivery-failures). */
  readonly alarms?: readonly StubAlarm[];
  /**
   * kds-over-provisioned on a stream whose writes were throttled (kds-write-throttling fired too): the
   * stubs do not lower it, since fewer shards would throttle more.
   */
  readonly blockedByThrottling?: { readonly throttleRatePercent?: number };
  /** Shard count change (kds-under-provisioned, kds-over-provisioned, kds-on-demand-steady). */
  readonly shardChange?: ShardChange;
  readonly throttling?: ThrottlingPlan;
  readonly retention?: { readonly currentHours: number | null; readonly targetHours: number };
  /** kdf-delivery-failures: the failed share (%) its alarm fires above (the rule's limit). */
  readonly maxFailurePercent?: number;
  /** kds-cross-region: the DR region the replica goes to. */
  readonly drRegion?: string;
  /** kds-cross-region: the replica's name and the tag naming its source (the rule's replicaTagKey). */
  readonly replica?: { readonly name: string; readonly tagKey: string };
  /** kds-enhanced-monitoring: the shard-level metrics to add, and the full list to declare. */
  readonly shardMetrics?: { readonly add: readonly string[]; readonly all: readonly string[] };
}

/** What a rule's remediationValues hook sees besides the finding. */
export interface RemediationInput<C> {
  /** The rule's default config: the fallback when neither the finding's data nor its text holds a value. */
  readonly config: C;
  readonly resourceName: string;
  readonly region: string;
  /** The resource the finding is on (one of the two). */
  readonly stream?: StreamConfig;
  readonly deliveryStream?: DeliveryStreamConfig;
  /** Every finding on the same resource, this one included (capacity rules plan together). */
  readonly resourceFindings: readonly Finding[];
  /** The stream's write utilization in the window (peak %, shards), when measured. */
  readonly writeUtilization?: { readonly shards?: unknown; readonly peakPercent?: unknown };
  /** The DR regions the audit flagged for a stream of this name (its DR flags), when any. */
  readonly drRegions?: readonly string[];
  /** The audit's alarm recommendations for this resource and its consumers. */
  readonly alarmRecommendations: readonly AlarmRecommendation[];
}

export const numberOf = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const posInt = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
export const stringsOf = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? [...(v as string[])] : undefined);

/** The first number a rule wrote into a finding text (`expected`), when `re` matches it. */
export function numberIn(text: string | undefined, re: RegExp): number | undefined {
  const m = text === undefined ? null : re.exec(text);
  return m?.[1] === undefined ? undefined : numberOf(Number(m[1].replace(/,/g, "")));
}

/** UpdateShardCount targets from `from` to `to`: the finding's own when they are a valid sequence, else computed. */
function validSteps(from: number, to: number, given: unknown): number[] {
  const steps = Array.isArray(given) && given.every((s) => posInt(s) !== undefined) ? (given as number[]) : undefined;
  if (steps && steps.length > 0 && steps[steps.length - 1] === to) {
    let cur = from;
    const ok = steps.every((s) => {
      const fine = s !== cur && s <= cur * 2 && s >= Math.ceil(cur / 2);
      cur = s;
      return fine;
    });
    if (ok) return [...steps];
  }
  return updateShardCountSteps(from, to);
}

export function shardChange(from: number, to: number, givenSteps?: unknown, peakPercent?: number, projectedPeakPercent?: number): ShardChange {
  const targets = validSteps(from, to, givenSteps);
  let prev = from;
  const steps = targets.map((t, i) => {
    const s = { n: i + 1, from: prev, to: t };
    prev = t;
    return s;
  });
  const projected = projectedPeakPercent ?? (peakPercent === undefined ? undefined : (peakPercent * from) / to);
  return {
    from,
    to,
    direction: to > from ? "up" : "down",
    steps,
    multiStep: steps.length > 1,
    mibPerSecondBefore: (from * SHARD_BYTES_PER_SECOND) / 1_048_576,
    mibPerSecondAfter: (to * SHARD_BYTES_PER_SECOND) / 1_048_576,
    recordsPerSecondBefore: from * SHARD_RECORDS_PER_SECOND,
    recordsPerSecondAfter: to * SHARD_RECORDS_PER_SECOND,
    ...(peakPercent === undefined ? {} : { peakPercent }),
    ...(projected === undefined ? {} : { projectedPeakPercent: projected }),
  };
}

/** The shard change a capacity finding recommends (currentShards -> recommendedShards). */
export function capacityChange(f: Finding, stream: StreamConfig): ShardChange | undefined {
  const d = f.data ?? {};
  const from = posInt(d.currentShards) ?? posInt(stream.shardCount);
  const to = posInt(d.recommendedShards);
  if (from === undefined || to === undefined || from === to) return undefined;
  return shardChange(from, to, d.updateShardCountSteps, numberOf(d.peakUtilizationPercent), numberOf(d.projectedPeakUtilizationPercent));
}

/** A stub alarm: the name kds-alarms / kdf-alarms stubs use for the same metric, so either stub finds the other's alarm. */
export function stubAlarm(
  r: Pick<AlarmRecommendation, "resourceName" | "resourceType" | "region" | "namespace" | "metricName" | "dimensions">,
  spec: AlarmSpec,
): StubAlarm {
  return {
    ...r,
    ...spec,
    alarmName: `${r.resourceName.replace("/", "-")}-${r.metricName.replace(/[^A-Za-z0-9]+/g, "-")}`.toLowerCase(),
    dimensionList: Object.entries(r.dimensions).map(([n, v]) => ({ name: n, value: v })),
  };
}

/** The stub alarms for the recommendations of one resource type (and the resource's own name). */
export function stubAlarmsFor(recs: readonly AlarmRecommendation[], types: readonly AlarmRecommendation["resourceType"][]): StubAlarm[] {
  return recs.filter((r) => types.includes(r.resourceType)).map((r) => stubAlarm(r, r));
}
