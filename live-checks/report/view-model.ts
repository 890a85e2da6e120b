/**
 * The CI report view-model: one plain object built from the findings of a `scan` or an `audit`,
 * from which every CI output (SARIF, JUnit XML, Markdown summary, JSON) is rendered. Keeping the
 * gate decision (which finding fails, the exit code) here means every format tells the same story.
 */
import { CATALOG, type RuleSummary } from "../../rules/catalog";
import type { Category, Finding, ResourceRef, Severity } from "../../rules/model";
import { DRIFT_RULES } from "../drift/rules";
import { exitCodeFor, failsGate, type ExitCode, type FailOn } from "../exit-codes";
import type { EnforcementLevel } from "../config-file";
import { repositoryUrl, ruleDocLink } from "./repo-links";
import type { Suppression, SuppressedFinding } from "../suppressions";

import { version as TOOL_VERSION } from "../../package.json";
export const TOOL_NAME = "kinesis-guard";
/** kinesis-guard's repository (package.json "repository"); undefined rather than a made-up URL. */
export const TOOL_URI: string | undefined = repositoryUrl();

/** What the outputs need to know about a rule. */
export interface ReportRule extends RuleSummary {
  /** The rule's enforcement level in this run (drift rules: advisory). */
  readonly enforcement: EnforcementLevel;
  /** The rule's section of docs/rules.md: an absolute URL when kinesis-guard's repository is known (output/repo-links.ts). */
  readonly ruleDocUrl?: string;
  /** The same section as a repository-relative link (catalog rules only). */
  readonly ruleDocPath?: string;
}

export interface ReportFinding {
  readonly ruleId: string;
  readonly issue: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly enforcement: EnforcementLevel;
  /** Its policy is mandatory: fails the gate whatever --fail-on says. */
  readonly mandatory: boolean;
  /** Fails the gate (mandatory, or at/above --fail-on). */
  readonly failsGate: boolean;
  readonly resource: ResourceRef;
  readonly property?: string;
  readonly found?: string;
  readonly expected?: string;
  readonly details: string;
  readonly remediation: string;
  readonly docsUrl: string;
  readonly monthlyImpactUsd?: number;
}

/** A finding accepted by a config exemption or the baseline: listed and counted, never gating. */
export interface ReportSuppressedFinding extends Omit<ReportFinding, "failsGate"> {
  readonly failsGate: false;
  readonly suppression: Suppression;
}

export interface ReportSummary {
  readonly resources: number;
  readonly findings: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly mandatory: number;
  readonly failing: number;
  readonly passed: boolean;
  /** Findings suppressed by an exemption or the baseline (not in `findings`). */
  readonly suppressed: number;
}

export interface CheckReport {
  readonly kind: "scan" | "audit";
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri?: string };
  /** SARIF runAutomationDetails category (--sarif-category); absent: GitHub's upload `category:` input applies. */
  readonly sarifCategory?: string;
  /** What was evaluated: the scanned file, or "AWS account (regions ...)". */
  readonly source: string;
  /** The audited AWS account id (audit; null when unknown, and for scan). */
  readonly account: string | null;
  /** Repository-relative file the results are attributed to (SARIF location). */
  readonly artifactUri: string;
  readonly generatedAt: string;
  readonly failOn: FailOn;
  readonly rules: readonly ReportRule[];
  /** Every resource evaluated (also those without findings), sorted by type then name. */
  readonly resources: readonly ResourceRef[];
  /** Sorted: failing first, then by severity, rule, resource. */
  readonly findings: readonly ReportFinding[];
  /** Suppressed findings (exemptions, baseline, exemption tag), in the same order as `findings`. */
  readonly suppressed: readonly ReportSuppressedFinding[];
  /** Informational notes (ignored resource types, assumptions). Never secrets. */
  readonly notes: readonly string[];
  /** Data that could not be collected (audit). */
  readonly errors: readonly string[];
  readonly incomplete: boolean;
  readonly summary: ReportSummary;
  readonly exitCode: ExitCode;
}

