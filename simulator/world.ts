/**
 * The simulated account: a scenario expanded into resources with ARNs, shards with hash ranges and
 * every CloudWatch series they report, indexed per region. Built once at start; read-only after.
 */
import { FIREHOSE_DELIVERY_METRIC_PREFIX } from "./aws-tables";
import { hashString, uniform } from "./prng";
import { generatorLevel, scaled, signal } from "./metrics/generators";
import { seriesKey, type LevelFn, type MinuteBurst, type SeriesDef, type SeriesKind } from "./metrics/series";
import {
  ALL_SHARD_METRICS,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_CREATED_AT,
  type AlarmSpec,
  type DeliveryStreamSpec,
  type DestinationKind,
  type Scenario,
  type ShardSpec,
  type StreamSpec,
  type VpcEndpointSpec,
} from "./scenario";

export interface SimShard {
  readonly shardId: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  readonly closed: boolean;
  readonly startingSequenceNumber: string;
  readonly endingSequenceNumber?: string;
  /** Share of the stream's writes (0 for closed shards; open shards sum to 1). */
  readonly share: number;
}

export interface SimConsumer {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
  readonly createdAt: number;
  readonly streamArn: string;
}

export interface SimStream {
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly spec: StreamSpec;
  readonly mode: "PROVISIONED" | "ON_DEMAND";
  readonly status: string;
  readonly shards: readonly SimShard[];
  readonly openShardCount: number;
  readonly retentionHours: number;
  readonly encryptionType: "NONE" | "KMS";
  readonly keyId?: string;
  readonly enhancedMetrics: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly consumers: readonly SimConsumer[];
  /** Epoch seconds. */
  readonly createdAt: number;
}

export interface SimDeliveryStream {
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly spec: DeliveryStreamSpec;
  readonly sourceStream?: SimStream;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly status: string;
  /** DeliveryTo<X> metric prefix of its destination. */
  readonly metricPrefix: string;
}

export interface SimAlarm {
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly spec: AlarmSpec;
}

export interface SimEndpoint {
  readonly id: string;
  readonly spec: VpcEndpointSpec;
}

export interface RegionWorld {
  readonly region: string;
  /** Sorted by name (ListStreams / ListDeliveryStreams order). */
  readonly streams: readonly SimStream[];
  readonly streamByName: ReadonlyMap<string, SimStream>;
  readonly streamByArn: ReadonlyMap<string, SimStream>;
  readonly deliveryStreams: readonly SimDeliveryStream[];
  readonly deliveryStreamByName: ReadonlyMap<string, SimDeliveryStream>;
  readonly alarms: readonly SimAlarm[];
  readonly vpcEndpoints: readonly SimEndpoint[];
  /** Every series, by seriesKey(). */
  readonly series: ReadonlyMap<string, SeriesDef>;
}

export interface World {
  readonly accountId: string;
  readonly seed: number;
  readonly regions: ReadonlyMap<string, RegionWorld>;
}

const MAX_HASH = 2n ** 128n;
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const epoch = (iso: string | undefined) => Math.floor(Date.parse(iso ?? DEFAULT_CREATED_AT) / 1000);

/** n shards splitting the hash key space evenly, as CreateStream does. */
export function evenShards(n: number): ShardSpec[] {
  const out: ShardSpec[] = [];
  for (let i = 0; i < n; i++) {
    const start = (MAX_HASH * BigInt(i)) / BigInt(n);
    const end = (MAX_HASH * BigInt(i + 1)) / BigInt(n) - 1n;
    out.push({ startingHashKey: start.toString(), endingHashKey: end.toString() });
  }
  return out;
}

/** A 56-digit sequence number, deterministic per shard. */
function sequenceNumber(keyHash: number, n: number): string {
  const digits = String(Math.floor(uniform(keyHash, n, 5) * 1e15)).padStart(15, "0");
  return `4959${digits}${"0".repeat(37)}`.slice(0, 56);
}

