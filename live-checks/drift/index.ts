/**
 * Drift between a Pulumi stack's deployed state and what runs in AWS now.
 *
 * - Matching: a stack stream / delivery stream is the live one with the same ARN, else the same
 *   physical name in the same region.
 * - Every property that differs -> one "Configuration Drift" finding with both values and the fix.
 * - A stack resource not found live (in an audited region whose listing succeeded, not skipped by a
 *   filter) -> "Stack Resource Missing".
 * - Ownership convention (documented in the README): a live resource tagged
 *   pulumi:project=<project> and pulumi:stack=<stack> belongs to that stack (set them once with the
 *   AWS provider's defaultTags). Such a resource missing from the stack -> "Unmanaged Resource".
 */
import type { DeliveryStreamConfig, Finding, Inventory, ResourceRef, StreamConfig } from "../../rules/model";
import type { Snapshot } from "../snapshot";
import { compareDeliveryStreams, compareStreams, type Difference, type SecretPathTest } from "./compare";
import { DRIFT_CHANGED, DRIFT_MISSING_IN_AWS, DRIFT_NOT_IN_STACK, driftRule } from "./rules";

export const STACK_PROJECT_TAG = "pulumi:project";
export const STACK_NAME_TAG = "pulumi:stack";

type Kinded = StreamConfig | DeliveryStreamConfig;

export interface DriftOptions {
  /** Project and stack names of the stack (from its URNs), for the ownership tags. */
  readonly project?: string;
  readonly stack?: string;
  /**
   * Is this Pulumi property path of the stack resource (its ref, the URN) a secret in the state?
   * Such values are compared but printed as [secret] (compare.ts).
   */
  readonly isSecret?: (ref: string, path: string) => boolean;
}

