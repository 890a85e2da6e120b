/**
 * `npm run demo`: the real live audit against the embedded simulator - no AWS account, no Pulumi CLI.
 * Starts the simulator on 127.0.0.1 with simulator/scenarios/demo-fleet.json (45 Data Streams, 67
 * delivery streams in us-east-1, with AWS's published API quotas), collects through the AWS SDK v3
 * clients, analyzes, writes every report into ./kinesis-audit and prints the console summary.
 */
import { join, resolve } from "node:path";
import { loadScenario, startSimulator } from "../simulator";
import { runAudit, auditErrorExit } from "../live-checks/cli/audit";
import { defaultConfig, regionsRulesList } from "../live-checks/config-file";

/** Regions the rules list beside the audited ones (the DR regions: us-west-2 by default). */
const DR_REGIONS = regionsRulesList(defaultConfig());

async function demo(): Promise<number> {
  // The SDK needs credentials to sign; the simulator accepts any. Never look for real ones.
  process.env.AWS_ACCESS_KEY_ID = "AKIDDEMO";
  process.env.AWS_SECRET_ACCESS_KEY = "demo-secret";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;

  const scenarioPath = join(__dirname, "..", "simulator", "scenarios", "demo-fleet.json");
  const scenario = loadScenario(scenarioPath);
  const sim = await startSimulator({ scenario, quotas: true });
  const outDir = resolve(process.argv[2] ?? "kinesis-audit");
  process.stderr.write(`demo: simulator for "${scenario.name}" on ${sim.endpoint} (AWS API quotas on)\n`);
  try {
    const started = Date.now();
    const result = await runAudit({
      // The fleet's regions; the DR regions (us-west-2 by default) only hold replicas.
      regions: Object.keys(scenario.regions).filter((r) => !DR_REGIONS.includes(r)),
      endpointUrl: sim.endpoint,
      outDir,
      progress: true,
    });
    process.stdout.write(result.console);
    const calls = Object.values(result.collection.calls).reduce((a, b) => a + b, 0);
    process.stderr.write(
      `demo: audit finished in ${((Date.now() - started) / 1000).toFixed(1)} s with ${calls} AWS API calls; ` +
        `\`kinesis-guard audit\` would exit ${result.exitCode} (see --fail-on). Open ${join(outDir, "throughput_utilization_dashboard.html")}\n`,
    );
    return 0;
  } catch (e) {
    const { message, exitCode } = auditErrorExit(e);
    process.stderr.write(`demo: ${message}\n`);
    return exitCode;
  } finally {
    await sim.close();
  }
}

demo().then((code) => {
  process.exitCode = code;
});
