/**
 * Organization-wide collection (issue 16): every account-region of the audit collected by the
 * single-account collector (collectSnapshot, one region at a time) with the account's own
 * credentials. A layer above the per-region collection, which it does not change:
 *
 * - account-regions run `accountConcurrency` at a time, each with its own scheduler, hence its own
 *   per-API token buckets: AWS's API quotas are per account and region;
 * - an account whose role cannot be assumed (or whose regions cannot be listed) is reported with
 *   its reason and the others go on; data an account refuses (AccessDenied) is a collection error
 *   of that account, as in a single-account audit;
 * - memory: as soon as the last region of an account is collected, its snapshot goes to
 *   `onAccount` (the audit analyzes it and keeps only the analysis) and is let go. Jobs are taken
 *   account by account, so at most about `accountConcurrency` accounts are partly collected at
 *   once: peak memory follows the concurrency, not the number of accounts.
 */
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { canonicalSnapshot } from "../canonical";
import { describeError, errorName, isAccessDenied } from "../errors";
import { loadEc2Module } from "../clients";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { analysisWindow, collectSnapshot, type CollectOptions } from "../index";
import { version as toolVersion } from "../../../package.json";
import type { Snapshot } from "../../snapshot";
import { mergeSnapshots } from "../snapshot-set";
import { assumedRole, baseCredentials, DEFAULT_SESSION_NAME } from "./credentials";
import { createOrgProgress } from "./progress";
import { GMD_DATAPOINTS, quotaFor } from "../quotas";
import { partitionOf, roleArn, type AccountTarget } from "./targets";

export { listOrganizationAccounts, organizationsClient } from "./organization";
export type { AccountTarget } from "./targets";
// What the CLI needs of this folder, from this one module: the CLI loads it on use with require()
// (live-checks/lazy-module.ts), which is why nothing here is reached by a relative import().
export { AccountsInputError, dedupeTargets, loadAccountsFile, partitionOfArn } from "./targets";
export { baseCredentials } from "./credentials";
export { describeError } from "../errors";

/** Account-regions collected at once by default: 8 x 32 requests in flight stays a few hundred sockets. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;

/** What happened to one account. */
export interface AccountOutcome {
  readonly id: string;
  readonly name?: string;
  /** Regions audited there (after --region all). */
  readonly regions: readonly string[];
  /** The role assumed (absent in the caller's own account). */
  readonly roleArn?: string;
  /** "failed": nothing collected (role not assumed, regions not listed); "incomplete": some data missing. */
  readonly status: "complete" | "incomplete" | "failed";
  /** Why it failed or is incomplete (the first error). */
  readonly reason?: string;
}

export interface AccountsCollectOptions extends Omit<CollectOptions, "regions" | "credentials" | "drRegions" | "progress" | "profile"> {
  readonly targets: readonly AccountTarget[];
  /** Regions to audit in each account ("all": every region enabled there, EC2 DescribeRegions). */
  readonly regions: readonly string[];
  readonly profile?: string;
  readonly drRegions?: readonly string[];
  readonly roleName: string;
  readonly externalId?: string;
  readonly roleSessionName?: string;
  /** The caller's account (sts:GetCallerIdentity): audited with the caller's own credentials. */
  readonly callerAccount?: string;
  /** The caller's partition (default: the first region's). */
  readonly partition?: string;
  readonly accountConcurrency?: number;
  /**
   * CloudWatch cross-account observability: read every account's metrics with GetMetricData from
   * this monitoring account (the caller's own, or the audit role assumed there); configuration
   * still comes from each account's role.
   */
  readonly monitoringAccount?: string;
  readonly progress?: "auto" | "tty" | "plain" | "off";
  /** The caller's credentials (default: the SDK's chain for `profile`). */
  readonly baseCredentials?: AwsCredentialIdentityProvider;
  /** Given each account's snapshot (all its regions) as soon as it is collected. */
  readonly onAccount: (snapshot: Snapshot, outcome: AccountOutcome) => Promise<void> | void;
}

interface Prepared {
  readonly target: AccountTarget;
  readonly regions: string[];
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly roleArn?: string;
  readonly failure?: string;
}

/**
 * Why AssumeRole failed. AccessDenied there is not a missing read permission (describeError's hint)
 * but the role: absent, not trusting the caller's account, or wanting another external id; AWS
 * does not say which.
 */
