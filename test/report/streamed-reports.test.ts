/**
 * The report files written in pieces (report-set.ts writeFile with an iterable): kinesis_analysis.json
 * one resource at a time (analysisJsonPieces) and the dashboard with its per-stream blocks in a spill
 * file (TemplateSet.renderPieces) must be byte for byte the in-memory render, for one account and for
 * an organization-wide merge; the spill file never outlives the render.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { mergeAccountAnalyses, statusFromAnalysis } from "../../live-checks/analyze/organization";
import { defaultConfig } from "../../live-checks/config-file";
import { analysisJsonPieces, toAnalysisReport, type AccountedAnalysis } from "../../live-checks/report/analysis-json";
import { toDashboardModel } from "../../live-checks/report/dashboard-model";
import { loadTemplates, TemplateError } from "../../live-checks/report/templates";
import { renderReports, TEMPLATE_NAMES, writeReports } from "../../live-checks/report/write-reports";
import { dashboardSnapshot, inAccount } from "./dashboard-fixture";
import { tempDirs } from "./temp-dirs";

const tmp = tempDirs("kg-streamed-");

const config = defaultConfig();
const single = analyzeSnapshot(dashboardSnapshot(), config);
const organization = mergeAccountAnalyses(
  ["222222222222", "111111111111"].map((id) => {
    const a = analyzeSnapshot(inAccount(dashboardSnapshot(), id), config);
    return { account: statusFromAnalysis(id, `acct ${id}`, a), analysis: a };
  }),
);
const empty: AuditAnalysis = { ...single, streams: [], deliveryStreams: [], findings: [], skipped: [], shardPlan: [], alarmRecommendations: [], drFlags: [] };
const accounted: AccountedAnalysis = {
  ...single,
  account: { id: "123456789012", source: "resource ARNs" },
  suppressed: [{ finding: single.findings[0]!, suppression: { kind: "exemption", reason: "accepted \"risk\"\nline two", matchedBy: "*" } }],
};
const cases: [string, AccountedAnalysis][] = [
  ["one account", single],
  ["an organization (2 accounts)", organization],
  ["no resources", empty],
  ["an account and suppressed findings", accounted],
];

describe("kinesis_analysis.json in pieces", () => {
  it.each(cases)("%s: the pieces are JSON.stringify's bytes", (_name, a) => {
    const pieces = [...analysisJsonPieces(a)];
    expect(pieces.join("")).toBe(JSON.stringify(toAnalysisReport(a), null, 2) + "\n");
    if (a.streams.length > 1) expect(pieces.length).toBeGreaterThan(a.streams.length); // one resource at a time, not one string
  });
});

describe("the dashboard in pieces (TemplateSet.renderPieces)", () => {
  const t = loadTemplates();

  it.each(cases)("%s: the pieces are render()'s text, and the spill file is gone", (_name, a) => {
    const spillDir = tmp();
    const pieces = [...t.renderPieces(TEMPLATE_NAMES.dashboard, toDashboardModel(a), { spillDir })];
    expect(pieces.join("")).toBe(t.render(TEMPLATE_NAMES.dashboard, toDashboardModel(a)));
    expect(readdirSync(spillDir)).toEqual([]);
    if (a.streams.length > 1) expect(pieces.length).toBeGreaterThan(a.streams.length); // the blocks come back one by one
  });

  it("removes the spill file when the reader stops early", () => {
    const spillDir = tmp();
    const it = t.renderPieces(TEMPLATE_NAMES.dashboard, toDashboardModel(organization), { spillDir });
    expect(it.next().done).toBe(false);
    expect(readdirSync(spillDir)).toHaveLength(1);
    it.return(undefined);
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it("a template error is the TemplateError render() gives, with no spill file left", () => {
    const dir = tmp();
    writeFileSync(join(dir, "dashboard.html.hbs"), "{{#each trends}}{{#flat}}{{name}}{{/flat}}{{/each}}{{#each heatmap}}{{#flat}}{{nosuchhelper name}}{{/flat}}{{/each}}");
    const custom = loadTemplates(dir);
    const spillDir = tmp();
    expect(() => custom.render(TEMPLATE_NAMES.dashboard, toDashboardModel(single))).toThrow(TemplateError);
    expect(() => [...custom.renderPieces(TEMPLATE_NAMES.dashboard, toDashboardModel(single), { spillDir })]).toThrow(TemplateError);
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it("an override template with nested or no {{#flat}} blocks gives the same text", () => {
    const dir = tmp();
    mkdirSync(join(dir, "ci"));
    writeFileSync(join(dir, "dashboard.html.hbs"), "<h1>{{title}}</h1>{{#each trends}}{{#flat}}<p>{{name}}{{#flat}} [{{headline}}]{{/flat}}</p>{{/flat}}{{/each}}{{#each streams}}<i>{{name}}</i>{{/each}}\n");
    const custom = loadTemplates(dir);
    const model = toDashboardModel(organization);
    expect([...custom.renderPieces(TEMPLATE_NAMES.dashboard, model)].join("")).toBe(custom.render(TEMPLATE_NAMES.dashboard, model));
    writeFileSync(join(dir, "dashboard.html.hbs"), "<h1>{{title}}</h1>{{#each streams}}<i>{{name}}</i>{{/each}}\n");
    const plain = loadTemplates(dir);
    expect([...plain.renderPieces(TEMPLATE_NAMES.dashboard, model)].join("")).toBe(plain.render(TEMPLATE_NAMES.dashboard, model));
  });
});

describe("writeReports (the audit's path: files staged in pieces) = renderReports (in memory)", () => {
  it.each(cases)("%s: every file byte for byte", async (_name, a) => {
    const out = join(tmp(), "out");
    const { written, console } = await writeReports(a, { outDir: out });
    const inMemory = renderReports(a, { outDir: out });
    expect([...written].sort()).toEqual([...inMemory.files.keys()].sort());
    expect(console).toBe(inMemory.console);
    for (const [rel, content] of inMemory.files) expect(readFileSync(join(out, rel), "utf8"), rel).toBe(content);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
