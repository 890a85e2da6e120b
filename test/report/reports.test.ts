/** Report files from a hand-built snapshot: JSON Schemas, CSV, templates override, atomic writes, remediation stubs. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "csv-parse/sync";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { UsageError } from "../../live-checks/exit-codes";
import { TemplateError } from "../../live-checks/report/templates";
import { renderReports, writeReports } from "../../live-checks/report/write-reports";
import type { Snapshot } from "../../live-checks/snapshot";
import type { AnalysisReport } from "../../live-checks/report/analysis-json";
import type { ShardPlanReport } from "../../live-checks/report/shard-plan-json";
import { metric } from "../../rules/metric-requests";
import { REGION, consumer, noData, stream, series, repeat } from "../fixtures/analysis/builders";
import { fixtureSnapshot, streamAlarms } from "../fixtures/analysis/fleet";
import { tempDirs } from "./temp-dirs";

const root = join(__dirname, "..", "..");
const tmp = tempDirs("kg-report-");

/** The fleet plus a consumer without lag data and a stream whose name needs quoting in shell and TS. */
function snapshot(): Snapshot {
  const base = fixtureSnapshot();
  const odd = `odd'name "x"; $(touch /tmp/kg-pwned)`;
  return {
    ...base,
    streams: [...base.streams, stream(odd, { retentionHours: 168 })],
    consumers: [...base.consumers, consumer("telemetry", "idle-reader")],
    alarms: [...base.alarms, ...streamAlarms(odd)],
    metrics: [
      ...base.metrics,
      noData(metric.consumerLagMax(REGION, "telemetry", "idle-reader")),
      noData(metric.consumerLagAvg(REGION, "telemetry", "idle-reader")),
      series(metric.streamIncomingRecords(REGION, odd), repeat(168, 60_000)),
    ],
  };
}

const snap = snapshot();
const analysis = analyzeSnapshot(snap, defaultConfig());

function validator(file: string) {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  return ajv.compile(JSON.parse(readFileSync(join(root, "schemas", file), "utf8")));
}

describe("JSON reports", () => {
  const out = tmp();
  const rendered = renderReports(analysis, { outDir: out });
  const report = JSON.parse(rendered.files.get("kinesis_analysis.json")!) as AnalysisReport;
  const plan = JSON.parse(rendered.files.get("shard_optimization_plan.json")!) as ShardPlanReport;

  it("kinesis_analysis.json validates against its schema", () => {
    const v = validator("kinesis_analysis.schema.json");
    expect(v(report), JSON.stringify(v.errors)).toBe(true);
  });
  it("the schema is not vacuous: a missing summary field fails", () => {
    const v = validator("kinesis_analysis.schema.json");
    const broken = structuredClone(report) as unknown as { summary: Record<string, unknown> };
    delete broken.summary.estimated_monthly_savings;
    expect(v(broken)).toBe(false);
    const wrong = structuredClone(report) as unknown as { data_streams: { findings: unknown[] }[] };
    wrong.data_streams[0]!.findings.push({ rule_id: "x" });
    expect(v(wrong)).toBe(false);
  });
  it("has the mission's fields with the analysis's numbers", () => {
    const t = report.data_streams.find((s) => s.stream_name === "telemetry")!;
    // consumer lag is high (issue 11 point 12): 100 - 20 - 10
    expect(t).toMatchObject({ stream_mode: "PROVISIONED", shard_count: 4, retention_period_hours: 24, encryption: "KMS", health_score: 70 });
    expect(t.findings.map((f) => f.issue).sort()).toEqual(["Consumer Lag", "Shard Splitting Needed"]);
    // low-traffic streams (quiet, silent) are listed as skipped and judged by the configuration rules (issue 11 point 8)
    expect(report.summary).toMatchObject({ total_data_streams: 6, total_firehose_streams: 1, region: "us-east-1", high_priority_issues: 1 });
    expect(report.summary.estimated_monthly_savings).toBe(analysis.summary.estimatedMonthlySavings);
    expect(report.skipped.map((s) => s.name)).toEqual(["quiet", "silent", "test-orders"]);
    const broken = report.data_streams.find((s) => s.stream_name === "broken")!;
    expect(broken.metrics.incoming_records).toBeNull(); // no data is null, never 0
  });
  it("shard_optimization_plan.json validates and carries the exact split", () => {
    const v = validator("shard_optimization_plan.schema.json");
    expect(v(plan), JSON.stringify(v.errors)).toBe(true);
    const split = plan.shard_optimizations.find((o) => o.action === "split")!;
    expect(split.new_starting_hash_key).toBe("297747071055821155530452781502797185024");
    expect(split.commands[0]).toContain("--new-starting-hash-key 297747071055821155530452781502797185024");
    expect(plan.recommended_actions.length).toBe(plan.shard_optimizations.length);
  });
});

