/**
 * The rule registry: every static and stack rule, keyed by rule id, derived from the catalog. The
 * policy pack, the live audit and the offline scan all run these same functions.
 * kdf-encryption has a static part (DirectPut) and a stack part (Kinesis-sourced: judge the source).
 */
import { resolveRuleConfig, type RuleConfig } from "./config";
import type { Finding, Inventory } from "./model";
import type { Pricing } from "./pricing";
import type { DeliveryStreamRule, StackRule, StreamRule } from "./types";
import { rulesRunning, type Rule } from "./catalog";
import type { RuleJudges } from "./define-rule";
import { joinJudgements, type Judgement } from "./tag-exemption";

/** id -> the rules' `part` evaluate functions, in the order they run (rulesRunning). */
function registry<K extends keyof Rule["evaluate"]>(part: K): Readonly<Record<string, NonNullable<Rule["evaluate"][K]>>> {
  const out: Record<string, NonNullable<Rule["evaluate"][K]>> = {};
  for (const r of rulesRunning(part)) out[r.id] = r.evaluate[part]!;
  return Object.freeze(out);
}

export const STREAM_RULES: Readonly<Record<string, StreamRule>> = registry("stream");
export const DELIVERY_STREAM_RULES: Readonly<Record<string, DeliveryStreamRule>> = registry("deliveryStream");
export const STACK_RULES: Readonly<Record<string, StackRule>> = registry("stack");

/** id -> the rules' `part` judges (active and tag-exempt findings apart, rules/tag-exemption.ts), in the order they run. */
export function judges<K extends keyof Rule["evaluate"]>(part: K): Readonly<Record<string, NonNullable<RuleJudges[K]>>> {
  const out: Record<string, NonNullable<RuleJudges[K]>> = {};
  for (const r of rulesRunning(part)) out[r.id] = r.judge[part]!;
  return Object.freeze(out);
}

export const STREAM_JUDGES = judges("stream");
export const DELIVERY_STREAM_JUDGES = judges("deliveryStream");
export const STACK_JUDGES = judges("stack");

export interface EvaluateOptions {
  /** Resolved config per rule id; a rule without an entry runs with its defaults. */
  readonly configs: Record<string, RuleConfig>;
  readonly pricing: (region: string | undefined) => Pricing;
  /** Run only the rules this returns true for. */
  readonly only?: (ruleId: string) => boolean;
}

/** Run every static and stack rule over an inventory: the active findings (judgeInventory's). */
export function evaluateInventory(inv: Inventory, opts: EvaluateOptions): Finding[] {
  return judgeInventory(inv, opts).findings;
}

/** Run every static and stack rule over an inventory: the active findings, and apart those the exemption tag exempts. */
export function judgeInventory(inv: Inventory, opts: EvaluateOptions): Judgement {
  const cache = new Map<string, RuleConfig>();
  const configOf = (id: string): RuleConfig => {
    let c = opts.configs[id] ?? cache.get(id);
    if (!c) {
      c = resolveRuleConfig(id, undefined);
      cache.set(id, c);
    }
    return c;
  };
  const wanted = (id: string) => (opts.only ? opts.only(id) : true);
  const regionOf = (r: unknown) => (typeof r === "string" ? r : undefined);
  const out: Judgement[] = [];
  for (const [id, fn] of Object.entries(STREAM_JUDGES)) {
    if (!wanted(id)) continue;
    const config = configOf(id);
    for (const s of inv.streams) out.push(fn(s, { config, pricing: opts.pricing(regionOf(s.region)) }));
  }
  for (const [id, fn] of Object.entries(DELIVERY_STREAM_JUDGES)) {
    if (!wanted(id)) continue;
    const config = configOf(id);
    for (const d of inv.deliveryStreams) out.push(fn(d, { config, pricing: opts.pricing(regionOf(d.region)) }));
  }
  for (const [id, fn] of Object.entries(STACK_JUDGES)) {
    if (!wanted(id)) continue;
    out.push(fn(inv, { config: configOf(id), pricing: opts.pricing(undefined) }));
  }
  return joinJudgements(out);
}
