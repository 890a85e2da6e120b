/**
 * `kinesis-guard audit --stack-export FILE` / `--stack NAME`: the live audit scoped to one Pulumi
 * stack. The audit command calls, in order:
 *
 *   const scope = await loadStackScope({ stackExport, stackName, region });   // before collecting
 *   regions = options.region ?? scope.regions                                 // where the stack lives
 *   snapshot = await collectSnapshot({ regions, ... })
 *   const scoped = scopeAuditToStack(scope, snapshot);                        // stack resources only + drift
 *   analysis = withExtraFindings(analyzeSnapshot(scoped.snapshot, config), scoped.drift.findings, config.settings.healthScore)
 *   analysis = redactAnalysisForStack(analysis, scoped.drift.matched, scope.secrets)   // before any report
 *
 * and reports scoped.notes. Matching of stack to live resources: ARN, else physical name + region.
 */
import type { Inventory } from "../../rules/model";
import type { Snapshot } from "../snapshot";
import { detectDrift, scopeSnapshotToStack, type DriftResult } from "../drift";
import { redactFindings } from "./secrets";
import { secretScopeOf, type SecretScope } from "./secret-scope";
import { UsageError } from "../exit-codes";
import { exportStackWithPulumi } from "./automation";
import { readStackDocument } from "./load";
import type { StackDocument } from "./types";
import { loadOnUse } from "../lazy-module";

export interface StackScope {
  readonly doc: StackDocument;
  /** The stack's resources as deployed (state view: outputs). */
  readonly stack: Inventory;
  /** Regions of the stack's streams and delivery streams, sorted. */
  readonly regions: readonly string[];
  readonly notes: readonly string[];
  /** Where the document's secrets are, for redaction (secret-scope.ts). */
  readonly secrets: SecretScope;
}

export interface StackScopeOptions {
  /** --stack-export FILE */
  readonly stackExport?: string;
  /** --stack NAME (Automation API; needs the pulumi CLI on PATH) */
  readonly stackName?: string;
  /** Pulumi project directory for --stack (default cwd). */
  readonly cwd?: string;
  /** Region for resources whose provider names none (--region, when exactly one was given). */
  readonly region?: string;
}

/** Read the stack. @throws UsageError / StackDocumentError (exit 2). */
export async function loadStackScope(opts: StackScopeOptions): Promise<StackScope> {
  if (opts.stackExport && opts.stackName) throw new UsageError("--stack-export and --stack are alternatives: give one");
  const load = opts.region ? { defaultRegion: opts.region } : {};
  let doc: StackDocument;
  if (opts.stackExport) doc = await readStackDocument(opts.stackExport, load);
  else if (opts.stackName) doc = await exportStackWithPulumi(opts.stackName, { ...load, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  else throw new UsageError("give --stack-export FILE (the JSON of `pulumi stack export`) or --stack NAME");
  if (doc.format === "preview") {
    throw new UsageError(`${doc.source}: this is a \`pulumi preview --json\` document (planned changes); the audit compares the deployed state: pass \`pulumi stack export\` output`);
  }
  // Loaded on use: the pack's adapter pulls in @pulumi/pulumi (~1 s, tens of MB), which a plain audit never
  // needs (how: lazy-module.ts).
  const { stackInventory } = await loadOnUse(
    () => require("./inventory") as typeof import("./inventory"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("./inventory"),
  );
  const { inventory, notes } = stackInventory(doc, "state");
  const regions = [...new Set([...inventory.streams, ...inventory.deliveryStreams].map((r) => r.region).filter((r): r is string => typeof r === "string"))].sort();
  return { doc, stack: inventory, regions, notes: [...notes], secrets: secretScopeOf(doc) };
}

export interface ScopedAudit {
  /** The snapshot narrowed to the stack's streams and delivery streams. */
  readonly snapshot: Snapshot;
  /** Drift findings (secrets redacted), matches and notes. */
  readonly drift: DriftResult;
  /** Everything worth telling the user: the document's notes and the drift check's. */
  readonly notes: readonly string[];
}

export function scopeAuditToStack(scope: StackScope, snapshot: Snapshot): ScopedAudit {
  const drift = detectDrift(scope.stack, snapshot, {
    ...(scope.doc.project ? { project: scope.doc.project } : {}),
    ...(scope.doc.stack ? { stack: scope.doc.stack } : {}),
    // Secret properties are compared, their values never printed (drift/compare.ts).
    isSecret: (ref, path) => scope.secrets.isSecret(ref, path, "state"),
  });
  const redacted: DriftResult = { ...drift, findings: redactFindings(drift.findings, scope.secrets.values) };
  return {
    snapshot: scopeSnapshotToStack(snapshot, drift.matched, scope.stack),
    drift: redacted,
    notes: [...scope.notes, ...drift.notes],
  };
}
