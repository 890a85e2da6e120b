/**
 * Collects one region: listings in parallel (streams, delivery streams, tags, alarms), the
 * filters, then describes of what is kept, VPC endpoints where needed, and the metrics the rules
 * need, packed into the fewest GetMetricData calls: the streams' calls go as soon as the streams
 * are described (while the delivery streams are), the calls holding the delivery streams' series
 * last.
 */
import { GetMetricDataCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmConfig, ConsumerConfig, DeliveryStreamConfig, StreamConfig, VpcEndpointConfig } from "../../rules/model";
import { datapointsFor, deliveryStreamQueryBound, metricNeeds, MINUTE_DATA_RETENTION_DAYS, MINUTE_PEAK_MAX_WINDOW_DAYS, minutePeaksAvailable, type MetricSeries, type MetricSubjects, type MetricWindow } from "../../rules/metric-requests";
import type { SkippedResource } from "../snapshot";
import { adaptAlarm, adaptConsumer, adaptDeliveryStream, adaptStream, adaptVpcEndpoint, shardLevelMetrics } from "../../adapters/aws";
import type { RegionContext } from "./context";
import { describeError, isNotFound } from "./errors";
import { excludedPrefix, excludingTag, skippedByPrefix, skippedByTag, type FilterSettings } from "./filters";
import { describeAlarms } from "./inventory/alarms";
import { describeDeliveryStream, listDeliveryStreams, listTagsForDeliveryStream } from "./inventory/firehose";
import { describeStreamSummary, listShards, listStreamConsumers, listStreams, listTagsForStream, type ListedStream } from "./inventory/kinesis";
import { getResourceTags, tagKey, type TaggedKind } from "./inventory/tags";
import { describeVpcEndpoints } from "./inventory/vpc-endpoints";
import { failedSeries, fetchMetricCall, METRIC_CALLS_IN_FLIGHT, metricResource } from "./metrics";
import { mapInFlight } from "./in-flight";
import { fillReserved, GMD_MAX_DATAPOINTS, planMetricCalls, type MetricCall, type ReservedSlot } from "./planner";
import { GMD_DATAPOINTS } from "./quotas";

export interface RegionResult {
  readonly streams: StreamConfig[];
  readonly consumers: ConsumerConfig[];
  readonly deliveryStreams: DeliveryStreamConfig[];
  readonly alarms: AlarmConfig[];
  readonly vpcEndpoints: VpcEndpointConfig[];
  readonly metrics: MetricSeries[];
  readonly skipped: SkippedResource[];
  /** Every stream listed (before filters) with its tags when known: DR replica candidates. */
  readonly listedStreams: { name: string; arn?: string; tags: Record<string, string> }[];
}

/** Run `work`; on failure record a CollectionError and return `fallback`. */
async function guarded<T>(ctx: RegionContext, api: string, resource: string | undefined, work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    ctx.errors.push({ api, region: ctx.region, ...(resource ? { resource } : {}), message: describeError(e) });
    return fallback;
  } finally {
    ctx.progress.done();
  }
}

/** Shard ids and hash ranges are needed where shard-level traffic series are (hot shards, heatmap, split/merge plan). */
export function needsShards(metrics: readonly string[]): boolean {
  return metrics.includes("IncomingBytes") || metrics.includes("IncomingRecords");
}

/**
 * Tags of the given resources: the tagging API's index when it answered, else one ListTagsFor*
 * call per resource (noted, not an error, unless those fail too). A resource whose tag call
 * answers ResourceNotFoundException was deleted meanwhile: `onDeleted`, and it is left out.
 */
async function tagsOf(
  ctx: RegionContext,
  index: Map<string, Record<string, string>> | undefined,
  kind: TaggedKind,
  names: readonly string[],
  onDeleted: (name: string, api: string) => void,
): Promise<Map<string, Record<string, string> | undefined>> {
  const out = new Map<string, Record<string, string> | undefined>();
  if (index) {
    for (const n of names) out.set(n, index.get(tagKey(kind, n)) ?? {});
    return out;
  }
  ctx.progress.addWork(names.length);
  await Promise.all(
    names.map(async (n) => {
      const api = kind === "stream" ? "Kinesis.ListTagsForStream" : "Firehose.ListTagsForDeliveryStream";
      const gone = await ofResource(ctx, api, `${kind}/${n}`, async () => out.set(n, await (kind === "stream" ? listTagsForStream(ctx, n) : listTagsForDeliveryStream(ctx, n))));
      if (gone) onDeleted(n, api);
      else if (!out.has(n)) out.set(n, undefined);
    }),
  );
  return out;
}

/**
 * Run a call about one resource. A ResourceNotFoundException means the resource was deleted during
 * the audit (whichever call found out): returns true, records nothing. Any other failure is
 * recorded against the resource (its report lists the gap: analyze/missing-data.ts callGaps).
 */
