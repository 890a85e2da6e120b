/**
 * The dashboard at fleet scale, from a synthetic analysis shaped like the P2 fleets
 * (bench/p2-dashboard.ts measures the real ones, docs/benchmarks.md): N provisioned streams x 10
 * shards, half with shard-level metrics, one enhanced fan-out consumer each, N delivery streams,
 * with hourly lag, delivery success and data freshness series as the collector fetches them.
 * Its size grows linearly with the fleet, and the 1,000-stream page opens in headless Chromium with
 * only the hottest blocks open, the findings first, and filters that still answer.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { OPEN_BLOCKS } from "../../live-checks/report/dashboard-model";
import { DASHBOARD_FILE, renderReports, writeReports } from "../../live-checks/report/write-reports";
import type { Snapshot } from "../../live-checks/snapshot";
import { metric, type MetricSeries } from "../../rules/metric-requests";
import type { AlarmConfig } from "../../rules/model";
import { GIB, REGION, bytesAt, consumer, deliveryStream, evenShards, series, snapshotOf, stream } from "../fixtures/analysis/builders";
import { HOURS, streamAlarms } from "../fixtures/analysis/fleet";
import { launchChromium } from "../harness/chromium";

/** Hourly values around `base` with a daily swing of +-`amplitude` and a per-stream phase (deterministic). */
function daily(base: number, i: number, amplitude: number): number[] {
  return Array.from({ length: HOURS }, (_, h) => base * (1 + amplitude * Math.sin(((h + i) / 24) * 2 * Math.PI)));
}

export function syntheticFleet(n: number): Snapshot {
  const width = String(n).length;
  const streams = [];
  const consumers = [];
  const deliveryStreams = [];
  const metrics: MetricSeries[] = [];
  const alarms: AlarmConfig[] = [];
  for (let i = 0; i < n; i++) {
    const name = `stream-${String(i).padStart(width, "0")}`;
    const shards = evenShards(10);
    const enhanced = i % 2 === 0;
    // Every 50th stream runs hot and flat (95 % of capacity every hour: kds-under-provisioned, a high finding).
    const hot = i % 50 === 0;
    const util = hot ? 95 : 20 + (i % 40);
    const swing = hot ? 0 : 0.3;
    streams.push(stream(name, { shards, shardCount: 10, ...(enhanced ? { shardLevelMetrics: ["IncomingBytes", "IncomingRecords"] } : {}) }));
    consumers.push(consumer(name, `${name}-consumer-0`));
    metrics.push(
      series(metric.streamIncomingBytes(REGION, name), daily(bytesAt(util, 10), i, swing)),
      series(metric.streamIncomingRecords(REGION, name), daily(util * 10 * 3600, i, swing)),
      series(metric.streamWriteThrottled(REGION, name), [0]),
      // lag per hour, as the collector fetches it: a daily swing around a per-stream level
      series(metric.streamIteratorAgeMax(REGION, name), daily(400 + i, i, 0.5)),
      series(metric.consumerLagMax(REGION, name, `${name}-consumer-0`), daily(300 + i, i, 0.5)),
      series(metric.consumerLagAvg(REGION, name, `${name}-consumer-0`), [200]),
    );
    if (enhanced) for (const s of shards) metrics.push(series(metric.shardIncomingBytes(REGION, name, s.shardId), daily(bytesAt(util, 1), i, swing)));
    alarms.push(...streamAlarms(name));
    const ds = `delivery-${String(i).padStart(width, "0")}`;
    deliveryStreams.push(deliveryStream(ds));
    metrics.push(
      series(metric.firehoseRecords(REGION, ds, false), [HOURS * 60 * 500]),
      series(metric.firehoseBytes(REGION, ds, false), [3 * GIB]),
      // every attempt delivered (a flat 100 % line), the oldest record around the 300 s buffer interval
      series(metric.firehoseSuccessSum(REGION, ds, "DeliveryToS3"), Array.from({ length: HOURS }, () => 1000)),
      series(metric.firehoseSuccessCount(REGION, ds, "DeliveryToS3"), Array.from({ length: HOURS }, () => 1000)),
      series(metric.firehoseDataFreshnessMax(REGION, ds, "DeliveryToS3"), daily(300, i, 0.2)),
    );
    alarms.push({
      kind: "alarm",
      id: { ref: `arn:aws:cloudwatch:${REGION}:123456789012:alarm:${ds}`, displayName: ds, type: "aws:cloudwatch/metricAlarm:MetricAlarm" },
      name: ds,
      region: REGION,
      metrics: [{ namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: [{ name: "DeliveryStreamName", value: ds }] }],
      dependsOn: [],
    });
  }
  return snapshotOf({ streams, consumers, deliveryStreams, metrics, alarms });
}

