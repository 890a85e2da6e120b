/**
 * The audit's organization-wide paths (issue 16), kept apart from audit.ts:
 *
 * - live: the accounts (--account, --accounts, --organization) collected account-region by
 *   account-region (collect/accounts), each account analyzed as soon as it is collected and its
 *   snapshot let go (written to the --save-snapshot set first), the analysis kept in a temporary
 *   file until the collection ends (analyze/analysis-spill.ts), then the analyses merged;
 * - from snapshots: several --from-snapshot files (or a directory), read one snapshot at a time,
 *   grouped by account, analyzed per account and merged the same way, so a run split across CI
 *   jobs gives the report of one run.
 */
import { mkdir, open } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { AuditAnalysis } from "../analyze";
import { mergeAccountAnalyses, statusFromAnalysis } from "../analyze/organization";
import { RowSpill } from "../analyze/row-spill";
import { KeptAccounts } from "../analyze/analysis-spill";
import type { KinesisGuardConfig } from "../config-file";
import { UsageError } from "../exit-codes";
import { metricValueProblems } from "../input-checks";
import { accountFromArns } from "../report/analysis-json";
import type { Snapshot } from "../snapshot";
import { SnapshotError } from "../snapshot-io";
import { mergeSnapshots, readSnapshots, snapshotFiles, SnapshotSetWriter } from "../collect/snapshot-set";
import type { CollectOptions } from "../collect";
import type { AccountSelection } from "./common";
import type { AccountTarget } from "../collect/accounts/targets";
import { loadOnUse } from "../lazy-module";
import { version as toolVersion } from "../../package.json";

export interface Analyzed {
  readonly analysis: AuditAnalysis;
  readonly notes: string[];
  readonly collection: Snapshot["collection"];
}

/** What the organization paths need from the audit command. */
export interface OrgAuditInput {
  readonly selection?: AccountSelection;
  /** The --accounts file's targets, when already read (loadAccountsFileChecked). */
  readonly fileTargets?: readonly AccountTarget[];
  readonly regions: readonly string[];
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly windowDays: number;
  readonly now?: Date;
  readonly drRegions: readonly string[];
  readonly progress: boolean;
  readonly verbose: boolean;
  readonly saveSnapshotPath?: string;
  readonly config: KinesisGuardConfig;
  /** The caller (sts:GetCallerIdentity). */
  readonly caller?: { readonly account: string; readonly arn: string };
  readonly collect?: Partial<Pick<CollectOptions, "clientOverrides" | "maxConcurrency" | "quotas">>;
  readonly stderr: NodeJS.WritableStream;
  readonly analyze: (snapshot: Snapshot) => AuditAnalysis;
}

/**
 * Where the accounts' analyses and hourly rows wait for the reports (analyze/row-spill.ts,
 * analysis-spill.ts), or nowhere (kept in memory) when no temporary file can be made.
 */
function openRowSpill(): RowSpill | undefined {
  try {
    return new RowSpill();
  } catch {
    return undefined;
  }
}

/** The collection state of the whole run, for the audit's result (calls summed, errors with their account). */
function mergedCollection(parts: readonly { account: string; collection: Snapshot["collection"] }[]): Snapshot["collection"] {
  const calls: Record<string, number> = {};
  const retries: Record<string, number> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.collection.calls)) calls[k] = (calls[k] ?? 0) + v;
    for (const [k, v] of Object.entries(p.collection.retries)) retries[k] = (retries[k] ?? 0) + v;
  }
  const errors = parts.flatMap((p) => p.collection.errors.map((e) => ({ ...e, account: p.account })));
  return {
    calls,
    retries,
    errors,
    complete: errors.length === 0 && parts.every((p) => p.collection.complete),
    durationMs: Math.max(0, ...parts.map((p) => p.collection.durationMs)),
    notes: parts.flatMap((p) => (p.collection.notes ?? []).map((n) => `${p.account}: ${n}`)),
  };
}

const loadAccounts = () =>
  loadOnUse(
    () => require("../collect/accounts") as typeof import("../collect/accounts"), // eslint-disable-line @typescript-eslint/no-require-imports -- see lazy-module.ts
    () => import("../collect/accounts"),
  );