async function ofResource(ctx: RegionContext, api: string, resource: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return false;
  } catch (e) {
    if (isNotFound(e)) return true;
    ctx.errors.push({ api, region: ctx.region, resource, message: describeError(e) });
    return false;
  } finally {
    ctx.progress.done();
  }
}

export async function collectRegion(ctx: RegionContext, filters: FilterSettings, window: MetricWindow): Promise<RegionResult> {
  const { region } = ctx;
  const skipped: SkippedResource[] = [];
  ctx.progress.phase(`${region}: listing streams, delivery streams, tags and alarms`);
  ctx.progress.addWork(4);
  const [listed, listedDs, tagIndex, rawAlarms] = await Promise.all([
    guarded(ctx, "Kinesis.ListStreams", undefined, () => listStreams(ctx), [] as ListedStream[]),
    guarded(ctx, "Firehose.ListDeliveryStreams", undefined, () => listDeliveryStreams(ctx), [] as string[]),
    (async () => {
      try {
        return await getResourceTags(ctx, ["stream", "deliveryStream"]);
      } catch (e) {
        ctx.notes.push(`${region}: the Resource Groups Tagging API failed (${describeError(e)}); fell back to ListTagsForStream / ListTagsForDeliveryStream per resource`);
        return undefined;
      } finally {
        ctx.progress.done();
      }
    })(),
    guarded(ctx, "CloudWatch.DescribeAlarms", undefined, () => describeAlarms(ctx), [] as MetricAlarm[]),
  ]);

  // Name prefixes: no describe, no tags, no metrics for these.
  const keptStreams: ListedStream[] = [];
  for (const s of listed) {
    const prefix = excludedPrefix(s.name, filters);
    if (prefix) skipped.push(skippedByPrefix("stream", s.name, region, prefix, s.arn));
    else keptStreams.push(s);
  }
  const keptDs: string[] = [];
  for (const n of listedDs) {
    const prefix = excludedPrefix(n, filters);
    if (prefix) skipped.push(skippedByPrefix("deliveryStream", n, region, prefix));
    else keptDs.push(n);
  }

  const deleted = (kind: SkippedResource["kind"], name: string, api: string, arn?: string) => {
    skipped.push({ kind, name, region, ...(arn ? { arn } : {}), reason: `deleted during the audit (${api.replace(/^\w+\./, "")} answered ResourceNotFoundException)`, filter: "deleted" });
    ctx.notes.push(`${region}: ${kind} ${name} was listed but no longer exists (deleted during the audit)`);
  };
  const gone = new Set<string>();
  const [streamTags, dsTags] = await Promise.all([
    tagsOf(ctx, tagIndex, "stream", keptStreams.map((s) => s.name), (n, api) => {
      gone.add(`stream/${n}`);
      deleted("stream", n, api, keptStreams.find((s) => s.name === n)?.arn);
    }),
    tagsOf(ctx, tagIndex, "deliveryStream", keptDs, (n, api) => {
      gone.add(`deliveryStream/${n}`);
      deleted("deliveryStream", n, api);
    }),
  ]);

  // Exclusion tag: still no describe and no metrics. A resource whose tags could not be read is
  // kept (with an error already recorded): skipping it silently would hide it.
  const toDescribe = keptStreams.filter((s) => {
    if (gone.has(`stream/${s.name}`)) return false;
    const tag = excludingTag(streamTags.get(s.name) ?? {}, filters);
    if (tag) skipped.push(skippedByTag("stream", s.name, region, tag, s.arn));
    return !tag;
  });
  const dsToDescribe = keptDs.filter((n) => {
    if (gone.has(`deliveryStream/${n}`)) return false;
    const tag = excludingTag(dsTags.get(n) ?? {}, filters);
    if (tag) skipped.push(skippedByTag("deliveryStream", n, region, tag));
    return !tag;
  });

  ctx.progress.phase(`${region}: describing ${toDescribe.length} streams and ${dsToDescribe.length} delivery streams`);
  ctx.progress.addWork(toDescribe.length + dsToDescribe.length);
  const streams: StreamConfig[] = [];
  const consumers: ConsumerConfig[] = [];
  const deliveryStreams: DeliveryStreamConfig[] = [];

  const streamsDescribed = Promise.all(
    toDescribe.map(async (s) => {
      let summary;
      try {
        summary = await describeStreamSummary(ctx, s.name);
      } catch (e) {
        if (isNotFound(e)) deleted("stream", s.name, "Kinesis.DescribeStreamSummary", s.arn);
        else ctx.errors.push({ api: "Kinesis.DescribeStreamSummary", region, resource: `stream/${s.name}`, message: describeError(e) });
        return;
      } finally {
        ctx.progress.done();
      }
      const arn = summary?.StreamARN ?? s.arn;
      const wantShards = needsShards(shardLevelMetrics(summary));
      const consumerCount = summary?.ConsumerCount;
      // ConsumerCount is always returned by AWS; when an endpoint omits it, look rather than assume none.
      const wantConsumers = arn !== undefined && (consumerCount === undefined || consumerCount > 0);
      ctx.progress.addWork((wantShards ? 1 : 0) + (wantConsumers ? 1 : 0));
      // A failure is recorded against the stream (its gap, and the rules it blocks, are named in the
      // report); a ResourceNotFoundException means the stream was deleted since it was described.
      let shards: Awaited<ReturnType<typeof listShards>> | undefined;
      let streamConsumers: Awaited<ReturnType<typeof listStreamConsumers>> = [];
      const resource = `stream/${s.name}`;
      const [shardsGone, consumersGone] = await Promise.all([
        wantShards && ofResource(ctx, "Kinesis.ListShards", resource, async () => (shards = await listShards(ctx, s.name))),
        wantConsumers && ofResource(ctx, "Kinesis.ListStreamConsumers", resource, async () => (streamConsumers = await listStreamConsumers(ctx, arn!, s.name))),
      ]);
      if (shardsGone || consumersGone) {
        deleted("stream", s.name, shardsGone ? "Kinesis.ListShards" : "Kinesis.ListStreamConsumers", arn);
        return;
      }
      const tags = streamTags.get(s.name) ?? {};
      streams.push(adaptStream(summary, { region, listedName: s.name, ...(s.arn ? { listedArn: s.arn } : {}), tags, ...(shards ? { shards } : {}) }));
      for (const c of streamConsumers) {
        const adapted = adaptConsumer(c, arn);
        if (adapted) consumers.push(adapted);
      }
    }),
  );
  const dsDescribed = Promise.all(
    dsToDescribe.map(async (n) => {
      let desc;
      try {
        desc = await describeDeliveryStream(ctx, n);
      } catch (e) {
        if (isNotFound(e)) deleted("deliveryStream", n, "Firehose.DescribeDeliveryStream");
        else ctx.errors.push({ api: "Firehose.DescribeDeliveryStream", region, resource: `deliveryStream/${n}`, message: describeError(e) });
        return;
      } finally {
        ctx.progress.done();
      }
      deliveryStreams.push(adaptDeliveryStream(desc, { region, listedName: n, tags: dsTags.get(n) ?? {} }));
    }),
  );
  // The streams' metrics start as soon as the streams are described, while the delivery streams
  // (Firehose's 5 TPS describe quota, the audit's slowest API) are still being described.
  const streamMetrics = streamsDescribed.then(() => startStreamMetrics(ctx, { streams, consumers }, window, dsToDescribe.length));
  streamMetrics.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled meanwhile
  await Promise.all([streamsDescribed, dsDescribed]);

  const alarms = rawAlarms.map((a) => adaptAlarm(a, region)).filter((a): a is AlarmConfig => a !== undefined);

  // VPC endpoints only when some delivery stream delivers into a VPC.
  const vpcIds = [...new Set(deliveryStreams.map((d) => d.vpc?.vpcId).filter((v): v is string => typeof v === "string" && v !== ""))];
  let vpcEndpoints: VpcEndpointConfig[] = [];
  if (vpcIds.length > 0) {
    ctx.progress.addWork(1);
    const raw = await guarded(ctx, "EC2.DescribeVpcEndpoints", undefined, () => describeVpcEndpoints(ctx, vpcIds), []);
    vpcEndpoints = raw.map((e) => adaptVpcEndpoint(e, region)).filter((e): e is VpcEndpointConfig => e !== undefined);
  }

  const metrics = await finishMetrics(ctx, await streamMetrics, deliveryStreams, window);
  const listedStreams = listed.map((s) => ({ name: s.name, ...(s.arn ? { arn: s.arn } : {}), tags: streamTags.get(s.name) ?? tagIndex?.get(tagKey("stream", s.name)) ?? {} }));
  return { streams, consumers, deliveryStreams, alarms, vpcEndpoints, metrics, skipped, listedStreams };
}

