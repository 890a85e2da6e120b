/**
 * Large generated fleets for benchmarks (1,000+ streams, 10,000+ shards): deterministic from the
 * seed, healthy resources built like the demo fleet's (KMS, alarms, Lambda processors), with a mix
 * of traffic patterns, half of the streams with enhanced monitoring, and fan-out consumers.
 */
import { sequence } from "./prng";
import type { AlarmSpec, DeliveryStreamSpec, Pattern, Scenario, StreamSpec } from "./scenario";
import type { OrganizationScenario, SimAccount } from "./organization";
import { deliveryAlarm, healthyDelivery, healthyStream, streamAlarms } from "./scenarios/fleet-parts";

export interface FleetOptions {
  readonly streams: number;
  readonly shardsPerStream?: number;
  /** Share of streams with enhanced (shard-level) monitoring, 0..1. */
  readonly enhancedShare?: number;
  readonly consumersPerStream?: number;
  readonly deliveryStreams?: number;
  readonly seed?: number;
  readonly region?: string;
}

export function generateFleet(o: FleetOptions): Scenario {
  const region = o.region ?? "us-east-1";
  const rnd = sequence(o.seed ?? 42);
  const shards = o.shardsPerStream ?? 10;
  const enhancedShare = o.enhancedShare ?? 0.5;
  const consumers = o.consumersPerStream ?? 1;
  const width = String(Math.max(o.streams, o.deliveryStreams ?? 0)).length;
  const streams: StreamSpec[] = [];
  const alarms: AlarmSpec[] = [];
  for (let i = 0; i < o.streams; i++) {
    const name = `stream-${String(i).padStart(width, "0")}`;
    const pattern: Pattern = [
      { kind: "steady", jitter: 0.05 } as const,
      { kind: "diurnal", amplitude: 0.35, jitter: 0.05 } as const,
      { kind: "bursty", burstProbability: 0.05, burstFactor: 1.5, jitter: 0.05 } as const,
    ][i % 3]!;
    const s = healthyStream(name, region, {
      shards,
      util: 0.3 + 0.2 * rnd(),
      recordBytes: 500 + Math.floor(rnd() * 3000),
      pattern,
      extra: {
        ...(rnd() < enhancedShare ? { enhancedMetrics: "ALL" as const } : {}),
        ...(consumers > 0 ? { consumers: Array.from({ length: consumers }, (_, c) => ({ name: `${name}-consumer-${c}` })) } : {}),
      },
    });
    streams.push(s);
    alarms.push(...streamAlarms(name));
  }
  const deliveries: DeliveryStreamSpec[] = [];
  for (let i = 0; i < (o.deliveryStreams ?? o.streams); i++) {
    const name = `delivery-${String(i).padStart(width, "0")}`;
    const source = i < streams.length && i % 2 === 0 ? { stream: streams[i]!.name } : { recordsPerSecond: 50 + Math.floor(rnd() * 500), recordBytes: 500 + Math.floor(rnd() * 2000) };
    const destination = (["extended_s3", "extended_s3", "opensearch", "splunk", "redshift", "http_endpoint"] as const)[i % 6]!;
    const d = healthyDelivery(name, region, { destination, source });
    deliveries.push(d);
    alarms.push(deliveryAlarm(d));
  }
  return {
    name: `generated-${o.streams}`,
    description: `Generated fleet: ${o.streams} streams x ${shards} shards, ${deliveries.length} delivery streams (seed ${o.seed ?? 42}).`,
    seed: o.seed ?? 42,
    regions: { [region]: { streams, deliveryStreams: deliveries, alarms } },
  };
}

export interface OrganizationFleetOptions {
  /** Member accounts (the management account comes on top, with no resources). */
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly streamsPerRegion: number;
  readonly deliveryStreamsPerRegion?: number;
  readonly shardsPerStream?: number;
  readonly consumersPerStream?: number;
  /** The audit role every member account has. */
  readonly roleName?: string;
  readonly externalId?: string;
  readonly managementAccountId?: string;
  readonly seed?: number;
}

/** 12-digit account id of the i-th generated member account. */
export const generatedAccountId = (i: number): string => String(200_000_000_000 + i);

/**
 * N accounts x M regions of generated fleets (issue 16): each member account has the audit role
 * (trusting the management account) and `streamsPerRegion` streams and delivery streams in each
 * region, seeded per account and region so every account-region differs.
 */
export function generateOrganization(o: OrganizationFleetOptions): OrganizationScenario {
  const management = o.managementAccountId ?? "100000000000";
  const seed = o.seed ?? 42;
  const role = { name: o.roleName ?? "KinesisGuardAudit", ...(o.externalId !== undefined ? { externalId: o.externalId } : {}) };
  const accounts: SimAccount[] = [{ id: management, name: "management", scenario: { seed, accountId: management, regions: { [o.regions[0] ?? "us-east-1"]: {} } } }];
  for (let a = 0; a < o.accounts; a++) {
    const id = generatedAccountId(a);
    const regions: Record<string, Scenario["regions"][string]> = {};
    o.regions.forEach((region, r) => {
      const fleet = generateFleet({
        streams: o.streamsPerRegion,
        deliveryStreams: o.deliveryStreamsPerRegion ?? o.streamsPerRegion,
        ...(o.shardsPerStream !== undefined ? { shardsPerStream: o.shardsPerStream } : {}),
        ...(o.consumersPerStream !== undefined ? { consumersPerStream: o.consumersPerStream } : {}),
        seed: seed + a * 1_000 + r,
        region,
      });
      regions[region] = fleet.regions[region]!;
    });
    accounts.push({ id, name: `member-${a}`, roles: [role], scenario: { name: `account-${id}`, seed: seed + a, accountId: id, regions } });
  }
  return { managementAccountId: management, accounts };
}
