/**
 * `kinesis-guard audit`: collect a snapshot of the live streams (or load a saved one), analyze it
 * and write the report files. Exit codes (live-checks/exit-codes.ts): 0 clean, 1 a finding at or
 * above --fail-on (default from the config, else "high") or of a mandatory policy, 2 usage/input
 * error, 3 audit incomplete (some data could not be collected) with nothing failing the gate.
 */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command, Option } from "commander";
import { ConfigError } from "../../rules/config";
import { analyzeSnapshot, withExtraFindings, type AuditAnalysis } from "../analyze";
import type { CollectOptions } from "../collect";
import { defaultConfig, loadConfigFile, regionsRulesList, type KinesisGuardConfig } from "../config-file";
import { EXIT_CODES_HELP, EXIT_INCOMPLETE, EXIT_USAGE, exitCodeFor, parseFailOn, UsageError, type ExitCode, type FailOn } from "../exit-codes";
import { renderAndWriteReports, TEMPLATE_NAMES } from "../report/write-reports";
import { toConsoleModel } from "../report/console-model";
import { termSafeModel } from "../report/terminal";
import { applySuppressions, loadBaseline, writeBaseline } from "../suppressions";
import { applyRuleFilters, filterFindings, findConfigPath, parseAccountSelection, parseRuleFilters, registerAccountOptions, registerGateOptions, type AccountSelection, type RuleFilters } from "./common";
import { auditOrganization, auditSnapshots, isMultiSnapshot, loadAccountsFileChecked, OrgListingError } from "./organization-audit";
import { accountFromArns, type AccountedAnalysis, type AuditAccount } from "../report/analysis-json";
import { loadTemplates, TemplateError } from "../report/templates";
import { loadSnapshot, saveSnapshot, SnapshotError } from "../snapshot-io";
import type { Snapshot } from "../snapshot";
import { loadStackScope, scopeAuditToStack, type StackScope } from "../stack/audit-scope";
import { StackDocumentError } from "../stack/types";
import { redactAnalysisForStack } from "../stack/redact-analysis";
import { auditCheckReport } from "../report/from-audit";
import { renderAnnotations } from "../report/annotations";
import type { CheckReport } from "../report/view-model";
import { OUTPUT_FILE, type OutputFormat } from "../report/render";
import { appendStepSummary, parseFormats, renderOutputs, stageOutputs } from "../report/write";
import { loadOnUse } from "../lazy-module";
import { metricValueProblems } from "../input-checks";
import { termLines, termValue } from "../report/terminal";
import { capHeapGrowthForReports } from "./heap-growth";

export const DEFAULT_AUDIT_OUT = "./kinesis-audit";
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export interface AuditOptions {
  readonly regions?: readonly string[];
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly outDir?: string;
  readonly configPath?: string;
  readonly windowDays?: number;
  /** The collection's deadline, ms (--timeout; default DEFAULT_AUDIT_TIMEOUT_MS; 0 = none). */
  readonly timeoutMs?: number;
  readonly saveSnapshotPath?: string;
  readonly fromSnapshotPath?: string;
  /** Several snapshots (files, directories, snapshot sets) merged into one organization-wide report (issue 16). */
  readonly fromSnapshotPaths?: readonly string[];
  /** Organization-wide audit: the accounts and the role assumed in each (issue 16). */
  readonly accounts?: AccountSelection;
  readonly templatesDir?: string;
  readonly verbose?: boolean;
  /** Progress bar / lines on stderr (default true). */
  readonly progress?: boolean;
  /** Overrides the config file's settings.failOn. */
  readonly failOn?: FailOn;
  /** Scope the audit to a Pulumi stack (with drift findings). */
  readonly stackExport?: string;
  readonly stackName?: string;
  /** Build the CI view-model even without CI outputs (--annotations). */
  readonly annotations?: boolean;
  /** SARIF category (--sarif-category; default none: GitHub's upload `category:` input applies). */
  readonly sarifCategory?: string;
  /** CI outputs (SARIF, JUnit, Markdown, JSON) to write next to the reports (--ci-format). */
  readonly ciFormats?: readonly OutputFormat[];
  /** Window end (tests). */
  readonly now?: Date;
  /** Where notes go (default process.stderr). */
  readonly stderr?: NodeJS.WritableStream;
  /** Which findings are reported and gated on (--severity, --rule, --skip-rule). */
  readonly filters?: RuleFilters;
  /** Accepted findings (--baseline): reported as baseline, not gating. */
  readonly baselinePath?: string;
  /** Write this run's findings as a baseline (--write-baseline). */
  readonly writeBaselinePath?: string;
  /** Environment for region and endpoint defaults (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Check the credentials with sts:GetCallerIdentity before collecting (default: true, except with
   * mocked clients, collect.clientOverrides.makeClients, which have no STS).
   */
  readonly checkIdentity?: boolean;
  /** Extra collector options (tests, benchmarks: client overrides, concurrency, quotas). */
  readonly collect?: Partial<Pick<CollectOptions, "clientOverrides" | "maxConcurrency" | "quotas">>;
}

