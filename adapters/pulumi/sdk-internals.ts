/**
 * The few @pulumi/policy internals the pack depends on, loaded in one place with a shape check so
 * an SDK upgrade that changes them fails loudly at pack start instead of misjudging resources.
 * Only constants are read (strings, no module state), so they hold whichever copy of
 * @pulumi/policy runs the pack: this package's own, or the one of a host pack that spreads
 * kinesisGuardPolicies() into its own PolicyPack.
 *
 * - Unknown values: during preview the engine sends sentinel strings for values not known yet;
 *   the SDK wraps props in a proxy that throws when one is read (proxy.js). The proxy exposes its
 *   target under "__getSpecialProxyTarget", so the adapter reads raw values and maps sentinels to
 *   the model's UNKNOWN instead of catching exceptions property by property.
 * - Secrets: see secrets.ts (learned in the engine's remediation pass, nothing is patched).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { Secret } from "@pulumi/policy";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

interface ProxyModule {
  readonly isSpecialProxy: string;
  readonly getSpecialProxyTarget: string;
  readonly unknownBooleanValue: string;
  readonly unknownNumberValue: string;
  readonly unknownStringValue: string;
  readonly unknownArrayValue: string;
  readonly unknownAssetValue: string;
  readonly unknownArchiveValue: string;
  readonly unknownObjectValue: string;
}

function load<T>(id: string, keys: readonly string[]): T {
  const mod = require(id) as Record<string, unknown>;
  const missing = keys.filter((k) => typeof mod[k] !== "string");
  if (missing.length > 0) {
    throw new Error(
      `kinesis-guard: ${id} no longer exports ${missing.join(", ")}; this pack was built for @pulumi/policy 1.x. ` +
        `Pin @pulumi/policy to a supported version or update adapters/pulumi/sdk-internals.ts.`,
    );
  }
  return mod as T;
}

const proxy = load<ProxyModule>("@pulumi/policy/proxy", [
  "isSpecialProxy",
  "getSpecialProxyTarget",
  "unknownBooleanValue",
  "unknownNumberValue",
  "unknownStringValue",
  "unknownArrayValue",
  "unknownAssetValue",
  "unknownArchiveValue",
  "unknownObjectValue",
]);

/** The engine's sentinels for values unknown during preview (one per value type). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  proxy.unknownBooleanValue,
  proxy.unknownNumberValue,
  proxy.unknownStringValue,
  proxy.unknownArrayValue,
  proxy.unknownAssetValue,
  proxy.unknownArchiveValue,
  proxy.unknownObjectValue,
]);

/** The raw object behind the SDK's proxies (unknown-checking, secrets-preserving); other values as is. */
export function unwrapProxy(value: unknown): unknown {
  let cur = value;
  for (let depth = 0; depth < 4 && cur !== null && typeof cur === "object"; depth++) {
    const rec = cur as Record<string, unknown>;
    if (rec[proxy.isSpecialProxy] !== true) break;
    cur = rec[proxy.getSpecialProxyTarget];
  }
  return cur;
}

/** Wire encoding of a secret: { [specialSigKey]: specialSecretSig, value }. */
export function isSecretEnvelope(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/**
 * A @pulumi/policy `Secret` (what the remediation pass wraps secrets in), from any copy of the SDK:
 * `instanceof` only knows this package's copy, so a host pack's Secret is recognized by its class
 * name and shape (deserialization never makes class instances otherwise: plain data is Object).
 */
export function isSecretObject(v: unknown): v is { value: unknown } {
  if (v instanceof Secret) return true;
  if (v === null || typeof v !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null || proto === Object.prototype || Array.isArray(v)) return false;
  const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
  return ctor?.name === "Secret" && Object.keys(v).length === 1 && Object.prototype.hasOwnProperty.call(v, "value");
}
