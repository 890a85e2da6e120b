/**
 * The rule registry: every static and stack rule, keyed by rule id. The policy pack, the live
 * audit and the offline scan all run these same functions.
 * kdf-encryption has a static part (DirectPut) and a stack part (Kinesis-sourced: judge the source).
 */
import { resolveRuleConfig, type RuleConfig } from "./config";
import type { Finding, Inventory } from "./model";
import type { Pricing } from "./pricing";
import type { DeliveryStreamRule, StackRule, StreamRule } from "./types";
import { kdsEncryption } from "./static/kds-encryption";
import { kdsEnhancedMonitoring } from "./static/kds-enhanced-monitoring";
import { kdsRetention } from "./static/kds-retention";
import { kdfSmallBuffers } from "./static/kdf-small-buffers";
import { kdfNoTransformation } from "./static/kdf-no-transformation";
import { kdfS3Backup } from "./static/kdf-s3-backup";
import { kdfEncryption } from "./static/kdf-encryption";
import { kdfPlaintextCredentials } from "./static/kdf-plaintext-credentials";
import { kdsAlarms } from "./stack/kds-alarms";
import { kdfAlarms } from "./stack/kdf-alarms";
import { kdfEncryptionSource } from "./stack/kdf-encryption-source";
import { kdfVpcEndpoint } from "./stack/kdf-vpc-endpoint";
import { kdsCrossRegion } from "./stack/kds-cross-region";

export const STREAM_RULES: Readonly<Record<string, StreamRule>> = Object.freeze({
  "kds-encryption": kdsEncryption,
  "kds-enhanced-monitoring": kdsEnhancedMonitoring,
  "kds-retention": kdsRetention,
});

export const DELIVERY_STREAM_RULES: Readonly<Record<string, DeliveryStreamRule>> = Object.freeze({
  "kdf-small-buffers": kdfSmallBuffers,
  "kdf-no-transformation": kdfNoTransformation,
  "kdf-s3-backup": kdfS3Backup,
  "kdf-encryption": kdfEncryption,
  "kdf-plaintext-credentials": kdfPlaintextCredentials,
});

export const STACK_RULES: Readonly<Record<string, StackRule>> = Object.freeze({
  "kds-alarms": kdsAlarms,
  "kdf-alarms": kdfAlarms,
  "kdf-encryption": kdfEncryptionSource,
  "kdf-vpc-endpoint": kdfVpcEndpoint,
  "kds-cross-region": kdsCrossRegion,
});

export interface EvaluateOptions {
  /** Resolved config per rule id; a rule without an entry runs with its defaults. */
  readonly configs: Record<string, RuleConfig>;
  readonly pricing: (region: string | undefined) => Pricing;
  /** Run only the rules this returns true for. */
  readonly only?: (ruleId: string) => boolean;
}

/** Run every static and stack rule over an inventory. */
export function evaluateInventory(inv: Inventory, opts: EvaluateOptions): Finding[] {
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
  const out: Finding[] = [];
  for (const [id, fn] of Object.entries(STREAM_RULES)) {
    if (!wanted(id)) continue;
    const config = configOf(id);
    for (const s of inv.streams) out.push(...fn(s, { config, pricing: opts.pricing(regionOf(s.region)) }));
  }
  for (const [id, fn] of Object.entries(DELIVERY_STREAM_RULES)) {
    if (!wanted(id)) continue;
    const config = configOf(id);
    for (const d of inv.deliveryStreams) out.push(...fn(d, { config, pricing: opts.pricing(regionOf(d.region)) }));
  }
  for (const [id, fn] of Object.entries(STACK_RULES)) {
    if (!wanted(id)) continue;
    out.push(...fn(inv, { config: configOf(id), pricing: opts.pricing(undefined) }));
  }
  return out;
}