const dir = mkdtempSync(join(tmpdir(), "kg-dash-scale-"));
const bytes = new Map<number, number>();
let browser: Browser;

beforeAll(async () => {
  for (const n of [250, 500]) bytes.set(n, Buffer.byteLength(renderReports(analyzeSnapshot(syntheticFleet(n), defaultConfig()), { outDir: dir }).files.get(DASHBOARD_FILE)!));
  await writeReports(analyzeSnapshot(syntheticFleet(1000), defaultConfig()), { outDir: dir });
  bytes.set(1000, statSync(join(dir, DASHBOARD_FILE)).size);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the dashboard of a 1,000-stream fleet", () => {
  it("grows linearly: the same bytes per stream at 250, 500 and 1,000 streams", () => {
    const perStream = [250, 500, 1000].map((n) => bytes.get(n)! / n);
    const added = (bytes.get(1000)! - bytes.get(500)!) / 500;
    for (const p of perStream) expect(Math.abs(p - added) / added).toBeLessThan(0.03);
    // reasonable: 11.4 MB with throughput charts only; the hourly lag (iterator age, one fan-out
    // consumer) and delivery (success, freshness) charts add ~5.2 kB per stream and delivery stream
    expect(bytes.get(1000)!).toBeLessThan(17.5e6);
  });

  it("opens in Chromium, findings first, only the hottest blocks open, filters answer", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const external: string[] = [];
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.route("**/*", (route) => {
      if (route.request().url().startsWith("file://")) return route.continue();
      external.push(route.request().url());
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, DASHBOARD_FILE)).href, { waitUntil: "load", timeout: 120_000 });
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator("html").getAttribute("data-js")).toBe("on");
    expect(await page.locator("tr.stream-row").count()).toBe(1000);
    expect(await page.locator("#heatmap details.stream-block").count()).toBe(1000);
    expect(await page.locator("#heatmap details.stream-block[open]").count()).toBe(OPEN_BLOCKS);
    expect(await page.locator("#trends details.trend-block[open]").count()).toBe(OPEN_BLOCKS);
    // lag per consumer in every stream's block; success and freshness per delivery stream, collapsed but the first few
    expect(await page.locator("#trends figure[data-chart=iterator-age] path.line").count()).toBe(1000);
    expect(await page.locator("#trends figure[data-chart=consumer-lag] path.line").count()).toBe(1000);
    expect(await page.locator("#delivery-trends details.delivery-trend-block").count()).toBe(1000);
    expect(await page.locator("#delivery-trends details.delivery-trend-block[open]").count()).toBe(OPEN_BLOCKS);
    expect(await page.locator("#delivery-trends figure[data-chart=delivery-freshness] path.line").count()).toBe(1000);
    // the 20 hot streams (every 50th) are the high findings, first on the page and first in the heatmap
    expect(await page.locator("tr.finding-row").first().getAttribute("data-sev")).toBe("high");
    expect((await page.locator("tr.finding-row").first().boundingBox())!.y).toBeLessThan(1000);
    expect(await page.locator("#heatmap details.stream-block h3").first().textContent()).toMatch(/^stream-\d{4}$/);
    expect(await page.locator("#heatmap details.stream-block[open] .sub").first().textContent()).toContain("peak 95 %");
    const started = Date.now();
    await page.locator(".controls[data-controls='streams-table'] input[data-key=q]").fill("stream-0999");
    expect(await page.locator("tr.stream-row:visible").count()).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.close();
  });
});
