/**
 * Writes the selected CI outputs into a directory as one report set (report-set.ts: all rendered
 * before any is written, staged and switched in as a whole, so a template or write error or a kill
 * leaves the previous set) and appends the Markdown summary to the GitHub job summary when
 * $GITHUB_STEP_SUMMARY is set
 * (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#adding-a-job-summary).
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { CI_OUTPUT_NAMES, fileModeFor, writeReportSet, type ReportSet } from "./report-set";
import { OUTPUT_FILE, OUTPUT_FORMATS, render, renderMarkdown, type OutputFormat } from "./render";
import type { TemplateSet } from "./templates";
import type { CheckReport } from "./view-model";
import { UsageError } from "../exit-codes";

/** Parse a --format list ("sarif,junit"). @throws UsageError naming the bad value. */
export function parseFormats(value: string, flag = "--format"): OutputFormat[] {
  const out: OutputFormat[] = [];
  for (const raw of value.split(",")) {
    const f = raw.trim().toLowerCase();
    if (f === "") continue;
    const format = f === "md" ? "markdown" : f === "xml" ? "junit" : f;
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`${flag} ${JSON.stringify(raw.trim())}: unknown format; allowed: ${OUTPUT_FORMATS.join(", ")} (comma-separated)`);
    }
    if (!out.includes(format as OutputFormat)) out.push(format as OutputFormat);
  }
  if (out.length === 0) throw new UsageError(`${flag}: give at least one of ${OUTPUT_FORMATS.join(", ")}`);
  return out;
}

export interface WrittenOutputs {
  /** Format -> path written. */
  readonly files: Readonly<Partial<Record<OutputFormat, string>>>;
  /** The step summary file appended to, when $GITHUB_STEP_SUMMARY was set. */
  readonly stepSummary?: string;
}

/** Render the selected formats (all of them, before anything is written: a template error writes nothing). */
export function renderOutputs(report: CheckReport, formats: readonly OutputFormat[], templates?: TemplateSet): [OutputFormat, string][] {
  return formats.map((f) => [f, render(f, report, templates)]);
}

/** Write rendered outputs into a report set's staging folder. Returns format -> final path in outDir. */
export async function stageOutputs(set: ReportSet, outDir: string, rendered: readonly (readonly [OutputFormat, string])[]): Promise<Partial<Record<OutputFormat, string>>> {
  const files: Partial<Record<OutputFormat, string>> = {};
  for (const [format, content] of rendered) {
    await set.writeFile(OUTPUT_FILE[format], content);
    files[format] = join(outDir, OUTPUT_FILE[format]);
  }
  return files;
}

/**
 * Append the Markdown summary to $GITHUB_STEP_SUMMARY when set (after the set is switched in: the
 * summary describes outputs that exist).
 */
export async function appendStepSummary(report: CheckReport, rendered: readonly (readonly [OutputFormat, string])[], opts: { readonly templates?: TemplateSet; readonly env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  const summaryPath = (opts.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (!summaryPath) return undefined;
  const md = rendered.find(([f]) => f === "markdown")?.[1] ?? renderMarkdown(report, opts.templates);
  await appendFile(summaryPath, md.endsWith("\n") ? md : md + "\n", "utf8");
  return summaryPath;
}

/**
 * `scan`: the CI outputs as one report set in outDir (output/report-set.ts). The set is the CI
 * outputs: formats not selected this time are removed rather than left over from an earlier run;
 * an audit's report files in the same folder are kept as they are.
 */
export async function writeOutputs(
  report: CheckReport,
  opts: { readonly outDir: string; readonly formats: readonly OutputFormat[]; readonly templates?: TemplateSet; readonly env?: NodeJS.ProcessEnv; readonly stackDerived?: boolean },
): Promise<WrittenOutputs> {
  const rendered = renderOutputs(report, opts.formats, opts.templates);
  const setOpts = { outDir: opts.outDir, owned: CI_OUTPUT_NAMES, fileMode: fileModeFor(opts.stackDerived ?? true) };
  const files = await writeReportSet(setOpts, (set) => stageOutputs(set, opts.outDir, rendered));
  const stepSummary = await appendStepSummary(report, rendered, opts);
  return stepSummary ? { files, stepSummary } : { files };
}
