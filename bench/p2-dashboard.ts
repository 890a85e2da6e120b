/**
 * P2, dashboard size: the P2 fleets (simulator/fleet-generator.ts: N Data Streams x 10 shards, half
 * with enhanced monitoring, one fan-out consumer each, N delivery streams) audited by
 * `kinesis-guard audit` against the simulator (quotas off: only the reports matter here), then
 * throughput_utilization_dashboard.html measured: bytes (and gzip), bytes per section, and how it
 * opens in the tests' headless Chromium (load time, elements, blocks open).
 *
 *   npx tsx bench/p2-dashboard.ts [--sizes 250,500,1000] [--root DIR] [--json FILE]
 *
 * --root audits with another checkout's bin/kinesis-guard.js (e.g. an older commit unpacked with
 * `git archive`, node_modules linked), to compare dashboards before and after a change. The
 * audit's peak RSS (GNU time) is reported too; with quotas off it is not P2's figure under quotas.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { startSimulator } from "../simulator";
import { generateFleet } from "../simulator/fleet-generator";
import { launchChromium } from "../test/harness/chromium";
import { FAKE_AWS_ENV } from "./audit-run";
import { flag, runMeasured } from "./measure";

const ROOT = resolve(flag("root", resolve(__dirname, "..")));
const AUDIT_BIN = join(ROOT, "bin", "kinesis-guard.js");

interface SizeResult {
  readonly streams: number;
  readonly auditRssMb: number;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly bytesPerStream: number;
  readonly sections: Record<string, number>;
  readonly loadMs: number;
  readonly elements: number;
  readonly openBlocks: number;
  readonly blocks: number;
}

/** Bytes of each <section id=...> (and the head, styles included). */
function sectionBytes(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  const parts = html.split(/(?=<section id=")/);
  out.head = Buffer.byteLength(parts[0]!);
  for (const p of parts.slice(1)) out[/^<section id="([^"]+)"/.exec(p)![1]!] = Buffer.byteLength(p);
  return out;
}

async function measure(streams: number): Promise<SizeResult> {
  const scenario = generateFleet({ streams, shardsPerStream: 10, enhancedShare: 0.5, consumersPerStream: 1, deliveryStreams: streams });
  const sim = await startSimulator({ scenario, quotas: false });
  const out = mkdtempSync(join(tmpdir(), "kg-bench-dash-"));
  try {
    // Asynchronous: the simulator answers from this process's event loop.
    const r = await runMeasured(process.execPath, [AUDIT_BIN, "audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--out", out, "--no-progress"], { cwd: ROOT, env: FAKE_AWS_ENV });
    if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`audit exited ${r.exitCode}: ${r.stderrTail}`);
    const file = join(out, "throughput_utilization_dashboard.html");
    const html = readFileSync(file);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.route("**/*", (route) => (route.request().url().startsWith("file://") ? route.continue() : route.abort()));
      const t0 = Date.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 120_000 });
      const loadMs = Date.now() - t0;
      const counts = (await page.evaluate(`({ elements: document.getElementsByTagName("*").length, open: document.querySelectorAll("details.block[open]").length, blocks: document.querySelectorAll("details.block").length })`)) as { elements: number; open: number; blocks: number };
      return {
        streams,
        auditRssMb: Math.round(r.maxRssKb / 1024),
        bytes: html.length,
        gzipBytes: gzipSync(html).length,
        bytesPerStream: Math.round(html.length / streams),
        sections: sectionBytes(html.toString("utf8")),
        loadMs,
        elements: counts.elements,
        openBlocks: counts.open,
        blocks: counts.blocks,
      };
    } finally {
      await browser.close();
    }
  } finally {
    await sim.close();
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = flag("sizes", "250,500,1000").split(",").map((s) => Number(s.trim()));
  const results: SizeResult[] = [];
  for (const n of sizes) {
    process.stderr.write(`dashboard for ${n} streams...\n`);
    results.push(await measure(n));
  }
  const mb = (b: number) => (b / 1e6).toFixed(2);
  process.stdout.write(`audits by ${AUDIT_BIN}\n\n`);
  process.stdout.write("| streams (+ delivery streams) | dashboard | gzip | per stream | heatmap | trends | other sections | Chromium load | elements | blocks open | audit peak RSS |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const r of results) {
    const other = r.bytes - (r.sections.heatmap ?? 0) - (r.sections.trends ?? 0);
    process.stdout.write(`| ${r.streams} | ${mb(r.bytes)} MB | ${mb(r.gzipBytes)} MB | ${(r.bytesPerStream / 1000).toFixed(1)} kB | ${mb(r.sections.heatmap ?? 0)} MB | ${mb(r.sections.trends ?? 0)} MB | ${mb(other)} MB | ${(r.loadMs / 1000).toFixed(1)} s | ${r.elements.toLocaleString("en-US")} | ${r.openBlocks} of ${r.blocks} | ${r.auditRssMb} MB |\n`);
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    process.stdout.write(`${a.streams} -> ${b.streams} streams: +${((b.bytes - a.bytes) / (b.streams - a.streams) / 1000).toFixed(1)} kB per added stream\n`);
  }
  const json = flag("json", "");
  if (json) writeFileSync(json, JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`p2-dashboard: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
