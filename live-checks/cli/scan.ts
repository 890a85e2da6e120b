/**
 * `kinesis-guard scan FILE`: the PR gate without `pulumi preview --policy-pack`. Evaluates the pack's
 * policies offline (no AWS call) over a `pulumi stack export` or `pulumi preview --json` document,
 * through the pack's own adapter and rule registry (evaluateInventory), and writes CI outputs.
 */
import { Command, Option } from "commander";
import { defaultConfig, loadConfigFile } from "../config-file";
import { applyRuleFilters, filterFindings, findConfigPath, parseRuleFilters, registerGateOptions, type RuleFilters } from "./common";
import { ConfigError } from "../../rules/config";
import { EXIT_CODES_HELP, EXIT_USAGE, parseFailOn, UsageError, type ExitCode, type FailOn } from "../exit-codes";
import { buildCheckReport, type CheckReport } from "../report/view-model";
import { OUTPUT_FILE, OUTPUT_FORMATS, type OutputFormat } from "../report/render";
import { appendStepSummary, parseFormats, renderOutputs, writeOutputs, type WrittenOutputs } from "../report/write";
import { defaultTemplates, loadTemplates, TemplateError } from "../report/templates";
import { parseStackDocument, readStackDocument } from "../stack/load";
import { StackDocumentError } from "../stack/types";
import { loadOnUse } from "../lazy-module";
import { termLines, termValue } from "../report/terminal";
import { repositoryRelative } from "../report/repo-links";
import { applySuppressions, loadBaseline, writeBaseline } from "../suppressions";
import { renderAnnotations } from "../report/annotations";

export const DEFAULT_SCAN_OUT = "kinesis-guard-scan";

/** `--out -`: the one selected output goes to standard output instead of a folder. */
export const STDOUT = "-";

export interface ScanOptions {
  /** The document to scan; "-" reads standard input. */
  readonly file: string;
  /** Standard input's text when file is "-" (default: read process.stdin). */
  readonly stdinText?: string;
  /** Which findings are reported and gated on (--severity, --rule, --skip-rule). */
  readonly filters?: RuleFilters;
  /** Accepted findings (--baseline): reported as baseline, not gating. */
  readonly baselinePath?: string;
  /** Write this run's findings as a baseline (--write-baseline). */
  readonly writeBaselinePath?: string;
  readonly formats?: readonly OutputFormat[];
  readonly outDir?: string;
  readonly configPath?: string;
  /** Overrides the config file's settings.failOn. */
  readonly failOn?: FailOn;
  /** Region for resources whose provider names none. */
  readonly region?: string;
  /** Repository file the SARIF results are attributed to (default: the scanned file); made relative to the repository root. */
  readonly artifact?: string;
  /** SARIF runAutomationDetails category (default none: GitHub's upload `category:` input applies). */
  readonly sarifCategory?: string;
  /** Working directory for the repository-relative artifact path (default process.cwd()). */
  readonly cwd?: string;
  readonly templatesDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
}

