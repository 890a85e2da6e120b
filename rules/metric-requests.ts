/**
 * What the metric rules need from CloudWatch, as a list of requests. The collector's planner packs
 * these into GetMetricData calls; the metric rules read the answers back by the same ids.
 * Metric names and dimensions: https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html
 * and https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
import { DESTINATION_METRIC_PREFIX, UNKNOWN, type ConsumerConfig, type DeliveryStreamConfig, type DestinationType, type Maybe, type StreamConfig } from "./model";

export type MetricStat = "Sum" | "Maximum" | "Average" | "SampleCount" | "Minimum";
export type Namespace = "AWS/Kinesis" | "AWS/Firehose";

/** An analysis window, aligned to whole hours. */
export interface MetricWindow {
  /** Epoch seconds, inclusive. */
  readonly start: number;
  /** Epoch seconds, exclusive. */
  readonly end: number;
}

/** A period of this value means "one datapoint for the whole window" (max or sum over the window). */
export const WINDOW_PERIOD = "window" as const;
export const HOURLY = 3600;

export interface MetricRequest {
  /** Unique key: region|namespace|metricName|dim=value,...|stat|period. */
  readonly id: string;
  readonly region: string;
  readonly namespace: Namespace;
  readonly metricName: string;
  /** Dimension name -> value. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: MetricStat;
  /** Seconds, or WINDOW_PERIOD for one datapoint over the whole window. */
  readonly period: number | typeof WINDOW_PERIOD;
  /**
   * "max-minute-per-hour": fetch 1-minute `stat` datapoints and keep, per hour, only the busiest
   * minute (the series then has hourly timestamps and `period` HOURLY). Hourly sums hide the
   * minute-level bursts that throttle producers; CloudWatch keeps 1-minute data 15 days
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric),
   * so a 7-day window fits.
   */
  readonly reduce?: typeof MAX_MINUTE_PER_HOUR;
}

export const MAX_MINUTE_PER_HOUR = "max-minute-per-hour" as const;

export interface MetricSeries extends MetricRequest {
  /** Datapoint start times, epoch seconds, ascending. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  /** "no-data": CloudWatch returned no datapoints (never read as zero). "error": could not be collected. */
  readonly status: "ok" | "no-data" | "error";
  readonly error?: string;
}

/** Period in seconds of a request's series over a window (hourly for a minute-peak series). */
export function periodSeconds(req: Pick<MetricRequest, "period">, window: MetricWindow): number {
  return req.period === WINDOW_PERIOD ? window.end - window.start : req.period;
}

/** CloudWatch's finest period for AWS/Kinesis and AWS/Firehose (standard-resolution metrics). */
export const MINUTE = 60;

/**
 * The Period CloudWatch is asked for: 60 s for a minute-peak request (reduced to hours by the
 * collector), else the series' own period.
 */
export function queryPeriodSeconds(req: Pick<MetricRequest, "period" | "reduce">, window: MetricWindow): number {
  return req.reduce === MAX_MINUTE_PER_HOUR ? MINUTE : periodSeconds(req, window);
}

/** Number of datapoints CloudWatch can return for a request over a window (10,080 for 7 days of minutes). */
export function datapointsFor(req: Pick<MetricRequest, "period" | "reduce">, window: MetricWindow): number {
  return Math.ceil((window.end - window.start) / queryPeriodSeconds(req, window));
}

/**
 * CloudWatch keeps 1-minute datapoints 15 days, and a GetMetricData query at Period 60 whose
 * StartTime is older than that returns no datapoints for it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html,
 * "Start time between 3 hours and 15 days ago - Use a multiple of 60 seconds").
 * The window ends at the collection time floored to the hour, so its start is up to an hour older
 * than `days` ago: 14 days is the longest window whose start is always inside the 15 days.
 */
export const MINUTE_DATA_RETENTION_DAYS = 15;
export const MINUTE_PEAK_MAX_WINDOW_DAYS = MINUTE_DATA_RETENTION_DAYS - 1;

/** Whether minute peaks can be collected over a window of `days` (else peaks fall back to hourly averages). */
export function minutePeaksAvailable(days: number): boolean {
  return days <= MINUTE_PEAK_MAX_WINDOW_DAYS;
}