function buildShards(seed: number, region: string, spec: StreamSpec): SimShard[] {
  const shardSpecs: readonly ShardSpec[] = Array.isArray(spec.shards)
    ? (spec.shards as readonly ShardSpec[])
    : evenShards(typeof spec.shards === "number" ? spec.shards : spec.mode === "ON_DEMAND" ? 4 : 1);
  const keyHash = hashString(`${region}/${spec.name}/shards`, seed);
  const skew = spec.shardSkew ?? 0.1;
  let openIndex = 0;
  const weights = shardSpecs.map((s, i) => {
    if (s.closed) return 0;
    const idx = openIndex++;
    if (spec.hotShard && spec.hotShard.index === idx) return spec.hotShard.factor;
    return s.weight ?? 1 + skew * (2 * uniform(keyHash, i, 9) - 1);
  });
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  return shardSpecs.map((s, i) => ({
    shardId: s.shardId ?? `shardId-${String(i).padStart(12, "0")}`,
    startingHashKey: s.startingHashKey,
    endingHashKey: s.endingHashKey,
    parentShardId: s.parentShardId,
    adjacentParentShardId: s.adjacentParentShardId,
    closed: !!s.closed,
    startingSequenceNumber: sequenceNumber(keyHash, i * 2),
    endingSequenceNumber: s.closed ? sequenceNumber(keyHash, i * 2 + 1) : undefined,
    share: weights[i]! / total,
  }));
}

/** Collects series for one region. */
class SeriesIndex {
  readonly map = new Map<string, SeriesDef>();
  add(
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
    kind: SeriesKind,
    unit: string,
    level: LevelFn,
    opts: { scale?: number; phaseKey: number; fromMinute: number; samplesPerMinute?: number; intraHour?: number; burst?: MinuteBurst },
  ): void {
    this.map.set(seriesKey(namespace, metricName, dimensions), {
      namespace,
      metricName,
      dimensions,
      kind,
      unit,
      level,
      scale: opts.scale ?? 1,
      phaseKey: opts.phaseKey,
      fromMinute: opts.fromMinute,
      samplesPerMinute: opts.samplesPerMinute ?? (kind === "ratio" ? 4 : 60),
      intraHour: opts.intraHour ?? (kind === "gauge" ? 0.2 : 0.1),
      ...(opts.burst && kind === "counter" ? { burst: opts.burst } : {}),
    });
  }
}

const KINESIS = "AWS/Kinesis";
const FIREHOSE = "AWS/Firehose";
const DEST_PREFIX: Readonly<Record<DestinationKind, string>> = FIREHOSE_DELIVERY_METRIC_PREFIX;

/**
 * Hourly records and bytes of a traffic spec, as level functions (undefined = no traffic metrics),
 * and its minute burst: the counters built from this traffic share it, so shards still add up to
 * their stream minute by minute.
 */
function trafficLevels(seed: number, key: string, t: StreamSpec["traffic"]): { records: LevelFn; bytes: LevelFn; keyHash: number; burst?: MinuteBurst } | undefined {
  if (!t || t.none) return undefined;
  const sig = signal(seed, key, t.pattern, t.gaps);
  const b = t.minuteBurst;
  return {
    keyHash: sig.keyHash,
    records: scaled(sig.level, t.recordsPerSecond * 3600),
    bytes: scaled(sig.level, t.recordsPerSecond * t.avgRecordBytes * 3600),
    ...(b ? { burst: { factor: b.factor, minutes: b.minutes ?? 1, hourProbability: b.hourProbability ?? 1, key: hashString(`${key}/minute-burst`, seed) } } : {}),
  };
}

