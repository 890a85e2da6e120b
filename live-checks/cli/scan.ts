/**
 * `kinesis-guard scan FILE`: the PR gate without `pulumi preview --policy-pack`. Evaluates the pack's
 * policies offline (no AWS call) over a `pulumi stack export` or `pulumi preview --json` document,
 * through the pack's own adapter and rule registry (evaluateInventory), and writes CI outputs.
 */
import { Command, Option } from "commander";
import { defaultConfig, loadConfigFile } from "../config-file";
import { ConfigError } from "../../rules/config";
import { EXIT_CODES_HELP, EXIT_USAGE, parseFailOn, UsageError, type ExitCode, type FailOn } from "../exit-codes";
import { buildCheckReport, type CheckReport } from "../output/view-model";
import { OUTPUT_FILE, OUTPUT_FORMATS, type OutputFormat } from "../output/render";
import { parseFormats, writeOutputs, type WrittenOutputs } from "../output/write";
import { readStackDocument } from "../stack/load";
import { StackDocumentError } from "../stack/types";
import { loadOnUse } from "../lazy-module";
import { termLines, termValue } from "../output/terminal";

export const DEFAULT_SCAN_OUT = "kinesis-guard-scan";

export interface ScanOptions {
  readonly file: string;
  readonly formats?: readonly OutputFormat[];
  readonly outDir?: string;
  readonly configPath?: string;
  /** Overrides the config file's settings.failOn. */
  readonly failOn?: FailOn;
  /** Region for resources whose provider names none. */
  readonly region?: string;
  /** Repository file the SARIF results are attributed to (default: the scanned file). */
  readonly artifact?: string;
  readonly templatesDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
}

export interface ScanResult {
  readonly report: CheckReport;
  readonly written: WrittenOutputs;
  readonly exitCode: ExitCode;
}

/** Run a scan end to end. @throws UsageError / ConfigError / StackDocumentError (exit 2). */
export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const config = opts.configPath ? await loadConfigFile(opts.configPath) : defaultConfig();
  const doc = await readStackDocument(opts.file, opts.region ? { defaultRegion: opts.region } : {});
  // Loaded on use (lazy-module.ts): the pack's adapter pulls in @pulumi/pulumi.
  const { evaluateStackDocument } = await loadOnUse(
    () => require("../stack/evaluate") as typeof import("../stack/evaluate"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("../stack/evaluate"),
  );
  const { findings, judged, notes } = evaluateStackDocument(doc, config);
  const report = buildCheckReport({
    kind: "scan",
    source: opts.file,
    ...(opts.artifact ? { artifactUri: opts.artifact } : {}),
    findings,
    resources: judged,
    enforcement: config.enforcement,
    failOn: opts.failOn ?? config.settings.failOn,
    notes,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const outDir = opts.outDir ?? DEFAULT_SCAN_OUT;
  let written: WrittenOutputs;
  try {
    written = await writeOutputs(report, {
      outDir,
      formats: opts.formats ?? OUTPUT_FORMATS,
      ...(opts.templatesDir ? { templatesDir: opts.templatesDir } : {}),
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
  for (const n of report.notes) lines.push(`note  ${termValue(n)}`);
  const s = report.summary;
  lines.push(
    `${report.tool.name} ${report.kind}: ${s.resources} resource(s), ${s.findings} finding(s) (high ${s.high}, medium ${s.medium}, low ${s.low}); ` +
      `${s.failing} fail the gate (mandatory, or at/above --fail-on ${report.failOn}) -> exit ${report.exitCode}`,
  );
  const files = Object.values(written.files);
  if (files.length) lines.push(`wrote ${files.map(termValue).join(", ")}${written.stepSummary ? `; appended the summary to ${termValue(written.stepSummary)}` : ""}`);
  return termLines(lines.join("\n")) + "\n";
}

/** Message and exit code for an error thrown by a command: input problems are exit 2. */
export function describeError(e: unknown): { message: string; exitCode: ExitCode } {
  if (e instanceof UsageError || e instanceof ConfigError || e instanceof StackDocumentError) return { message: e.message, exitCode: EXIT_USAGE };
  const err = e as Error;
  return { message: `internal error: ${err?.stack ?? String(e)}\n(please report this; exit code 2 so CI does not read it as violations)`, exitCode: EXIT_USAGE };
}

export function registerScanCommand(program: Command): Command {
  return program
    .command("scan")
    .summary("evaluate the policies offline over a stack export or preview JSON (the PR gate)")
    .description(
      "Evaluate the policy pack's policies offline (no AWS call, no Pulumi CLI) over the JSON of `pulumi stack export` " +
        "or `pulumi preview --json`, with the pack's own adapter and rules, and write CI outputs.",
    )
    .argument("<file>", "pulumi stack export (versions 2-4; a local-backend checkpoint file also works) or pulumi preview --json output")
    .addOption(new Option("--format <list>", `comma-separated outputs: ${OUTPUT_FORMATS.join(", ")}`).default(OUTPUT_FORMATS.join(",")))
    .addOption(new Option("--out <dir>", "directory for the output files").default(DEFAULT_SCAN_OUT))
    .option("--config <file>", "config file (JSON or YAML; the same file works as --policy-pack-config)")
    .option("--fail-on <severity>", "exit 1 when a finding at or above this severity exists: high, medium, low, none (default: the config's failOn, else high); mandatory policies always fail")
    .option("--region <region>", "region for resources whose provider names none")
    .option("--sarif-artifact <path>", "repository file the SARIF results point at (default: the scanned file), e.g. index.ts")
    .addHelpText(
      "after",
      `\nOutput files in --out: ${Object.entries(OUTPUT_FILE).map(([f, n]) => `${n} (${f})`).join(", ")}.\n` +
        "When $GITHUB_STEP_SUMMARY is set, the Markdown summary is appended to it.\n\n" +
        `${EXIT_CODES_HELP}\n\nExamples:\n  pulumi preview --json > preview.json && kinesis-guard scan preview.json --format sarif,markdown\n  pulumi stack export --file state.json && kinesis-guard scan state.json --fail-on medium\n`,
    )
    .action(async (file: string, o: { format: string; out: string; config?: string; failOn?: string; region?: string; sarifArtifact?: string }) => {
      try {
        const result = await runScan({
          file,
          formats: parseFormats(o.format),
          outDir: o.out,
          ...(o.config ? { configPath: o.config } : {}),
          ...(o.failOn ? { failOn: parseFailOn(o.failOn) } : {}),
          ...(o.region ? { region: o.region } : {}),
          ...(o.sarifArtifact ? { artifact: o.sarifArtifact } : {}),
        });
        process.stdout.write(consoleSummary(result.report, result.written));
        process.exitCode = result.exitCode;
      } catch (e) {
        const { message, exitCode } = describeError(e);
        process.stderr.write(termLines(`kinesis-guard scan: ${message}`) + "\n");
        process.exitCode = exitCode;
      }
    });
}
