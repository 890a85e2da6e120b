/**
 * Adding findings from outside the live analysis (e.g. drift findings of the stack-scoped audit) to
 * an AuditAnalysis: each lands on its resource (by ResourceRef.ref) and changes its health score;
 * findings on resources the analysis does not hold (a stack resource missing in AWS) go to
 * `otherFindings`. Summary counts are recomputed.
 */
import type { Finding, Severity } from "../../rules/model";
import { findingTotals } from "./finding-totals";
import { healthScore } from "./health";
import { gapDeductions } from "./missing-data";
import type { AuditAnalysis } from "./audit-analysis";

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
    return { ...r, findings, healthScore: healthScore([...findings, ...gapDeductions(r.missingData)], deductions) };
  });
  const deliveryStreams = a.deliveryStreams.map((r) => {
    const add = byRef.get(r.deliveryStream.id.ref);
    if (!add) return r;
    placed.add(r.deliveryStream.id.ref);
    const findings = [...r.findings, ...add];
    return { ...r, findings, healthScore: healthScore([...findings, ...gapDeductions(r.missingData)], deductions) };
  });
  const otherFindings = [...(a.otherFindings ?? []), ...extra.filter((f) => !placed.has(f.resource.ref))];
  const all = [...streams.flatMap((r) => r.findings), ...deliveryStreams.flatMap((r) => r.findings), ...otherFindings];
  return {
    ...a,
    streams,
    deliveryStreams,
    otherFindings,
    findings: all,
    summary: { ...a.summary, ...findingTotals(all, [...streams, ...deliveryStreams].map((r) => r.healthScore)) },
  };
}