function streamSeries(idx: SeriesIndex, seed: number, s: SimStream): void {
  const from = Math.floor(s.createdAt / 60);
  const dims = { StreamName: s.name };
  const traffic = trafficLevels(seed, `${s.region}/stream/${s.name}/traffic`, s.spec.traffic);
  const share = s.spec.throttledShare ?? 0;
  const throttled: LevelFn | undefined = traffic ? scaled(traffic.records, share / (1 - share)) : undefined;
  const iter = generatorLevel(seed, `${s.region}/stream/${s.name}/iterator-age`, s.spec.iteratorAgeMs ?? { level: 300, pattern: { kind: "steady", jitter: 0.3 } });
  const zero: LevelFn | undefined = traffic ? (h) => (traffic.records(h) === undefined ? undefined : 0) : undefined;
  if (traffic && throttled && zero) {
    const o = { phaseKey: traffic.keyHash, fromMinute: from, ...(traffic.burst ? { burst: traffic.burst } : {}) };
    idx.add(KINESIS, "IncomingBytes", dims, "counter", "Bytes", traffic.bytes, o);
    idx.add(KINESIS, "IncomingRecords", dims, "counter", "Count", traffic.records, o);
    idx.add(KINESIS, "WriteProvisionedThroughputExceeded", dims, "counter", "Count", throttled, o);
    idx.add(KINESIS, "ReadProvisionedThroughputExceeded", dims, "counter", "Count", zero, o);
    idx.add(KINESIS, "PutRecords.Records", dims, "counter", "Count", traffic.records, o);
    idx.add(KINESIS, "PutRecords.Bytes", dims, "counter", "Bytes", traffic.bytes, o);
    idx.add(KINESIS, "GetRecords.Records", dims, "counter", "Count", traffic.records, o);
    idx.add(KINESIS, "GetRecords.Bytes", dims, "counter", "Bytes", traffic.bytes, o);
  }
  if (iter) idx.add(KINESIS, "GetRecords.IteratorAgeMilliseconds", dims, "gauge", "Milliseconds", iter.level, { phaseKey: iter.keyHash, fromMinute: from });
  for (const [metric, g] of Object.entries(s.spec.extraMetrics ?? {})) {
    const lv = generatorLevel(seed, `${s.region}/stream/${s.name}/extra/${metric}`, g);
    if (lv) idx.add(KINESIS, metric, dims, "counter", "Count", lv.level, { phaseKey: lv.keyHash, fromMinute: from });
  }
  // Shard-level (enhanced monitoring): each open shard carries its share, so shards sum to the stream.
  for (const shard of s.shards) {
    if (shard.closed) continue;
    const sd = { StreamName: s.name, ShardId: shard.shardId };
    for (const m of s.enhancedMetrics) {
      if (m === "IteratorAgeMilliseconds") {
        if (iter) idx.add(KINESIS, m, sd, "gauge", "Milliseconds", iter.level, { phaseKey: iter.keyHash, fromMinute: from });
        continue;
      }
      if (!traffic || !throttled || !zero) continue;
      const o = { phaseKey: traffic.keyHash, fromMinute: from, scale: shard.share, ...(traffic.burst ? { burst: traffic.burst } : {}) };
      const level: Record<string, [LevelFn, string]> = {
        IncomingBytes: [traffic.bytes, "Bytes"],
        IncomingRecords: [traffic.records, "Count"],
        OutgoingBytes: [traffic.bytes, "Bytes"],
        OutgoingRecords: [traffic.records, "Count"],
        WriteProvisionedThroughputExceeded: [throttled, "Count"],
        ReadProvisionedThroughputExceeded: [zero, "Count"],
      };
      const lv = level[m];
      if (lv) idx.add(KINESIS, m, sd, "counter", lv[1], lv[0], o);
    }
  }
  for (const c of s.consumers) {
    const spec = s.spec.consumers?.find((x) => x.name === c.name);
    const g = generatorLevel(seed, `${s.region}/stream/${s.name}/consumer/${c.name}`, spec?.millisBehindLatest ?? { level: 200, pattern: { kind: "steady", jitter: 0.3 } });
    if (g) {
      idx.add(KINESIS, "SubscribeToShardEvent.MillisBehindLatest", { StreamName: s.name, ConsumerName: c.name }, "gauge", "Milliseconds", g.level, {
        phaseKey: g.keyHash,
        fromMinute: Math.floor(c.createdAt / 60),
      });
    }
  }
}

function deliverySeries(idx: SeriesIndex, seed: number, d: SimDeliveryStream): void {
  const from = Math.floor(d.createdAt / 60);
  const dims = { DeliveryStreamName: d.name };
  // A Kinesis-sourced delivery stream reads exactly its source stream's traffic signal.
  const traffic = d.sourceStream
    ? trafficLevels(seed, `${d.region}/stream/${d.sourceStream.name}/traffic`, d.sourceStream.spec.traffic)
    : trafficLevels(seed, `${d.region}/firehose/${d.name}/traffic`, d.spec.traffic);
  if (traffic) {
    const o = { phaseKey: traffic.keyHash, fromMinute: from, ...(traffic.burst ? { burst: traffic.burst } : {}) };
    if (d.sourceStream) {
      idx.add(FIREHOSE, "DataReadFromKinesisStream.Records", dims, "counter", "Count", traffic.records, o);
      idx.add(FIREHOSE, "DataReadFromKinesisStream.Bytes", dims, "counter", "Bytes", traffic.bytes, o);
    } else {
      idx.add(FIREHOSE, "IncomingRecords", dims, "counter", "Count", traffic.records, o);
      idx.add(FIREHOSE, "IncomingBytes", dims, "counter", "Bytes", traffic.bytes, o);
      idx.add(FIREHOSE, "IncomingPutRequests", dims, "counter", "Count", scaled(traffic.records, 1 / 100), o);
    }
    const rate = d.spec.successRate ?? 1;
    const success: LevelFn = (h) => (traffic.records(h) === undefined ? undefined : rate);
    idx.add(FIREHOSE, `${d.metricPrefix}.Success`, dims, "ratio", "Count", success, o);
    idx.add(FIREHOSE, `${d.metricPrefix}.Records`, dims, "counter", "Count", scaled(traffic.records, rate), o);
    idx.add(FIREHOSE, `${d.metricPrefix}.Bytes`, dims, "counter", "Bytes", scaled(traffic.bytes, rate), o);
    const interval = d.spec.buffering?.intervalSeconds ?? (d.spec.destination === "splunk" ? 60 : 300);
    const fresh = generatorLevel(seed, `${d.region}/firehose/${d.name}/freshness`, d.spec.dataFreshnessSeconds ?? { level: interval, pattern: { kind: "steady", jitter: 0.1 } });
    if (fresh) idx.add(FIREHOSE, `${d.metricPrefix}.DataFreshness`, dims, "gauge", "Seconds", fresh.level, { phaseKey: fresh.keyHash, fromMinute: from });
  }
}