/** The --accounts file, read and checked before any AWS call (a bad file is exit 2, not an incomplete audit). */
export async function loadAccountsFileChecked(sel: AccountSelection): Promise<AccountTarget[]> {
  if (!sel.file) return [];
  const { loadAccountsFile, AccountsInputError } = await loadAccounts();
  try {
    return await loadAccountsFile(sel.file);
  } catch (e) {
    if (e instanceof AccountsInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** The accounts of the selection: --account, --accounts file, --organization (minus --exclude-account). */
async function resolveTargets(i: OrgAuditInput, sel: AccountSelection) {
  const { dedupeTargets, listOrganizationAccounts, organizationsClient, describeError } = await loadAccounts();
  const targets: AccountTarget[] = [...sel.ids.map((id) => ({ id })), ...(i.fileTargets ?? (await loadAccountsFileChecked(sel)))];
  const notes: string[] = [];
  if (sel.organization) {
    const client = organizationsClient({ regions: i.regions, ...(i.profile ? { profile: i.profile } : {}), ...(i.endpointUrl ? { endpointUrl: i.endpointUrl } : {}) });
    try {
      const listed = await listOrganizationAccounts(client, sel.ous);
      targets.push(...listed.targets);
      for (const s of listed.skipped) notes.push(`account ${s.id}${s.name ? ` (${s.name})` : ""} not audited: ${s.reason}`);
    } catch (e) {
      throw new OrgListingError(`could not list the organization's accounts (run from the management account or a delegated administrator, with organizations:ListAccounts): ${describeError(e)}`);
    } finally {
      client.destroy();
    }
  }
  const list = dedupeTargets(targets, sel.exclude);
  if (list.length === 0) throw new UsageError("no account to audit after --exclude-account");
  return { targets: list, notes };
}

/** Organizations could not list the accounts (exit 3: nothing was audited, retry with the right account). */
export class OrgListingError extends Error {
  override name = "OrgListingError";
}

/** Collect and analyze every selected account; only the analyses outlive their account's collection. */
export async function auditOrganization(i: OrgAuditInput): Promise<Analyzed> {
  const sel = i.selection!;
  const { targets, notes } = await resolveTargets(i, sel);
  const { collectAccounts, partitionOfArn } = await loadAccounts();
  let writer: SnapshotSetWriter | undefined;
  if (i.saveSnapshotPath) {
    await mkdir(dirname(resolve(i.saveSnapshotPath)), { recursive: true }).catch(() => undefined);
    writer = await SnapshotSetWriter.open(i.saveSnapshotPath, toolVersion);
  }
  const analyzed = new KeptAccounts(openRowSpill());
  const collections: { account: string; collection: Snapshot["collection"] }[] = [];
  try {
    const partition = partitionOfArn(i.caller?.arn);
    await collectAccounts({
      targets,
      regions: i.regions,
      ...(i.profile ? { profile: i.profile } : {}),
      ...(i.endpointUrl ? { endpointUrl: i.endpointUrl } : {}),
      windowDays: i.windowDays,
      ...(i.now ? { now: i.now } : {}),
      drRegions: i.drRegions,
      progress: i.progress ? "auto" : "off",
      excludeNamePrefixes: i.config.settings.excludeNamePrefixes,
      excludeTagKey: i.config.settings.excludeTagKey,
      roleName: sel.roleName,
      ...(sel.externalId !== undefined ? { externalId: sel.externalId } : {}),
      ...(sel.roleSessionName !== undefined ? { roleSessionName: sel.roleSessionName } : {}),
      ...(sel.accountConcurrency !== undefined ? { accountConcurrency: sel.accountConcurrency } : {}),
      ...(sel.monitoringAccount !== undefined ? { monitoringAccount: sel.monitoringAccount } : {}),
      ...(i.caller ? { callerAccount: i.caller.account } : {}),
      ...(partition ? { partition } : {}),
      ...(i.collect ?? {}),
      onAccount: async (snapshot, outcome) => {
        await writer?.add(snapshot);
        // Analyzed now, and the snapshot (its metric series) let go; the analysis waits on disk for
        // the reports: memory follows the concurrency, not the organization.
        const analysis = i.analyze(snapshot);
        analyzed.add(statusFromAnalysis(outcome.id, outcome.name, analysis), analysis);
        collections.push({ account: outcome.id, collection: snapshot.collection });
      },
    });
    await writer?.close();
  } catch (e) {
    await writer?.abort();
    throw e;
  }
  for (const n of notes) i.stderr.write(`note: ${n}\n`);
  return { analysis: mergeAccountAnalyses(analyzed.all()), notes, collection: mergedCollection(collections) };
}

/** True when the --from-snapshot inputs are more than one plain snapshot (several files, a directory, a snapshot set). */
export async function isMultiSnapshot(paths: readonly string[]): Promise<boolean> {
  if (paths.length !== 1) return true;
  const files = await snapshotFiles(paths);
  if (files.length !== 1 || files[0] !== paths[0]) return true;
  const fh = await open(files[0]!, "r").catch(() => undefined);
  if (!fh) return false; // the single-snapshot path reports the read error
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(200), 0, 200, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").includes('"kinesis-guard-snapshot-set"');
  } finally {
    await fh.close();
  }
}

/** The account a snapshot is of. @throws SnapshotError when it does not say */
function snapshotAccount(snapshot: Snapshot, source: string): string {
  const id = snapshot.account?.id ?? accountFromArns([...snapshot.streams.map((s) => s.arn), ...snapshot.deliveryStreams.map((d) => d.arn)]);
  if (!id) throw new SnapshotError(`${source}: the snapshot does not say which account it is of (no "account", no resource ARN); it cannot be merged with others`);
  return id;
}

/**
 * Analyze snapshots of several accounts (files, directories, sets) as one organization-wide audit.
 * Read twice, one snapshot at a time: first to check every snapshot and count each account's parts
 * (shards split by region hold one account in several), then to analyze each account as soon as
 * its last part is read. Only the accounts whose parts are still being read are held, not the
 * whole organization (docs/benchmarks.md, P4: a 200 account-region merge held every snapshot).
 */
export async function auditSnapshots(paths: readonly string[], analyze: (s: Snapshot) => AuditAnalysis): Promise<Analyzed> {
  const files = await snapshotFiles(paths);
  const byAccount = new Map<string, { name?: string; expected: number; parts: Snapshot[] }>();
  for await (const { snapshot, source } of readSnapshots(files)) {
    const problems = metricValueProblems(snapshot.metrics);
    if (problems.length > 0) throw new SnapshotError(`${source}: the snapshot has impossible metric values:\n  - ${problems.join("\n  - ")}\nRe-create it with \`kinesis-guard audit --save-snapshot\``);
    const id = snapshotAccount(snapshot, source);
    const entry = byAccount.get(id) ?? { expected: 0, parts: [] };
    if (snapshot.account?.name) entry.name = snapshot.account.name;
    entry.expected++;
    byAccount.set(id, entry);
  }
  const analyzed = new KeptAccounts(openRowSpill());
  const collections: { account: string; collection: Snapshot["collection"] }[] = [];
  for await (const { snapshot, source } of readSnapshots(files)) {
    const id = snapshotAccount(snapshot, source);
    const entry = byAccount.get(id);
    if (!entry || entry.parts.length >= entry.expected) throw new SnapshotError(`${source}: the snapshots changed while they were read; run the audit again`);
    entry.parts.push(snapshot);
    if (entry.parts.length < entry.expected) continue;
    // The account's last part: merged (shards split by region), analyzed, and its series let go.
    const merged = mergeSnapshots(entry.parts);
    entry.parts = [];
    const analysis = analyze(merged);
    analyzed.add(statusFromAnalysis(id, entry.name, analysis), analysis);
    collections.push({ account: id, collection: merged.collection });
  }
  if (analyzed.size !== byAccount.size) throw new SnapshotError("the snapshots changed while they were read; run the audit again");
  collections.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return { analysis: mergeAccountAnalyses(analyzed.all()), notes: [], collection: mergedCollection(collections) };
}
