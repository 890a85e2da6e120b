/**
 * Adding findings from outside the live analysis (e.g. drift findings of the stack-scoped audit) to
 * an AuditAnalysis: each lands on its resource (by ResourceRef.ref) and changes its health score;
 * findings on resources the analysis does not hold (a stack resource missing in AWS) go to
 * `otherFindings`. Summary counts are recomputed.
 */
import type { Finding, Severity } from "../../rules/model";
import { usd } from "../../rules/pricing";
import { healthScore } from "./health";
import type { AuditAnalysis } from "./index";
import { ruleMeta } from "./rule-meta";

export function withExtraFindings(a: AuditAnalysis, extra: readonly Finding[], deductions: Readonly<Record<Severity, number>>): AuditAnalysis {
  if (extra.length === 0) return a;
  const byRef = new Map<string, Finding[]>();
  for (const f of extra) byRef.set(f.resource.ref, [...(byRef.get(f.resource.ref) ?? []), f]);
  const placed = new Set<string>();
  const streams = a.streams.map((r) => {
    const add = byRef.get(r.stream.id.ref);
    if (!add) return r;
    placed.add(r.stream.id.ref);
    const findings = [...r.findings, ...add];
    return { ...r, findings, healthScore: healthScore(findings, deductions) };
  });
  const deliveryStreams = a.deliveryStreams.map((r) => {
    const add = byRef.get(r.deliveryStream.id.ref);
    if (!add) return r;
    placed.add(r.deliveryStream.id.ref);
    const findings = [...r.findings, ...add];
    return { ...r, findings, healthScore: healthScore(findings, deductions) };
  });
  const otherFindings = [...(a.otherFindings ?? []), ...extra.filter((f) => !placed.has(f.resource.ref))];
  const all = [...streams.flatMap((r) => r.findings), ...deliveryStreams.flatMap((r) => r.findings), ...otherFindings];
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  const scores = [...streams, ...deliveryStreams].map((r) => r.healthScore);
  const cost = all.filter((f) => ruleMeta(f.ruleId).category === "cost");
  return {
    ...a,
    streams,
    deliveryStreams,
    otherFindings,
    findings: all,
    summary: {
      ...a.summary,
      highPriorityIssues: count("high"),
      totalFindings: all.length,
      findingsBySeverity: { high: count("high"), medium: count("medium"), low: count("low") },
      averageHealthScore: scores.length ? Math.round((scores.reduce((x, y) => x + y, 0) / scores.length) * 10) / 10 : null,
      costOptimizationOpportunities: cost.length,
      estimatedMonthlySavings: usd(cost.reduce((x, f) => x + (f.monthlyImpactUsd ?? 0), 0)),
    },
  };
}
