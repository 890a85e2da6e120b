/** Signatures every rule implements: pure functions over the normalized model. */
import type { RuleConfig } from "./config";
import type { DeliveryStreamConfig, Finding, Inventory, StreamConfig } from "./model";
import type { Pricing } from "./pricing";

export interface RuleContext {
  /** The rule's resolved config (defaults applied, see resolveRuleConfig). */
  readonly config: RuleConfig;
  /** Prices for cost findings, for the resource's region. */
  readonly pricing: Pricing;
}

/** A static rule over one Data Stream. */
export type StreamRule = (stream: StreamConfig, ctx: RuleContext) => Finding[];
/** A static rule over one delivery stream. */
export type DeliveryStreamRule = (ds: DeliveryStreamConfig, ctx: RuleContext) => Finding[];
/** A cross-resource rule over everything in scope (a Pulumi stack or a live account/region). */
export type StackRule = (inventory: Inventory, ctx: RuleContext) => Finding[];
