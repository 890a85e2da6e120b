/** Metadata of any finding's rule: the catalog's, else the drift checks' (findings added by the stack-scoped audit). */
import { CATALOG } from "../../rules/catalog";
import type { ReportHooks } from "../../rules/define-rule";
import type { Category } from "../../rules/model";
import { DRIFT_RULES } from "../drift/rules";

export interface AnyRuleMeta {
  readonly category: Category;
  readonly docsUrl: string;
}

const META = new Map<string, AnyRuleMeta>([...CATALOG, ...DRIFT_RULES].map((r) => [r.id, { category: r.category, docsUrl: r.docsUrl }]));

export function ruleMeta(ruleId: string): AnyRuleMeta {
  return META.get(ruleId) ?? { category: "reliability", docsUrl: "" };
}

const REPORT_HOOKS = new Map<string, ReportHooks>(CATALOG.map((r) => [r.id, r.report]));

/** What the reports ask a finding's rule (ReportHooks); none for a rule outside the catalog (drift). */
/**
 * Ids of the rules whose findings make a consumer "lagging" in the reports: the polling consumers'
 * (report.flagsPollingLag) and the enhanced fan-out consumers' (live.consumerLagLimitMs).
 */
export const LAG_RULE_IDS: { readonly polling: readonly string[]; readonly fanOut: readonly string[] } = {
  polling: CATALOG.filter((r) => r.report.flagsPollingLag === true).map((r) => r.id),
  fanOut: CATALOG.filter((r) => r.live.consumerLagLimitMs !== undefined).map((r) => r.id),
};

export function reportHooksOf(ruleId: string): ReportHooks {
  return REPORT_HOOKS.get(ruleId) ?? {};
}
