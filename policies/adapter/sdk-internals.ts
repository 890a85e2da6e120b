/**
 * The few @pulumi/policy internals the pack depends on, loaded in one place with a shape check so
 * an SDK upgrade that changes them fails loudly at pack start instead of misjudging resources.
 *
 * - Unknown values: during preview the engine sends sentinel strings for values not known yet;
 *   the SDK wraps props in a proxy that throws when one is read (proxy.js). The proxy exposes its
 *   target under "__getSpecialProxyTarget", so the adapter reads raw values and maps sentinels to
 *   the model's UNKNOWN instead of catching exceptions property by property.
 * - Secrets: validateResource/validateStack get props with secrets already unwrapped
 *   (deserialize.js, proxySecrets=false): a policy cannot see that a value was a secret. The pack
 *   wraps deserializeProperties to remember which property paths arrived as secrets (secrets.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
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

export interface DeserializeModule {
  deserializeProperties: (struct: { toJavaScript(): unknown }, proxySecrets: boolean) => unknown;
}

function load<T>(id: string, keys: readonly string[]): T {
  const mod = require(id) as Record<string, unknown>;
  const missing = keys.filter((k) => mod[k] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `kinesis-guard: ${id} no longer exports ${missing.join(", ")}; this pack was built for @pulumi/policy 1.x. ` +
        `Pin @pulumi/policy to a supported version or update policies/adapter/sdk-internals.ts.`,
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

export const deserializeModule: DeserializeModule = load<DeserializeModule>("@pulumi/policy/deserialize", ["deserializeProperties"]);

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