/** The streams' metric calls: those sent already, and those waiting for the delivery streams' requests. */
interface StartedMetrics {
  readonly early: Promise<MetricSeries[]>;
  readonly late: readonly MetricCall[];
}

/**
 * Plan every stream and consumer series, keeping room for the delivery streams' series (the most
 * one delivery stream can need, by size: deliveryStreamQueryBound) in as few calls as possible, and
 * send the other calls now. The total stays the minimum for all the requests (planner.ts): the
 * delivery streams' requests fill reserved slots of calls planned with everything else.
 */
function startStreamMetrics(ctx: RegionContext, subjects: Pick<MetricSubjects, "streams" | "consumers">, window: MetricWindow, deliveryStreams: number): StartedMetrics {
  const days = Math.round((window.end - window.start) / 86_400);
  const minutePeaks = minutePeaksAvailable(days);
  if (!minutePeaks && subjects.streams.some((s) => s.mode === "PROVISIONED")) {
    ctx.notes.push(
      `${ctx.region}: peaks of provisioned streams are hourly averages, not busiest minutes: CloudWatch keeps 1-minute data ${MINUTE_DATA_RETENTION_DAYS} days and the window is ${days} days (a window of ${MINUTE_PEAK_MAX_WINDOW_DAYS} days or less gets minute peaks)`,
    );
  }
  const needs = metricNeeds({ ...subjects, deliveryStreams: [] }, { minutePeaks }).filter((r) => r.region === ctx.region);
  const calls = planMetricCalls(needs, window, { [ctx.region]: deliveryStreamSlots(deliveryStreams, window) });
  const early = calls.filter((c) => !c.reserved);
  ctx.progress.phase(`${ctx.region}: fetching ${needs.length} stream metric series in ${early.length} GetMetricData calls`);
  ctx.progress.addWork(calls.length);
  return { early: fetchCalls(ctx, early, window), late: calls.filter((c) => c.reserved) };
}

