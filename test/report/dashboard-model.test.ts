/**
 * The dashboard's view-model without a browser: what the analysis keeps for the charts, the health
 * colour, the charts' geometry, consumer lag of every kind (dashboard and CSV), the cost table's
 * consistency with the findings, stub links and the CSP hash of the inline script.
 */
import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig, type KinesisGuardConfig } from "../../live-checks/config-file";
import { consumerLagRows, POLLING_CONSUMERS } from "../../live-checks/report/consumer-lag";
import { costTable } from "../../live-checks/report/cost-table";
import { OPEN_BLOCKS, toDashboardModel } from "../../live-checks/report/dashboard-model";
import { dashboardScript, inlineScript } from "../../live-checks/report/dashboard-script";
import { healthTone } from "../../live-checks/report/format";
import { LAG_CSV_COLUMNS, renderLagCsv, toLagRows } from "../../live-checks/report/lag-csv";
import { lineChart, niceCeil, niceDuration } from "../../live-checks/report/svg-chart";
import { DASHBOARD_FILE, renderReports } from "../../live-checks/report/write-reports";
import { loadTemplates } from "../../live-checks/report/templates";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOURLY, metric, type MetricSeries } from "../../rules/metric-requests";
import { HOURS_PER_MONTH } from "../../rules/pricing";
import { REGION, WINDOW_START, failed } from "../fixtures/analysis/builders";
import { ATTEMPT_GAP, DIP_HOUR, GAP, LAG_GAP, LAG_PEAK_HOUR, PEAK_MINUTE_HOUR, PEAK_MINUTE_PERCENT, dashboardSnapshot } from "./dashboard-fixture";

const analysis = analyzeSnapshot(dashboardSnapshot(), defaultConfig());
const model = toDashboardModel(analysis);
const streamOf = (name: string) => analysis.streams.find((r) => r.stream.name === name)!;

describe("what the analysis keeps for the charts (the snapshot's series are gone when reports render)", () => {
  it("keeps the busiest minute where minute peaks were collected, and nothing where they were not", () => {
    expect(streamOf("saturated").writeUtilization!.peakMinute!.hour).toBe(WINDOW_START + PEAK_MINUTE_HOUR * HOURLY);
    expect(streamOf("saturated").writeUtilization!.peakMinute!.percent).toBeCloseTo(PEAK_MINUTE_PERCENT, 6);
    expect(streamOf("idle-archive").writeUtilization).toBeDefined();
    expect(streamOf("idle-archive").writeUtilization!.peakMinute).toBeUndefined();
  });

  it("keeps hourly bytes/s for every stream with traffic (the on-demand chart), with gaps as gaps", () => {
    const od = streamOf("clicks-od").hourlyBytesPerSecond!;
    expect(od.size).toBe(168);
    expect(od.get(WINDOW_START)).toBeCloseTo((200 * 1_048_576) / 3600, 6);
    const sat = streamOf("saturated").hourlyBytesPerSecond!;
    expect(sat.size).toBe(168 - (GAP.to - GAP.from + 1));
    expect(sat.get(WINDOW_START + GAP.from * HOURLY)).toBeUndefined();
    expect(streamOf("broken").hourlyBytesPerSecond).toBeUndefined();
  });
});

describe("health colour", () => {
  it("is never green with a high finding, and takes the worse of score band and worst finding", () => {
    expect(healthTone(80, "high")).toBe("bad");
    expect(healthTone(100, "high")).toBe("bad");
    expect(healthTone(80, "medium")).toBe("warn");
    expect(healthTone(95, "low")).toBe("minor");
    expect(healthTone(70, "low")).toBe("warn");
    expect(healthTone(40, "low")).toBe("bad");
    expect(healthTone(100, null)).toBe("good");
  });

  it("colours the 95 %-utilized stream with a high finding red although its score is 80", () => {
    const row = [...model.streams].find((s) => s.name === "saturated")!;
    expect(row.health).toBe(80);
    expect(row.tone).toBe("bad");
    expect([...model.streams].find((s) => s.name === "broken")!.tone).toBe("good");
  });
});

