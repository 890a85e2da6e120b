/**
 * Safe in-place fixes for `enforcementLevel: "remediate"`: each returns the resource's props with
 * the fix applied, or undefined when the rule does not fire or the fix is not safe to automate
 * (e.g. a customer-managed key must be chosen by a person). All of these apply without replacing
 * the resource (StartStreamEncryption, EnableEnhancedMonitoring, UpdateDestination,
 * StartDeliveryStreamEncryption).
 */
import type { Finding } from "../rules/model";
import { AWS_MANAGED_KINESIS_KEY } from "../rules/kds-encryption/rule";
import { bufferingPath } from "../rules/lib/destinations";
import type { DeliveryStreamConfig } from "../rules/model";

type Props = Record<string, unknown>;

/** Copy `props` with `value` at a dotted path, copying each object on the way (secrets stay wrapped). */
export function withValue(props: Props, path: string, value: unknown): Props {
  const [head, ...rest] = path.split(".");
  if (head === undefined) return props;
  if (rest.length === 0) return { ...props, [head]: value };
  const child = props[head];
  const base = child !== null && typeof child === "object" && !Array.isArray(child) ? (child as Props) : {};
  return { ...props, [head]: withValue(base, rest.join("."), value) };
}

export function fixStreamEncryption(props: Props, findings: readonly Finding[]): Props | undefined {
  if (!findings.some((f) => f.property === "encryptionType")) return undefined;
  return { ...props, encryptionType: "KMS", kmsKeyId: AWS_MANAGED_KINESIS_KEY };
}

export function fixShardLevelMetrics(props: Props, findings: readonly Finding[], required: readonly string[]): Props | undefined {
  if (findings.length === 0) return undefined;
  const current = Array.isArray(props.shardLevelMetrics) ? (props.shardLevelMetrics as unknown[]).filter((m): m is string => typeof m === "string") : [];
  return { ...props, shardLevelMetrics: [...new Set([...current, ...required])] };
}

export function fixBuffering(props: Props, findings: readonly Finding[], ds: DeliveryStreamConfig): Props | undefined {
  const f = findings[0];
  if (!f || typeof ds.destination !== "string") return undefined;
  const path = bufferingPath(ds.destination);
  const size = f.data?.recommendedSizeMb;
  const interval = f.data?.recommendedIntervalSeconds;
  if (typeof size !== "number" || typeof interval !== "number") return undefined;
  return withValue(withValue(props, `${path}.bufferingSize`, size), `${path}.bufferingInterval`, interval);
}

export function fixDeliveryStreamSse(props: Props, findings: readonly Finding[]): Props | undefined {
  if (!findings.some((f) => f.property === "serverSideEncryption.enabled")) return undefined;
  return { ...props, serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } };
}