export interface ScanResult {
  readonly report: CheckReport;
  readonly written: WrittenOutputs;
  readonly exitCode: ExitCode;
  /** With --out -: the rendered output, for standard output. */
  readonly stdout?: string;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError("scan -: reads the document from standard input, but it is a terminal; pipe it in, e.g. `pulumi preview --json | kinesis-guard scan -`");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Run a scan end to end. @throws UsageError / ConfigError / StackDocumentError (exit 2). */
export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const config = applyRuleFilters(opts.configPath ? await loadConfigFile(opts.configPath) : defaultConfig(), opts.filters ?? {});
  const templates = opts.templatesDir === undefined ? defaultTemplates() : loadTemplates(opts.templatesDir); // a bad --templates fails first
  const loadOpts = opts.region ? { defaultRegion: opts.region } : {};
  const fromStdin = opts.file === STDOUT;
  const doc = fromStdin ? parseStackDocument(opts.stdinText ?? (await readStdin()), "(standard input)", loadOpts) : await readStackDocument(opts.file, loadOpts);
  const toStdout = opts.outDir === STDOUT;
  if (toStdout && (opts.formats ?? OUTPUT_FORMATS).length !== 1) throw new UsageError(`--out -: writes one output to standard output; choose it with --format (e.g. --format json)`);
  // Loaded on use (lazy-module.ts): the pack's adapter pulls in @pulumi/pulumi.
  const { evaluateStackDocument } = await loadOnUse(
    () => require("../stack/evaluate") as typeof import("../stack/evaluate"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("../stack/evaluate"),
  );
  const evaluated = evaluateStackDocument(doc, config);
  const { judged } = evaluated;
  const findings = filterFindings(evaluated.findings, opts.filters ?? {});
  const baseline = opts.baselinePath ? await loadBaseline(opts.baselinePath) : undefined;
  // The exemption tag's findings (set apart by the rule engine) are listed as suppressed, kind "tag".
  const tagExempt = evaluated.tagExempt.filter((x) => filterFindings([x.finding], opts.filters ?? {}).length > 0);
  const suppressed = applySuppressions(findings, { exemptions: config.settings.exemptions, ...(baseline ? { baseline } : {}), ...(opts.now ? { now: opts.now } : {}), tagExempt });
  const notes = [...evaluated.notes, ...suppressed.notes];
  if (opts.writeBaselinePath) await writeBaseline(opts.writeBaselinePath, findings, opts.now);
  const report = buildCheckReport({
    kind: "scan",
    source: fromStdin ? "(standard input)" : opts.file,
    // SARIF locations are relative to the repository root (output/repo-links.ts).
    artifactUri: repositoryRelative(opts.artifact ?? (fromStdin ? "Pulumi.yaml" : opts.file), { ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.env ? { env: opts.env } : {}) }),
    ...(opts.sarifCategory ? { sarifCategory: opts.sarifCategory } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    findings: suppressed.active,
    suppressed: suppressed.suppressed,
    resources: judged,
    enforcement: config.enforcement,
    failOn: opts.failOn ?? config.settings.failOn,
    notes,
    ...(opts.now ? { now: opts.now } : {}),
  });
  if (toStdout) {
    const rendered = renderOutputs(report, opts.formats ?? OUTPUT_FORMATS, templates);
    const stepSummary = await appendStepSummary(report, rendered, { templates, ...(opts.env ? { env: opts.env } : {}) });
    return { report, written: stepSummary ? { files: {}, stepSummary } : { files: {} }, exitCode: report.exitCode, stdout: rendered[0]![1] };
  }
  const outDir = opts.outDir ?? DEFAULT_SCAN_OUT;
  let written: WrittenOutputs;
  try {
    written = await writeOutputs(report, {
      outDir,
      formats: opts.formats ?? OUTPUT_FORMATS,
      templates,
      ...(opts.env ? { env: opts.env } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!err?.syscall) throw e; // a template error, not the file system
    throw new UsageError(`--out ${outDir}: cannot write the outputs (${err.code ?? err.message}); give a writable directory`);
  }
  return { report, written, exitCode: report.exitCode };
}

/** A short console summary: one line per finding, then the verdict. */
export function consoleSummary(report: CheckReport, written: WrittenOutputs): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const mark = f.failsGate ? "FAIL" : "warn";
    lines.push(`${mark}  ${f.severity.padEnd(6)} ${f.ruleId.padEnd(26)} ${termValue(f.resource.displayName)}${f.property ? ` (${termValue(f.property)})` : ""}: ${termValue(f.details)}`);
  }
  for (const f of report.suppressed) {
    lines.push(`supp  ${f.severity.padEnd(6)} ${f.ruleId.padEnd(26)} ${termValue(f.resource.displayName)}${f.property ? ` (${termValue(f.property)})` : ""}: ${f.suppression.kind}: ${termValue(f.suppression.reason)}${f.suppression.expires ? ` (until ${f.suppression.expires})` : ""}`);
  }
  for (const n of report.notes) lines.push(`note  ${termValue(n)}`);
  const s = report.summary;
  lines.push(
    `${report.tool.name} ${report.kind}: ${s.resources} resource(s), ${s.findings} finding(s) (high ${s.high}, medium ${s.medium}, low ${s.low})${s.suppressed ? `, ${s.suppressed} suppressed` : ""}; ` +
      `${s.failing} fail the gate (mandatory, or at/above --fail-on ${report.failOn}) -> exit ${report.exitCode}`,
  );
  const files = Object.values(written.files);
  if (files.length) lines.push(`wrote ${files.map(termValue).join(", ")}${written.stepSummary ? `; appended the summary to ${termValue(written.stepSummary)}` : ""}`);
  return termLines(lines.join("\n")) + "\n";
}

/** Message and exit code for an error thrown by a command: input problems are exit 2. */
export function describeError(e: unknown): { message: string; exitCode: ExitCode } {
  if (e instanceof UsageError || e instanceof ConfigError || e instanceof StackDocumentError || e instanceof TemplateError) return { message: e.message, exitCode: EXIT_USAGE };
  const err = e as Error;
  return { message: `internal error: ${err?.stack ?? String(e)}\n(please report this; exit code 2 so CI does not read it as violations)`, exitCode: EXIT_USAGE };
}

export function registerScanCommand(program: Command): Command {
  const cmd = program
    .command("scan")
    .summary("evaluate the policies offline over a stack export or preview JSON (the PR gate)")
    .description(
      "Evaluate the policy pack's policies offline (no AWS call, no Pulumi CLI) over the JSON of `pulumi stack export` " +
        "or `pulumi preview --json`, with the pack's own adapter and rules, and write CI outputs.",
    )
    .argument("<file>", "pulumi stack export (versions 2-4; a local-backend checkpoint file also works) or pulumi preview --json output; - reads standard input")
    .addOption(new Option("--format <list>", `comma-separated outputs: ${OUTPUT_FORMATS.join(", ")}`).default(OUTPUT_FORMATS.join(",")))
    .addOption(new Option("--out <dir>", "directory for the output files; - writes the one --format output to standard output (the summary goes to stderr)").default(DEFAULT_SCAN_OUT))
    .option("--config <file>", "config file (JSON or YAML; the same file works as --policy-pack-config); default: $KINESIS_GUARD_CONFIG, else kinesis-guard.json|yaml|yml in the working directory")
    .option("-q, --quiet", "print nothing on success but errors (the exit code tells the verdict)")
    .option("--region <region>", "region for resources whose provider names none")
    .option("--sarif-artifact <path>", "repository file the SARIF results point at (default: the scanned file), e.g. infra/index.ts; written relative to the repository root ($GITHUB_WORKSPACE, else the folder holding .git)")
    .option("--templates <dir>", "override the CI outputs' templates (ci/junit.xml.hbs, ci/summary.md.hbs of templates/) with files of the same relative name in <dir>");
  return registerGateOptions(cmd)
    .addHelpText(
      "after",
      `\nOutput files in --out: ${Object.entries(OUTPUT_FILE).map(([f, n]) => `${n} (${f})`).join(", ")}.\n` +
        "When $GITHUB_STEP_SUMMARY is set, the Markdown summary is appended to it.\n\n" +
        `${EXIT_CODES_HELP}\n\nExamples:\n  pulumi preview --json > preview.json && kinesis-guard scan preview.json --format sarif,markdown\n  pulumi stack export --file state.json && kinesis-guard scan state.json --fail-on medium\n`,
    )
    .action(async (file: string, o: {
      format: string; out: string; config?: string; failOn?: string; region?: string; sarifArtifact?: string; sarifCategory?: string; severity?: string; rule?: string[]; skipRule?: string[]; quiet?: boolean; annotations?: boolean; baseline?: string; writeBaseline?: string; templates?: string;
    }) => {
      try {
        const configPath = await findConfigPath(o.config);
        const result = await runScan({
          file,
          formats: parseFormats(o.format),
          outDir: o.out,
          filters: parseRuleFilters(o),
          ...(configPath ? { configPath } : {}),
          ...(o.failOn ? { failOn: parseFailOn(o.failOn) } : {}),
          ...(o.region ? { region: o.region } : {}),
          ...(o.sarifArtifact ? { artifact: o.sarifArtifact } : {}),
          ...(o.sarifCategory ? { sarifCategory: o.sarifCategory } : {}),
          ...(o.baseline ? { baselinePath: o.baseline } : {}),
          ...(o.writeBaseline ? { writeBaselinePath: o.writeBaseline } : {}),
          ...(o.templates ? { templatesDir: o.templates } : {}),
        });
        if (result.stdout !== undefined) process.stdout.write(result.stdout);
        // The runner reads workflow commands from both streams: stderr keeps stdout machine-readable.
        if (o.annotations) (result.stdout !== undefined ? process.stderr : process.stdout).write(renderAnnotations(result.report));
        // With --out -, standard output is the machine-readable output: the summary goes to stderr.
        if (!o.quiet) (result.stdout !== undefined ? process.stderr : process.stdout).write(consoleSummary(result.report, result.written));
        process.exitCode = result.exitCode;
      } catch (e) {
        const { message, exitCode } = describeError(e);
        process.stderr.write(termLines(`kinesis-guard scan: ${message}`) + "\n");
        process.exitCode = exitCode;
      }
    });
}
