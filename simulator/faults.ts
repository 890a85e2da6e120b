/**
 * Fault injection, reproducible: whether a request fails is drawn from (seed, operation, region,
 * request body, how many times that same request was seen), never from arrival order, so a
 * concurrent client sees the same faults on every run and a retry gets a fresh draw.
 */
import { hashString, uniform } from "./prng";

export type FaultKind = "throttle" | "server-error" | "timeout" | "malformed" | "trickle";

export interface FaultRates {
  /** Share of requests answered with the service's throttling error. */
  readonly throttleRate?: number;
  /** Share answered with HTTP 500 / 503. */
  readonly serverErrorRate?: number;
  /** Share whose connection is held open, then destroyed without an answer. */
  readonly timeoutRate?: number;
  /** Share answered 200 with a truncated body. */
  readonly malformedRate?: number;
  /**
   * Share answered 200 with the right headers and a body that trickles in one byte every
   * `trickleIntervalMs`: the socket is never idle long enough for an idle timeout (the SDK's
   * `requestTimeout`), only a deadline on the whole response ends it.
   */
  readonly trickleRate?: number;
}

export interface FaultBurst {
  /** "Service.Operation"; absent = every operation. */
  readonly operation?: string;
  readonly kind: FaultKind;
  /** Requests (to that operation, counted from 0 in arrival order) that fail: [fromRequest, fromRequest + count). */
  readonly fromRequest: number;
  readonly count: number;
}

export interface FaultConfig extends FaultRates {
  readonly seed?: number;
  /** Rates per "Service.Operation", replacing the global rates for that operation. */
  readonly operations?: Readonly<Record<string, FaultRates>>;
  readonly bursts?: readonly FaultBurst[];
  /** How long a "timeout" holds the connection before destroying it (default 1,000 ms). */
  readonly timeoutHoldMs?: number;
  /** Pause between two bytes of a "trickle" answer (default 2,000 ms). */
  readonly trickleIntervalMs?: number;
  /** Operations answering AccessDenied ("Service.Operation"). */
  readonly accessDenied?: readonly string[];
  /** Regions not enabled for the account: every call there fails authentication. */
  readonly disabledRegions?: readonly string[];
  /** Operations whose pagination never ends (same page, always a next token). */
  readonly endlessPagination?: readonly string[];
  /** Streams listed but gone when described: "name" or "region/name". */
  readonly vanishedStreams?: readonly string[];
  readonly vanishedDeliveryStreams?: readonly string[];
  /**
   * Streams deleted right after DescribeStreamSummary answered ("name" or "region/name"): listed and
   * described, then every other call on them (ListShards, ListStreamConsumers, ListTagsForStream)
   * answers ResourceNotFoundException.
   */
  readonly deletedAfterDescribe?: readonly string[];
  /** Consumers listed but deregistered when described: "stream/consumer" or "region/stream/consumer". */
  readonly deregisteredConsumers?: readonly string[];
}

export class FaultInjector {
  private readonly seen = new Map<string, number>();
  private readonly perOp = new Map<string, number>();
  private readonly seedHash: number;
  constructor(readonly config: FaultConfig = {}) {
    this.seedHash = hashString("faults", config.seed ?? 1);
  }

  /** The fault for this request, if any. Call once per request. */
  draw(op: string, region: string, body: string): FaultKind | undefined {
    const n = this.perOp.get(op) ?? 0;
    this.perOp.set(op, n + 1);
    const all = this.perOp.get("*") ?? 0;
    this.perOp.set("*", all + 1);
    for (const b of this.config.bursts ?? []) {
      const idx = b.operation ? n : all;
      if ((!b.operation || b.operation === op) && idx >= b.fromRequest && idx < b.fromRequest + b.count) return b.kind;
    }
    const rates = this.config.operations?.[op] ?? this.config;
    const total = (rates.throttleRate ?? 0) + (rates.serverErrorRate ?? 0) + (rates.timeoutRate ?? 0) + (rates.malformedRate ?? 0) + (rates.trickleRate ?? 0);
    if (total <= 0) return undefined;
    const key = `${op}|${region}|${body}`;
    const attempt = this.seen.get(key) ?? 0;
    this.seen.set(key, attempt + 1);
    let u = uniform(hashString(key, this.seedHash), attempt, 3);
    for (const [kind, rate] of [
      ["throttle", rates.throttleRate],
      ["server-error", rates.serverErrorRate],
      ["timeout", rates.timeoutRate],
      ["malformed", rates.malformedRate],
      ["trickle", rates.trickleRate],
    ] as const) {
      if (u < (rate ?? 0)) return kind;
      u -= rate ?? 0;
    }
    return undefined;
  }

  isAccessDenied(op: string): boolean {
    return this.config.accessDenied?.includes(op) ?? false;
  }

  isRegionDisabled(region: string): boolean {
    return this.config.disabledRegions?.includes(region) ?? false;
  }

  isEndless(op: string): boolean {
    return this.config.endlessPagination?.includes(op) ?? false;
  }

  /** Whether `name` is gone for operation `op` (a stream deleted after its describe is gone for every other call). */
  isVanished(kind: "stream" | "deliveryStream" | "consumer", region: string, name: string, op?: string): boolean {
    const listed = (list: readonly string[] | undefined) => !!list && (list.includes(name) || list.includes(`${region}/${name}`));
    if (kind === "stream" && op !== "Kinesis.DescribeStreamSummary" && listed(this.config.deletedAfterDescribe)) return true;
    return listed(kind === "stream" ? this.config.vanishedStreams : kind === "deliveryStream" ? this.config.vanishedDeliveryStreams : this.config.deregisteredConsumers);
  }

  get trickleIntervalMs(): number {
    return this.config.trickleIntervalMs ?? 2000;
  }

  get timeoutHoldMs(): number {
    return this.config.timeoutHoldMs ?? 1000;
  }
}