export interface AuditResult {
  readonly analysis: AuditAnalysis;
  /**
   * What the collection did (API calls, errors, notes). Not the whole snapshot: its metric series
   * (tens of MB at 1,000 streams) are let go once analyzed, before the reports are rendered.
   */
  readonly collection: Snapshot["collection"];
  /** The rendered console summary. */
  readonly console: string;
  readonly written: readonly string[];
  readonly exitCode: ExitCode;
  /** With --out -: the one CI output, for standard output (no report file is written). */
  readonly stdout?: string;
  /** The CI view-model (built when CI outputs or annotations are asked for). */
  readonly ciReport?: CheckReport;
}

/**
 * Default deadline of the collection (docs/guarantees.md, "Time"): several times what a fleet of
 * 1,000 streams takes (about 4 minutes, docs/benchmarks.md), short of CI job limits, so a stalled
 * audit ends with named gaps (exit 3) instead of being killed with no report.
 */
export const DEFAULT_AUDIT_TIMEOUT_MS = 60 * 60_000;

/** `--timeout`: seconds, or a number with s, m or h; 0 = no limit. */
export function parseTimeout(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(v);
  if (!m) throw new UsageError(`--timeout ${JSON.stringify(v)}: give seconds or a duration like 900, 15m, 1h (0 = no limit)`);
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "s" | "m" | "h"];
  if (!Number.isFinite(ms) || ms > 7 * 86_400_000) throw new UsageError(`--timeout ${JSON.stringify(v)}: at most a week (7d = 168h)`);
  return Math.round(ms);
}

/** `--out -`: the one --format output goes to standard output, no report files. */
export const AUDIT_STDOUT = "-";

/** The audit's failure for "could not collect at all" (not a usage error). */
export class CollectionFailedError extends Error {
  override name = "CollectionFailedError";
}

