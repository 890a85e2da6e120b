/** Run an example program under mocks in a child process and return what it registered. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapturedProgram } from "./captured";
import { asInput, type AnalyzerInput, type Diagnostic, type PackClient } from "./analyzer";

const ROOT = path.resolve(__dirname, "../..");

export function captureProgram(program: string): CapturedProgram {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kg-capture-"));
  const out = path.join(dir, "resources.json");
  try {
    const tsx = require.resolve("tsx/cli", { paths: [ROOT] });
    execFileSync(process.execPath, [tsx, path.join(ROOT, "test/harness/run-program.ts"), path.resolve(ROOT, program), out], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(fs.readFileSync(out, "utf8")) as CapturedProgram;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One resource as the engine judges it (pulumi pkg/resource/deploy/step_generator.go): Remediate
 * first, then Analyze on the inputs as remediated. The pack learns secrets in the Remediate pass
 * (adapters/pulumi/secrets.ts). Remediation diagnostics are advisory violations, as the engine
 * reports them.
 */
export async function analyzeAsEngine(pack: PackClient, input: AnalyzerInput): Promise<Diagnostic[]> {
  let properties = input.properties;
  const out: Diagnostic[] = [];
  for (const r of await pack.remediate(input)) {
    if (r.diagnostic) out.push({ policyName: r.policyName, message: r.diagnostic, enforcementLevel: "advisory", urn: input.urn, severity: "unspecified", description: "" });
    else if (r.properties) properties = r.properties;
  }
  const diags = await pack.analyze({ ...input, properties });
  // Analyze diagnostics carry no URN; the engine attributes them to the resource analyzed.
  out.push(...diags.map((d) => ({ ...d, urn: d.urn || input.urn })));
  return out;
}

/** A preview as the engine runs it: Remediate then Analyze on every resource's inputs, then AnalyzeStack on the outputs. */
export async function previewThroughPack(pack: PackClient, captured: CapturedProgram): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const r of captured.resources) out.push(...(await analyzeAsEngine(pack, asInput(r, "inputs"))));
  out.push(...(await pack.analyzeStack(captured.resources.map((r): AnalyzerInput => asInput(r, "outputs")))));
  return out;
}

/** "policy resource-name" pairs, sorted: the exact set a test pins. */
export function violationPairs(diags: readonly Diagnostic[]): string[] {
  return [...new Set(diags.map((d) => `${d.policyName} ${d.urn.split("::").pop() ?? d.urn}`))].sort();
}
