/** The summary's finding counts, average health and cost totals: computed the same way after analysis and after drift findings are added. */
import type { Finding } from "../../rules/model";
import { usd } from "../../rules/pricing";
import { ruleMeta } from "./rule-meta";
import { highPriorityIssues } from "./high-priority";

export interface FindingTotals {
  readonly highPriorityIssues: number;
  readonly totalFindings: number;
  readonly findingsBySeverity: { readonly high: number; readonly medium: number; readonly low: number };
  /** Mean health score to one decimal; null when nothing was analyzed. */
  readonly averageHealthScore: number | null;
  readonly costOptimizationOpportunities: number;
  /** Sum of the cost findings' monthly impact (USD, cents): established savings only. */
  readonly estimatedMonthlySavings: number;
  /**
   * Sum of the cost findings' conditional savings (USD, cents): figures that hold only under a premise
   * the audit cannot establish (the finding's `data.conditionalOn`), kept out of estimatedMonthlySavings.
   */
  readonly conditionalMonthlySavings: number;
}

/** A finding's conditional saving (`data.conditionalMonthlyUsd`), undefined when it has none. */
export function conditionalSaving(f: Finding): { readonly usd: number; readonly premise: string } | undefined {
  const v = f.data?.conditionalMonthlyUsd;
  if (typeof v !== "number" || !Number.isFinite(v)) return undefined;
  return { usd: v, premise: String(f.data?.conditionalOn ?? "") };
}

export function findingTotals(findings: readonly Finding[], healthScores: readonly number[]): FindingTotals {
  const count = (sev: Finding["severity"]) => findings.filter((f) => f.severity === sev).length;
  const cost = findings.filter((f) => ruleMeta(f.ruleId).category === "cost");
  return {
    highPriorityIssues: highPriorityIssues(findings),
    totalFindings: findings.length,
    findingsBySeverity: { high: count("high"), medium: count("medium"), low: count("low") },
    averageHealthScore: healthScores.length ? Math.round((healthScores.reduce((x, y) => x + y, 0) / healthScores.length) * 10) / 10 : null,
    costOptimizationOpportunities: cost.length,
    estimatedMonthlySavings: usd(cost.reduce((x, f) => x + (f.monthlyImpactUsd ?? 0), 0)),
    conditionalMonthlySavings: usd(cost.reduce((x, f) => x + (conditionalSaving(f)?.usd ?? 0), 0)),
  };
}
