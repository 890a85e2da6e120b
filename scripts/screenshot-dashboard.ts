/**
 * Screenshots of a rendered dashboard, for the README (docs/dashboard-1400.png, docs/dashboard-800.png):
 *
 *   npm run demo && npx tsx scripts/screenshot-dashboard.ts [kinesis-audit/throughput_utilization_dashboard.html] [--out docs] [--full]
 *
 * Opens the file in the tests' headless Chromium (test/harness/chromium.ts) with every non-file
 * request refused, at 1,400 and 800 px wide, and writes the first screen of each (what the person on
 * call sees first) as PNG; --full captures the whole page instead.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../test/harness/chromium";

const WIDTHS = [
  { width: 1400, height: 1000 },
  { width: 800, height: 1100 },
] as const;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIdx = args.indexOf("--out");
  const outDir = resolve(outIdx >= 0 ? args[outIdx + 1]! : "docs");
  const full = args.includes("--full");
  const file = resolve(args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--out") ?? "kinesis-audit/throughput_utilization_dashboard.html");
  mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const viewport of WIDTHS) {
      const page = await browser.newPage({ viewport });
      await page.route("**/*", (route) => (route.request().url().startsWith("file://") ? route.continue() : route.abort()));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      const path = join(outDir, `dashboard-${viewport.width}.png`);
      await page.screenshot({ path, fullPage: full });
      process.stdout.write(`${path}\n`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshot-dashboard: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
