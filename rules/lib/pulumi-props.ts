/**
 * Helpers for the rules' pack remediations (PackHooks.fixStream / fixDeliveryStream): each returns
 * the resource's Pulumi inputs with the fix applied. The fixes only set values that apply without
 * replacing the resource (StartStreamEncryption, EnableEnhancedMonitoring, UpdateDestination,
 * StartDeliveryStreamEncryption); a fix a person must choose (a customer-managed key) is left out.
 */
import type { PulumiProps } from "../define-rule";

/** Copy `props` with `value` at a dotted path, copying each object on the way (secrets stay wrapped). */
export function withValue(props: PulumiProps, path: string, value: unknown): PulumiProps {
  const [head, ...rest] = path.split(".");
  if (head === undefined) return props;
  if (rest.length === 0) return { ...props, [head]: value };
  const child = props[head];
  const base = child !== null && typeof child === "object" && !Array.isArray(child) ? (child as PulumiProps) : {};
  return { ...props, [head]: withValue(base, rest.join("."), value) };
}
