/**
 * Renders every report of an audit and writes them into --out. renderAndWriteReports (the CLI's
 * path) renders one file at a time into a staging folder inside --out and lets it go before the
 * next (a 1,000-stream dashboard alone is megabytes of text); only when every file rendered are the
 * files renamed into place and remediation/ swapped in as a whole, so a template or view-model
 * error, or a failed write, never leaves half a report. renderReports + writeRendered do the same
 * with everything held in memory (tests, callers that want the text).
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { AuditAnalysis } from "../analyze";
import { writeFileAtomic } from "../output/atomic-write";
import { termSafeModel } from "../output/terminal";
import { ANALYSIS_FILE, toAnalysisReport } from "./analysis-json";
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
  files.set(LAG_CSV_FILE, renderLagCsv(toLagRows(a)));
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

/** Write rendered reports into outDir (created if needed). Returns the written relative paths. */
export async function writeRendered(outDir: string, r: RenderedReports): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const token = `${process.pid}.${randomBytes(4).toString("hex")}`;
  const stage = join(outDir, `.${REMEDIATION_DIR}.${token}.tmp`);
  const written: string[] = [];
  try {
    // Stage remediation/ first: if this fails, nothing in outDir has changed yet.
    await mkdir(stage, { recursive: true });
    for (const [rel, content] of r.files) {
      if (!rel.startsWith(`${REMEDIATION_DIR}/`)) continue;
      await writeFile(join(stage, rel.slice(REMEDIATION_DIR.length + 1)), content, "utf8");
    }
    for (const [rel, content] of r.files) {
      if (rel.startsWith(`${REMEDIATION_DIR}/`)) continue;
      await writeFileAtomic(join(outDir, rel), content);
      written.push(rel);
    }
    const target = join(outDir, REMEDIATION_DIR);
    const old = join(outDir, `.${REMEDIATION_DIR}.${token}.old`);
    await rename(target, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    await rename(stage, target);
    await rm(old, { recursive: true, force: true });
    written.push(...[...r.files.keys()].filter((k) => k.startsWith(`${REMEDIATION_DIR}/`)));
    return written;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/**
 * Render and write every report, one file at a time (see the header). Returns the console summary
 * and the written relative paths. @throws TemplateError naming the template (nothing written), or
 * the file system's error (an error with `syscall`) when --out cannot be written.
 */
export async function renderAndWriteReports(
  a: AuditAnalysis,
  opts: { outDir: string; templates?: TemplateSet; templatesDir?: string },
): Promise<{ console: string; written: string[] }> {
  const t = opts.templates ?? loadTemplates(opts.templatesDir);
  const outDir = opts.outDir;
  await mkdir(outDir, { recursive: true });
  const token = `${process.pid}.${randomBytes(4).toString("hex")}`;
  const stage = join(outDir, `.kinesis-guard.${token}.tmp`);
  const stagedRemediation = join(stage, REMEDIATION_DIR);
  try {
    await mkdir(stagedRemediation, { recursive: true });
    const topLevel: string[] = [];
    // Each content string is dropped once written: at most one report is in memory at a time.
    const stageFile = async (rel: string, content: string) => {
      await writeFile(join(stage, rel), content, "utf8");
      topLevel.push(rel);
    };
    await stageFile(ANALYSIS_FILE, JSON.stringify(toAnalysisReport(a), null, 2) + "\n");
    await stageFile(SHARD_PLAN_FILE, JSON.stringify(toShardPlanReport(a), null, 2) + "\n");
    await stageFile(LAG_CSV_FILE, renderLagCsv(toLagRows(a)));
    await stageFile(DASHBOARD_FILE, t.render(TEMPLATE_NAMES.dashboard, toDashboardModel(a)));
    const stubs: string[] = [];
    for (const stub of toRemediationStubs(a)) {
      const pulumi = t.has(TEMPLATE_NAMES.pulumi(stub.ruleId)) ? TEMPLATE_NAMES.pulumi(stub.ruleId) : TEMPLATE_NAMES.pulumiFallback;
      const cli = t.has(TEMPLATE_NAMES.awsCli(stub.ruleId)) ? TEMPLATE_NAMES.awsCli(stub.ruleId) : TEMPLATE_NAMES.awsCliFallback;
      for (const [ext, template] of [["ts", pulumi], ["sh", cli]] as const) {
        await writeFile(join(stagedRemediation, `${stub.fileBase}.${ext}`), t.render(template, stub.context), "utf8");
        stubs.push(`${REMEDIATION_DIR}/${stub.fileBase}.${ext}`);
      }
    }
    const listed = [ANALYSIS_FILE, SHARD_PLAN_FILE, LAG_CSV_FILE, DASHBOARD_FILE, `${REMEDIATION_DIR}/ (${stubs.length / 2} finding stubs)`];
    // Names, tags and paths are hostile text for a terminal / CI log: every value escaped (output/terminal.ts).
    const console = t.render(TEMPLATE_NAMES.console, termSafeModel(toConsoleModel(a, outDir, listed)));

    // Everything rendered: move into place (rename is atomic per file on one file system).
    for (const rel of topLevel) await rename(join(stage, rel), join(outDir, rel));
    const target = join(outDir, REMEDIATION_DIR);
    const old = join(outDir, `.${REMEDIATION_DIR}.${token}.old`);
    await rename(target, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    await rename(stagedRemediation, target);
    await rm(old, { recursive: true, force: true });
    return { console, written: [...topLevel, ...stubs] };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

export async function writeReports(a: AuditAnalysis, opts: { outDir: string; templatesDir?: string }): Promise<{ console: string; written: string[] }> {
  return renderAndWriteReports(a, opts);
}
