/** What every operation handler receives, and the handler signature. */
import { ApiError, type ParsedRequest } from "../protocol/wire";
import type { RegionWorld, World } from "../world";

export interface OpContext {
  readonly req: ParsedRequest;
  readonly input: Record<string, unknown>;
  readonly world: World;
  /** The request's region (an empty region when the scenario has none there, as AWS would answer). */
  readonly region: RegionWorld;
  /** Simulator clock, epoch seconds: no metric data after it. */
  readonly nowSeconds: number;
  /** A monitoring account's view of a linked source account's region (GetMetricData AccountId). */
  readonly linkedRegion?: (accountId: string) => RegionWorld | undefined;
  /** Fault injection: this operation's pagination never ends. */
  readonly endlessPagination: boolean;
  /** Fault injection: resource listed but gone when described ("stream" | "deliveryStream" | "consumer"). */
  isVanished(kind: "stream" | "deliveryStream" | "consumer", name: string): boolean;
}

/** Returns the operation's output structure (protocol-neutral; Timestamp for times). */
export type OpHandler = (ctx: OpContext) => unknown;

export function emptyRegion(region: string): RegionWorld {
  return {
    region,
    streams: [],
    streamByName: new Map(),
    streamByArn: new Map(),
    deliveryStreams: [],
    deliveryStreamByName: new Map(),
    alarms: [],
    vpcEndpoints: [],
    series: new Map(),
  };
}

/** Clamp a page size to [1, max], defaulting when absent. */
export function pageSize(v: number | undefined, def: number, max: number, name: string, errorCode = "InvalidArgumentException"): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 1) {
    // AWS validates ranges with a constraint error naming the member.
    throw new ApiError(errorCode, `1 validation error detected: Value '${v}' at '${name}' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  return Math.min(v, max);
}
