/** Signatures every rule implements: pure functions over the normalized model. */
import type { DeliveryStreamConfig, Finding, Inventory, StreamConfig } from "./model";
import type { Pricing } from "./pricing";

/**
 * A rule's resolved configuration: every property of its schema present, with defaults applied
 * (rules/config.ts resolveRuleConfig). Declared here, not beside resolveRuleConfig, so the rules
 * can name it without importing the module that reads the catalog (no import cycle).
 */
export type RuleConfig = Readonly<Record<string, unknown>>;

export interface RuleContext<C = RuleConfig> {
  /** The rule's resolved config (defaults applied, see resolveRuleConfig): its static type for a defined rule. */
  readonly config: C;
  /** Prices for cost findings, for the resource's region. */
  readonly pricing: Pricing;
}

/** A static rule over one Data Stream. */
export type StreamRule<C = RuleConfig> = (stream: StreamConfig, ctx: RuleContext<C>) => Finding[];
/** A static rule over one delivery stream. */
export type DeliveryStreamRule<C = RuleConfig> = (ds: DeliveryStreamConfig, ctx: RuleContext<C>) => Finding[];
/** A cross-resource rule over everything in scope (a Pulumi stack or a live account/region). */
export type StackRule<C = RuleConfig> = (inventory: Inventory, ctx: RuleContext<C>) => Finding[];