function describeAssumeError(e: unknown): string {
  if (!isAccessDenied(e)) return describeError(e);
  const msg = ((e as Error).message ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
  return `${errorName(e)}: ${msg} (the role must exist in the account and trust the caller, with the same external id: docs/iam-trust-policy.json, examples/org-audit-role)`;
}

/** Run `fn` on every item, `limit` at a time, in order of the items. */
async function pool<T>(items: AsyncIterable<T>, limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.asyncIterator]();
  const worker = async () => {
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      await fn(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}

/** A limiter for the preparation (AssumeRole, DescribeRegions) running ahead of the collection. */
function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    if (active >= limit) await new Promise<void>((r) => queue.push(r));
    else active++;
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

export async function enabledRegions(credentials: AwsCredentialIdentityProvider, region: string, endpointUrl: string | undefined): Promise<string[]> {
  const { EC2Client, DescribeRegionsCommand } = await loadEc2Module();
  const ec2 = new EC2Client({ region, credentials, maxAttempts: 5, requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }), ...(endpointUrl ? { endpoint: endpointUrl } : {}) });
  try {
    // Without AllRegions, DescribeRegions lists the regions enabled for the account.
    const out = await ec2.send(new DescribeRegionsCommand({}));
    return (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => typeof r === "string").sort();
  } finally {
    ec2.destroy();
  }
}

/** The account's region snapshots as one snapshot of the account. */
export function mergeRegionSnapshots(parts: readonly Snapshot[], account: { id: string; name?: string }, regions: readonly string[]): Snapshot {
  const merged = mergeSnapshots(parts.map((p) => ({ ...p, account })));
  return canonicalSnapshot({ ...merged, regions: [...regions] });
}

/** An account nothing could be collected from: an empty snapshot with the reason as its error. */
function failedSnapshot(window: Snapshot["window"], account: { id: string; name?: string }, regions: readonly string[], api: string, reason: string, toolVersion: string): Snapshot {
  return canonicalSnapshot({
    kind: "kinesis-guard-snapshot",
    version: 1,
    toolVersion,
    account: { id: account.id, ...(account.name ? { name: account.name } : {}) },
    collectedAt: new Date().toISOString(),
    window,
    regions: [...regions],
    streams: [],
    consumers: [],
    deliveryStreams: [],
    alarms: [],
    vpcEndpoints: [],
    metrics: [],
    drStreams: [],
    skipped: [],
    collection: { calls: {}, retries: {}, errors: [{ api, region: regions[0] ?? "-", resource: `account/${account.id}`, message: reason }], complete: false, durationMs: 0, notes: [] },
  });
}

/**
 * Collect every account-region; each account's snapshot goes to `onAccount` when its last region is
 * done. Returns what happened to each account, in the order of the targets.
 */
