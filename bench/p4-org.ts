/**
 * P4, organization-wide (issue 16): generated organizations (simulator/fleet-generator.ts
 * generateOrganization: N accounts x 2 regions, 10 streams + 10 delivery streams per
 * account-region) on the simulated organization with AWS's per-API quotas enforced per account and
 * region and a per-request latency; `kinesis-guard audit --accounts FILE --region us-east-1
 * --region eu-west-1` (bin/kinesis-guard.js under GNU time) against each.
 *
 *   npm run bench:p4 -- [--accounts 25,100] [--concurrency 8] [--latency-ms 30] [--json FILE]
 *
 * Quota lower bound for concurrency C: each account-region's own bound (bench/quota-bound.ts on its
 * accepted calls: the two regions of an account are generated alike, so an account's calls are
 * split evenly between them) and the fan-out: no schedule of jobs d_i on C slots ends before
 * max(max d_i, sum d_i / C). The role hops (STS AssumeRole, one per account) have no published
 * quota and are not in the bound.
 *
 * Every size saves its snapshot set (--save-snapshot, as each job of a split organization does);
 * the last size's is split into 4 shards and merged back with --from-snapshot: the merged report
 * must equal the live run's byte for byte.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { generateOrganization } from "../simulator/fleet-generator";
import { startOrganizationSimulator } from "../simulator/organization";
import { BIN, FAKE_AWS_ENV } from "./audit-run";
import { flag, runMeasured, sum, type RunResult } from "./measure";
import { quotaLowerBound } from "./quota-bound";

const ROOT = path.resolve(__dirname, "..");
const REGIONS = ["us-east-1", "eu-west-1"] as const;
const MGMT = "100000000000";

interface SizeResult {
  readonly accounts: number;
  readonly accountRegions: number;
  readonly run: RunResult;
  readonly resources: number;
  readonly expectedResources: number;
  readonly requests: number;
  readonly throttled: number;
  readonly collectionErrors: number;
  readonly boundSeconds: number;
  readonly slowest: string;
  readonly mergeIdentical?: boolean;
  /** 1-minute load average of the machine before and after the audit (wall times on a shared machine need it). */
  readonly load: readonly [number, number];
}

function report(out: string): { data_streams: unknown[]; firehose_streams: unknown[]; collection: { errors: unknown[] } } {
  return JSON.parse(readFileSync(path.join(out, "kinesis_analysis.json"), "utf8")) as ReturnType<typeof report>;
}