describe("hourly line charts", () => {
  const hours = 168;
  const values = new Map<number, number>();
  for (let i = 0; i < hours; i++) if (i < 10 || i > 20) values.set(WINDOW_START + i * 3600, 40 + (i % 5));
  values.set(WINDOW_START + 15 * 3600, 50); // a lone hour inside the gap
  const chart = lineChart({ title: "t", kind: "throughput", windowStart: WINDOW_START, hours, values, format: (x) => `${Math.round(x)} %`, refLines: [{ value: 80, label: "80 %", cls: "ref-warn" }], minYMax: 100, marker: { hour: WINDOW_START + 100 * 3600, value: 130, label: "busiest minute" }, noData: "no data" });

  it("breaks the line at hours without data (never drawn as zero)", () => {
    expect(chart.hasData).toBe(true);
    expect(chart.path.match(/M/g)).toHaveLength(3);
    expect(chart.path).toContain("M15,"); // the lone hour, in hour units
    expect(chart.path).toContain("h.05"); // ... stays visible
    expect(chart.path).toMatch(/^[Mlh0-9.,-]+$/);
  });

  it("puts every hour with data at its value (relative steps do not drift)", () => {
    const ys = new Map<number, number>();
    let x = 0;
    let y = 0;
    for (const [, cmd, a, b] of chart.path.matchAll(/([Mlh])(-?[\d.]+)(?:,?(-?[\d.]+))?/g)) {
      if (cmd === "h") {
        // "h<n>": n more hours at the same y ("h.05" only keeps a lone hour visible)
        for (let k = 0; k < (a === ".05" ? 0 : Number(a)); k++) ys.set(++x, y);
        continue;
      }
      x = cmd === "M" ? Number(a) : x + Number(a);
      y = cmd === "M" ? Number(b) : y + Number(b);
      ys.set(x, y);
    }
    expect(ys.size).toBe(values.size);
    for (const [hour, v] of values) expect(ys.get((hour - WINDOW_START) / 3600)! / 10).toBeCloseTo(140 - (v / 150) * 130, 1); // y in tenths of a pixel
  });

  it("scales to the marker and the reference lines, and says the chart in words", () => {
    expect(chart.yTicks.map((t) => t.label)).toEqual(["0 %", "75 %", "150 %"]);
    expect(chart.marker).toBeDefined();
    expect(chart.marker!.y).toBeLessThan(chart.lines[0]!.y); // 130 % above the 80 % line
    expect(chart.summary).toContain("at or above 80 % in 0 h");
    expect(chart.summary).toContain(`${hours - 11 + 1} of ${hours} h with data`);
  });

  it("says no data without a datapoint", () => {
    const none = lineChart({ title: "t", kind: "iterator-age", windowStart: WINDOW_START, hours, values: undefined, format: String, noData: "no data per hour: x" });
    expect(none.hasData).toBe(false);
    expect(none.path).toBe("");
    expect(none.noData).toMatch(/^no data/);
  });

  it("picks round axis tops, and round durations for times", () => {
    expect([0.9, 1, 1.01, 105, 137, 3.1e6].map(niceCeil)).toEqual([1, 1, 1.2, 120, 150, 4e6]);
    // ms: 63 s -> 2 min (labels 0, 1 min, 2 min), 226.8 s -> 5 min, 12.6 s -> 20 s
    expect([63_000, 226_800, 12_600, 450].map(niceDuration)).toEqual([120_000, 300_000, 20_000, 500]);
  });

  it("draws a flat stretch as one horizontal step per run (h<n>), at the same hours and values", () => {
    const flat = new Map<number, number>();
    for (let i = 0; i < hours; i++) if (i !== 50) flat.set(WINDOW_START + i * 3600, i === 100 ? 80 : 100);
    const c = lineChart({ title: "t", kind: "delivery-success", windowStart: WINDOW_START, hours, values: flat, format: String, refLines: [{ value: 99, label: "limit", cls: "ref-warn", floor: true }], yRange: { min: 50, max: 100 }, noData: "no data" });
    // 0-49 flat, gap at 50, 51-99 flat, down to 80 at 100, back up, 101-167 flat
    expect(c.path).toBe("M0,100h49M51,100h48l1,520l1-520h66"); // y in tenths of a pixel: 10 px, 62 px
    expect(c.yTicks.map((t) => t.label)).toEqual(["50", "75", "100"]);
    // against a floor the summary names the lowest hour and counts the hours below it
    expect(c.summary).toMatch(/^lowest 80 \(/);
    expect(c.summary).toContain("below limit in 1 h");
  });

  it("draws throughput against capacity for provisioned streams, bytes/s on-demand, no data where none", () => {
    const trend = (name: string) => [...model.trends].find((t) => t.name === name)!.charts.find((c) => c.kind === "throughput")!;
    const sat = trend("saturated");
    expect(sat.lines.map((l) => l.label)).toEqual(["80 %", "capacity"]);
    expect(sat.marker?.label).toBe("busiest minute: 130 % of capacity");
    expect(sat.path.match(/M/g)).toHaveLength(2);
    const od = trend("clicks-od");
    expect(od.hasData).toBe(true);
    expect(od.lines).toEqual([]);
    expect(od.yTicks[2]!.label).toMatch(/KiB\/s|MiB\/s/);
    expect(trend("broken").hasData).toBe(false);
    expect(trend("broken").noData).toMatch(/^no data/);
  });
});

describe("consumer lag of every kind", () => {
  const rows = consumerLagRows(analysis);

  it("has one polling row per stream with iterator-age data, flagged when kds-iterator-age fired", () => {
    const polling = rows.filter((r) => r.kind === "polling");
    expect(polling.map((r) => r.stream).sort()).toEqual(["saturated", "slow-reader", "telemetry"]);
    expect(polling.find((r) => r.stream === "slow-reader")).toMatchObject({ consumer: POLLING_CONSUMERS, maxLagMs: 216_000, avgLagMs: null, flagged: true });
    expect(polling.find((r) => r.stream === "telemetry")!.flagged).toBe(false);
  });

  it("counts polling and enhanced fan-out consumers in the dashboard's lagging count", () => {
    expect(rows.find((r) => r.kind === "enhanced-fan-out")).toMatchObject({ stream: "telemetry", consumer: "analytics", flagged: true });
    expect(model.lag).toMatchObject({ lagging: 2, total: 4 });
    expect(model.cards.find((c) => c.label === "Lagging consumers")!.value).toBe("2 / 4");
    // the analysis summary (JSON, console) still counts enhanced fan-out consumers only
    expect(analysis.summary.laggingConsumers).toBe(1);
  });

  it("keeps consumer_lag_report.csv's five columns in order, polling rows named so no registered consumer can clash", () => {
    const csv = renderLagCsv(toLagRows(analysis));
    const table = parseCsv(csv) as string[][];
    expect(table[0]).toEqual([...LAG_CSV_COLUMNS]);
    expect(table[0]).toEqual(["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged"]);
    expect(table.slice(1)).toContainEqual(["slow-reader", "(polling consumers)", "216000", "", "true"]);
    expect(table.slice(1)).toContainEqual(["telemetry", "analytics", "12000", "3000", "true"]);
    expect(table.every((r) => r.length === 5)).toBe(true);
    // AWS consumer names match [a-zA-Z0-9_.-]+: the polling row's name is not one of them
    expect(POLLING_CONSUMERS).not.toMatch(/^[a-zA-Z0-9_.-]+$/);
  });
});

describe("monthly cost table", () => {
  const t = costTable(analysis);

  it("has savings that are the findings' figures and add up to the summary", () => {
    expect(t.totalSavingsUsd).toBeCloseTo(analysis.summary.estimatedMonthlySavings, 2);
    for (const r of [...analysis.streams.map((x) => ({ name: String(x.stream.name), f: x.findings })), ...analysis.deliveryStreams.map((x) => ({ name: String(x.deliveryStream.name), f: x.findings }))]) {
      const row = t.rows.find((c) => c.name === r.name)!;
      expect(row.savingsUsd, r.name).toBeCloseTo(r.f.reduce((s, f) => s + (f.monthlyImpactUsd ?? 0), 0), 2);
    }
  });

  it("recommends current - savings, never below zero, and uses the on-demand finding's own figure", () => {
    for (const r of t.rows) if (r.currentUsd !== null) expect(r.recommendedUsd!, r.name).toBeCloseTo(r.currentUsd - r.savingsUsd, 2);
    for (const r of t.rows) if (r.recommendedUsd !== null) expect(r.recommendedUsd, r.name).toBeGreaterThanOrEqual(0);
    const od = t.rows.find((r) => r.name === "clicks-od")!;
    const f = streamOf("clicks-od").findings.find((x) => x.ruleId === "kds-on-demand-steady")!;
    expect(od.currentUsd).toBeCloseTo(Number(f.data!.onDemandMonthlyUsd), 2);
    expect(od.recommendedUsd).toBeCloseTo(Number(f.data!.provisionedMonthlyUsd), 1);
  });

  it("prices shards like the over-provisioned finding (8 -> 1 shard saves 7 shard-months) and says no data without traffic", () => {
    const idle = t.rows.find((r) => r.name === "idle-archive")!;
    expect(idle.savingsUsd).toBe(76.65);
    expect(idle.currentUsd! - idle.recommendedUsd!).toBeCloseTo(7 * 0.015 * HOURS_PER_MONTH, 2);
    expect(idle.currentUsd!).toBeGreaterThan(8 * 0.015 * HOURS_PER_MONTH);
    expect(t.rows.find((r) => r.name === "broken")).toMatchObject({ currentUsd: null, recommendedUsd: null, basis: "no traffic data" });
    // 3, was 1 (issue 11): low-traffic "quiet" and "silent" are now analyzed by the configuration
    // rules, so they are rows too; neither has IncomingBytes data, so their cost is unknown like "broken"'s.
    expect(t.unknownRows).toBe(3);
  });

  it("does not count kdf-vpc-endpoint's conditional NAT processing as a cost the delivery stream pays", () => {
    // Since issue 11 Firehose's own writes are not NAT traffic: the NAT figure is conditional on where the
    // producers run (data.conditionalOn), not a measured cost, so it stays out of "now" as it stays out of savings.
    const d = analysis.deliveryStreams[0]!;
    const vpc = { ...d.findings[0]!, ruleId: "kdf-vpc-endpoint", monthlyImpactUsd: undefined, data: { natMonthlyUsd: 45, conditionalMonthlyUsd: 40, conditionalOn: "its producers run in VPC vpc-1" } };
    const withVpc = { ...analysis, deliveryStreams: [{ ...d, findings: [...d.findings, vpc] }] };
    const before = t.rows.find((r) => r.name === String(d.deliveryStream.name))!;
    const after = costTable(withVpc).rows.find((r) => r.name === String(d.deliveryStream.name))!;
    expect(after.currentUsd).toBe(before.currentUsd);
    expect(after.savingsUsd).toBe(before.savingsUsd);
  });

  it("uses the config's price overrides, as the findings do", () => {
    const base = defaultConfig();
    const config: KinesisGuardConfig = { ...base, settings: { ...base.settings, pricing: { "us-east-1": { shardHour: 0.03 } } } };
    const a = analyzeSnapshot(dashboardSnapshot(), config);
    const idle = costTable(a).rows.find((r) => r.name === "idle-archive")!;
    expect(idle.savingsUsd).toBe(153.3);
    expect(idle.currentUsd! - idle.recommendedUsd!).toBeCloseTo(7 * 0.03 * HOURS_PER_MONTH, 2);
  });
});

describe("findings first, with their fix files", () => {
  it("groups findings by resource, most severe first, and links each to its two stub files", () => {
    // issue 11: telemetry's consumer lag is high severity now (3 high groups, was 2); the low-traffic
    // streams quiet (kds-alarms) and silent (kds-alarms, kds-idle-stream) are analyzed by the
    // configuration rules (medium); kds-on-demand-steady is low. 8 groups, was 6.
    expect(model.findingGroups.map((g) => g.worst)).toEqual(["high", "high", "high", "medium", "medium", "medium", "medium", "low"]);
    expect(model.findingGroups.slice(0, 3).map((g) => g.resource).sort()).toEqual(["saturated", "slow-reader", "telemetry"]);
    const { files } = renderReports(analysis, { outDir: "/tmp/unused" });
    const rows = model.findingGroups.flatMap((g) => g.rows);
    expect(rows).toHaveLength(analysis.findings.length);
    for (const r of rows) {
      expect(r.stubs, `${r.resource} ${r.ruleId}`).toBeDefined();
      expect(files.has(r.stubs!.pulumi), r.stubs!.pulumi).toBe(true);
      expect(files.has(r.stubs!.cli), r.stubs!.cli).toBe(true);
    }
    // the hot shard finding's stub is the hot shard's, not another finding's
    const hot = rows.find((r) => r.ruleId === "kds-hot-shard")!;
    expect(files.get(hot.stubs!.cli)).toContain("shardId-000000000003");
  });

  it("opens the heatmap and trend blocks of the hottest / most urgent streams only", () => {
    expect([...model.heatmap].filter((h) => h.open)).toHaveLength(Math.min(OPEN_BLOCKS, [...model.heatmap].length));
    expect([...model.heatmap][0]!.streamName).toBe("saturated");
    expect([...model.trends].slice(0, 2).map((t) => t.name).sort()).toEqual(["saturated", "slow-reader"]);
  });
});

describe("the inline script and the Content-Security-Policy", () => {
  const html = renderReports(analysis, { outDir: "/tmp/unused" }).files.get(DASHBOARD_FILE)!;

  it("allows exactly the page's one script by its SHA-256, without 'unsafe-inline'", () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
    expect(scripts).toHaveLength(1);
    const text = scripts[0]![1]!;
    expect(text).toBe(dashboardScript().text);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#x27;/g, "'").replace(/&#x3D;/g, "=");
    const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives["default-src"]).toEqual(["'none'"]);
    expect(directives["script-src"]).toEqual([`'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`]);
    expect(csp).not.toContain("unsafe-eval");
    expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("has no inline event handler and no javascript: URL", () => {
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it("refuses a script text that would end or confuse the <script> element", () => {
    expect(() => inlineScript("var a = '</script>';")).toThrow(/script/);
    expect(() => inlineScript("/* <!-- */")).toThrow();
    expect(inlineScript("var a = 1;").cspSource).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });
});

describe("the {{#flat}} helper (memory: one flat string per stream block)", () => {
  it("returns its block as rendered, escaping included", () => {
    const dir = mkdtempSync(join(tmpdir(), "kg-flat-"));
    writeFileSync(join(dir, "dashboard.html.hbs"), "{{#each xs}}{{#flat}}<b>{{this}}</b>{{/flat}}{{/each}}");
    expect(loadTemplates(dir).render("dashboard.html.hbs", { xs: ["a", "<script>x</script>"] })).toBe("<b>a</b><b>&lt;script&gt;x&lt;/script&gt;</b>");
  });
});

describe("lag and delivery trends per hour (collected hourly, issue 15 point 3)", () => {
  const trend = (name: string) => [...model.trends].find((t) => t.name === name)!;
  const deliveryTrend = (name: string) => [...model.deliveryTrends].find((t) => t.name === name)!;

  it("keeps iterator age, each fan-out consumer's lag, delivery success and freshness per hour, gaps as gaps", () => {
    const age = streamOf("slow-reader").hourlyIteratorAgeMs!;
    expect(age.size).toBe(168 - (LAG_GAP.to - LAG_GAP.from + 1));
    expect(age.get(WINDOW_START + LAG_PEAK_HOUR * HOURLY)).toBe(216_000);
    expect(age.get(WINDOW_START + LAG_GAP.from * HOURLY)).toBeUndefined();
    const lag = streamOf("telemetry").hourlyConsumerLagMs!.get("analytics")!;
    expect(lag.size).toBe(168);
    expect(lag.get(WINDOW_START + LAG_PEAK_HOUR * HOURLY)).toBe(12_000);
    const d = analysis.deliveryStreams.find((r) => r.deliveryStream.name === "clicks-to-s3")!;
    expect(d.hourlySuccessPercent!.get(WINDOW_START + DIP_HOUR * HOURLY)).toBeCloseTo(90, 9);
    expect(d.hourlySuccessPercent!.get(WINDOW_START)).toBe(100);
    expect(d.hourlySuccessPercent!.get(WINDOW_START + ATTEMPT_GAP.from * HOURLY)).toBeUndefined(); // no attempt: no rate, not 0 or 100
    expect(d.hourlyFreshnessSeconds).toBeUndefined(); // CloudWatch answered with no datapoint
    // the window's figures, from the same hourly series: 100 failed of 158,000 attempts
    expect(d.metrics.failureRatePercent).toBeCloseTo((100 / 158_000) * 100, 9);
    expect(d.missingData.filter((m) => /Success|DataFreshness/.test(m.metric))).toEqual([]); // (the fixture does not have every series)
  });

  it("draws the polling consumers' iterator age per hour with kds-iterator-age's limit", () => {
    const c = trend("slow-reader").charts.find((x) => x.kind === "iterator-age")!;
    expect(c.hasData).toBe(true);
    expect(c.path.match(/M/g)).toHaveLength(2); // the 10-hour gap breaks the line
    expect(c.lines.map((l) => l.label)).toEqual(["limit 1.0 min"]); // maxIteratorAgeMs 60,000 by default
    expect(c.yTicks.map((t) => t.label)).toEqual(["0 ms", "2.5 min", "5.0 min"]);
    expect(c.summary).toMatch(/^peak 3\.6 min \(/);
    // hours 0-140 climb linearly to 216,000 ms: above 60,000 from hour 39 on, minus the 10-hour gap
    expect(c.summary).toContain(`at or above limit 1.0 min in ${LAG_PEAK_HOUR - 39 + 1 - 10} h`);
    expect(trend("slow-reader").charts.filter((x) => x.kind === "consumer-lag")).toEqual([]); // no fan-out consumer
  });

  it("draws each enhanced fan-out consumer's lag per hour with kds-consumer-lag's limit", () => {
    const charts = trend("telemetry").charts;
    expect(charts.map((c) => c.kind)).toEqual(["throughput", "iterator-age", "consumer-lag"]);
    const c = charts.find((x) => x.kind === "consumer-lag")!;
    expect(c.title).toContain("analytics");
    expect(c.lines.map((l) => l.label)).toEqual(["limit 5.0 s"]);
    expect(c.summary).toContain("at or above limit 5.0 s in 1 h");
    expect(trend("idle-archive").charts.map((x) => x.kind)).toEqual(["throughput"]); // no consumer seen
  });

  it("draws delivery success per hour above a floor that clips nothing, and says no data for freshness", () => {
    const [success, freshness] = deliveryTrend("clicks-to-s3").charts;
    expect(success!.kind).toBe("delivery-success");
    expect(success!.hasData).toBe(true);
    expect(success!.path.match(/M/g)).toHaveLength(2); // hours without attempts break the line
    expect(success!.lines.map((l) => l.label)).toEqual(["limit 99 %"]); // 100 - maxFailurePercent
    expect(success!.yTicks.map((t) => t.label)).toEqual(["80 %", "90 %", "100 %"]); // the 90 % hour stays on the plot
    expect(success!.summary).toMatch(/^lowest 90 % \(/);
    expect(success!.summary).toContain("below limit 99 % in 1 h");
    expect(freshness!.kind).toBe("delivery-freshness");
    expect(freshness!.hasData).toBe(false);
    expect(freshness!.noData).toBe("no data per hour: no DeliveryToS3.DataFreshness datapoint in the window");
    expect(deliveryTrend("clicks-to-s3").headline).toContain("freshness: no data");
  });

  it("tells a series that could not be collected from one without a datapoint", () => {
    const snap = dashboardSnapshot();
    const lagId = metric.consumerLagMax(REGION, "telemetry", "analytics").id;
    const freshId = metric.firehoseDataFreshnessMax(REGION, "clicks-to-s3", "DeliveryToS3").id;
    const broken = snap.metrics.map((m) => (m.id === lagId || m.id === freshId ? failed(m, "AccessDenied: cloudwatch:GetMetricData") : m));
    const m = toDashboardModel(analyzeSnapshot({ ...snap, metrics: broken }, defaultConfig()));
    expect([...m.trends].find((t) => t.name === "telemetry")!.charts.find((c) => c.kind === "consumer-lag")!.noData).toBe("no data per hour: SubscribeToShardEvent.MillisBehindLatest could not be collected (see Missing data)");
    expect([...m.deliveryTrends].find((t) => t.name === "clicks-to-s3")!.charts[1]!.noData).toBe("no data per hour: DeliveryToS3.DataFreshness could not be collected (see Missing data)");
  });

  it("draws no limit line for a disabled rule (it flags nothing)", () => {
    const config = defaultConfig();
    const off = toDashboardModel(analyzeSnapshot(dashboardSnapshot(), { ...config, enforcement: { ...config.enforcement, "kds-iterator-age": "disabled" } }));
    expect([...off.trends].find((t) => t.name === "slow-reader")!.charts.find((x) => x.kind === "iterator-age")!.lines).toEqual([]);
  });

  it("reads a snapshot written before these series were hourly: same findings, no missing data, no hour drawn", () => {
    const windowLong = (s: MetricSeries): MetricSeries => {
      const moved = s.stat === "Maximum" ? /IteratorAgeMilliseconds|MillisBehindLatest/.test(s.metricName) : /^DeliveryTo\w+\.Success$/.test(s.metricName);
      if (!moved || s.period !== HOURLY) return s;
      const values = s.values.length === 0 ? [] : [s.stat === "Maximum" ? Math.max(...s.values) : s.values.reduce((a, b) => a + b, 0)];
      return { ...s, id: s.id.replace(/\|3600$/, "|window"), period: "window", timestamps: values.map(() => WINDOW_START), values };
    };
    const snap = dashboardSnapshot();
    const old = analyzeSnapshot({ ...snap, metrics: snap.metrics.filter((m) => !m.metricName.endsWith(".DataFreshness")).map(windowLong) }, defaultConfig());
    expect(old.findings.map((f) => `${f.ruleId} ${f.details}`).sort()).toEqual(analysis.findings.map((f) => `${f.ruleId} ${f.details}`).sort());
    const slow = old.streams.find((r) => r.stream.name === "slow-reader")!;
    expect(slow.metrics.maxIteratorAgeMs).toBe(216_000);
    expect(slow.hourlyIteratorAgeMs).toBeUndefined();
    expect(slow.missingData.filter((m) => m.metric.includes("IteratorAge"))).toEqual([]);
    expect(old.deliveryStreams[0]!.missingData.filter((m) => m.metric.endsWith(".Success"))).toEqual([]);
    const m = toDashboardModel(old);
    const chart = [...m.trends].find((t) => t.name === "slow-reader")!.charts.find((x) => x.kind === "iterator-age")!;
    expect(chart.hasData).toBe(false);
    expect(chart.noData).toBe("no data per hour: the snapshot holds one value for the window (max 3.6 min, lagging); re-collect for hours");
    expect([...m.deliveryTrends].find((t) => t.name === "clicks-to-s3")!.charts[0]!.noData).toMatch(/^no data per hour: the snapshot holds one value for the window \(0\.06 % failed\)/);
  });
});