export interface BuildReportInput {
  readonly kind: "scan" | "audit";
  readonly source: string;
  /** The audited AWS account id (audit). */
  readonly account?: string;
  readonly artifactUri?: string;
  readonly findings: readonly Finding[];
  readonly resources: readonly ResourceRef[];
  /** Enforcement level per catalog rule id (KinesisGuardConfig.enforcement). */
  readonly enforcement: Readonly<Record<string, EnforcementLevel>>;
  readonly failOn: FailOn;
  readonly notes?: readonly string[];
  readonly errors?: readonly string[];
  readonly incomplete?: boolean;
  /** Fixed time for reproducible output (tests); default now. */
  readonly now?: Date;
  /** --sarif-category. */
  readonly sarifCategory?: string;
  /** Findings suppressed by an exemption or the baseline (live-checks/suppressions.ts). */
  readonly suppressed?: readonly SuppressedFinding[];
  /** Environment for the documentation links (KINESIS_GUARD_DOCS_URL); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

/** Every rule the outputs can mention: the catalog's policies and the drift checks. */
export function reportRules(enforcement: Readonly<Record<string, EnforcementLevel>>, env: NodeJS.ProcessEnv = process.env): ReportRule[] {
  const policies = CATALOG.map((r) => ({
    ...docLinks(r.id, env),
    id: r.id,
    issue: r.issue,
    title: r.title,
    severity: r.severity,
    category: r.category,
    description: r.description,
    remediation: r.remediation,
    docsUrl: r.docsUrl,
    enforcement: enforcement[r.id] ?? r.enforcement,
  }));
  const drift = DRIFT_RULES.map((r) => ({ ...r, enforcement: "advisory" as const }));
  return [...policies, ...drift];
}

/** Build the view-model. Findings of disabled rules are dropped (the pack would not report them). */
export function buildCheckReport(input: BuildReportInput): CheckReport {
  const rules = reportRules(input.enforcement, input.env);
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const toReport = (f: Finding): ReportFinding | undefined => {
    const rule = ruleById.get(f.ruleId);
    if (!rule) throw new Error(`finding of unknown rule "${f.ruleId}" (not in the catalog nor a drift rule)`);
    if (rule.enforcement === "disabled") return undefined;
    const mandatory = rule.enforcement === "mandatory";
    return {
      ruleId: f.ruleId,
      issue: f.issue,
      title: rule.title,
      severity: f.severity,
      category: rule.category,
      enforcement: rule.enforcement,
      mandatory,
      failsGate: failsGate({ severity: f.severity, mandatory }, input.failOn),
      resource: f.resource,
      ...(f.property === undefined ? {} : { property: f.property }),
      ...(f.found === undefined ? {} : { found: f.found }),
      ...(f.expected === undefined ? {} : { expected: f.expected }),
      details: f.details,
      remediation: f.remediation,
      docsUrl: rule.docsUrl,
      ...(f.monthlyImpactUsd === undefined ? {} : { monthlyImpactUsd: f.monthlyImpactUsd }),
    };
  };
  const findings: ReportFinding[] = input.findings.flatMap((f) => toReport(f) ?? []);
  const suppressed: ReportSuppressedFinding[] = (input.suppressed ?? []).flatMap((s) => {
    const r = toReport(s.finding);
    return r ? [{ ...r, failsGate: false as const, suppression: s.suppression }] : [];
  });
  const order = (a: ReportFinding | ReportSuppressedFinding, b: ReportFinding | ReportSuppressedFinding) =>
      Number(b.failsGate) - Number(a.failsGate) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.resource.displayName.localeCompare(b.resource.displayName) ||
      (a.property ?? "").localeCompare(b.property ?? "");
  findings.sort(order);
  suppressed.sort(order);
  const resources = [...input.resources].sort((a, b) => a.type.localeCompare(b.type) || a.displayName.localeCompare(b.displayName) || a.ref.localeCompare(b.ref));
  const incomplete = input.incomplete ?? false;
  const exitCode = exitCodeFor(findings, { failOn: input.failOn, incomplete });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    kind: input.kind,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, ...(TOOL_URI ? { informationUri: TOOL_URI } : {}) },
    ...(input.sarifCategory ? { sarifCategory: input.sarifCategory } : {}),
    source: input.source,
    account: input.account ?? null,
    artifactUri: toUri(input.artifactUri ?? input.source),
    generatedAt: (input.now ?? new Date()).toISOString(),
    failOn: input.failOn,
    rules,
    resources,
    findings,
    suppressed,
    notes: [...(input.notes ?? [])],
    errors: [...(input.errors ?? [])],
    incomplete,
    summary: {
      resources: resources.length,
      findings: findings.length,
      high: count("high"),
      medium: count("medium"),
      low: count("low"),
      mandatory: findings.filter((f) => f.mandatory).length,
      failing: findings.filter((f) => f.failsGate).length,
      passed: exitCode === 0,
      suppressed: suppressed.length,
    },
    exitCode,
  };
}

function docLinks(ruleId: string, env: NodeJS.ProcessEnv): { ruleDocUrl?: string; ruleDocPath: string } {
  const link = ruleDocLink(ruleId, env);
  return { ...(link.absolute ? { ruleDocUrl: link.absolute } : {}), ruleDocPath: link.relative };
}

/** A path as a relative URI reference (forward slashes, no leading "./"). */
function toUri(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}
