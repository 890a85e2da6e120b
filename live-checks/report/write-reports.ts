/**
 * Renders every report of an audit and writes them into --out as one report set
 * (output/report-set.ts: staged beside --out, switched in as a whole, so a template or view-model
 * error, a failed write or a kill never leaves half a set or a mix of two runs). renderAndWriteReports
 * (the CLI's path) renders one file at a time into the staging folder and lets it go before the next
 * (a 1,000-stream dashboard alone is megabytes of text). renderReports + writeRendered do the same
 * with everything held in memory (tests, callers that want the text).
 */
import type { AuditAnalysis } from "../analyze";
import { AUDIT_REPORT_NAMES, CI_OUTPUT_NAMES, fileModeFor, writeReportSet, type ReportSet } from "./report-set";
import { termSafeModel } from "./terminal";
import { ANALYSIS_FILE, analysisJsonPieces, toAnalysisReport } from "./analysis-json";
import { toConsoleModel } from "./console-model";
import { toDashboardModel } from "./dashboard-model";
import { LAG_CSV_FILE, renderLagCsv, toLagRows } from "./lag-csv";
import { toRemediationStubs } from "./remediation-model";
import { SHARD_PLAN_FILE, toShardPlanReport } from "./shard-plan-json";
import { loadTemplates, type TemplateSet } from "./templates";

export const DASHBOARD_FILE = "throughput_utilization_dashboard.html";
export const REMEDIATION_DIR = "remediation";
export const TEMPLATE_NAMES = {
  dashboard: "dashboard.html.hbs",
  console: "console.txt.hbs",
  pulumi: (ruleId: string) => `remediation/${ruleId}.pulumi.ts.hbs`,
  awsCli: (ruleId: string) => `remediation/${ruleId}.aws-cli.sh.hbs`,
  pulumiFallback: "remediation/_default.pulumi.ts.hbs",
  awsCliFallback: "remediation/_default.aws-cli.sh.hbs",
} as const;

export interface RenderedReports {
  /** Relative path -> content. */
  readonly files: ReadonlyMap<string, string>;
  readonly console: string;
}

/** Render every report in memory. @throws TemplateError naming the template. */
export function renderReports(a: AuditAnalysis, opts: { outDir: string; templates?: TemplateSet; templatesDir?: string }): RenderedReports {
  const t = opts.templates ?? loadTemplates(opts.templatesDir);
  const files = new Map<string, string>();
  files.set(ANALYSIS_FILE, JSON.stringify(toAnalysisReport(a), null, 2) + "\n");
  files.set(SHARD_PLAN_FILE, JSON.stringify(toShardPlanReport(a), null, 2) + "\n");
  files.set(LAG_CSV_FILE, renderLagCsv(toLagRows(a), { organization: a.accounts !== undefined }));
  files.set(DASHBOARD_FILE, t.render(TEMPLATE_NAMES.dashboard, toDashboardModel(a)));
  for (const stub of toRemediationStubs(a)) {
    const pulumi = t.has(TEMPLATE_NAMES.pulumi(stub.ruleId)) ? TEMPLATE_NAMES.pulumi(stub.ruleId) : TEMPLATE_NAMES.pulumiFallback;
    const cli = t.has(TEMPLATE_NAMES.awsCli(stub.ruleId)) ? TEMPLATE_NAMES.awsCli(stub.ruleId) : TEMPLATE_NAMES.awsCliFallback;
    files.set(`${REMEDIATION_DIR}/${stub.fileBase}.ts`, t.render(pulumi, stub.context));
    files.set(`${REMEDIATION_DIR}/${stub.fileBase}.sh`, t.render(cli, stub.context));
  }
  const listed = [ANALYSIS_FILE, SHARD_PLAN_FILE, LAG_CSV_FILE, DASHBOARD_FILE, `${REMEDIATION_DIR}/ (${(files.size - 4) / 2} finding stubs)`];
  const console = t.render(TEMPLATE_NAMES.console, termSafeModel(toConsoleModel(a, opts.outDir, listed)));
  return { files, console };
}

/** The names an audit's report set consists of in --out: the reports, the stubs, every CI output. */
export const AUDIT_SET_NAMES: readonly string[] = [...AUDIT_REPORT_NAMES, ...CI_OUTPUT_NAMES];

