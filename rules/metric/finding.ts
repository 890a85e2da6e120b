/** Building a metric rule's finding from the catalog entry, so issue names and severities never drift. */
import { finding, type FindingParts } from "../finding";
import type { Finding, ResourceRef } from "../model";

export function metricFinding(ruleId: string, resource: ResourceRef, f: Omit<FindingParts, "resource">): Finding {
  return finding(ruleId, { resource, ...f });
}

/** Dollars in finding texts: always two decimals, thousands separators ("1,234.50"). */
export function money(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Thousands separators for numbers in finding texts. */
export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}
