/**
 * P2, scale: generated fleets (simulator/fleet-generator.ts: N Data Streams x 10 shards, half with
 * enhanced monitoring, one fan-out consumer each, plus N delivery streams) on the simulator with
 * AWS's published per-API quotas enforced and a per-request latency; `kinesis-guard audit` against
 * each. Wall time is reported as a ratio to the run's quota lower bound (bench/quota-bound.ts).
 *
 *   npm run bench:p2 -- [--sizes 100,1000] [--large] [--runs 1] [--latency-ms 30] [--json FILE]
 *
 * --large adds the 3,000-stream fleet (about 10 more minutes: 3,000 DescribeDeliveryStream calls
 * at Firehose's 5 TPS are 600 s on their own).
 */
import { writeFileSync } from "node:fs";
import { generateFleet } from "../simulator/fleet-generator";
import { startSimulator } from "../simulator";
import { runAudit, type AuditRun } from "./audit-run";
import { flag, median, sum } from "./measure";
import { acceptedCalls, quotaLowerBound, type QuotaBound } from "./quota-bound";

interface SizeResult {
  readonly streams: number;
  readonly deliveryStreams: number;
  readonly runs: (AuditRun & { calls: Record<string, number>; throttled: Record<string, number>; datapoints: Record<string, number>; bound: QuotaBound })[];
  readonly wallMedianMs: number;
  readonly boundSeconds: number;
  readonly rssMedianMb: number;
}

async function measureSize(streams: number, runs: number, latencyMs: number, log: (m: string) => void): Promise<SizeResult> {
  const scenario = generateFleet({ streams, shardsPerStream: 10, enhancedShare: 0.5, consumersPerStream: 1, deliveryStreams: streams });
  const sim = await startSimulator({ scenario, latencyMs, quotas: true });
  const out: SizeResult["runs"] = [];
  try {
    for (let i = 0; i < runs; i++) {
      log(`${streams} streams, run ${i + 1}/${runs}...`);
      sim.resetCounters();
      const audit = await runAudit(sim.endpoint);
      const calls = sim.calls();
      const throttled = sim.throttled();
      const datapoints = sim.datapoints();
      out.push({ ...audit, calls, throttled, datapoints, bound: quotaLowerBound(acceptedCalls(calls, throttled), audit.dataStreams, undefined, datapoints) });
    }
  } finally {
    await sim.close();
  }
  return {
    streams,
    deliveryStreams: streams,
    runs: out,
    wallMedianMs: median(out.map((r) => r.wallMs)),
    boundSeconds: median(out.map((r) => r.bound.seconds)),
    rssMedianMb: median(out.map((r) => r.maxRssKb)) / 1024,
  };
}

async function main(): Promise<void> {
  const sizes = flag("sizes", "100,1000")
    .split(",")
    .map((s) => Number(s.trim()));
  if (process.argv.includes("--large") && !sizes.includes(3000)) sizes.push(3000);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--sizes: give positive whole numbers separated by commas");
  const runs = Number(flag("runs", "1"));
  const latencyMs = Number(flag("latency-ms", "30"));
  const jsonOut = flag("json", "");
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs: give a whole number >= 1");
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error("--latency-ms: give a number >= 0");
  const log = (m: string) => process.stderr.write(`P2: ${m}\n`);

  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await measureSize(n, runs, latencyMs, log));

  console.log(`## P2 - generated fleets, AWS quotas enforced, ${latencyMs} ms per request, ${runs} run(s) per size\n`);
  console.log("| streams + delivery streams | requests | throttled | failed (collection errors) | quota bound (s), slowest API | wall median (s) | wall / bound | s per 100 streams | audit peak RSS (MB) |");
  console.log("|---:|---:|---:|---:|---|---:|---:|---:|---:|");
  for (const r of results) {
    const last = r.runs[r.runs.length - 1]!;
    const failed = r.runs.map((x) => x.collectionErrors + (x.complete ? 0 : 1));
    console.log(
      `| ${r.streams} + ${r.deliveryStreams} | ${sum(Object.values(last.calls))} | ${sum(Object.values(last.throttled))} | ${Math.max(...failed)} | ` +
        `${r.boundSeconds.toFixed(1)} (${last.bound.slowest}) | ${(r.wallMedianMs / 1000).toFixed(1)} | ${(r.wallMedianMs / 1000 / r.boundSeconds).toFixed(2)}x | ` +
        `${((r.wallMedianMs / 1000 / r.streams) * 100).toFixed(1)} | ${r.rssMedianMb.toFixed(0)} |`,
    );
  }
  for (const r of results) {
    const last = r.runs[r.runs.length - 1]!;
    console.log(`\n${r.streams} streams: requests per API ${JSON.stringify(last.calls)}; throttled ${JSON.stringify(last.throttled)}; datapoints asked ${JSON.stringify(last.datapoints)}`);
    console.log(`  bound per API (s): ${last.bound.perApi.map((b) => `${b.api} ${b.calls}/${b.tps}${b.per === "stream" ? " per stream" : ""} = ${b.seconds.toFixed(1)}`).join("; ")}`);
    console.log(`  audit peak RSS per run (MB): ${r.runs.map((x) => (x.maxRssKb / 1024).toFixed(0)).join(", ")}`);
    console.log(`  report: ${last.dataStreams} data streams, ${last.deliveryStreams} delivery streams, ${last.skipped} skipped; wall times (s) ${r.runs.map((x) => (x.wallMs / 1000).toFixed(1)).join(", ")}`);
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ bench: "p2", latencyMs, runs, results }, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:p2 failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
