/**
 * `high_priority_issues`: distinct high-severity issues, not high findings. One unencrypted Kinesis
 * stream is reported on the stream (kds-encryption) and again on every delivery stream it feeds
 * (kdf-encryption, stack part: a Kinesis-sourced delivery stream cannot enable SSE itself, its
 * source is judged and named in `data.sourceStream`). That is one issue, with one fix: encrypt the
 * stream. Findings and severity counts still list every finding.
 */
import type { Finding } from "../../rules/model";

/** The issue a high finding stands for: the source stream's encryption for both encryption rules. */
function issueKey(f: Finding, i: number): string {
  const source = f.data?.sourceStream;
  if (f.ruleId === "kdf-encryption" && typeof source === "string") return `encryption|${source}`;
  if (f.ruleId === "kds-encryption") return `encryption|${f.resource.ref}`;
  return `#${i}`;
}

export function highPriorityIssues(findings: readonly Finding[]): number {
  return new Set(findings.flatMap((f, i) => (f.severity === "high" ? [issueKey(f, i)] : []))).size;
}
