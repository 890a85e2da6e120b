/**
 * kdf-encryption's config, in a file of its own: the rule's two parts (rule.ts, the DirectPut
 * delivery streams; source-stream.ts, the Kinesis-sourced ones) both read it, and rule.ts imports
 * source-stream.ts (no import cycle).
 */
import type { Static } from "@sinclair/typebox";
import { appliesTo, bool, classification, ruleConfig } from "../lib/config-schema";

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

export const CONFIG = ruleConfig({
  ...appliesTo("sensitive"),
  ...classification,
  requireCustomerManagedKey: bool("Require CUSTOMER_MANAGED_CMK.", false),
});
