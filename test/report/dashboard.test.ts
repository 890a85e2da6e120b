/**
 * The dashboard in headless Chromium (test/harness/chromium.ts: Debian's or the npm-packaged one),
 * loaded from file:// with every non-file request blocked: findings come first under a sticky table
 * of contents, sorting / filters / search work with the page's one script and the page is complete
 * without it, the Content-Security-Policy runs no other script, charts are drawn where there is
 * data and say "no data" where there is none, health colours follow severity, the page fits 800 px
 * and prints; hostile names are shown as text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../harness/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { writeReports } from "../../live-checks/report/write-reports";
import { MAX_HEATMAP_COLUMNS } from "../../live-checks/report/dashboard-model";
import type { Snapshot } from "../../live-checks/snapshot";
import { dashboardSnapshot } from "./dashboard-fixture";

const HOSTILE = `tele<script>window.__pwned=1</script>"m'etry<img src=x onerror="window.__pwned=2">`;

/** The fixture with the hot stream renamed to a hostile name (names come from AWS and tags: never trusted). */
function hostileSnapshot(): Snapshot {
  // Rename everywhere: JSON string values "telemetry" and the metric ids' StreamName=telemetry dimension.
  const json = JSON.stringify(dashboardSnapshot())
    .split('"telemetry"')
    .join(JSON.stringify(HOSTILE))
    .split("StreamName=telemetry")
    .join(`StreamName=${JSON.stringify(HOSTILE).slice(1, -1)}`);
  return JSON.parse(json) as Snapshot;
}

/** Hours a chart line passes through: one per "M" and "l" step, n per "h<n>" (a flat run; "h.05" keeps a lone hour visible). */
function hoursDrawn(d: string): number {
  let n = 0;
  for (const [, cmd, a] of d.matchAll(/([Mlh])(-?[\d.]+)/g)) n += cmd === "h" ? (a === ".05" ? 0 : Number(a)) : 1;
  return n;
}

const dir = mkdtempSync(join(tmpdir(), "kg-dash-"));
const file = join(dir, "throughput_utilization_dashboard.html");
let browser: Browser;
let page: Page;
const external: string[] = [];
const pageErrors: string[] = [];

/** A page on `path` with every non-file request refused (recorded in `blocked`). */
async function open(ctx: BrowserContext | Browser, path: string, blocked: string[] = [], errors: string[] = []): Promise<Page> {
  const p = await ctx.newPage();
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await p.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  await p.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return p;
}

// Browser-side code is passed as strings: the project's tsconfig has no DOM lib.
const visibleRows = (sel: string) => page.locator(`${sel}:visible`);