/** Write rendered reports into outDir as one report set (output/report-set.ts). Returns the written relative paths. */
export async function writeRendered(outDir: string, r: RenderedReports, opts: { stackDerived?: boolean } = {}): Promise<string[]> {
  return writeReportSet({ outDir, owned: AUDIT_SET_NAMES, fileMode: fileModeFor(opts.stackDerived ?? false) }, async (set) => {
    for (const [rel, content] of r.files) await set.writeFile(rel, content);
    return [...r.files.keys()];
  });
}

/**
 * Render every report into the set's staging folder, one file at a time (each content string is
 * dropped once written: at most one report is in memory at a time). Returns the console summary
 * and the written relative paths. @throws TemplateError naming the template.
 */
export async function stageReports(a: AuditAnalysis, set: ReportSet, opts: { outDir: string; templates: TemplateSet }): Promise<{ console: string; written: string[] }> {
  const t = opts.templates;
  const written: string[] = [];
  const stage = async (rel: string, content: string | Iterable<string>) => {
    await set.writeFile(rel, content);
    written.push(rel);
  };
  await stage(ANALYSIS_FILE, analysisJsonPieces(a));
  await stage(SHARD_PLAN_FILE, JSON.stringify(toShardPlanReport(a), null, 2) + "\n");
  await stage(LAG_CSV_FILE, renderLagCsv(toLagRows(a), { organization: a.accounts !== undefined }));
  // In pieces: the per-stream blocks (charts, heatmaps) wait in a spill file in the staging folder, not in memory.
  await stage(DASHBOARD_FILE, t.renderPieces(TEMPLATE_NAMES.dashboard, toDashboardModel(a), { spillDir: set.stage }));
  let stubs = 0;
  for (const stub of toRemediationStubs(a)) {
    const pulumi = t.has(TEMPLATE_NAMES.pulumi(stub.ruleId)) ? TEMPLATE_NAMES.pulumi(stub.ruleId) : TEMPLATE_NAMES.pulumiFallback;
    const cli = t.has(TEMPLATE_NAMES.awsCli(stub.ruleId)) ? TEMPLATE_NAMES.awsCli(stub.ruleId) : TEMPLATE_NAMES.awsCliFallback;
    for (const [ext, template] of [["ts", pulumi], ["sh", cli]] as const) {
      await stage(`${REMEDIATION_DIR}/${stub.fileBase}.${ext}`, t.render(template, stub.context));
    }
    stubs++;
  }
  const listed = [ANALYSIS_FILE, SHARD_PLAN_FILE, LAG_CSV_FILE, DASHBOARD_FILE, `${REMEDIATION_DIR}/ (${stubs} finding stubs)`];
  // Names, tags and paths are hostile text for a terminal / CI log: every value escaped (output/terminal.ts).
  const console = t.render(TEMPLATE_NAMES.console, termSafeModel(toConsoleModel(a, opts.outDir, listed)));
  return { console, written };
}

/**
 * Render and write every report as one report set (see the header and output/report-set.ts):
 * `more` adds files to the same set (the CI outputs of `audit --ci-format`) before it is switched
 * in. Returns the console summary and the written paths. @throws TemplateError naming the template
 * (--out unchanged), UsageError when --out cannot hold a set, or the file system's error (an error
 * with `syscall`).
 */
export async function renderAndWriteReports(
  a: AuditAnalysis,
  opts: { outDir: string; templates?: TemplateSet; templatesDir?: string; stackDerived?: boolean; more?: (set: ReportSet) => Promise<readonly string[]> },
): Promise<{ console: string; written: string[] }> {
  const templates = opts.templates ?? loadTemplates(opts.templatesDir);
  const setOpts = { outDir: opts.outDir, owned: AUDIT_SET_NAMES, fileMode: fileModeFor(opts.stackDerived ?? false) };
  return writeReportSet(setOpts, async (set) => {
    const r = await stageReports(a, set, { outDir: opts.outDir, templates });
    const extra = opts.more ? await opts.more(set) : [];
    return { console: r.console, written: [...r.written, ...extra] };
  });
}

export async function writeReports(a: AuditAnalysis, opts: { outDir: string; templatesDir?: string }): Promise<{ console: string; written: string[] }> {
  return renderAndWriteReports(a, opts);
}
