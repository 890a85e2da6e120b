/**
 * Renders the CI outputs from the view-model: JUnit XML and the Markdown summary from the
 * templates ci/junit.xml.hbs and ci/summary.md.hbs of the one template set (templates.ts: the
 * package's templates/, or --templates DIR overriding them), SARIF and JSON as serialized typed
 * objects.
 */
import { buildSarif } from "./sarif";
import { defaultTemplates, type TemplateSet } from "./templates";
import type { CheckReport, ReportFinding } from "./view-model";

/** The CI outputs' templates, by their relative name in templates/ (and in a --templates DIR). */
export const CI_TEMPLATES = { junit: "ci/junit.xml.hbs", markdown: "ci/summary.md.hbs" } as const;

export type OutputFormat = "sarif" | "junit" | "markdown" | "json";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["sarif", "junit", "markdown", "json"];

/** File name each format is written to inside --out. */
export const OUTPUT_FILE: Readonly<Record<OutputFormat, string>> = {
  sarif: "kinesis-guard.sarif",
  junit: "kinesis-guard.junit.xml",
  markdown: "kinesis-guard-summary.md",
  json: "kinesis-guard.json",
};

/** XML 1.0 forbids most control characters even when escaped; drop them. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
function xmlText(s: string): string {
  return s.replace(XML_INVALID, "");
}

/** The JUnit view: one testcase per resource. */
export function junitView(report: CheckReport): Record<string, unknown> {
  const byResource = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    const list = byResource.get(f.resource.ref) ?? [];
    list.push(f);
    byResource.set(f.resource.ref, list);
  }
  const line = (f: ReportFinding) =>
    xmlText(`[${f.severity}/${f.enforcement}] ${f.ruleId} (${f.issue})${f.property ? ` ${f.property}` : ""}: ${f.details} Fix: ${f.remediation}`);
  // A finding's resource may be missing from `resources` (e.g. drift on a resource not in AWS): list it too.
  const refs = new Map(report.resources.map((r) => [r.ref, r]));
  for (const f of report.findings) if (!refs.has(f.resource.ref)) refs.set(f.resource.ref, f.resource);
  let failures = 0;
  const cases = [...refs.values()].map((r) => {
    const findings = byResource.get(r.ref) ?? [];
    const failing = findings.filter((f) => f.failsGate);
    const other = findings.filter((f) => !f.failsGate);
    if (failing.length > 0) failures++;
    return {
      classname: xmlText(r.type),
      name: xmlText(r.displayName),
      failure:
        failing.length === 0
          ? undefined
          : {
              message: xmlText(failing.map((f) => `${f.ruleId}: ${f.issue}`).join("; ")),
              type: xmlText([...new Set(failing.map((f) => f.ruleId))].join(",")),
              text: failing.map(line).join("\n"),
            },
      systemOut: other.length === 0 ? undefined : other.map(line).join("\n"),
    };
  });
  const errorCases = report.errors.map((message, i) => ({ name: `data collection ${i + 1}`, message: xmlText(message) }));
  // Suppressed findings: one skipped test case each, with the reason (exemption or baseline).
  const skippedCases = report.suppressed.map((f) => ({
    classname: xmlText(f.resource.type),
    name: xmlText(`${f.resource.displayName}: ${f.ruleId}${f.property ? ` (${f.property})` : ""}`),
    message: xmlText(`${f.suppression.kind}: ${f.suppression.reason}${f.suppression.expires ? ` (until ${f.suppression.expires})` : ""}`),
  }));
  return {
    name: xmlText(`${report.tool.name} ${report.kind}: ${report.source}`),
    source: xmlText(report.source),
    account: report.account,
    failOn: report.failOn,
    exitCode: report.exitCode,
    timestamp: report.generatedAt.replace(/\.\d+Z$/, ""),
    tests: cases.length + errorCases.length + skippedCases.length,
    failures,
    errors: errorCases.length,
    skipped: skippedCases.length,
    cases,
    errorCases,
    skippedCases,
  };
}

export function renderJunit(report: CheckReport, templates: TemplateSet = defaultTemplates()): string {
  return templates.render(CI_TEMPLATES.junit, junitView(report));
}

/**
 * GitHub's limit for a pull-request comment body, in characters (longer comments are refused:
 * "Body is too long (maximum is 65536 characters)"). The summary is cut to fit; JavaScript string
 * length counts UTF-16 units, never fewer than characters, so the cut is on the safe side.
 */
export const MARKDOWN_COMMENT_LIMIT = 65_536;

/**
 * The Markdown summary, at most `limit` characters: when everything does not fit, the findings
 * come first (in the report's order: gate-failing, then high to low severity) as many as fit, then
 * a line saying how many more are in the full outputs; notes are dropped before any finding.
 */
export function renderMarkdown(report: CheckReport, templates: TemplateSet = defaultTemplates(), limit = MARKDOWN_COMMENT_LIMIT): string {
  const draw = (findings: number, notes: number): string =>
    templates.render(CI_TEMPLATES.markdown, {
      ...report,
      findings: report.findings.slice(0, findings),
      notes: report.notes.slice(0, notes),
      omittedFindings: report.findings.length - findings,
      omittedNotes: report.notes.length - notes,
      totalNotes: report.notes.length,
      fullOutputs: [OUTPUT_FILE.json, OUTPUT_FILE.sarif, OUTPUT_FILE.junit].join(", "),
      incompleteOnly: report.incomplete && report.summary.failing === 0,
    }).replace(/\n{3,}/g, "\n\n");
  const all = draw(report.findings.length, report.notes.length);
  if (all.length <= limit) return all;
  // The largest n in [0, max] for which fits(n) holds (fits is monotone: fewer rows, shorter text).
  const largest = (max: number, fits: (n: number) => boolean): number => {
    let lo = 0;
    let hi = max;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const fitsWithAllFindings = (n: number) => draw(report.findings.length, n).length <= limit;
  if (fitsWithAllFindings(0)) return draw(report.findings.length, largest(report.notes.length, fitsWithAllFindings));
  const shown = largest(report.findings.length, (n) => draw(n, 0).length <= limit);
  const out = draw(shown, 0);
  // Even the header alone is too long (a huge source name): cut it hard rather than be refused.
  return out.length <= limit ? out : out.slice(0, limit - 2) + "\n";
}

export function renderSarif(report: CheckReport): string {
  return JSON.stringify(buildSarif(report), null, 2) + "\n";
}

/** The JSON output: the view-model itself, minus the rule list (it is the catalog). */
export function renderJson(report: CheckReport): string {
  const { rules: _rules, ...rest } = report;
  return JSON.stringify(rest, null, 2) + "\n";
}

export function render(format: OutputFormat, report: CheckReport, templates?: TemplateSet): string {
  switch (format) {
    case "sarif":
      return renderSarif(report);
    case "junit":
      return renderJunit(report, templates);
    case "markdown":
      return renderMarkdown(report, templates);
    case "json":
      return renderJson(report);
  }
}
