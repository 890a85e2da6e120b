/**
 * A stack document's resources -> the normalized Inventory, through the policy pack's own adapter
 * (adapters/pulumi), so `scan` and the drift check judge exactly what the pack judges.
 */
import { inventoryFromPulumi } from "../../adapters/pulumi/inventory";
import { TYPES, type DependencyRef, type PulumiResource } from "../../adapters/pulumi/resource";
import type { Inventory, ResourceRef } from "../../rules/model";
import { StackDocumentError, type StackDocument, type StackResource } from "./types";

const CHECKED_TYPES: ReadonlySet<string> = new Set(Object.values(TYPES).filter((t) => t !== TYPES.vpc));

export interface StackInventory {
  readonly inventory: Inventory;
  /** The resources the rules judge (streams and delivery streams), for reports. */
  readonly judged: readonly ResourceRef[];
  readonly notes: readonly string[];
}

/** The type token inside a URN (last "$"-separated part of the qualified type). */
function typeFromUrn(urn: string): string | undefined {
  const qualified = urn.split("::")[2];
  return qualified?.split("$").pop();
}

/**
 * Which properties the adapter reads: "inputs" (what the engine's Analyze call gives resource
 * policies) or "state" (outputs, what AnalyzeStack gives stack policies and what is deployed;
 * inputs when the document has no outputs for the resource).
 */
export type PropsView = "inputs" | "state";

function propsOf(r: StackResource, view: PropsView): Readonly<Record<string, unknown>> {
  if (view === "inputs") return r.inputs;
  return Object.keys(r.outputs).length > 0 ? r.outputs : r.inputs;
}

function toPulumiResource(r: StackResource, typeOf: ReadonlyMap<string, string>, view: PropsView): PulumiResource {
  const propertyDependencies: Record<string, DependencyRef[]> = {};
  for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
    propertyDependencies[prop] = urns.map((urn) => ({ urn, type: typeOf.get(urn) ?? typeFromUrn(urn) ?? "" }));
  }
  return { type: r.type, urn: r.urn, name: r.name, props: propsOf(r, view), providerRegion: r.region, propertyDependencies };
}

export function stackInventory(doc: StackDocument, view: PropsView = "state"): StackInventory {
  const typeOf = new Map(doc.resources.map((r) => [r.urn, r.type]));
  const relevant = doc.resources.filter((r) => CHECKED_TYPES.has(r.type));
  let inventory: Inventory;
  try {
    inventory = inventoryFromPulumi(relevant.map((r) => toPulumiResource(r, typeOf, view)));
  } catch (e) {
    throw new StackDocumentError(`${doc.source}: ${(e as Error).message}`);
  }
  const ignored = new Map<string, number>();
  for (const r of doc.resources) {
    if (CHECKED_TYPES.has(r.type) || r.type.startsWith("pulumi:") || !r.custom) continue;
    ignored.set(r.type, (ignored.get(r.type) ?? 0) + 1);
  }
  const notes = [...doc.notes];
  if (ignored.size > 0) {
    const total = [...ignored.values()].reduce((a, b) => a + b, 0);
    const list = [...ignored.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([t, n]) => (n > 1 ? `${t} ×${n}` : t))
      .join(", ");
    notes.push(`ignored ${total} resource(s) of types kinesis-guard does not check: ${list}`);
  }
  const noRegion = relevant.filter((r) => r.region === undefined && (r.type === TYPES.stream || r.type === TYPES.deliveryStream));
  if (noRegion.length > 0) {
    notes.push(`${noRegion.length} stream(s) have no region in the document (no aws provider region, no aws:region config); pass --region`);
  }
  const judged = [...inventory.streams.map((s) => s.id), ...inventory.deliveryStreams.map((d) => d.id)];
  return { inventory, judged, notes };
}