function checkOptions(o: AuditOptions): void {
  if (o.fromSnapshotPath || o.fromSnapshotPaths?.length) {
    const clash = [o.regions?.length ? "--region" : "", o.profile ? "--profile" : "", o.endpointUrl ? "--endpoint-url" : "", o.windowDays !== undefined ? "--window-days" : "", o.saveSnapshotPath ? "--save-snapshot" : "", o.timeoutMs !== undefined ? "--timeout" : ""].filter(Boolean);
    if (clash.length) throw new UsageError(`--from-snapshot analyzes a saved snapshot without calling AWS: ${clash.join(", ")} do${clash.length === 1 ? "es" : ""} not apply`);
  }
  if (o.fromSnapshotPath && o.fromSnapshotPaths?.length) throw new UsageError("fromSnapshotPath and fromSnapshotPaths: give one");
  if ((o.fromSnapshotPath || o.fromSnapshotPaths?.length) && o.accounts) throw new UsageError("--from-snapshot analyzes saved snapshots: --account, --accounts and --organization do not apply");
  if (o.accounts && (o.stackExport || o.stackName)) throw new UsageError("--stack / --stack-export scope the audit to one stack: not with --account, --accounts or --organization");
  for (const r of o.regions ?? []) {
    if (r === "all") continue; // every region enabled in the account (EC2 DescribeRegions)
    if (!REGION_RE.test(r)) throw new UsageError(`--region ${JSON.stringify(r)}: not an AWS region name (e.g. us-east-1)`);
  }
  if (o.windowDays !== undefined && (!Number.isInteger(o.windowDays) || o.windowDays < 1 || o.windowDays > 455)) {
    throw new UsageError(`--window-days ${o.windowDays}: must be a whole number from 1 to 455 (CloudWatch keeps hourly data 455 days; 1-minute data only 15)`);
  }
  if (o.endpointUrl !== undefined) {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(o.endpointUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--endpoint-url ${JSON.stringify(o.endpointUrl)}: must be an http(s) URL, e.g. http://localhost:4566`);
  }
}

/** Run the audit end to end. @throws UsageError / ConfigError / SnapshotError / TemplateError / StackDocumentError (exit 2). */
export async function runAudit(o: AuditOptions): Promise<AuditResult> {
  checkOptions(o);
  const stderr = o.stderr ?? process.stderr;
  const config: KinesisGuardConfig = applyRuleFilters(o.configPath ? await loadConfigFile(o.configPath) : defaultConfig(), o.filters ?? {});
  const toStdout = o.outDir === AUDIT_STDOUT;
  if (toStdout && o.ciFormats?.length !== 1) throw new UsageError("--out -: writes one output to standard output instead of the report files; choose it with --format (e.g. --format json)");
  const templates = loadTemplates(o.templatesDir); // bad --templates fails before any AWS call
  const baseline = o.baselinePath ? await loadBaseline(o.baselinePath) : undefined; // so does a bad --baseline
  const scope =
    o.stackExport || o.stackName
      ? await loadStackScope({ ...(o.stackExport ? { stackExport: o.stackExport } : {}), ...(o.stackName ? { stackName: o.stackName } : {}), ...(o.regions?.length === 1 ? { region: o.regions[0] } : {}) })
      : undefined;

  // The snapshot is only held inside obtainAndAnalyze(): once analyzed, its metric series (tens of MB
  // at 1,000 streams) can be collected while the reports are rendered, the audit's peak memory. A
  // local here holding it (or an object with it, for the account) would keep it alive to the end.
  const { analyzed, account } = await obtainAndAnalyze(o, config, scope, stderr);
  if (o.accounts) capHeapGrowthForReports(); // every account's analysis is held from here (heap-growth.ts)
  const { notes, collection } = analyzed;
  // Exemptions, the baseline and the exemption tag: accepted findings stay in every report, marked, and do not gate.
  const everyFinding = [...analyzed.analysis.findings, ...(analyzed.analysis.otherFindings ?? []).filter((f) => !analyzed.analysis.findings.includes(f))];
  const suppression = applySuppressions(everyFinding, {
    exemptions: config.settings.exemptions,
    ...(baseline ? { baseline } : {}),
    ...(o.now ? { now: o.now } : {}),
    ...(analyzed.analysis.tagExempt ? { tagExempt: analyzed.analysis.tagExempt } : {}),
  });
  for (const n of suppression.notes) stderr.write(`note: ${termValue(n)}\n`);
  if (o.writeBaselinePath) await writeBaseline(o.writeBaselinePath, everyFinding, o.now);
  // Every report names the audited account (report/analysis-json.ts, AuditAccount).
  const analysis: AccountedAnalysis = {
    ...analyzed.analysis,
    ...(account ? { account } : {}),
    suppressed: suppression.suppressed,
  };
  const suppressedSet = new Set(suppression.suppressed.map((s) => s.finding));

  const outDir = o.outDir ?? DEFAULT_AUDIT_OUT;
  const failOn = o.failOn ?? config.settings.failOn;
  const exitCode = exitCodeFor(
    analysis.findings.filter((f) => !suppressedSet.has(f)).map((f) => ({ severity: f.severity, mandatory: config.enforcement[f.ruleId] === "mandatory" })),
    { failOn, incomplete: !analysis.complete },
  );
  // The CI outputs are part of the same report set as the reports: one switch for all of them.
  const source = scope ? `stack ${scope.doc.project ?? "?"}/${scope.doc.stack ?? "?"} (${scope.doc.source}) in AWS` : `AWS (${analysis.regions.join(", ")})`;
  const ciReport = o.ciFormats?.length || o.annotations ? auditCheckReport(analysis, config, { failOn, notes: [...notes, ...suppression.notes], source, suppressed: suppression.suppressed, ...(o.sarifCategory ? { sarifCategory: o.sarifCategory } : {}) }) : undefined;
  const ciRendered = ciReport && o.ciFormats?.length ? renderOutputs(ciReport, o.ciFormats, templates) : [];
  if (toStdout && ciReport) {
    const console = templates.render(TEMPLATE_NAMES.console, termSafeModel(toConsoleModel(analysis, "(standard output)", [])));
    await appendStepSummary(ciReport, ciRendered, { templates });
    return { analysis, collection, console, written: [], exitCode, stdout: ciRendered[0]![1], ciReport };
  }
  let rendered: { console: string; written: string[] };
  try {
    // One report file at a time (rendered, staged, let go): the whole set never sits in memory.
    rendered = await renderAndWriteReports(analysis, {
      outDir,
      templates,
      stackDerived: scope !== undefined,
      more: async (set) => Object.values(await stageOutputs(set, outDir, ciRendered)).filter((p): p is string => p !== undefined),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!err?.syscall) throw e; // a template or view-model error, not the file system
    throw new UsageError(`--out ${outDir}: cannot write the reports (${err.code ?? err.message}${err.path ? ` at ${err.path}` : ""}); give a writable directory`);
  }
  if (ciReport && ciRendered.length) await appendStepSummary(ciReport, ciRendered, { templates });
  return { analysis, collection, console: rendered.console, written: rendered.written, exitCode, ...(ciReport ? { ciReport } : {}) };
}

// Loaded on use like the collector: it pulls in the Kinesis SDK client.
const loadIdentity = () =>
  loadOnUse(
    () => require("../collect/identity") as typeof import("../collect/identity"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("../collect/identity"),
  );

/**
 * Regions to audit: --region, else the stack's, else the config file's `regions`, else the AWS
 * defaults a user's shell already has (AWS_REGION, AWS_DEFAULT_REGION, the profile's region).
 */
async function auditRegions(o: AuditOptions, config: KinesisGuardConfig, scope: StackScope | undefined): Promise<string[]> {
  if (o.regions?.length) return [...o.regions];
  if (scope?.regions.length) return [...scope.regions];
  if (config.settings.regions) return [...config.settings.regions];
  const { resolveDefaultRegion } = await loadIdentity();
  const region = await resolveDefaultRegion({ ...(o.profile ? { profile: o.profile } : {}), ...(o.env ? { env: o.env } : {}) });
  if (!region) {
    throw new UsageError(
      `no region to audit: pass --region (repeatable), set AWS_REGION (or AWS_DEFAULT_REGION), give the profile a region (\`aws configure set region us-east-1${o.profile ? ` --profile ${o.profile}` : ""}\`), or set "kinesis-guard": { "regions": [...] } in the config file`,
    );
  }
  if (!REGION_RE.test(region)) throw new UsageError(`region ${JSON.stringify(region)} (from the environment or the profile): not an AWS region name (e.g. us-east-1)`);
  return [region];
}

/** The caller's account (sts:GetCallerIdentity), unless the check is off (mocked clients). */
async function callerAccount(o: AuditOptions, regions: readonly string[]): Promise<AuditAccount | undefined> {
  if (!(o.checkIdentity ?? !o.collect?.clientOverrides?.makeClients)) return undefined;
  const { getCallerIdentity, CredentialsError, CREDENTIALS_HELP, resolveDefaultRegion } = await loadIdentity();
  const region = regions.find((r) => r !== "all") ?? (await resolveDefaultRegion({ ...(o.profile ? { profile: o.profile } : {}), ...(o.env ? { env: o.env } : {}) })) ?? "us-east-1";
  try {
    const who = await getCallerIdentity({ region, ...(o.profile ? { profile: o.profile } : {}), ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}), ...(o.env ? { env: o.env } : {}) });
    return { id: who.account, callerArn: who.arn, source: "sts:GetCallerIdentity" };
  } catch (e) {
    if (e instanceof CredentialsError) throw new UsageError(`${e.message}\nWhat to do: ${CREDENTIALS_HELP}`);
    throw new CollectionFailedError((e as Error).message);
  }
}

/** --region all in a single-account audit: the regions enabled in the caller's account (EC2 DescribeRegions). */
async function allRegions(o: AuditOptions, wanted: readonly string[]): Promise<string[]> {
  const { enabledRegions, baseCredentials, describeError } = await loadOnUse(
    () => require("../collect/accounts") as typeof import("../collect/accounts"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("../collect/accounts"),
  );
  try {
    const listed = await enabledRegions(baseCredentials(o.profile), wanted.find((r) => r !== "all") ?? "us-east-1", o.endpointUrl);
    return [...new Set([...wanted.filter((r) => r !== "all"), ...listed])].sort();
  } catch (e) {
    throw new CollectionFailedError(`--region all: could not list the account's regions (EC2 DescribeRegions): ${describeError(e)}`);
  }
}

/** Regions the rules ask to list besides the audited ones (e.g. DR replicas), those not audited anyway. */
function drRegionsOf(config: KinesisGuardConfig, regions: readonly string[]): string[] {
  return regionsRulesList(config).filter((r) => !regions.includes(r));
}

/** Load the saved snapshot, or collect one from AWS (saving it when asked). */
async function obtainSnapshot(o: AuditOptions, config: KinesisGuardConfig, scope: StackScope | undefined): Promise<{ snapshot: Snapshot; account?: AuditAccount }> {
  if (o.fromSnapshotPath) {
    const snapshot = await loadSnapshot(o.fromSnapshotPath);
    // A value no CloudWatch metric can have (a hand edit to 1e308) would overflow the analysis
    // into Infinity and NaN; refuse it like any other inconsistency of the file.
    const problems = metricValueProblems(snapshot.metrics);
    if (problems.length > 0) {
      throw new SnapshotError(`${o.fromSnapshotPath}: the snapshot has impossible metric values:\n  - ${problems.join("\n  - ")}\nRe-create it with \`kinesis-guard audit --save-snapshot\``);
    }
    const id = accountFromArns([...snapshot.streams.map((s) => s.arn), ...snapshot.deliveryStreams.map((d) => d.arn)]);
    return { snapshot, ...(id ? { account: { id, source: "resource ARNs" as const } } : {}) };
  }
  const wanted = await auditRegions(o, config, scope);
  // Who is calling, before any collection: missing or refused credentials are the user's to fix
  // (exit 2 with the SDK's or STS's message), not an audit that collects nothing (exit 3).
  const account = await callerAccount(o, wanted);
  const regions = wanted.includes("all") ? await allRegions(o, wanted) : wanted;
  const drRegions = drRegionsOf(config, regions);
  // Loaded on use: the five AWS SDK clients cost start-up time that --from-snapshot and --help never need.
  const { collectSnapshot } = await loadOnUse(
    () => require("../collect") as typeof import("../collect"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("../collect"),
  );
  let snapshot: Snapshot;
  try {
    snapshot = await collectSnapshot({
      regions,
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
      windowDays: o.windowDays ?? config.settings.windowDays,
      ...(o.now ? { now: o.now } : {}),
      drRegions,
      progress: o.progress === false ? "off" : "auto",
      verbose: o.verbose ?? false,
      excludeNamePrefixes: config.settings.excludeNamePrefixes,
      excludeTagKey: config.settings.excludeTagKey,
      ...((o.timeoutMs ?? DEFAULT_AUDIT_TIMEOUT_MS) > 0 ? { timeoutMs: o.timeoutMs ?? DEFAULT_AUDIT_TIMEOUT_MS } : {}),
      ...(o.collect ?? {}),
    });
  } catch (e) {
    throw new CollectionFailedError(`could not collect from AWS: ${(e as Error).message}`);
  }
  // Saved before the analysis, so the data survives any later failure and can be re-analyzed.
  if (o.saveSnapshotPath) {
    // Its folder may not exist yet (e.g. --save-snapshot kinesis-audit/snapshot.json on a fresh CI runner).
    await mkdir(dirname(resolve(o.saveSnapshotPath)), { recursive: true }).catch(() => undefined);
    await saveSnapshot(o.saveSnapshotPath, snapshot);
  }
  return { snapshot, ...(account ? { account } : {}) };
}

/** Obtain the snapshot and analyze it; only the analysis and the account outlive this call. */
async function obtainAndAnalyze(
  o: AuditOptions,
  config: KinesisGuardConfig,
  scope: StackScope | undefined,
  stderr: NodeJS.WritableStream,
): Promise<{ analyzed: ReturnType<typeof analyze>; account?: AuditAccount }> {
  const analyzeOne = (s: Snapshot) => analyze(s, undefined, config, stderr, o.filters ?? {}).analysis;
  if (o.fromSnapshotPaths?.length) {
    if (await isMultiSnapshot(o.fromSnapshotPaths)) return { analyzed: await auditSnapshots(o.fromSnapshotPaths, analyzeOne) };
    o = { ...o, fromSnapshotPath: o.fromSnapshotPaths[0]!, fromSnapshotPaths: [] };
  }
  if (o.accounts) {
    const fileTargets = await loadAccountsFileChecked(o.accounts);
    const regions = await auditRegions(o, config, scope);
    const caller = await callerAccount(o, regions);
    try {
      const analyzed = await auditOrganization({
        selection: o.accounts,
        fileTargets,
        regions,
        ...(o.profile ? { profile: o.profile } : {}),
        ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
        windowDays: o.windowDays ?? config.settings.windowDays,
        ...(o.now ? { now: o.now } : {}),
        drRegions: drRegionsOf(config, regions),
        progress: o.progress !== false,
        verbose: o.verbose ?? false,
        ...(o.saveSnapshotPath ? { saveSnapshotPath: o.saveSnapshotPath } : {}),
        config,
        ...(caller ? { caller: { account: caller.id, arn: caller.callerArn ?? "" } } : {}),
        ...(o.collect ? { collect: o.collect } : {}),
        stderr,
        analyze: analyzeOne,
      });
      return { analyzed };
    } catch (e) {
      if (e instanceof OrgListingError) throw new CollectionFailedError(e.message);
      throw e;
    }
  }
  const obtained = await obtainSnapshot(o, config, scope);
  const analyzed = analyze(obtained.snapshot, scope, config, stderr, o.filters ?? {});
  return { analyzed, ...(obtained.account ? { account: obtained.account } : {}) };
}

/** Analyze the snapshot, scoped to the stack (with drift findings) when one is given. */
function analyze(
  snapshot: Snapshot,
  scope: StackScope | undefined,
  config: KinesisGuardConfig,
  stderr: NodeJS.WritableStream,
  filters: RuleFilters,
): { analysis: AuditAnalysis; notes: string[]; collection: Snapshot["collection"] } {
  const collection = snapshot.collection;
  if (!scope) return { analysis: analyzeSnapshot(snapshot, config), notes: [], collection };
  const scoped = scopeAuditToStack(scope, snapshot);
  for (const n of scoped.notes) stderr.write(`note: ${termValue(n)}\n`);
  const analysis = withExtraFindings(analyzeSnapshot(scoped.snapshot, config), filterFindings(scoped.drift.findings, filters), config.settings.healthScore);
  // Every report is rendered from this: the stack's secrets are redacted here, once (stack/redact-analysis.ts).
  return { analysis: redactAnalysisForStack(analysis, scoped.drift.matched, scope.secrets), notes: [...scoped.notes], collection };
}

/** Message and exit code for an error thrown by the audit. */
export function auditErrorExit(e: unknown): { message: string; exitCode: ExitCode } {
  if (e instanceof UsageError || e instanceof ConfigError || e instanceof SnapshotError || e instanceof TemplateError || e instanceof StackDocumentError) {
    return { message: e.message, exitCode: EXIT_USAGE };
  }
  if (e instanceof CollectionFailedError) return { message: e.message, exitCode: EXIT_INCOMPLETE };
  return { message: `internal error: ${(e as Error)?.stack ?? String(e)}\n(please report this)`, exitCode: EXIT_USAGE };
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

export function registerAuditCommand(program: Command): Command {
  const cmd = program
    .command("audit")
    .summary("audit live streams: 7 days of CloudWatch metrics, live config, report files")
    .description(
      "Read the live Kinesis Data Streams and Firehose delivery streams (AWS SDK, read-only), evaluate every rule on the live " +
        "configuration and the metric rules over the window's CloudWatch data, and write the report files and remediation stubs into --out.",
    )
    .option("--region <region>", "region to audit (repeatable or comma-separated; \"all\": every region enabled in the account; default: the config's regions)", collect)
    .option("--profile <name>", "AWS shared-config profile")
    .option("--endpoint-url <url>", "AWS endpoint (LocalStack, moto, the kinesis-guard simulator)")
    .addOption(new Option("--out <dir>", "report directory").default(DEFAULT_AUDIT_OUT))
    .option("--config <file>", "config file (JSON or YAML; the same file works as --policy-pack-config); default: $KINESIS_GUARD_CONFIG, else kinesis-guard.json|yaml|yml in the working directory")
    .option("--window-days <n>", "analysis window in days (default: the config's windowDays, 7)", (v) => {
      const n = Number(v);
      if (!/^\d+$/.test(v.trim())) throw new UsageError(`--window-days ${JSON.stringify(v)}: must be a whole number of days`);
      return n;
    })
    .option("--timeout <duration>", "stop collecting after this long (e.g. 900, 15m, 1h; 0 = no limit; default 1h): what was not read by then is named in the reports and the audit exits 3 (incomplete)", parseTimeout)
    .option("--save-snapshot <file>", "also save the collected snapshot (re-analyze later with --from-snapshot)")
    .option("--from-snapshot <file>", "analyze a saved snapshot instead of calling AWS; repeatable, or a directory: the snapshots (e.g. one per CI job) are merged into one report", (v: string, prev: string[] = []) => [...prev, v])
    .option("--templates <dir>", "override any template of templates/ with a file of the same relative name in <dir>")
    .option("--stack-export <file>", "scope the audit to a Pulumi stack (JSON of `pulumi stack export`) and report drift")
    .option("--stack <name>", "scope the audit to a Pulumi stack by name (needs the pulumi CLI)")
    .option("--ci-format <list>", `also write CI outputs into --out, comma-separated: sarif, junit, markdown, json (${Object.values(OUTPUT_FILE).join(", ")}); the Markdown summary is appended to $GITHUB_STEP_SUMMARY when set`)
    .option("--format <list>", "same as --ci-format; with --out -, the one output written to standard output")
    .option("-q, --quiet", "no console summary and no progress: only errors (the exit code tells the verdict)")
    .option("--verbose", "print the request plan and API call counts on stderr")
    .option("--no-progress", "no progress output on stderr")
;
  return registerAccountOptions(registerGateOptions(cmd))
    .addHelpText(
      "after",
      `\nReport files in --out: kinesis_analysis.json, shard_optimization_plan.json, consumer_lag_report.csv,\nthroughput_utilization_dashboard.html, remediation/<resource>--<rule>.ts|.sh\n\n${EXIT_CODES_HELP}\n\nExamples:\n  kinesis-guard audit --region us-east-1 --region eu-west-1\n  kinesis-guard audit --endpoint-url http://localhost:4566 --region us-east-1 --out ./audit\n  kinesis-guard audit --from-snapshot snapshot.json --fail-on medium\n  kinesis-guard audit --organization --role-name KinesisGuardAudit --region all --save-snapshot org.jsonl\n  kinesis-guard audit --from-snapshot shards/ --ci-format sarif\n  pulumi stack export --file state.json && kinesis-guard audit --stack-export state.json --ci-format sarif,junit,markdown\n`,
    )
    .action(async (o: {
      region?: string[]; profile?: string; endpointUrl?: string; out: string; config?: string; windowDays?: number; saveSnapshot?: string;
      fromSnapshot?: string[]; timeout?: number; templates?: string; account?: string[]; accounts?: string; organization?: boolean; ou?: string[]; excludeAccount?: string[];
      roleName?: string; externalId?: string; roleSessionName?: string; accountConcurrency?: number; monitoringAccount?: string; stackExport?: string; stack?: string; verbose?: boolean; progress: boolean; failOn?: string;
      ciFormat?: string; format?: string; sarifCategory?: string; severity?: string; rule?: string[]; skipRule?: string[]; quiet?: boolean; annotations?: boolean; baseline?: string; writeBaseline?: string;
    }) => {
      try {
        if (o.ciFormat && o.format) throw new UsageError("--format and --ci-format are the same option: give one");
        const formats = o.ciFormat ?? o.format;
        const accounts = parseAccountSelection(o);
        const configPath = await findConfigPath(o.config);
        const result = await runAudit({
          ...(o.region ? { regions: o.region } : {}),
          ...(o.profile ? { profile: o.profile } : {}),
          ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}),
          outDir: o.out,
          ...(configPath ? { configPath } : {}),
          filters: parseRuleFilters(o),
          ...(o.annotations ? { annotations: true } : {}),
          ...(o.baseline ? { baselinePath: o.baseline } : {}),
          ...(o.writeBaseline ? { writeBaselinePath: o.writeBaseline } : {}),
          ...(o.sarifCategory ? { sarifCategory: o.sarifCategory } : {}),
          ...(o.windowDays !== undefined ? { windowDays: o.windowDays } : {}),
          ...(o.saveSnapshot ? { saveSnapshotPath: o.saveSnapshot } : {}),
          ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
          ...(o.fromSnapshot?.length ? { fromSnapshotPaths: o.fromSnapshot } : {}),
          ...(accounts ? { accounts } : {}),
          ...(o.templates ? { templatesDir: o.templates } : {}),
          ...(o.stackExport ? { stackExport: o.stackExport } : {}),
          ...(o.stack ? { stackName: o.stack } : {}),
          ...(formats ? { ciFormats: parseFormats(formats, o.ciFormat ? "--ci-format" : "--format") } : {}),
          verbose: o.verbose ?? false,
          progress: o.quiet ? false : o.progress,
          ...(o.failOn ? { failOn: parseFailOn(o.failOn) } : {}),
        });
        if (result.stdout !== undefined) process.stdout.write(result.stdout);
        // The runner reads workflow commands from both streams: stderr keeps stdout machine-readable.
        if (o.annotations && result.ciReport) (result.stdout !== undefined ? process.stderr : process.stdout).write(renderAnnotations(result.ciReport));
        // With --out -, standard output is the machine-readable output: the summary goes to stderr.
        if (!o.quiet) (result.stdout !== undefined ? process.stderr : process.stdout).write(termLines(result.console));
        process.exitCode = result.exitCode;
      } catch (e) {
        const { message, exitCode } = auditErrorExit(e);
        process.stderr.write(termLines(`kinesis-guard audit: ${message}`) + "\n");
        process.exitCode = exitCode;
      }
    });
}
