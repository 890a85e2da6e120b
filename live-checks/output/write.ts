/**
 * Writes the selected CI outputs into a directory (atomically, all rendered before any is written,
 * so a template error leaves no partial set) and appends the Markdown summary to the GitHub job
 * summary when $GITHUB_STEP_SUMMARY is set
 * (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#adding-a-job-summary).
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write";
import { OUTPUT_FILE, OUTPUT_FORMATS, render, renderMarkdown, type OutputFormat } from "./render";
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

export async function writeOutputs(
  report: CheckReport,
  opts: { readonly outDir: string; readonly formats: readonly OutputFormat[]; readonly templatesDir?: string; readonly env?: NodeJS.ProcessEnv },
): Promise<WrittenOutputs> {
  const rendered = opts.formats.map((f) => [f, render(f, report, opts.templatesDir)] as const);
  const files: Partial<Record<OutputFormat, string>> = {};
  for (const [format, content] of rendered) {
    const path = join(opts.outDir, OUTPUT_FILE[format]);
    await writeFileAtomic(path, content);
    files[format] = path;
  }
  const summaryPath = (opts.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (summaryPath) {
    const md = rendered.find(([f]) => f === "markdown")?.[1] ?? renderMarkdown(report, opts.templatesDir);
    await appendFile(summaryPath, md.endsWith("\n") ? md : md + "\n", "utf8");
    return { files, stepSummary: summaryPath };
  }
  return { files };
}
