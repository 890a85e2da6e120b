/**
 * Adds drift findings to a finished live analysis: each lands on its stream or delivery stream
 * (matched by the live ARN ref), whose health score is recomputed; findings about resources the
 * analysis does not hold (deleted from AWS, unmanaged) are listed only at the top level. The
 * summary's finding counts and average health follow.
 */
import type { AuditAnalysis } from "../analyze/index";
import { healthScore } from "../analyze/health";
import type { KinesisGuardConfig } from "../config-file";
import type { Finding } from "../../rules/model";

export function withDriftFindings(analysis: AuditAnalysis, drift: readonly Finding[], config: KinesisGuardConfig): AuditAnalysis {
  if (drift.length === 0) return analysis;
  const byRef = new Map<string, Finding[]>();
  for (const f of drift) byRef.set(f.resource.ref, [...(byRef.get(f.resource.ref) ?? []), f]);
  const deductions = config.settings.healthScore;
  const streams = analysis.streams.map((r) => {
    const extra = byRef.get(r.stream.id.ref);
    if (!extra) return r;
    const findings = [...r.findings, ...extra];
    return { ...r, findings, healthScore: healthScore(findings, deductions) };
  });
  const deliveryStreams = analysis.deliveryStreams.map((r) => {
    const extra = byRef.get(r.deliveryStream.id.ref);
    if (!extra) return r;
    const findings = [...r.findings, ...extra];
    return { ...r, findings, healthScore: healthScore(findings, deductions) };
  });
  const findings = [...analysis.findings, ...drift];
  const count = (sev: Finding["severity"]) => findings.filter((f) => f.severity === sev).length;
  const scores = [...streams, ...deliveryStreams].map((r) => r.healthScore);
  return {
    ...analysis,
    streams,
    deliveryStreams,
    findings,
    summary: {
      ...analysis.summary,
      highPriorityIssues: count("high"),
      totalFindings: findings.length,
      findingsBySeverity: { high: count("high"), medium: count("medium"), low: count("low") },
      averageHealthScore: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null,
    },
  };
}
