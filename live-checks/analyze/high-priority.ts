/**
 * `high_priority_issues`: distinct high-severity issues, not high findings. One unencrypted Kinesis
 * stream is reported on the stream (kds-encryption) and again on every delivery stream it feeds
 * (kdf-encryption, stack part: a Kinesis-sourced delivery stream cannot enable SSE itself, its
 * source is judged and named in `data.sourceStream`). That is one issue, with one fix: encrypt the
 * stream. The rules say which findings are the same issue (their `live.issueKey` hook). Findings
 * and severity counts still list every finding.
 */
import { CATALOG, type Rule } from "../../rules/catalog";
import type { Finding } from "../../rules/model";

export function highPriorityIssues(findings: readonly Finding[], rules: readonly Rule[] = CATALOG): number {
  const byId = new Map(rules.map((r) => [r.id, r]));
  /** The issue a high finding stands for: its rule's key, else the finding alone. */
  const issueKey = (f: Finding, i: number): string => byId.get(f.ruleId)?.live.issueKey?.(f) ?? `#${i}`;
  return new Set(findings.flatMap((f, i) => (f.severity === "high" ? [issueKey(f, i)] : []))).size;
}
