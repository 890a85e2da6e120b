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
  /** Sum of the cost findings' monthly impact (USD, cents). */
  readonly estimatedMonthlySavings: number;
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
  };
}
