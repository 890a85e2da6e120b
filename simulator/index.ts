/**
 * Local AWS simulator: Kinesis, Firehose, CloudWatch, Resource Groups Tagging and EC2
 * (DescribeVpcEndpoints) on one loopback HTTP endpoint, speaking the wire protocols the real
 * SDK v3 clients and boto3 use. Started by tests, benchmarks and the demo.
 *
 *   const sim = await startSimulator({ scenario: loadScenario("simulator/scenarios/demo-fleet.json") });
 *   new KinesisClient({ endpoint: sim.endpoint, region: "us-east-1", requestHandler: new NodeHttpHandler(), ... });
 *   ...
 *   await sim.close();
 */
import { createSimulatorServer, listen } from "./server";
import type { FaultConfig } from "./faults";
import type { QuotaOption } from "./quotas";
import type { Scenario } from "./scenario";
import { buildWorld, type World } from "./world";

export { loadScenario, validateScenario, ScenarioError } from "./scenario";
export type { Scenario, ExpectedFinding, ExpectedSkip, StreamSpec, DeliveryStreamSpec, AlarmSpec, Generator, Pattern, TrafficSpec } from "./scenario";
export type { FaultConfig, FaultRates, FaultBurst, FaultKind } from "./faults";
export { AWS_DEFAULT_QUOTAS, type QuotaSpec } from "./quotas";
export { buildWorld } from "./world";

export interface SimulatorOptions {
  scenario: Scenario;
  /** Added to every answer (default 0; benchmarks use 30 like a nearby AWS region). */
  latencyMs?: number;
  /** Per "Service.Operation" TPS; true = AWS published defaults (see quotas.ts); off by default. */
  quotas?: QuotaOption;
  faults?: FaultConfig;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Simulator clock, epoch ms (default Date.now): CloudWatch has no data after it. */
  clock?: () => number;
}

export interface SimulatorHandle {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  close(): Promise<void>;
  /** Requests received per "Service.Operation" (every attempt, including throttled and faulted ones). */
  calls(): Record<string, number>;
  /** Requests answered with a throttling error (quota or injected), per "Service.Operation". */
  throttled(): Record<string, number>;
  /** Injected faults per "kind:Service.Operation" (kind: throttle, server-error, timeout, malformed). */
  faults(): Record<string, number>;
  /** Datapoints asked for by GetMetricData requests not throttled, per "Service.Operation" (its datapoints-per-second quota). */
  datapoints(): Record<string, number>;
  resetCounters(): void;
  /** The expanded scenario (resources with ARNs, shards, series), for tests. */
  readonly world: World;
}

export async function startSimulator(opts: SimulatorOptions): Promise<SimulatorHandle> {
  const world = buildWorld(opts.scenario);
  const { server, counters, sockets } = createSimulatorServer({
    world,
    latencyMs: opts.latencyMs ?? 0,
    quotas: opts.quotas,
    faults: opts.faults,
    clock: opts.clock ?? (() => Date.now()),
  });
  const host = opts.host ?? "127.0.0.1";
  const addr = await listen(server, opts.port ?? 0, host);
  const snapshot = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    endpoint: `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`,
    world,
    calls: () => snapshot(counters.calls),
    throttled: () => snapshot(counters.throttled),
    faults: () => snapshot(counters.faults),
    datapoints: () => snapshot(counters.datapoints),
    resetCounters: () => {
      counters.calls.clear();
      counters.throttled.clear();
      counters.faults.clear();
      counters.datapoints.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const s of sockets) s.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