describe("consumer_lag_report.csv", () => {
  const rendered = renderReports(analysis, { outDir: "x" });
  const text = rendered.files.get("consumer_lag_report.csv")!;
  it("has the mission's header and one row per consumer (polling ones as one row per stream); no data is an empty cell", () => {
    expect(text.split("\n")[0]).toBe("stream_name,consumer_name,max_lag_ms,avg_lag_ms,flagged");
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { stream_name: "telemetry", consumer_name: "(polling consumers)", max_lag_ms: "1000", avg_lag_ms: "", flagged: "false" },
      { stream_name: "telemetry", consumer_name: "analytics", max_lag_ms: "12000", avg_lag_ms: "3000", flagged: "true" },
      { stream_name: "telemetry", consumer_name: "idle-reader", max_lag_ms: "", avg_lag_ms: "", flagged: "false" },
    ]);
  });
});

describe("writing", () => {
  it("writes every report and a .ts + .sh stub per finding, no temp files left", async () => {
    const out = tmp();
    const r = await writeReports(analysis, { outDir: out });
    expect(readdirSync(out).sort()).toEqual(["consumer_lag_report.csv", "kinesis_analysis.json", "remediation", "shard_optimization_plan.json", "throughput_utilization_dashboard.html"]);
    const stubs = readdirSync(join(out, "remediation")).sort();
    expect(stubs).toHaveLength(analysis.findings.length * 2);
    expect(stubs.filter((f) => f.endsWith(".ts"))).toHaveLength(analysis.findings.length);
    expect(r.console).toContain("telemetry");
    expect(r.console).toMatch(/findings: \d+ \(high 1/);
    for (const s of analysis.skipped) expect(r.console).toContain(s.reason);
  });

  it("replaces an earlier report in place and leaves nothing half-written when a template is broken", async () => {
    const out = tmp();
    await writeReports(analysis, { outDir: out });
    const before = readFileSync(join(out, "kinesis_analysis.json"), "utf8");
    const tpl = tmp();
    writeFileSync(join(tpl, "dashboard.html.hbs"), "<html>{{#each streams}}</html>");
    await expect(writeReports(analysis, { outDir: out, templatesDir: tpl })).rejects.toThrow(TemplateError);
    await expect(writeReports(analysis, { outDir: out, templatesDir: tpl })).rejects.toThrow(/dashboard\.html\.hbs/);
    expect(readFileSync(join(out, "kinesis_analysis.json"), "utf8")).toBe(before);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("lets --templates override one template and keeps the others", async () => {
    const tpl = tmp();
    writeFileSync(join(tpl, "console.txt.hbs"), "custom: {{totals.findings}} findings\n");
    const r = await writeReports(analysis, { outDir: tmp(), templatesDir: tpl });
    expect(r.console).toBe(`custom: ${analysis.findings.length} findings\n`);
    mkdirSync(join(tpl, "remediation"));
    writeFileSync(join(tpl, "remediation", "kds-retention.aws-cli.sh.hbs"), "# mine {{resourceName}}\n");
    const out = tmp();
    await writeReports(analysis, { outDir: out, templatesDir: tpl });
    const sh = readdirSync(join(out, "remediation")).find((f) => f.endsWith("--kds-retention.sh"))!;
    expect(readFileSync(join(out, "remediation", sh), "utf8")).toMatch(/^# mine odd'name/);
  });

  it("rejects a --templates path that is not a directory", () => {
    expect(() => renderReports(analysis, { outDir: "x", templatesDir: join(tmp(), "nope") })).toThrow(UsageError);
  });
});

describe("remediation stubs", () => {
  const out = tmp();
  const ready = writeReports(analysis, { outDir: out });

  it("shell stubs parse (bash -n) and quote hostile names", async () => {
    await ready;
    const dir = join(out, "remediation");
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".sh"))) {
      execFileSync("bash", ["-n", join(dir, f)]);
    }
    const odd = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith("--kds-retention.sh"))!), "utf8");
    expect(odd).toContain(`STREAM='odd'\\''name "x"; $(touch /tmp/kg-pwned)'\n`);
    expect(odd).toContain(`--stream-name "$STREAM"`);
    expect(existsSync("/tmp/kg-pwned")).toBe(false);
  });

  it("Pulumi stubs type-check against @pulumi/aws", async () => {
    await ready;
    const dir = join(out, "remediation");
    const files = readdirSync(dir).filter((x) => x.endsWith(".ts")).map((f) => join(dir, f));
    // `as any` would hide exactly the mistakes this check is for (a misspelt destination block, a wrong type).
    expect(files.filter((f) => /\bas\s+any\b/.test(readFileSync(f, "utf8")))).toEqual([]);
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      types: [],
      typeRoots: [join(root, "node_modules", "@types")],
      baseUrl: root,
      paths: { "@pulumi/*": [join(root, "node_modules", "@pulumi", "*")] },
      isolatedModules: true,
    });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(diags).toEqual([]);
    const odd = readFileSync(files.find((f) => f.endsWith("--kds-retention.ts"))!, "utf8");
    expect(odd).toContain(`name: ${JSON.stringify(`odd'name "x"; $(touch /tmp/kg-pwned)`)},`);
  });
});