export interface DriftResult {
  readonly findings: Finding[];
  /** Stack resources matched to live ones: stack ref (URN) -> live ref (ARN). */
  readonly matched: ReadonlyMap<string, string>;
  /** Things not checked, with why (region not audited, listing failed, skipped by a filter). */
  readonly notes: string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const key = (region: string | undefined, name: string | undefined) => `${region ?? "?"}|${name ?? "?"}`;

class LiveIndex<T extends Kinded> {
  private readonly byArn = new Map<string, T>();
  private readonly byName = new Map<string, T>();
  constructor(items: readonly T[]) {
    for (const i of items) {
      const arn = str(i.arn);
      if (arn) this.byArn.set(arn, i);
      this.byName.set(key(str(i.region), str(i.name)), i);
    }
  }
  find(s: T): T | undefined {
    const arn = str(s.arn);
    return (arn ? this.byArn.get(arn) : undefined) ?? this.byName.get(key(str(s.region), str(s.name)));
  }
}

/** Regions whose listing failed: a missing resource there proves nothing. */
function unlistedRegions(snapshot: Snapshot): Set<string> {
  return new Set(snapshot.collection.errors.filter((e) => /List(Streams|DeliveryStreams)$/.test(e.api)).map((e) => e.region));
}

function label(kind: Kinded["kind"]): string {
  return kind === "stream" ? "Stream" : "Delivery stream";
}

function changedFinding(stack: Kinded, live: Kinded, d: Difference): Finding {
  const meta = driftRule(DRIFT_CHANGED)!;
  const name = str(live.name) ?? live.id.displayName;
  const revert = d.revert ? ` To revert the out-of-band change by hand: \`${d.revert}\`.` : "";
  return {
    ruleId: meta.id,
    issue: meta.issue,
    severity: d.severity,
    resource: live.id,
    property: d.property,
    found: d.liveValue,
    expected: d.stackValue,
    details: `${label(live.kind)} "${name}" (stack resource ${stack.id.displayName}): ${d.property} is ${d.liveValue} in AWS but ${d.stackValue} in the stack's deployed state (changed out of band).`,
    remediation: `Run \`pulumi up\` to put ${d.property} back to ${d.stackValue}, or \`pulumi refresh\` to adopt ${d.liveValue} and then change the program to match.${revert}`,
    data: { urn: stack.id.ref, property: d.property, stackValue: d.stackValue, liveValue: d.liveValue, ...(d.revert ? { revertCommand: d.revert } : {}) },
  };
}

function missingFinding(stack: Kinded): Finding {
  const meta = driftRule(DRIFT_MISSING_IN_AWS)!;
  const name = str(stack.name) ?? stack.id.displayName;
  const region = str(stack.region) ?? "?";
  const resource: ResourceRef = { ref: str(stack.arn) ?? stack.id.ref, displayName: name, type: stack.id.type };
  return {
    ruleId: meta.id,
    issue: meta.issue,
    severity: meta.severity,
    resource,
    found: "absent",
    expected: "present",
    details: `${label(stack.kind)} "${name}" (stack resource ${stack.id.displayName}) is in the stack's state but does not exist in ${region}.`,
    remediation: `Run \`pulumi up\` to recreate it, or \`pulumi refresh\` to drop it from the state if the deletion was intended (and remove it from the program).`,
    data: { urn: stack.id.ref, region },
  };
}

function unmanagedFinding(live: Kinded, project: string, stackName: string): Finding {
  const meta = driftRule(DRIFT_NOT_IN_STACK)!;
  const name = str(live.name) ?? live.id.displayName;
  const type = live.kind === "stream" ? "aws:kinesis/stream:Stream" : "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
  return {
    ruleId: meta.id,
    issue: meta.issue,
    severity: meta.severity,
    resource: live.id,
    found: "not in the stack",
    expected: `in stack ${project}/${stackName}`,
    details: `${label(live.kind)} "${name}" is tagged ${STACK_PROJECT_TAG}=${project}, ${STACK_NAME_TAG}=${stackName} but the stack does not manage it.`,
    remediation: `Import it with \`pulumi import ${type} ${name} ${name}\` (and add the generated code to the program), or delete it if it is a leftover.`,
    data: { region: str(live.region) },
  };
}

function ownedBy(r: Kinded, project: string, stackName: string): boolean {
  const tags = r.tags;
  if (typeof tags !== "object" || tags === null) return false;
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  return lower.get(STACK_PROJECT_TAG) === project && lower.get(STACK_NAME_TAG) === stackName;
}

/**
 * Compare the stack's streams and delivery streams (model built from the state's outputs) with the
 * live snapshot. Findings are in a stable order: per stack resource in state order, then unmanaged.
 */
export function detectDrift(stack: Inventory, snapshot: Snapshot, opts: DriftOptions = {}): DriftResult {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const matched = new Map<string, string>();
  const audited = new Set(snapshot.regions);
  const unlisted = unlistedRegions(snapshot);
  const skipped = new Set(snapshot.skipped.map((s) => `${s.kind}|${key(s.region, s.name)}`));

  const check = <T extends Kinded>(stackItems: readonly T[], live: LiveIndex<T>, compare: (s: T, l: T, isSecret: SecretPathTest) => Difference[]) => {
    for (const s of stackItems) {
      const l = live.find(s);
      const region = str(s.region);
      const name = str(s.name) ?? s.id.displayName;
      if (l) {
        matched.set(s.id.ref, l.id.ref);
        const isSecret = opts.isSecret;
        for (const d of compare(s, l, isSecret ? (p) => isSecret(s.id.ref, p) : () => false)) findings.push(changedFinding(s, l, d));
        continue;
      }
      if (skipped.has(`${s.kind}|${key(region, str(s.name))}`)) {
        notes.push(`${s.id.displayName} (${name}): skipped by the audit's filters, so not compared`);
      } else if (region === undefined) {
        notes.push(`${s.id.displayName} (${name}): its region is unknown (no provider region in the state; pass --region), so not compared`);
      } else if (!audited.has(region)) {
        notes.push(`${s.id.displayName} (${name}): region ${region} was not audited, so not compared`);
      } else if (unlisted.has(region)) {
        notes.push(`${s.id.displayName} (${name}): listing ${region} failed, so its absence proves nothing`);
      } else {
        findings.push(missingFinding(s));
      }
    }
  };
  check(stack.streams, new LiveIndex(snapshot.streams), compareStreams);
  check(stack.deliveryStreams, new LiveIndex(snapshot.deliveryStreams), compareDeliveryStreams);

  if (opts.project && opts.stack) {
    const liveRefs = new Set(matched.values());
    for (const l of [...snapshot.streams, ...snapshot.deliveryStreams]) {
      if (!liveRefs.has(l.id.ref) && ownedBy(l, opts.project, opts.stack)) findings.push(unmanagedFinding(l, opts.project, opts.stack));
    }
  }
  return { findings, matched, notes };
}

/**
 * The snapshot narrowed to the stack's resources: its matched streams and delivery streams, their
 * consumers and metrics, skipped entries of the stack's names; alarms and VPC endpoints stay (the
 * alarm and endpoint rules look them up for the kept resources).
 */
export function scopeSnapshotToStack(snapshot: Snapshot, matched: ReadonlyMap<string, string>, stack: Inventory): Snapshot {
  const keep = new Set(matched.values());
  const streams = snapshot.streams.filter((s) => keep.has(s.id.ref));
  const deliveryStreams = snapshot.deliveryStreams.filter((d) => keep.has(d.id.ref));
  const streamArns = new Set(streams.map((s) => str(s.arn)).filter((x): x is string => x !== undefined));
  const names = new Set([...streams, ...deliveryStreams].map((r) => key(str(r.region), str(r.name))));
  const stackNames = new Set([...stack.streams, ...stack.deliveryStreams].map((r) => key(str(r.region), str(r.name))));
  const metricNames = new Set([...streams, ...deliveryStreams].map((r) => str(r.name)).filter((x): x is string => x !== undefined));
  return {
    ...snapshot,
    streams,
    deliveryStreams,
    consumers: snapshot.consumers.filter((c) => typeof c.streamArn === "string" && streamArns.has(c.streamArn)),
    metrics: snapshot.metrics.filter((m) => {
      const dimName = m.dimensions.StreamName ?? m.dimensions.DeliveryStreamName;
      return dimName !== undefined && metricNames.has(dimName) && names.has(key(m.region, dimName));
    }),
    skipped: snapshot.skipped.filter((s) => stackNames.has(key(s.region, s.name))),
  };
}
