/**
 * P1, seed scale: the demo fleet (45 streams, 67 delivery streams, 7 days of metrics) on the
 * simulator with a per-request latency like AWS's; the seed's own audit script
 * (/work/shared/peers/analyze_kinesis.py, run from its place with Debian's python3-boto3) and
 * `kinesis-guard audit` against the same simulator in the same run, alternating.
 *
 *   npm run bench:p1 -- [--runs 3] [--latency-ms 30] [--quotas] [--seed-script PATH] [--json FILE]
 *
 * --quotas: the simulator also enforces AWS's published per-API quotas (both clients then meet
 * the throttling real AWS would answer with; off by default, as the issue defines P1).
 *
 * Requests per API are the simulator's counts (every attempt); wall time and peak RSS come from
 * GNU time around each process. The simulator runs in this process (it is the "AWS" side).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadScenario, startSimulator, type SimulatorHandle } from "../simulator";
import { FAKE_AWS_ENV, runAudit, type AuditRun } from "./audit-run";
import { flag, median, ratio, runMeasured, sum, type RunResult } from "./measure";
import { ensureBoto3, SYSTEM_PYTHON } from "./python";
import { quotaLowerBound, acceptedCalls } from "./quota-bound";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_SEED = "/work/shared/peers/analyze_kinesis.py";

interface SeedRun extends RunResult {
  readonly dataStreams: number;
  readonly deliveryStreams: number;
  readonly errorLines: number;
}

/** The seed script writes its reports into the working directory: give it an empty one. */
async function runSeed(script: string, endpoint: string): Promise<SeedRun> {
  const cwd = mkdtempSync(path.join(tmpdir(), "kg-bench-seed-"));
  try {
    const r = await runMeasured(SYSTEM_PYTHON, [script], { cwd, env: { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL: endpoint } });
    if (r.exitCode !== 0) throw new Error(`seed script exited ${r.exitCode}; stderr tail:\n${r.stderrTail}`);
    const file = path.join(cwd, "kinesis_analysis.json");
    if (!existsSync(file)) throw new Error(`seed script wrote no kinesis_analysis.json; stderr tail:\n${r.stderrTail}`);
    const report = JSON.parse(readFileSync(file, "utf8")) as { data_streams?: unknown[]; firehose_streams?: unknown[] };
    return {
      ...r,
      dataStreams: report.data_streams?.length ?? 0,
      deliveryStreams: report.firehose_streams?.length ?? 0,
      // The seed logs through `logging` on stderr; only the last 4,000 characters are kept.
      errorLines: (r.stderrTail.match(/ - ERROR - /g) ?? []).length,
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function counted<T>(sim: SimulatorHandle, result: T): T & { calls: Record<string, number>; throttled: Record<string, number>; datapoints: Record<string, number> } {
  return { ...result, calls: sim.calls(), throttled: sim.throttled(), datapoints: sim.datapoints() };
}

async function main(): Promise<void> {
  const runs = Number(flag("runs", "3"));
  const latencyMs = Number(flag("latency-ms", "30"));
  const seedScript = path.resolve(flag("seed-script", DEFAULT_SEED));
  const jsonOut = flag("json", "");
  const quotas = process.argv.includes("--quotas");
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs: give a whole number >= 1");
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error("--latency-ms: give a number >= 0");
  if (!existsSync(seedScript)) throw new Error(`seed script ${seedScript} not found: pass --seed-script PATH`);
  const log = (m: string) => process.stderr.write(`P1: ${m}\n`);
  ensureBoto3(log);

  const scenario = loadScenario(path.join(ROOT, "simulator/scenarios/demo-fleet.json"));
  const sim = await startSimulator({ scenario, latencyMs, quotas });
  log(`simulator ${sim.endpoint}, latency ${latencyMs} ms, ${quotas ? "AWS quotas enforced" : "no quotas enforced"}`);
  const seedRuns: ReturnType<typeof counted<SeedRun>>[] = [];
  const auditRuns: ReturnType<typeof counted<AuditRun>>[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      sim.resetCounters();
      log(`run ${i + 1}/${runs}: seed script...`);
      seedRuns.push(counted(sim, await runSeed(seedScript, sim.endpoint)));
      sim.resetCounters();
      log(`run ${i + 1}/${runs}: kinesis-guard audit...`);
      auditRuns.push(counted(sim, await runAudit(sim.endpoint)));
    }
  } finally {
    await sim.close();
  }

  const last = <T>(xs: T[]): T => xs[xs.length - 1]!;
  const seed = last(seedRuns);
  const audit = last(auditRuns);
  const seedTotal = sum(Object.values(seed.calls));
  const auditTotal = sum(Object.values(audit.calls));
  const stable = (rs: { calls: Record<string, number> }[]) => rs.every((r) => JSON.stringify(r.calls) === JSON.stringify(rs[0]!.calls));
  const seedWall = median(seedRuns.map((r) => r.wallMs));
  const auditWall = median(auditRuns.map((r) => r.wallMs));
  const seedRss = median(seedRuns.map((r) => r.maxRssKb)) / 1024;
  const auditRss = median(auditRuns.map((r) => r.maxRssKb)) / 1024;
  const auditBound = quotaLowerBound(acceptedCalls(audit.calls, audit.throttled), audit.dataStreams, undefined, audit.datapoints);
  const seedBound = quotaLowerBound(acceptedCalls(seed.calls, seed.throttled), seed.dataStreams, undefined, seed.datapoints);

  const apis = [...new Set([...Object.keys(seed.calls), ...Object.keys(audit.calls)])].sort();
  console.log(`## P1 - demo fleet, ${latencyMs} ms per request, ${quotas ? "AWS quotas enforced" : "no quotas enforced"}, ${runs} run(s) each\n`);
  console.log("| API | seed script | kinesis-guard audit |");
  console.log("|---|---:|---:|");
  for (const api of apis) console.log(`| ${api} | ${seed.calls[api] ?? 0} | ${audit.calls[api] ?? 0} |`);
  console.log(`| **total** | **${seedTotal}** | **${auditTotal}** |\n`);
  console.log("| | seed script | kinesis-guard audit | ratio (seed / audit) |");
  console.log("|---|---:|---:|---:|");
  console.log(`| requests | ${seedTotal} | ${auditTotal} | ${ratio(seedTotal, auditTotal)} |`);
  console.log(`| wall time, median (s) | ${(seedWall / 1000).toFixed(1)} | ${(auditWall / 1000).toFixed(1)} | ${ratio(seedWall, auditWall)} |`);
  console.log(`| peak RSS, median (MB) | ${seedRss.toFixed(0)} | ${auditRss.toFixed(0)} | ${ratio(seedRss, auditRss)} |`);
  console.log(`| data streams / delivery streams in the report | ${seed.dataStreams} / ${seed.deliveryStreams} | ${audit.dataStreams} / ${audit.deliveryStreams} (+${audit.skipped} skipped with reason) | |`);
  const seedPer = seedTotal / Math.max(1, seed.dataStreams + seed.deliveryStreams);
  const auditPer = auditTotal / Math.max(1, audit.dataStreams + audit.deliveryStreams + audit.skipped);
  console.log(`| requests per resource in the report | ${seedPer.toFixed(1)} | ${auditPer.toFixed(2)} | ${ratio(seedPer, auditPer)} |`);
  console.log(`| AWS quota lower bound of these requests (s) | ${seedBound.seconds.toFixed(1)} (${seedBound.slowest}) | ${auditBound.seconds.toFixed(1)} (${auditBound.slowest}) | |`);
  console.log(`| throttled / collection errors | ${sum(Object.values(seed.throttled))} / ${seed.errorLines}+ ERROR log lines | ${sum(Object.values(audit.throttled))} / ${audit.collectionErrors} | |`);
  console.log("");
  console.log(`wall times (s): seed ${seedRuns.map((r) => (r.wallMs / 1000).toFixed(1)).join(", ")}; audit ${auditRuns.map((r) => (r.wallMs / 1000).toFixed(1)).join(", ")}`);
  console.log(`request counts identical across runs: seed ${stable(seedRuns)}, audit ${stable(auditRuns)}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ bench: "p1", latencyMs, runs, seedRuns, auditRuns, seedBound, auditBound }, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:p1 failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