beforeAll(async () => {
  await writeReports(analyzeSnapshot(hostileSnapshot(), defaultConfig()), { outDir: dir });
  browser = await launchChromium();
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await open(ctx, file, external, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("throughput_utilization_dashboard.html", () => {
  it("opens offline: no request leaves file://, only the page's own script runs", async () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.locator("html").getAttribute("data-js")).toBe("on");
    expect(await page.locator("img").count()).toBe(0);
  });

  it("shows hostile names as text", async () => {
    const row = page.locator("tr.stream-row").filter({ hasText: "m'etry" });
    expect(await row.count()).toBe(1);
    expect(await row.locator("td").first().textContent()).toBe(HOSTILE);
    expect(await page.locator("#trends figcaption").filter({ hasText: "m'etry" }).first().textContent()).toContain(HOSTILE);
  });

  it("puts the findings first: right under the summary, on the first screen, before the heatmap", async () => {
    const order = await page.evaluate(`[...document.querySelectorAll("main > section")].map((s) => s.id)`);
    expect((order as string[]).slice(0, 2)).toEqual(["summary", "findings"]);
    expect((order as string[]).indexOf("findings")).toBeLessThan((order as string[]).indexOf("heatmap"));
    const first = await page.locator("tr.finding-row").first().boundingBox();
    expect(first!.y + first!.height).toBeLessThan(1000);
    // what is broken, where: the first group is a high finding, with its fix and its stub files
    expect(await page.locator("tr.finding-row").first().getAttribute("data-sev")).toBe("high");
    expect(await page.locator("tr.finding-row").first().locator("td.stubs a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual([
      expect.stringMatching(/^remediation\/.+\.ts$/),
      expect.stringMatching(/^remediation\/.+\.sh$/),
    ]);
  });

  it("keeps the table of contents on screen while scrolling, and its links reach their sections", async () => {
    await page.locator("nav.toc a[href='#heatmap']").click();
    const nav = await page.locator("nav.toc").boundingBox();
    expect(nav!.y).toBe(0);
    const heading = await page.locator("#heatmap h2").boundingBox();
    expect(heading!.y).toBeGreaterThanOrEqual(nav!.height - 1);
    expect(heading!.y).toBeLessThan(300);
    await page.evaluate("window.scrollTo(0, 0)");
  });

  it("sorts the findings by a column (ungrouped), back to the grouped order on the third click", async () => {
    const impact = page.locator("#findings-table th button.sort").filter({ hasText: "$/month" });
    const cells = () => page.locator("#findings-table tr.finding-row td.num").evaluateAll((tds) => tds.map((td) => td.textContent));
    const before = await page.locator("#findings-table tr.finding-row").evaluateAll((rs) => rs.map((r) => r.textContent));
    await impact.click(); // ascending: amounts up, no amount last
    expect(await page.locator("#findings-table").getAttribute("class")).toContain("flat");
    expect(await visibleRows("#findings-table tr.group-head").count()).toBe(0);
    const asc = await cells();
    // issue 11: clicks-od's kds-on-demand-steady saving is $30.10 (was $29.47: on-demand bills each
    // record rounded up to 1 KiB), and the new kds-idle-stream finding on "silent" saves $21.90.
    expect(asc.slice(0, 4)).toEqual(["$0.25", "$21.90", "$30.10", "$76.65"]);
    expect(asc.slice(4).every((c) => c === "")).toBe(true);
    await impact.click(); // descending
    expect((await cells()).slice(0, 4)).toEqual(["$76.65", "$30.10", "$21.90", "$0.25"]);
    await impact.click(); // the page's order
    expect(await page.locator("#findings-table tr.finding-row").evaluateAll((rs) => rs.map((r) => r.textContent))).toEqual(before);
    expect(await visibleRows("#findings-table tr.group-head").count()).toBeGreaterThan(0);
  });

  it("filters the findings by severity, rule and resource, and searches them", async () => {
    const box = page.locator(".controls[data-controls='findings-table']");
    expect(await box.isVisible()).toBe(true);
    const total = await page.locator("#findings-table tr.finding-row").count();
    await box.locator("select[data-key=sev]").selectOption("high");
    const high = visibleRows("#findings-table tr.finding-row");
    // 3, was 2 (issue 11): kds-consumer-lag (the hostile-named stream's "analytics") is high severity now
    expect(await high.count()).toBe(3);
    expect(new Set(await high.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-sev"))))).toEqual(new Set(["high"]));
    expect(await visibleRows("#findings-table tr.group-head").count()).toBe(3);
    expect(await box.locator("output").textContent()).toBe(`3 of ${total} shown`);
    await box.locator("select[data-key=sev]").selectOption("");
    await box.locator("select[data-key=rule]").selectOption("kds-hot-shard");
    expect(await visibleRows("#findings-table tr.finding-row").count()).toBe(1);
    expect(await visibleRows("#findings-table tr.finding-row").textContent()).toContain("shardId-000000000003");
    await box.locator("select[data-key=rule]").selectOption("");
    await box.locator("input[data-key=resource]").fill("slow-r");
    expect(await visibleRows("#findings-table tr.finding-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-rule")))).toEqual(["kds-iterator-age"]);
    await box.locator("button[data-reset]").click();
    await box.locator("input[data-key=q]").fill("UpdateShardCount");
    const hits = await visibleRows("#findings-table tr.finding-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-rule")));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(total);
    await box.locator("button[data-reset]").click();
    expect(await visibleRows("#findings-table tr.finding-row").count()).toBe(total);
  });

  it("sorts and filters the stream table", async () => {
    await page.locator("#streams-table th button.sort").filter({ hasText: "Health" }).click();
    const health = await page.locator("#streams-table tr.stream-row td[data-health]").allTextContents();
    expect(health.map(Number)).toEqual([...health.map(Number)].sort((a, b) => a - b));
    await page.locator(".controls[data-controls='streams-table'] select[data-key=sev]").selectOption("high");
    expect(new Set(await visibleRows("#streams-table tr.stream-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-stream"))))).toEqual(new Set(["saturated", "slow-reader", HOSTILE])); // HOSTILE: consumer lag is high since issue 11
    await page.locator(".controls[data-controls='streams-table'] select[data-key=sev]").selectOption("");
  });

  it("draws the shard heatmap with the hot shard marked; the hottest streams open", async () => {
    // bottlenecks first: saturated (95 %), the hot stream (70 %), slow-reader (30 %), idle-archive (2 %), then no data
    const blocks = await page.locator(".stream-block h3").allTextContents();
    // issue 11: low-traffic "quiet" and "silent" are analyzed streams now, so they have blocks too
    expect(blocks).toEqual(["saturated", HOSTILE, "slow-reader", "idle-archive", "quiet", "broken", "clicks-od", "silent"]);
    expect(await page.locator(".stream-block[open]").count()).toBe(8); // fewer than OPEN_BLOCKS: all open
    const rows = page.locator("tr.heat-row");
    // 8, was 7 (issue 11): "quiet", now analyzed, has a whole-stream utilization row
    expect(await rows.count()).toBe(8);
    expect(await page.locator(".heat tbody td:not(.rowlabel):not(.peak)").count()).toBe(8 * MAX_HEATMAP_COLUMNS);
    const hotBlock = page.locator(".stream-block").filter({ hasText: "m'etry" });
    expect(await hotBlock.locator("tr.heat-row[data-level=shard]").count()).toBe(4);
    const bottleneck = hotBlock.locator("tr.heat-row[data-bottleneck=true]");
    expect(await bottleneck.count()).toBe(1);
    expect(await bottleneck.locator("td.rowlabel").textContent()).toBe("shardId-000000000003");
    const cells = "td:not(.rowlabel):not(.peak)";
    expect(new Set(await bottleneck.locator(cells).allTextContents())).toEqual(new Set(["70"]));
    // computed, not inline: the color comes from a level class styled once in the page's <style>
    const colorOf = (loc: ReturnType<Page["locator"]>) => loc.first().evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(c).backgroundColor);
    const cold = hotBlock.locator(`tr.heat-row:not([data-bottleneck]) ${cells}`);
    expect(await colorOf(cold)).not.toBe(await colorOf(bottleneck.locator(cells)));
    // tooltips only on hot cells (>= 80 %): the cold ones carry none, their label is the rounded %
    expect(await cold.first().getAttribute("title")).toBeNull();
    expect(await cold.first().textContent()).toMatch(/^\d+$/);
    expect(await page.locator(".stream-block").filter({ has: page.locator("h3", { hasText: "saturated" }) }).locator("td.hot").first().getAttribute("title")).toMatch(/peak 95\.0 % of write capacity$/);
  });

  it("draws hourly charts where there is data and says no data where there is none", async () => {
    const block = (name: string) => page.locator(".trend-block").filter({ has: page.locator("h3", { hasText: name }) });
    for (const name of ["saturated", "m'etry", "slow-reader", "idle-archive", "clicks-od"]) {
      const chart = block(name).locator("figure[data-chart=throughput]");
      expect(await chart.locator("svg path.line").count(), name).toBe(1);
      expect(hoursDrawn((await chart.locator("svg path.line").getAttribute("d")) ?? ""), name).toBeGreaterThan(100);
      const box = await chart.locator("svg").boundingBox();
      expect(box!.width, name).toBeGreaterThan(300);
    }
    const sat = block("saturated").locator("figure[data-chart=throughput] svg");
    expect(await sat.locator("line.ref-warn").count()).toBe(1); // the 80 % line
    expect(await sat.locator("line.ref-cap").count()).toBe(1); // capacity
    expect(await sat.locator("circle.mk title").textContent()).toBe("busiest minute: 130 % of capacity");
    expect(((await sat.locator("path.line").getAttribute("d")) ?? "").match(/M/g)).toHaveLength(2); // the 10-hour gap
    expect(await block("clicks-od").locator("figure[data-chart=throughput] line").count()).toBe(0); // on-demand: no capacity line
    const broken = block("broken").locator("figure[data-chart=throughput]");
    expect(await broken.locator("svg").count()).toBe(0);
    expect(await broken.locator(".nodata-text").textContent()).toMatch(/^no data/);
    // lag per consumer, hourly: the polling consumers' iterator age and the fan-out consumer's MillisBehindLatest, each with its rule's limit
    const age = block("slow-reader").locator("figure[data-chart=iterator-age] svg");
    expect(((await age.locator("path.line").getAttribute("d")) ?? "").match(/M/g)).toHaveLength(2); // the 10-hour gap
    expect(await age.locator("text.rl.ref-warn").textContent()).toBe("limit 1.0 min");
    expect(await block("slow-reader").locator("figure[data-chart=consumer-lag]").count()).toBe(0); // no fan-out consumer
    const lag = block("m'etry").locator("figure[data-chart=consumer-lag]");
    expect(await lag.locator("figcaption").textContent()).toContain("analytics");
    expect(await lag.locator("svg path.line").count()).toBe(1);
    expect(await lag.locator(".chart-summary").textContent()).toContain("at or above limit 5.0 s in 1 h");
    expect(await block("idle-archive").locator("figure[data-chart=consumer-lag], figure[data-chart=iterator-age]").count()).toBe(0); // no consumer seen
    // Firehose, per delivery stream: success drawn above its floor, freshness "no data" (CloudWatch had none)
    const ds = page.locator("#delivery-trends .delivery-trend-block[data-delivery-stream=clicks-to-s3]");
    expect(await ds.getAttribute("open")).not.toBeNull();
    expect(await ds.locator("figure[data-chart=delivery-success] svg path.line").count()).toBe(1);
    expect(await ds.locator("figure[data-chart=delivery-success] text.rl.ref-warn").textContent()).toBe("limit 99 %");
    expect(await ds.locator("figure[data-chart=delivery-freshness][data-nodata] svg").count()).toBe(0);
    expect(await ds.locator("figure[data-chart=delivery-freshness] .nodata-text").textContent()).toBe("no data per hour: no DeliveryToS3.DataFreshness datapoint in the window");
  });

  it("colours health by severity: the stream with a high finding is red at score 80", async () => {
    const cell = (name: string) => page.locator(`#streams-table tr.stream-row[data-stream="${name}"] td[data-health]`);
    expect(await cell("saturated").textContent()).toBe("80");
    expect(await cell("saturated").getAttribute("data-tone")).toBe("bad");
    const bg = (name: string) => cell(name).evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(c).backgroundColor);
    expect(await bg("saturated")).toBe("rgb(254, 226, 226)");
    expect(await bg("broken")).toBe("rgb(220, 252, 231)");
    // amber, was blue (issue 11, spec severities): kds-over-provisioned is medium, no longer low
    expect(await bg("idle-archive")).toBe("rgb(254, 243, 199)");
  });

  it("lists lag of every consumer kind, the cost table, findings with remediation, skipped resources", async () => {
    expect(await page.locator("tr.consumer-row").count()).toBe(4);
    expect(await page.locator("tr.consumer-row[data-kind=polling][data-flag=lagging]").textContent()).toContain("slow-reader");
    expect(await page.locator("tr.consumer-row[data-kind=enhanced-fan-out]").filter({ hasText: "analytics" }).textContent()).toContain("lagging");
    expect(await page.locator(".card").filter({ hasText: "Lagging consumers" }).locator(".v").textContent()).toBe("2 / 4");
    expect(await page.locator("tr.cost-row[data-resource=idle-archive] td").nth(4).textContent()).toBe("$76.65");
    // $128.90, was $106.37 (issue 11): $76.65 + $30.10 (on-demand, 1 KiB per record; was $29.47)
    // + $21.90 (new kds-idle-stream on "silent") + $0.25; the table and the summary card agree
    expect(await page.locator("#cost-table [data-total-savings]").textContent()).toBe("$128.90");
    expect(await page.locator(".card").filter({ hasText: "Est. monthly savings" }).locator(".v").textContent()).toBe("$128.90");
    // 11, was 8 (issue 11): low-traffic "quiet" (kds-alarms) and "silent" (kds-alarms,
    // kds-idle-stream) are analyzed by the configuration rules now
    expect(await page.locator("tr.finding-row").count()).toBe(11);
    expect(await page.locator("tr.finding-row[data-rule=kds-hot-shard]").textContent()).toContain("297747071055821155530452781502797185024");
    expect(await page.locator("tr.skipped-row").count()).toBe(3);
    expect(await page.locator("#incomplete").count()).toBe(1);
    // issue 11: kds-alarms now runs on low-traffic "quiet" and "silent", each with its two priority-1
    // alarms (iterator age, WriteProvisionedThroughputExceeded)
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

describe("without JavaScript", () => {
  it("is complete and readable: every finding, group, table row and chart, no dead controls", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, javaScriptEnabled: false });
    try {
      const p = await open(ctx, file);
      expect(await p.locator("html").getAttribute("data-js")).toBeNull();
      expect(await p.locator("tr.finding-row:visible").count()).toBe(11); // was 8: quiet and silent's findings (issue 11)
      // issue 11: quiet and silent are analyzed (configuration rules) and have findings: 8 groups, 8 streams, 9 cost rows
      expect(await p.locator("tr.group-head:visible").count()).toBe(8);
      expect(await p.locator("tr.stream-row:visible").count()).toBe(8);
      expect(await p.locator("tr.consumer-row:visible").count()).toBe(4);
      expect(await p.locator("tr.cost-row:visible").count()).toBe(9);
      expect(await p.locator(".controls:visible").count()).toBe(0);
      expect(await p.locator("th button.sort").count()).toBe(0);
      expect(await p.locator("figure[data-chart=throughput] svg:visible").count()).toBe(6); // was 5: "quiet"'s chart (analyzed since issue 11)
      expect(await p.locator("figure[data-chart=throughput] svg path.line").count()).toBe(6); // was 5: "quiet"'s line
      expect(await p.locator("nav.toc a").count()).toBeGreaterThan(8);
    } finally {
      await ctx.close();
    }
  });
});

