/**
 * Run the simulator from a shell (demo, peer script, manual poking):
 *   npx tsx simulator/cli.ts --scenario simulator/scenarios/demo-fleet.json [--port 4566] [--latency-ms 30] [--quotas]
 * Prints the endpoint on stdout (one line), then serves until interrupted (Ctrl-C / SIGTERM),
 * printing the per-API request counts on stderr when it stops.
 */
import { Command, InvalidArgumentError } from "commander";
import { loadScenario, startSimulator } from "./index";
import { ScenarioError } from "./scenario";

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0, got "${v}"`);
  return n;
};

async function main(): Promise<void> {
  const program = new Command()
    .name("simulator")
    .description("Local AWS endpoint (Kinesis, Firehose, CloudWatch, Tagging, EC2) serving a scenario file")
    .requiredOption("--scenario <file>", "scenario file (JSON or YAML)")
    .option("--port <n>", "port (default: any free port)", int("--port"), 0)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--latency-ms <n>", "added latency per request", int("--latency-ms"), 0)
    .option("--quotas", "enforce AWS published per-API quotas", false)
    .parse();
  const o = program.opts<{ scenario: string; port: number; host: string; latencyMs: number; quotas: boolean }>();
  const scenario = loadScenario(o.scenario);
  const sim = await startSimulator({ scenario, port: o.port, host: o.host, latencyMs: o.latencyMs, quotas: o.quotas });
  process.stdout.write(`${sim.endpoint}\n`);
  const stop = async () => {
    process.stderr.write(`requests: ${JSON.stringify(sim.calls())}\nthrottled: ${JSON.stringify(sim.throttled())}\n`);
    await sim.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`simulator: ${e instanceof ScenarioError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