function request(
  region: string,
  namespace: Namespace,
  metricName: string,
  dimensions: Record<string, string>,
  stat: MetricStat,
  period: number | typeof WINDOW_PERIOD,
  reduce?: typeof MAX_MINUTE_PER_HOUR,
): MetricRequest {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k]}`)
    .join(",");
  const id = `${region}|${namespace}|${metricName}|${dims}|${stat}|${period}${reduce ? `|${reduce}` : ""}`;
  return { id, region, namespace, metricName, dimensions, stat, period, ...(reduce ? { reduce } : {}) };
}

/** Ids of the series each metric rule reads. Every function returns the same request the planner asked for. */
export const metric = {
  /** Hourly bytes written (utilization, steadiness, throughput). */
  streamIncomingBytes: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "IncomingBytes", { StreamName: stream }, "Sum", HOURLY),
  /** Hourly records written (utilization, traffic filter). */
  streamIncomingRecords: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "IncomingRecords", { StreamName: stream }, "Sum", HOURLY),
  /** Per hour, the busiest minute's bytes written (1-minute Sums reduced to each hour's maximum). */
  streamIncomingBytesPeakMinute: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "IncomingBytes", { StreamName: stream }, "Sum", HOURLY, MAX_MINUTE_PER_HOUR),
  /** Per hour, the busiest minute's records written. */
  streamIncomingRecordsPeakMinute: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "IncomingRecords", { StreamName: stream }, "Sum", HOURLY, MAX_MINUTE_PER_HOUR),
  /**
   * Hourly bytes and records read through GetRecords (shared-throughput consumers, Firehose with a
   * Kinesis source): on-demand data-out, billed per record rounded up to 1 KiB. Requested for
   * ON_DEMAND streams only (provisioned GetRecords reads are not billed).
   */
  streamGetRecordsBytes: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "GetRecords.Bytes", { StreamName: stream }, "Sum", HOURLY),
  streamGetRecordsRecords: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "GetRecords.Records", { StreamName: stream }, "Sum", HOURLY),
  /** Throttled writes over the window. */
  streamWriteThrottled: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "WriteProvisionedThroughputExceeded", { StreamName: stream }, "Sum", WINDOW_PERIOD),
  /**
   * Worst iterator age per hour: the maximum of the hourly Maximums is the window's (kds-iterator-age),
   * and the hours are the dashboard's trend. One series instead of a window value plus an hourly one.
   */
  streamIteratorAgeMax: (region: string, stream: string) =>
    request(region, "AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", { StreamName: stream }, "Maximum", HOURLY),
  /** Hourly bytes per shard (enhanced monitoring only): hot shards, heatmap. */
  shardIncomingBytes: (region: string, stream: string, shardId: string) =>
    request(region, "AWS/Kinesis", "IncomingBytes", { StreamName: stream, ShardId: shardId }, "Sum", HOURLY),
  shardIncomingRecords: (region: string, stream: string, shardId: string) =>
    request(region, "AWS/Kinesis", "IncomingRecords", { StreamName: stream, ShardId: shardId }, "Sum", HOURLY),
  /** Worst MillisBehindLatest of an enhanced fan-out consumer per hour (their maximum is the window's: kds-consumer-lag). */
  consumerLagMax: (region: string, stream: string, consumer: string) =>
    request(region, "AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: stream, ConsumerName: consumer }, "Maximum", HOURLY),
  /** Average lag over the window: an average of hourly Averages would weigh quiet hours like busy ones, so it stays one value. */
  consumerLagAvg: (region: string, stream: string, consumer: string) =>
    request(region, "AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: stream, ConsumerName: consumer }, "Average", WINDOW_PERIOD),
  /**
   * Hourly records in (DirectPut: IncomingRecords; Kinesis source: DataReadFromKinesisStream.Records):
   * hourly so the traffic filter can tell the hours with data (a rate over those, not the window).
   */
  firehoseRecords: (region: string, ds: string, kinesisSource: boolean) =>
    request(region, "AWS/Firehose", kinesisSource ? "DataReadFromKinesisStream.Records" : "IncomingRecords", { DeliveryStreamName: ds }, "Sum", HOURLY),
  /** Firehose bytes in over the window. */
  firehoseBytes: (region: string, ds: string, kinesisSource: boolean) =>
    request(region, "AWS/Firehose", kinesisSource ? "DataReadFromKinesisStream.Bytes" : "IncomingBytes", { DeliveryStreamName: ds }, "Sum", WINDOW_PERIOD),
  /** Hourly bytes in (same metric as firehoseBytes): how often the buffering hints flush, hour by hour. */
  firehoseBytesHourly: (region: string, ds: string, kinesisSource: boolean) =>
    request(region, "AWS/Firehose", kinesisSource ? "DataReadFromKinesisStream.Bytes" : "IncomingBytes", { DeliveryStreamName: ds }, "Sum", HOURLY),
  /**
   * DeliveryTo<Dest>.Success per hour: "the sum of successful ... over the sum of all ..." attempts
   * (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html), one
   * 0/1 sample per attempt, so an hour's Sum / SampleCount is its success rate. Sum and SampleCount
   * rather than Average: the window's rate is the sums' ratio (kdf-delivery-failures), which hourly
   * Averages cannot give (each hour would weigh the same, however many attempts it had).
   */
  firehoseSuccessSum: (region: string, ds: string, metricPrefix: string) =>
    request(region, "AWS/Firehose", `${metricPrefix}.Success`, { DeliveryStreamName: ds }, "Sum", HOURLY),
  firehoseSuccessCount: (region: string, ds: string, metricPrefix: string) =>
    request(region, "AWS/Firehose", `${metricPrefix}.Success`, { DeliveryStreamName: ds }, "SampleCount", HOURLY),
  /**
   * DeliveryTo<Dest>.DataFreshness per hour, Maximum: "the age ... of the oldest record in Firehose"
   * (seconds; same page). Read by the dashboard only (no rule judges it): its trend chart. A
   * destination that does not publish it answers "no data", which is not missing data.
   */
  firehoseDataFreshnessMax: (region: string, ds: string, metricPrefix: string) =>
    request(region, "AWS/Firehose", `${metricPrefix}.DataFreshness`, { DeliveryStreamName: ds }, "Maximum", HOURLY),
};

/** Live resources, as the collector knows them (names, regions and ARNs are always known live). */
export interface MetricSubjects {
  readonly streams: readonly StreamConfig[];
  readonly consumers: readonly ConsumerConfig[];
  readonly deliveryStreams: readonly DeliveryStreamConfig[];
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export interface MetricNeedsOptions {
  /**
   * Also ask for the minute-peak series of provisioned streams (default false). The collector
   * asks for them when the window fits CloudWatch's 1-minute retention (minutePeaksAvailable).
   * They are optional data: without them (older snapshots, windows past 14 days) the capacity
   * rules fall back to hourly averages, so a resource is not "missing data" for lack of them.
   */
  readonly minutePeaks?: boolean;
}

/** What metricNeeds reads of a delivery stream. */
export type DeliveryStreamMetricSubject = Pick<DeliveryStreamConfig, "region" | "name" | "source" | "buffering" | "destination">;

/**
 * The requests one delivery stream needs: records and bytes (hourly where hours matter), its
 * destination's success rate and data freshness per hour (the dashboard's delivery trends; the rate
 * over the window is kdf-delivery-failures').
 */
export function deliveryStreamNeeds(d: DeliveryStreamMetricSubject): MetricRequest[] {
  const region = str(d.region);
  const name = str(d.name);
  const fromKinesis = d.source.type === "KinesisStreamAsSource";
  const out = [metric.firehoseRecords(region, name, fromKinesis), metric.firehoseBytes(region, name, fromKinesis)];
  if (d.buffering !== undefined) out.push(metric.firehoseBytesHourly(region, name, fromKinesis));
  const dest = typeof d.destination === "string" ? d.destination : undefined;
  if (dest) {
    const prefix = DESTINATION_METRIC_PREFIX[dest];
    out.push(metric.firehoseSuccessSum(region, name, prefix), metric.firehoseSuccessCount(region, name, prefix), metric.firehoseDataFreshnessMax(region, name, prefix));
  }
  return out;
}

/** The size of a query: its series' period and reduction (with a window, datapointsFor gives its datapoints). */
export type QueryShape = Pick<MetricRequest, "period" | "reduce">;

/**
 * The most queries of each shape that one delivery stream can need, before it is described (the
 * collector keeps this much room free in the streams' GetMetricData calls while the delivery
 * streams are described: collect/region.ts). Derived from deliveryStreamNeeds itself over every
 * kind of delivery stream (each destination or none, each source, with and without buffering), so
 * a series added there is counted here too.
 */
export function deliveryStreamQueryBound(): readonly { readonly shape: QueryShape; readonly count: number }[] {
  const destinations: Maybe<DestinationType>[] = [...(Object.keys(DESTINATION_METRIC_PREFIX) as DestinationType[]), UNKNOWN];
  const sources: DeliveryStreamMetricSubject["source"][] = [{ type: "DirectPut" }, { type: "KinesisStreamAsSource", streamArn: undefined }, { type: "MSKAsSource" }];
  const most = new Map<string, { shape: QueryShape; count: number }>();
  for (const destination of destinations) {
    for (const source of sources) {
      for (const buffering of [{ sizeMb: 5, intervalSeconds: 300 }, undefined]) {
        const counts = new Map<string, { shape: QueryShape; count: number }>();
        for (const r of deliveryStreamNeeds({ region: "r", name: "d", source, buffering, destination })) {
          const key = `${r.period}|${r.reduce ?? ""}`;
          const c = counts.get(key) ?? { shape: { period: r.period, ...(r.reduce ? { reduce: r.reduce } : {}) }, count: 0 };
          c.count++;
          counts.set(key, c);
        }
        for (const [key, c] of counts) if ((most.get(key)?.count ?? 0) < c.count) most.set(key, c);
      }
    }
  }
  return [...most.values()];
}

/**
 * Every metric request the rules need for these (already filtered) resources. Shard-level series
 * only for streams whose enhanced monitoring covers the metric; consumer series per consumer;
 * minute peaks (with `minutePeaks`) only for provisioned streams: an on-demand stream has no
 * shard count to size.
 */
export function metricNeeds(subjects: MetricSubjects, options: MetricNeedsOptions = {}): MetricRequest[] {
  const out: MetricRequest[] = [];
  const streamNameByArn = new Map<string, string>();
  for (const s of subjects.streams) {
    const region = str(s.region);
    const name = str(s.name);
    streamNameByArn.set(str(s.arn), name);
    out.push(
      metric.streamIncomingBytes(region, name),
      metric.streamIncomingRecords(region, name),
      metric.streamWriteThrottled(region, name),
      metric.streamIteratorAgeMax(region, name),
    );
    if (s.mode === "ON_DEMAND") out.push(metric.streamGetRecordsBytes(region, name), metric.streamGetRecordsRecords(region, name));
    if (options.minutePeaks && s.mode === "PROVISIONED") {
      out.push(metric.streamIncomingBytesPeakMinute(region, name), metric.streamIncomingRecordsPeakMinute(region, name));
    }
    const shardMetrics = Array.isArray(s.shardLevelMetrics) ? (s.shardLevelMetrics as readonly string[]) : [];
    for (const shard of s.shards ?? []) {
      if (shard.closed) continue;
      if (shardMetrics.includes("IncomingBytes")) out.push(metric.shardIncomingBytes(region, name, shard.shardId));
      if (shardMetrics.includes("IncomingRecords")) out.push(metric.shardIncomingRecords(region, name, shard.shardId));
    }
  }
  for (const c of subjects.consumers) {
    const stream = streamNameByArn.get(str(c.streamArn));
    if (stream === undefined) continue; // consumer of a skipped stream
    const region = str(c.streamArn).split(":")[3] ?? "";
    out.push(metric.consumerLagMax(region, stream, str(c.name)), metric.consumerLagAvg(region, stream, str(c.name)));
  }
  for (const d of subjects.deliveryStreams) out.push(...deliveryStreamNeeds(d));
  return out;
}