describe("Content-Security-Policy", () => {
  it("runs no other script: injected elements, handlers, javascript: URLs and scripts added at run time are blocked", async () => {
    const html = readFileSync(file, "utf8");
    const injected = join(dir, "injected.html");
    const payload = [
      `<script>window.__injected = "inline";</script>`,
      `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__injected = 'handler'">`,
      `<svg onload="window.__injected = 'svg'"></svg>`,
      `<iframe src="javascript:parent.__injected = 'iframe'"></iframe>`,
      // a copy of the page's own script with one change: its hash no longer matches
      `<script>${/<script>([\s\S]*?)<\/script>/.exec(html)![1]!.replace('"data-js", "on"', '"data-js", "evil"')}</script>`,
    ].join("\n");
    writeFileSync(injected, html.replace("<main>", `<main>${payload}`));
    const console: string[] = [];
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      p.on("console", (m) => console.push(m.text()));
      await p.route("**/*", (route) => (route.request().url().startsWith("file://") || route.request().url().startsWith("data:") ? route.continue() : route.abort()));
      await p.goto(pathToFileURL(injected).href, { waitUntil: "load" });
      await p.evaluate("new Promise((r) => setTimeout(r, 100))");
      expect(await p.evaluate("typeof window.__injected")).toBe("undefined");
      expect(await p.locator("html").getAttribute("data-js")).toBe("on"); // the page's own script ran, the altered copy did not
      expect(console.some((m) => /Content Security Policy/i.test(m))).toBe(true);
      // a script element added at run time is refused too
      expect(await p.evaluate(`(() => { const s = document.createElement("script"); s.textContent = "window.__dyn = 1"; document.body.appendChild(s); return typeof window.__dyn; })()`)).toBe("undefined");
    } finally {
      await ctx.close();
    }
  });
});