/** Expand a validated scenario into the simulated account. */
export function buildWorld(scenario: Scenario): World {
  const accountId = scenario.accountId ?? DEFAULT_ACCOUNT_ID;
  const seed = scenario.seed;
  const regions = new Map<string, RegionWorld>();
  for (const [region, r] of Object.entries(scenario.regions)) {
    const streams: SimStream[] = (r.streams ?? []).map((spec) => {
      const arn = `arn:aws:kinesis:${region}:${accountId}:stream/${spec.name}`;
      const shards = buildShards(seed, region, spec);
      const enhanced = spec.enhancedMetrics === "ALL" ? [...ALL_SHARD_METRICS] : [...(spec.enhancedMetrics ?? [])];
      const createdAt = epoch(spec.createdAt);
      return {
        region,
        name: spec.name,
        arn,
        spec,
        mode: spec.mode ?? "PROVISIONED",
        status: spec.status ?? "ACTIVE",
        shards,
        openShardCount: shards.filter((s) => !s.closed).length,
        retentionHours: spec.retentionHours ?? 24,
        encryptionType: spec.encryption?.type === "KMS" ? "KMS" : "NONE",
        keyId: spec.encryption?.type === "KMS" ? spec.encryption.keyId : undefined,
        enhancedMetrics: enhanced,
        tags: spec.tags ?? {},
        createdAt,
        consumers: (spec.consumers ?? []).map((c) => {
          const cAt = epoch(c.createdAt ?? spec.createdAt);
          return { name: c.name, arn: `${arn}/consumer/${c.name}:${cAt}`, status: c.status ?? "ACTIVE", createdAt: cAt, streamArn: arn };
        }),
      };
    });
    streams.sort(byName);
    const streamByName = new Map(streams.map((s) => [s.name, s]));
    const deliveryStreams: SimDeliveryStream[] = (r.deliveryStreams ?? []).map((spec) => ({
      region,
      name: spec.name,
      arn: `arn:aws:firehose:${region}:${accountId}:deliverystream/${spec.name}`,
      spec,
      sourceStream: typeof spec.source === "object" ? streamByName.get(spec.source.stream) : undefined,
      tags: spec.tags ?? {},
      createdAt: epoch(spec.createdAt),
      status: spec.status ?? "ACTIVE",
      metricPrefix: DEST_PREFIX[spec.destination],
    }));
    deliveryStreams.sort(byName);
    const alarms: SimAlarm[] = (r.alarms ?? []).map((spec) => ({ region, name: spec.name, arn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${spec.name}`, spec }));
    alarms.sort(byName);
    const vpcEndpoints = (r.vpcEndpoints ?? []).map((spec, i) => ({
      id: spec.id ?? `vpce-${hashString(`${region}/${spec.vpcId}/${spec.serviceName}/${i}`, seed).toString(16).padStart(8, "0")}${String(i).padStart(9, "0")}`,
      spec,
    }));
    const idx = new SeriesIndex();
    for (const s of streams) streamSeries(idx, seed, s);
    for (const d of deliveryStreams) deliverySeries(idx, seed, d);
    regions.set(region, {
      region,
      streams,
      streamByName,
      streamByArn: new Map(streams.map((s) => [s.arn, s])),
      deliveryStreams,
      deliveryStreamByName: new Map(deliveryStreams.map((d) => [d.name, d])),
      alarms,
      vpcEndpoints,
      series: idx.map,
    });
  }
  return { accountId, seed, regions };
}