/** Slots for `n` delivery streams' series, per size over this window. */
export function deliveryStreamSlots(n: number, window: MetricWindow): ReservedSlot[] {
  const bySize = new Map<number, number>();
  for (const { shape, count } of deliveryStreamQueryBound()) {
    const size = Math.min(datapointsFor(shape, window), GMD_MAX_DATAPOINTS);
    bySize.set(size, (bySize.get(size) ?? 0) + count * n);
  }
  return [...bySize].map(([datapoints, count]) => ({ datapoints, count })).sort((a, b) => b.datapoints - a.datapoints);
}

/** The delivery streams' series into the reserved slots, then the last calls; all series of the region. */
async function finishMetrics(ctx: RegionContext, started: StartedMetrics, deliveryStreams: readonly DeliveryStreamConfig[], window: MetricWindow): Promise<MetricSeries[]> {
  const needs = metricNeeds({ streams: [], consumers: [], deliveryStreams }).filter((r) => r.region === ctx.region);
  const calls = fillReserved(started.late, needs, window);
  ctx.progress.addWork(calls.length - started.late.length); // calls left empty, or calls for what did not fit
  // One batch at a time: the in-flight bound is what keeps memory flat (collect/in-flight.ts).
  const early = await started.early;
  ctx.progress.phase(`${ctx.region}: fetching ${needs.length} delivery stream metric series in ${calls.length} GetMetricData calls`);
  return [...early, ...(await fetchCalls(ctx, calls, window))];
}

async function fetchCalls(ctx: RegionContext, calls: readonly MetricCall[], window: MetricWindow): Promise<MetricSeries[]> {
  // METRIC_CALLS_IN_FLIGHT at a time, not all of them: the quota is not the bound, memory is (collect/metrics.ts).
  const results = await mapInFlight(calls, METRIC_CALLS_IN_FLIGHT, async (c) => {
    try {
      return await fetchMetricCall(c, window, async (input) => {
        // Each page is charged the call's datapoints against the datapoints-per-second quota (a
        // later page holds fewer: charging the whole call again only errs on the slow side).
        await ctx.scheduler.spend(GMD_DATAPOINTS, ctx.region, Math.min(c.datapoints, GMD_MAX_DATAPOINTS));
        // Through a monitoring account (issue 16), each query names the audited account.
        const m = ctx.clients.metrics;
        const send = (abortSignal: AbortSignal) =>
          m
            ? m.client.send(new GetMetricDataCommand({ ...input, MetricDataQueries: (input.MetricDataQueries ?? []).map((q) => ({ ...q, AccountId: m.accountId })) }), { abortSignal })
            : ctx.clients.cloudwatch.send(new GetMetricDataCommand(input), { abortSignal });
        return ctx.scheduler.run("CloudWatch.GetMetricData", ctx.region, send);
      });
    } catch (e) {
      const message = describeError(e);
      const series = failedSeries(c, message);
      for (const resource of [...new Set(series.map(metricResource))].sort()) {
        ctx.errors.push({ api: "CloudWatch.GetMetricData", region: ctx.region, resource, message });
      }
      return series;
    } finally {
      ctx.progress.done();
    }
  });
  const all = results.flat();
  for (const s of all) {
    if (s.status === "error" && s.error?.startsWith("CloudWatch answered")) {
      ctx.errors.push({ api: "CloudWatch.GetMetricData", region: ctx.region, resource: `${metricResource(s)} ${s.metricName} ${s.stat}`, message: s.error });
    }
  }
  return all;
}
