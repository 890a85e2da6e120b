/**
 * Summarize a V8 .cpuprofile (node --cpu-prof, or bench/cpu-profile-hook.cjs): self time per
 * function and per source file, top N. Used to write down what dominated in docs/benchmarks.md.
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [--top 20]
 */
import { readFileSync } from "node:fs";
import { flag } from "./measure";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: [string, number][];
  readonly byFile: [string, number][];
}

/** Shorten node_modules and repo paths so the table stays readable. */
function shortUrl(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  const repo = url.indexOf("/work/main/");
  return repo >= 0 ? url.slice(repo + "/work/main/".length) : url || "(native)";
}

export function summarizeProfile(profile: CpuProfile, top: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id);
    if (!node) return;
    const url = shortUrl(node.callFrame.url);
    const name = `${node.callFrame.functionName || "(anonymous)"} ${url}:${node.callFrame.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    file.set(url, (file.get(url) ?? 0) + us);
  });
  const topOf = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]): [string, number] => [k, us / 1000]);
  return { totalMs: total / 1000, byFunction: topOf(fn), byFile: topOf(file) };
}

function main(): void {
  const file = process.argv[2];
  if (!file || file.startsWith("--")) throw new Error("usage: profile-summary FILE.cpuprofile [--top N]");
  const top = Number(flag("top", "20"));
  const s = summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, top);
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1)} %`;
  console.log(`total sampled: ${s.totalMs.toFixed(0)} ms`);
  console.log("\nself time by file:");
  for (const [k, ms] of s.byFile) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${pct(ms).padStart(7)}  ${k}`);
  console.log("\nself time by function:");
  for (const [k, ms] of s.byFunction) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${pct(ms).padStart(7)}  ${k}`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`profile-summary: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
