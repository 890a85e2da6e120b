/**
 * `npm run demo:pack`: run both example programs through the policy pack (spawned and driven over
 * the Analyzer protocol, as `pulumi preview --policy-pack .` would) and print the violations.
 */
import { PackClient } from "../test/harness/analyzer";
import { captureProgram, previewThroughPack } from "../test/harness/program";

const PROGRAMS = ["examples/compliant/index.ts", "examples/non-compliant/index.ts"];

async function main(): Promise<void> {
  const pack = await PackClient.start();
  try {
    await pack.configureStack();
    await pack.configure({});
    for (const program of PROGRAMS) {
      const captured = captureProgram(program);
      const diags = await previewThroughPack(pack, captured);
      const mandatory = diags.filter((d) => d.enforcementLevel === "mandatory").length;
      console.log(`\n=== ${program}: ${captured.resources.length} resources, ${diags.length} violations (${mandatory} mandatory)`);
      for (const d of [...diags].sort((a, b) => a.urn.localeCompare(b.urn) || a.policyName.localeCompare(b.policyName))) {
        const resource = d.urn.split("::").slice(-2).join(" ");
        const [, ...lines] = d.message.split("\n");
        console.log(`\n  ${d.enforcementLevel.toUpperCase().padEnd(9)} ${d.policyName} (${d.severity})\n  resource: ${resource}\n  ${lines.join(" ")}`);
      }
    }
    console.log(mandatoryNote());
  } finally {
    await pack.close();
  }
}

function mandatoryNote(): string {
  return "\nMandatory violations block `pulumi up`; advisory ones are warnings. Configure with --policy-pack-config (see docs/rules.md).";
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
