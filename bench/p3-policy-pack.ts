/**
 * P3: the policy pack on large stacks, driven like `pulumi preview --policy-pack .` drives it
 * (test/harness/analyzer.ts: the pack spawned as the engine spawns it, gRPC over loopback).
 *
 *   npm run bench:p3 -- [--sizes 1000,10000] [--runs 5] [--profile DIR] [--json FILE]
 *
 * Per stack size, in a fresh pack process: Analyze on every resource's inputs (one call at a
 * time, each timed at the client: median and p95), then AnalyzeStack on all outputs `runs` times
 * (median), then the pack's peak RSS (VmHWM from /proc). --profile writes the pack's V8 CPU
 * profiles into DIR (bench/cpu-profile-hook.cjs).
 */
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PackClient, asInput, type Enforcement } from "../test/harness/analyzer";
import type { CapturedResource } from "../test/harness/captured";
import { flag, median } from "./measure";
import { buildStack, captureExamples, typeBreakdown } from "./p3-stack";
import { percentile, readProcStatusKb } from "./stats";

const ROOT = path.resolve(__dirname, "..");

interface SizeResult {
  readonly resources: number;
  readonly types: Record<string, number>;
  readonly analyzeCalls: number;
  readonly analyzeMedianMs: number;
  readonly analyzeP95Ms: number;
  readonly analyzeTotalMs: number;
  readonly analyzeDiagnostics: number;
  readonly analyzeStackRunsMs: number[];
  readonly analyzeStackMedianMs: number;
  readonly analyzeStackDiagnostics: number;
  readonly packPeakRssMb: number;
  readonly packRssAfterMb: number;
}

/** What the CLI sends in Configure: every policy's schema defaults (the SDK does not apply them). */
function defaultsFromSchema(policies: { name: string; enforcementLevel: Enforcement; configSchema?: { properties: Record<string, unknown> } }[]) {
  return Object.fromEntries(
    policies.map((p) => [
      p.name,
      {
        // The CLI sends each policy's own level with its defaults (ReconcilePolicyPackConfig).
        enforcementLevel: p.enforcementLevel,
        ...Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).map(([k, s]) => [k, (s as { default?: unknown }).default])),
      },
    ]),
  );
}

function packPid(pack: PackClient): number {
  // The harness keeps its child private (TypeScript-only privacy); the bench needs its pid for /proc.
  const pid = (pack as unknown as { child: ChildProcess }).child.pid;
  if (pid === undefined) throw new Error("policy pack process has no pid");
  return pid;
}

async function measureSize(resources: readonly CapturedResource[], runs: number): Promise<SizeResult> {
  const pack = await PackClient.start(ROOT);
  try {
    const info = await pack.getAnalyzerInfo();
    await pack.configureStack();
    await pack.configure(defaultsFromSchema(info.policies));
    // Warm up (module loading, JIT) on a few resources so the first calls do not skew the median.
    // Each Analyze follows the engine's Remediate on the same inputs (the pack notes secret inputs
    // there, adapters/pulumi/secrets.ts); only Analyze is timed, as before.
    for (const r of resources.slice(0, 50)) {
      await pack.remediate(asInput(r, "inputs"));
      await pack.analyze(asInput(r, "inputs"));
    }

    const perCall: number[] = [];
    let analyzeDiagnostics = 0;
    for (const r of resources) {
      await pack.remediate(asInput(r, "inputs"));
      const s = performance.now();
      analyzeDiagnostics += (await pack.analyze(asInput(r, "inputs"))).length;
      perCall.push(performance.now() - s);
    }
    const analyzeTotalMs = perCall.reduce((a, b) => a + b, 0);

    const outputs = resources.map((r) => asInput(r, "outputs"));
    const stackRuns: number[] = [];
    let analyzeStackDiagnostics = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      analyzeStackDiagnostics = (await pack.analyzeStack(outputs)).length;
      stackRuns.push(performance.now() - s);
    }
    const pid = packPid(pack);
    return {
      resources: resources.length,
      types: typeBreakdown(resources),
      analyzeCalls: perCall.length,
      analyzeMedianMs: median(perCall),
      analyzeP95Ms: percentile(perCall, 95),
      analyzeTotalMs,
      analyzeDiagnostics,
      analyzeStackRunsMs: stackRuns,
      analyzeStackMedianMs: median(stackRuns),
      analyzeStackDiagnostics,
      packPeakRssMb: readProcStatusKb(pid, "VmHWM") / 1024,
      packRssAfterMb: readProcStatusKb(pid, "VmRSS") / 1024,
    };
  } finally {
    await pack.close();
  }
}

async function main(): Promise<void> {
  const sizes = flag("sizes", "1000,10000")
    .split(",")
    .map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: give positive whole numbers separated by commas, got "${flag("sizes", "")}"`);
  const runs = Number(flag("runs", "5"));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: give a whole number >= 1`);
  const profileDir = flag("profile", "");
  const jsonOut = flag("json", "");

  process.stderr.write("P3: capturing the example programs under mocks...\n");
  const programs = captureExamples();
  if (profileDir) {
    fs.mkdirSync(profileDir, { recursive: true });
    // The harness spawns the pack with this environment; node refuses --cpu-prof in NODE_OPTIONS,
    // so a preload script profiles it and writes a .cpuprofile when the harness stops it.
    process.env.KG_CPU_PROFILE_DIR = path.resolve(profileDir);
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(__dirname, "cpu-profile-hook.cjs")}`.trim();
  }
  const results: SizeResult[] = [];
  for (const size of sizes) {
    process.stderr.write(`P3: ${size} resources...\n`);
    results.push(await measureSize(buildStack(programs, size), runs));
  }

  const mdRows = results.map(
    (r) =>
      `| ${r.resources} | ${r.analyzeMedianMs.toFixed(2)} | ${r.analyzeP95Ms.toFixed(2)} | ${(r.analyzeTotalMs / 1000).toFixed(1)} | ${r.analyzeStackMedianMs.toFixed(0)} | ${r.analyzeDiagnostics} / ${r.analyzeStackDiagnostics} | ${r.packPeakRssMb.toFixed(0)} |`,
  );
  console.log("| resources | Analyze median ms | Analyze p95 ms | all Analyze calls s | AnalyzeStack median ms | diagnostics (Analyze / AnalyzeStack) | pack peak RSS MB |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of mdRows) console.log(row);
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    const n = b.resources / a.resources;
    console.log(
      `${a.resources} -> ${b.resources} resources (${n.toFixed(1)}x): AnalyzeStack ${(b.analyzeStackMedianMs / a.analyzeStackMedianMs).toFixed(2)}x time, ` +
        `all Analyze calls ${(b.analyzeTotalMs / a.analyzeTotalMs).toFixed(2)}x time, diagnostics ${(b.analyzeStackDiagnostics / Math.max(1, a.analyzeStackDiagnostics)).toFixed(2)}x`,
    );
  }
  console.log(`AnalyzeStack runs (ms): ${results.map((r) => `${r.resources}: ${r.analyzeStackRunsMs.map((x) => x.toFixed(0)).join(", ")}`).join("; ")}`);
  console.log(`resource types: ${JSON.stringify(results[results.length - 1]?.types)}`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ bench: "p3", sizes, runs, results }, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:p3 failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