async function measure(accounts: number, concurrency: number, latencyMs: number, checkMerge: boolean, log: (m: string) => void): Promise<SizeResult> {
  const org = generateOrganization({ accounts, regions: REGIONS, streamsPerRegion: 10, deliveryStreamsPerRegion: 10, managementAccountId: MGMT, externalId: "bench" });
  const sim = await startOrganizationSimulator({ organization: org, latencyMs, quotas: true });
  const dir = mkdtempSync(path.join(tmpdir(), "kg-bench-p4-"));
  try {
    const members = org.accounts.filter((a) => a.id !== MGMT).map((a) => a.id);
    writeFileSync(path.join(dir, "accounts.txt"), members.join("\n") + "\n");
    log(`${accounts} accounts x ${REGIONS.length} regions, concurrency ${concurrency}...`);
    const out = path.join(dir, "live");
    const args = [BIN, "audit", "--endpoint-url", sim.endpoint, "--accounts", path.join(dir, "accounts.txt"), ...REGIONS.flatMap((r) => ["--region", r])];
    args.push("--external-id", "bench", "--account-concurrency", String(concurrency), "--out", out, "--no-progress", "--fail-on", "none");
    // Every size saves its snapshot set (as a split run's jobs do), so the sizes' peaks compare like for like; the last one is also merged back.
    args.push("--save-snapshot", path.join(dir, "org.jsonl"));
    const loadBefore = loadavg()[0]!;
    const run = await runMeasured(process.execPath, args, { cwd: ROOT, env: { ...FAKE_AWS_ENV } });
    const loadAfter = loadavg()[0]!;
    if (run.exitCode !== 0) throw new Error(`audit exited ${run.exitCode}; stderr tail:\n${run.stderrTail}`);
    const r = report(out);
    const calls = sim.calls();
    const throttled = sim.throttled();
    // Per account-region bounds, then the fan-out bound over the C slots.
    const perJob = Object.values(sim.callsByAccount()).flatMap((c) => {
      if (Object.keys(c).length === 0) return [];
      const half = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v / REGIONS.length]));
      const b = quotaLowerBound(half, 10);
      return REGIONS.map(() => b);
    });
    const seconds = perJob.map((b) => b.seconds);
    const boundSeconds = Math.max(Math.max(...seconds), sum(seconds) / concurrency);
    let mergeIdentical: boolean | undefined;
    if (checkMerge) {
      const lines = readFileSync(path.join(dir, "org.jsonl"), "utf8").trim().split("\n");
      const [head, ...rest] = lines;
      const snaps = rest.slice(0, -1);
      mkdirSync(path.join(dir, "shards"));
      for (let s = 0; s < 4; s++) {
        const part = snaps.filter((_, i) => i % 4 === s);
        writeFileSync(path.join(dir, "shards", `shard-${s}.jsonl`), [head, ...part, JSON.stringify({ kind: "kinesis-guard-snapshot-set-end", snapshots: part.length })].join("\n") + "\n");
      }
      const merged = path.join(dir, "merged");
      const m = await runMeasured(process.execPath, [BIN, "audit", "--from-snapshot", path.join(dir, "shards"), "--out", merged, "--no-progress", "--fail-on", "none"], { cwd: ROOT, env: { ...FAKE_AWS_ENV } });
      if (m.exitCode !== 0) throw new Error(`merge exited ${m.exitCode}; stderr tail:\n${m.stderrTail}`);
      mergeIdentical = ["kinesis_analysis.json", "shard_optimization_plan.json", "consumer_lag_report.csv"].every((f) => readFileSync(path.join(out, f), "utf8") === readFileSync(path.join(merged, f), "utf8"));
    }
    return {
      accounts,
      accountRegions: accounts * REGIONS.length,
      run,
      resources: r.data_streams.length + r.firehose_streams.length,
      expectedResources: accounts * REGIONS.length * 20,
      requests: sum(Object.values(calls)),
      throttled: sum(Object.values(throttled)),
      collectionErrors: r.collection.errors.length,
      boundSeconds,
      slowest: perJob[0]?.slowest ?? "(none)",
      ...(mergeIdentical !== undefined ? { mergeIdentical } : {}),
      load: [loadBefore, loadAfter],
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = flag("accounts", "25,100")
    .split(",")
    .map((s) => Number(s.trim()));
  const concurrency = Number(flag("concurrency", "8"));
  const latencyMs = Number(flag("latency-ms", "30"));
  const jsonOut = flag("json", "");
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--accounts: give positive whole numbers separated by commas");
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("--concurrency: a whole number >= 1");
  const log = (m: string) => process.stderr.write(`P4: ${m}\n`);
  const results: SizeResult[] = [];
  for (const [i, n] of sizes.entries()) results.push(await measure(n, concurrency, latencyMs, i === sizes.length - 1, log));

  console.log(`## P4 - organizations (N accounts x 2 regions, 10 streams + 10 delivery streams each), AWS quotas per account-region, ${latencyMs} ms per request, --account-concurrency ${concurrency}\n`);
  console.log("| account-regions | resources reported / expected | requests | throttled | collection errors | quota bound (s), slowest API | wall (s) | wall / bound | audit CPU (s) | CPU-s per account-region | peak RSS (MB) |");
  console.log("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.accountRegions} | ${r.resources} / ${r.expectedResources} | ${r.requests} | ${r.throttled} | ${r.collectionErrors} | ${r.boundSeconds.toFixed(1)} (${r.slowest}) | ` +
        `${(r.run.wallMs / 1000).toFixed(1)} | ${(r.run.wallMs / 1000 / r.boundSeconds).toFixed(2)}x | ${r.run.cpuSeconds.toFixed(1)} | ${(r.run.cpuSeconds / r.accountRegions).toFixed(3)} | ${(r.run.maxRssKb / 1024).toFixed(0)} |`,
    );
  }
  const first = results[0]!;
  const last = results[results.length - 1]!;
  console.log(`\nLoad average (1 min) before -> after each audit: ${results.map((r) => `${r.accountRegions}: ${r.load[0].toFixed(1)} -> ${r.load[1].toFixed(1)}`).join("; ")} (${cpus().length} CPUs)`);
  console.log(`\nPeak RSS ${last.accountRegions} vs ${first.accountRegions} account-regions: ${(last.run.maxRssKb / first.run.maxRssKb).toFixed(2)}x`);
  if (last.mergeIdentical !== undefined) console.log(`Merged report from 4 snapshot shards identical to the single run (${last.accountRegions} account-regions): ${last.mergeIdentical ? "yes" : "NO"}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`P4 failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