describe("800 px wide and print", () => {
  it("fits 800 px: no sideways scrolling of the page, the findings table fits its box", async () => {
    const ctx = await browser.newContext({ viewport: { width: 800, height: 1000 } });
    try {
      const p = await open(ctx, file);
      expect(await p.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(800);
      const wrap = p.locator("#findings .table-wrap");
      const [scroll, client] = (await wrap.evaluate((w) => [w.scrollWidth, w.clientWidth])) as [number, number];
      expect(scroll).toBeLessThanOrEqual(client);
      const first = await p.locator("tr.finding-row").first().boundingBox();
      expect(first!.y).toBeLessThan(1000); // still on the first screen
      expect((await p.locator("nav.toc").boundingBox())!.height).toBeLessThan(80);
    } finally {
      await ctx.close();
    }
  });

  it("prints: no navigation or controls, the findings and charts stay", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const p = await open(ctx, file);
      await p.emulateMedia({ media: "print" });
      expect(await p.locator("nav.toc").isVisible()).toBe(false);
      expect(await p.locator(".controls:visible").count()).toBe(0);
      expect(await p.locator("tr.finding-row:visible").count()).toBe(11); // was 8: quiet and silent's findings (issue 11)
      expect(await p.locator("figure[data-chart=throughput] svg:visible").count()).toBeGreaterThan(0);
      const pdf = await p.pdf({ format: "A4" });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await ctx.close();
    }
  });
});
