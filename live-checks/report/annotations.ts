/**
 * GitHub Actions annotations (`--annotations`): one workflow command per finding, e.g.
 * `::error file=infra/index.ts,line=1,title=kds-encryption (No Encryption)::Stream ...`.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#setting-an-error-message
 *
 * Encoding, as the runner decodes it (actions/toolkit, core/src/command.ts): in the message
 * `%` -> %25, CR -> %0D, LF -> %0A; in property values also `:` -> %3A and `,` -> %2C. Without it a
 * resource name holding a newline could start a second command (`::add-mask::`, `::stop-commands::`).
 * A gate-failing finding is an error, other high and medium findings warnings, low ones notices.
 * GitHub shows at most 10 errors and 10 warnings per step (50 per job): the report's order puts the
 * gate-failing and most severe first.
 */
import type { CheckReport, ReportFinding } from "./view-model";

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(f: ReportFinding): "error" | "warning" | "notice" {
  if (f.failsGate) return "error";
  return f.severity === "low" ? "notice" : "warning";
}

/** The annotation lines for a report (newline-terminated; empty when there is no finding). */
export function renderAnnotations(report: CheckReport): string {
  return report.findings
    .map((f) => {
      const props = [`file=${escapeProperty(report.artifactUri)}`, "line=1", `title=${escapeProperty(`${f.ruleId} (${f.issue}): ${f.resource.displayName}`)}`];
      const where = f.property ? `${f.resource.displayName} (${f.property})` : f.resource.displayName;
      return `::${command(f)} ${props.join(",")}::${escapeData(`[${f.severity}/${f.enforcement}] ${where}: ${f.details} Fix: ${f.remediation}`)}\n`;
    })
    .join("");
}
