/**
 * The dashboard in headless Chromium (test/harness/chromium.ts: Debian's or the npm-packaged one):
 * loaded from file:// with every non-file request blocked, the DOM holds the heatmap and stream rows,
 * hostile names are shown as text (no script runs), and a screenshot is not blank.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../harness/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { writeReports } from "../../live-checks/report/write-reports";
import { MAX_HEATMAP_COLUMNS } from "../../live-checks/report/dashboard-model";
import type { Snapshot } from "../../live-checks/snapshot";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";

const HOSTILE = `tele<script>window.__pwned=1</script>"m'etry<img src=x onerror="window.__pwned=2">`;

/** The fixture with the hot stream renamed to a hostile name (names come from AWS and tags: never trusted). */
function hostileSnapshot(): Snapshot {
  // Rename everywhere: JSON string values "telemetry" and the metric ids' StreamName=telemetry dimension.
  const json = JSON.stringify(fixtureSnapshot())
    .split('"telemetry"')
    .join(JSON.stringify(HOSTILE))
    .split("StreamName=telemetry")
    .join(`StreamName=${JSON.stringify(HOSTILE).slice(1, -1)}`);
  return JSON.parse(json) as Snapshot;
}

const dir = mkdtempSync(join(tmpdir(), "kg-dash-"));
let browser: Browser;
let page: Page;
const external: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const snap = hostileSnapshot();
  await writeReports(analyzeSnapshot(snap, defaultConfig()), { outDir: dir });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.on("dialog", (d) => {
    pageErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(pathToFileURL(join(dir, "throughput_utilization_dashboard.html")).href, { waitUntil: "load" });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("throughput_utilization_dashboard.html", () => {
  it("opens offline: no request leaves file://, no script runs", async () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
    // Browser-side code is passed as strings: the project's tsconfig has no DOM lib.
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
  });

  it("shows hostile names as text", async () => {
    const row = page.locator("tr.stream-row").filter({ hasText: "m'etry" });
    expect(await row.count()).toBe(1);
    expect(await row.locator("td").first().textContent()).toBe(HOSTILE);
  });

  it("draws the shard heatmap with the hot shard marked as the bottleneck", async () => {
    // hot stream: 4 shards (shard-level metrics); idle-archive: one stream-level row; broken: no data.
    // bottlenecks first: the hot stream (peak 70 %) above idle-archive (2 %), streams without data last.
    // quiet and silent are low-traffic: skipped by the metric rules, still analyzed and shown (issue 11).
    const blocks = await page.locator(".stream-block h3").allTextContents();
    expect(blocks).toEqual([HOSTILE, "idle-archive", "quiet", "broken", "silent"]);
    const rows = page.locator("tr.heat-row");
    expect(await rows.count()).toBe(6); // + quiet's stream-level row
    expect(await page.locator("td.cell").count()).toBe(6 * MAX_HEATMAP_COLUMNS);
    const hotBlock = page.locator(".stream-block").filter({ hasText: "m'etry" });
    expect(await hotBlock.locator("tr.heat-row[data-level=shard]").count()).toBe(4);
    const bottleneck = hotBlock.locator("tr.heat-row[data-bottleneck=true]");
    expect(await bottleneck.count()).toBe(1);
    expect(await bottleneck.locator("td.rowlabel").textContent()).toBe("shardId-000000000003");
    const utils = await bottleneck.locator("td.cell").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-util")));
    expect(new Set(utils)).toEqual(new Set(["70"]));
    // the cold shards render a different color than the hot one
    // computed, not inline: the color comes from a level class styled once in the page's <style>
    const colorOf = (loc: ReturnType<Page["locator"]>) => loc.first().evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(c).backgroundColor);
    const cold = hotBlock.locator("tr.heat-row:not([data-bottleneck]) td.cell");
    expect(await colorOf(cold)).not.toBe(await colorOf(bottleneck.locator("td.cell")));
    // tooltips only on hot cells (>= 80 %): the cold ones carry none
    expect(await cold.first().getAttribute("title")).toBeNull();
    expect(await cold.first().getAttribute("data-util")).toMatch(/^\d+(\.\d)?$/);
  });

  it("lists per-stream health and lag, findings with remediation, skipped resources", async () => {
    expect(await page.locator("tr.stream-row").count()).toBe(5);
    expect(await page.locator("tr.stream-row").filter({ hasText: "m'etry" }).locator("[data-health]").textContent()).toBe("70"); // hot shard (medium) + consumer lag (high since issue 11)
    expect(await page.locator("tr.consumer-row").filter({ hasText: "analytics" }).textContent()).toContain("lagging");
    expect(await page.locator("tr.finding-row").count()).toBe(8); // + quiet and silent: kds-alarms; silent: kds-idle-stream (issue 11)
    expect(await page.locator("tr.finding-row[data-rule=kds-hot-shard]").textContent()).toContain("297747071055821155530452781502797185024");
    expect(await page.locator("tr.skipped-row").count()).toBe(3);
    expect(await page.locator("#incomplete").count()).toBe(1);
    // missing coverage, most urgent first: quiet's and silent's stream alarms (low traffic does not hide
    // configuration gaps, issue 11), the delivery stream's alarms, the consumer's lag alarm
    expect(await page.locator("tr.alarm-row td:nth-child(1)").allTextContents()).toEqual(["1", "1", "1", "1", "1", "2", "2"]);
  });

  it("renders a screenshot that is not blank", async () => {
    const png = await page.screenshot({ fullPage: false });
    if (process.env.KG_SCREENSHOT) writeFileSync(process.env.KG_SCREENSHOT, png);
    const probe = await browser.newPage();
    const distinct = await probe.evaluate(`(async () => {
      const img = new Image();
      img.src = "data:image/png;base64,${png.toString("base64")}";
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const colors = new Set();
      for (let i = 0; i < data.length; i += 4) colors.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return colors.size;
    })()`);
    await probe.close();
    expect(Number(distinct)).toBeGreaterThan(50);
  });
});
