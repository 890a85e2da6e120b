/**
 * The policies over a stack document, split the way the Pulumi engine splits them: resource
 * policies (static rules) judge each resource's inputs (the engine's Analyze call), stack
 * policies judge the resources' state (AnalyzeStack). Same rule functions, same registry and same
 * per-rule config and pricing as evaluateInventory (rules/index.ts); only the inventory each part
 * sees differs. Disabled policies do not run. Findings on a resource the exemption tag exempts from
 * the rule come apart (`tagExempt`, rules/tag-exemption.ts): `scan` lists them as suppressed.
 */
import { DELIVERY_STREAM_JUDGES, STACK_JUDGES, STREAM_JUDGES } from "../../rules/index";
import { joinJudgements, type Judgement, type TagExemptFinding } from "../../rules/tag-exemption";
import { pricingFor } from "../../rules/pricing";
import type { Finding, ResourceRef } from "../../rules/model";
import type { KinesisGuardConfig } from "../config-file";
import { stackInventory } from "./inventory";
import { redactFindings } from "./secrets";
import type { StackDocument } from "./types";

export interface StackEvaluation {
  /** Findings with the document's secret values redacted. */
  readonly findings: Finding[];
  /** Findings on resources the exemption tag exempts from the rule (redacted the same way): not violations, listed as suppressed. */
  readonly tagExempt: TagExemptFinding[];
  /** Streams and delivery streams judged. */
  readonly judged: readonly ResourceRef[];
  readonly notes: readonly string[];
}

export function evaluateStackDocument(doc: StackDocument, config: KinesisGuardConfig): StackEvaluation {
  const inputs = stackInventory(doc, "inputs").inventory;
  const state = stackInventory(doc, "state");
  const enabled = (id: string) => config.enforcement[id] !== "disabled";
  const ctx = (id: string, region: unknown) => ({
    config: config.rules[id] ?? {},
    pricing: pricingFor(typeof region === "string" ? region : undefined, config.settings.pricing),
  });
  const parts: Judgement[] = [];
  for (const [id, rule] of Object.entries(STREAM_JUDGES)) {
    if (enabled(id)) for (const s of inputs.streams) parts.push(rule(s, ctx(id, s.region)));
  }
  for (const [id, rule] of Object.entries(DELIVERY_STREAM_JUDGES)) {
    if (enabled(id)) for (const d of inputs.deliveryStreams) parts.push(rule(d, ctx(id, d.region)));
  }
  for (const [id, rule] of Object.entries(STACK_JUDGES)) {
    if (enabled(id)) parts.push(rule(state.inventory, ctx(id, undefined)));
  }
  const { findings, tagExempt } = joinJudgements(parts);
  const redacted = redactFindings(tagExempt.map((x) => x.finding), doc.secretValues);
  return {
    findings: redactFindings(findings, doc.secretValues),
    tagExempt: tagExempt.map((x, i) => ({ ...x, finding: redacted[i]! })),
    judged: state.judged,
    notes: state.notes,
  };
}