export async function collectAccounts(o: AccountsCollectOptions): Promise<AccountOutcome[]> {
  const concurrency = o.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
  const firstRegion = o.regions.find((r) => r !== "all") ?? "us-east-1";
  const partition = o.partition ?? partitionOf(firstRegion);
  const base = o.baseCredentials ?? baseCredentials(o.profile);
  const sessionName = o.roleSessionName ?? DEFAULT_SESSION_NAME;
  // One window end for the whole run: account-regions collected a few minutes apart must not
  // straddle an hour and analyze different windows.
  const now = o.now ?? new Date();
  const progress = createOrgProgress(o.progress, o.clientOverrides?.stderr ?? process.stderr);
  const outcomes = new Map<string, AccountOutcome>();
  const limit = limiter(concurrency);

  const prepare = (t: AccountTarget): Promise<Prepared> =>
    limit(async () => {
      const own = t.id === o.callerAccount && t.roleName === undefined;
      const arn = own ? undefined : roleArn(partition, t.id, t.roleName ?? o.roleName);
      const credentials = own
        ? base
        : assumedRole({ roleArn: arn!, sessionName, ...(o.externalId !== undefined ? { externalId: o.externalId } : {}), base, region: firstRegion, ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}) });
      const wanted = t.regions ?? o.regions;
      try {
        await credentials(); // AccessDenied here: the role is missing, does not trust us, or wants another external id
      } catch (e) {
        return { target: t, regions: wanted.filter((r) => r !== "all"), ...(arn ? { roleArn: arn } : {}), failure: `could not assume ${arn ?? "the caller's credentials"}: ${describeAssumeError(e)}` };
      }
      let regions = wanted.filter((r) => r !== "all");
      if (wanted.includes("all")) {
        try {
          regions = [...new Set([...regions, ...(await enabledRegions(credentials, firstRegion, o.endpointUrl))])].sort();
        } catch (e) {
          return { target: t, regions, credentials, ...(arn ? { roleArn: arn } : {}), failure: `could not list the account's regions (EC2 DescribeRegions): ${describeError(e)}` };
        }
      }
      progress.addAccountRegions(regions.length);
      return { target: t, regions, credentials, ...(arn ? { roleArn: arn } : {}) };
    });
  // The monitoring account's credentials, and its GetMetricData quotas shared by the jobs running at
  // once (they are per account and region: the monitoring account's, for every source account).
  const monitoringCredentials =
    o.monitoringAccount === undefined
      ? undefined
      : o.monitoringAccount === o.callerAccount
        ? base
        : assumedRole({ roleArn: roleArn(partition, o.monitoringAccount, o.roleName), sessionName, ...(o.externalId !== undefined ? { externalId: o.externalId } : {}), base, region: firstRegion, ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}) });
  const sharedQuotas = (): Record<string, number> => {
    if (o.monitoringAccount === undefined) return {};
    const gmd = o.quotas?.["CloudWatch.GetMetricData"] ?? quotaFor("CloudWatch.GetMetricData").tps;
    const dps = o.quotas?.[GMD_DATAPOINTS] ?? quotaFor(GMD_DATAPOINTS).tps;
    return { "CloudWatch.GetMetricData": gmd / concurrency, [GMD_DATAPOINTS]: dps / concurrency };
  };
  // Preparation runs ahead (it holds credentials only); collection takes the accounts in order.
  const prepared = o.targets.map((t) => prepare(t));
  prepared.forEach((p) => p.catch(() => undefined));

  interface Job {
    readonly p: Prepared;
    readonly region: string;
    readonly parts: Snapshot[];
    readonly left: { n: number };
  }
  async function* jobs(): AsyncGenerator<Job> {
    for (const pending of prepared) {
      const p = await pending;
      const account = { id: p.target.id, ...(p.target.name ? { name: p.target.name } : {}) };
      const window = analysisWindow(now, o.windowDays ?? 7);
      if (p.failure || !p.credentials || p.regions.length === 0) {
        const reason = p.failure ?? "no region to audit in the account";
        const outcome: AccountOutcome = { ...account, regions: p.regions, ...(p.roleArn ? { roleArn: p.roleArn } : {}), status: "failed", reason };
        outcomes.set(p.target.id, outcome);
        progress.accountFailed(p.target.id, reason);
        await o.onAccount(failedSnapshot(window, account, p.regions.length ? p.regions : [firstRegion], p.failure?.includes("DescribeRegions") ? "EC2.DescribeRegions" : "STS.AssumeRole", reason, toolVersion), outcome);
        continue;
      }
      const shared = { parts: [] as Snapshot[], left: { n: p.regions.length } };
      for (const region of p.regions) yield { p, region, ...shared };
    }
  }

  await pool(jobs(), concurrency, async (job) => {
    const { p, region } = job;
    const isFirst = region === p.regions[0];
    // DR regions (kds-cross-region) are listed once per account, with its first region.
    const drRegions = isFirst ? (o.drRegions ?? []).filter((r) => !p.regions.includes(r)) : [];
    let part: Snapshot;
    try {
      part = await collectSnapshot({
        ...o,
        regions: [region],
        drRegions,
        credentials: p.credentials!,
        ...(monitoringCredentials ? { monitoring: { credentials: monitoringCredentials, sourceAccountId: p.target.id }, quotas: { ...(o.quotas ?? {}), ...sharedQuotas() } } : {}),
        now,
        progress: "off",
        verbose: false,
      });
    } catch (e) {
      part = failedSnapshot(analysisWindow(now, o.windowDays ?? 7), { id: p.target.id }, [region], "collect", `could not collect ${region}: ${describeError(e)}`, toolVersion);
    }
    job.parts.push(part);
    progress.accountRegionDone(`${p.target.id} ${region}`, Object.values(part.collection.calls).reduce((a, b) => a + b, 0));
    if (--job.left.n > 0) return;
    const account = { id: p.target.id, ...(p.target.name ? { name: p.target.name } : {}) };
    const snapshot = mergeRegionSnapshots(job.parts, account, p.regions);
    job.parts.length = 0; // let the region parts go
    const firstError = snapshot.collection.errors[0];
    const outcome: AccountOutcome = {
      ...account,
      regions: p.regions,
      ...(p.roleArn ? { roleArn: p.roleArn } : {}),
      status: snapshot.collection.complete ? "complete" : "incomplete",
      ...(firstError ? { reason: `${firstError.api} ${firstError.region}: ${firstError.message}` } : {}),
    };
    outcomes.set(p.target.id, outcome);
    await o.onAccount(snapshot, outcome);
  });
  progress.stop();
  return o.targets.map((t) => outcomes.get(t.id)!).filter(Boolean);
}
