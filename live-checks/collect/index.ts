/**
 * The collector's entry point: everything the audit needs from AWS, as one deterministic Snapshot.
 * All AWS I/O of kinesis-guard lives under this folder.
 */
import { version as toolVersion } from "../../package.json";
import type { MetricWindow } from "../../rules/metric-requests";
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type CollectionError, type Snapshot } from "../snapshot";
import { CallStats } from "./call-stats";
import { canonicalSnapshot } from "./canonical";
import { ClientFactory, resolveEndpointUrl, type ClientSettings, type RegionClients } from "./clients";
import type { RegionContext } from "./context";
import { AuditDeadline } from "./deadline";
import { describeError, isNotFound } from "./errors";
import { DEFAULT_FILTERS, type FilterSettings } from "./filters";
import { listStreams, listTagsForStream } from "./inventory/kinesis";
import { getResourceTags, tagKey } from "./inventory/tags";
import { createProgress, type Progress, type ProgressMode } from "./progress";
import { collectRegion, type RegionResult } from "./region";
import { Scheduler } from "./scheduler";
import type { RetryPolicy } from "./retry-policy";
import { termValue } from "../report/terminal";

export interface CollectOptions {
  regions: string[];
  profile?: string;
  endpointUrl?: string;
  /** Analysis window in days (default 7). */
  windowDays?: number;
  /** Window end = `now` floored to the hour (default: the current time). */
  now?: Date;
  /** List streams (names, ARNs, tags only) there for kds-cross-region -> snapshot.drStreams. */
  drRegions?: string[];
  progress?: ProgressMode;
  /** Print the endpoint, the plan and per-API call counts on stderr. */
  verbose?: boolean;
  /** Requests in flight at once over all APIs and regions (default 32). */
  maxConcurrency?: number;
  /** Collection-time filters (defaults: test-/dev- prefixes, tag ExcludeFromAnalysis). */
  excludeNamePrefixes?: readonly string[];
  excludeTagKey?: string;
  /** Per-API TPS overrides, "Service.Operation" -> TPS (e.g. a raised account quota). */
  quotas?: Record<string, number>;
  /**
   * The collection's deadline, ms (`audit --timeout`; default none). What is not read by then is
   * recorded as a collection error on its resource: the audit is incomplete (deadline.ts).
   */
  timeoutMs?: number;
  /** Credentials of the audited account (an assumed role's, collect/accounts); default: the SDK's chain for `profile`. */
  credentials?: ClientSettings["credentials"];
  /** Read the metrics through a CloudWatch monitoring account (collect/accounts, --monitoring-account). */
  monitoring?: ClientSettings["monitoring"];
  /** Test hooks. */
  clientOverrides?: {
    /** Replace the SDK clients of a region (unit tests with mocks). */
    makeClients?: (region: string) => RegionClients;
    /** The SDK's own attempts per send (default 1: the scheduler owns retries, retry-policy.ts). */
    maxAttempts?: number;
    connectionTimeoutMs?: number;
    /** Socket idle timeout (the SDK's requestTimeout). */
    requestTimeoutMs?: number;
    /** Deadline for one request's whole answer (default 120 s, deadline.ts). */
    requestDeadlineMs?: number;
    /** Retry policy overrides (retry-policy.ts). */
    retry?: Partial<RetryPolicy>;
    /** Older names: retry.attempts - 1 and retry.baseMs. */
    outerRetries?: number;
    outerBackoffMs?: number;
    /** Where progress and verbose output go (default process.stderr). */
    stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  };
}

const HOUR = 3600;

/** The hour-aligned analysis window ending at `now` floored to the hour. */
export function analysisWindow(now: Date, days: number): MetricWindow & { days: number } {
  const end = Math.floor(now.getTime() / 1000 / HOUR) * HOUR;
  return { start: end - days * 86_400, end, days };
}

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function validate(opts: CollectOptions): void {
  if (!Array.isArray(opts.regions) || opts.regions.length === 0) {
    throw new Error("no region to audit: pass --region (several allowed) or set regions in the config file");
  }
  for (const r of [...opts.regions, ...(opts.drRegions ?? [])]) {
    if (!REGION_RE.test(r)) throw new Error(`region ${JSON.stringify(r)} is not an AWS region name (expected e.g. us-east-1)`);
  }
  const days = opts.windowDays ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > 455) {
    throw new Error(`windowDays ${days} must be a whole number of days from 1 to 455 (CloudWatch keeps hourly data 455 days)`);
  }
}

export async function collectSnapshot(opts: CollectOptions): Promise<Snapshot> {
  validate(opts);
  const started = Date.now();
  const o = opts.clientOverrides ?? {};
  const stderr = o.stderr ?? process.stderr;
  const regions = [...new Set(opts.regions)];
  const drRegions = [...new Set(opts.drRegions ?? [])];
  const window = analysisWindow(opts.now ?? new Date(), opts.windowDays ?? 7);
  const filters: FilterSettings = {
    excludeNamePrefixes: opts.excludeNamePrefixes ?? DEFAULT_FILTERS.excludeNamePrefixes,
    excludeTagKey: opts.excludeTagKey ?? DEFAULT_FILTERS.excludeTagKey,
  };
  const endpointUrl = resolveEndpointUrl(opts.endpointUrl);
  const maxConcurrency = opts.maxConcurrency ?? 32;
  const stats = new CallStats();
  const factory = new ClientFactory({
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(endpointUrl !== undefined ? { endpointUrl } : {}),
    maxAttempts: o.maxAttempts ?? 1,
    connectionTimeoutMs: o.connectionTimeoutMs ?? 5_000,
    requestTimeoutMs: o.requestTimeoutMs ?? 30_000,
    maxSockets: maxConcurrency,
    stats,
    ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}),
    ...(opts.monitoring !== undefined ? { monitoring: opts.monitoring } : {}),
  });
  const deadline = new AuditDeadline(opts.timeoutMs);
  const scheduler = new Scheduler({
    maxConcurrency,
    ...(opts.quotas ? { quotas: opts.quotas } : {}),
    ...(o.outerRetries !== undefined ? { outerRetries: o.outerRetries } : {}),
    ...(o.outerBackoffMs !== undefined ? { outerBackoffMs: o.outerBackoffMs } : {}),
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.requestDeadlineMs !== undefined ? { requestDeadlineMs: o.requestDeadlineMs } : {}),
    deadline,
    onResend: (api) => stats.resent(api),
  });
  // The audited regions' clients are built before the progress bar starts: the SDK prints its own
  // warnings when a client is built (e.g. which Node.js versions its next releases need), and on a
  // terminal they would land in the middle of the bar. One turn of the event loop lets them out.
  if (!o.makeClients) {
    for (const r of regions) factory.forRegion(r);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const progress = createProgress(opts.progress, stderr);
  const errors: CollectionError[] = [];
  const notes: string[] = [];
  const context = (region: string): RegionContext => ({
    region,
    clients: o.makeClients ? o.makeClients(region) : factory.forRegion(region),
    scheduler,
    progress,
    errors,
    notes,
  });
  if (opts.verbose) stderr.write(`kinesis-guard: collecting ${regions.join(", ")}${endpointUrl ? ` from ${endpointUrl}` : ""}, window ${new Date(window.start * 1000).toISOString()} .. ${new Date(window.end * 1000).toISOString()}\n`);

  try {
    const results = new Map<string, RegionResult>();
    await Promise.all(
      regions.map(async (r) => {
        results.set(r, await collectRegion(context(r), filters, window));
      }),
    );
    const drStreams = (
      await Promise.all(drRegions.map((r) => (results.has(r) ? fromAudited(r, results.get(r)!) : listDrRegion(context(r)))))
    ).flat();
    progress.stop();

    const all = [...results.values()];
    const snapshot: Snapshot = {
      kind: SNAPSHOT_KIND,
      version: SNAPSHOT_VERSION,
      toolVersion,
      collectedAt: new Date().toISOString(),
      window,
      regions,
      streams: all.flatMap((x) => x.streams),
      consumers: all.flatMap((x) => x.consumers),
      deliveryStreams: all.flatMap((x) => x.deliveryStreams),
      alarms: all.flatMap((x) => x.alarms),
      vpcEndpoints: all.flatMap((x) => x.vpcEndpoints),
      metrics: all.flatMap((x) => x.metrics),
      drStreams,
      skipped: all.flatMap((x) => x.skipped),
      collection: {
        calls: stats.calls(),
        retries: stats.retries(),
        errors,
        complete: errors.length === 0,
        durationMs: Date.now() - started,
        notes,
      },
    };
    const out = canonicalSnapshot(snapshot);
    if (opts.verbose) {
      const calls = Object.entries(out.collection.calls).map(([api, n]) => `  ${api}: ${n}${out.collection.retries[api] ? ` (${out.collection.retries[api]} retries)` : ""}`);
      stderr.write(`kinesis-guard: AWS requests\n${calls.join("\n")}\n`);
      for (const n of out.collection.notes ?? []) stderr.write(`kinesis-guard: note: ${termValue(n)}\n`);
      // Names and messages come from AWS (or an endpoint posing as it): escaped like every terminal line.
      for (const e of out.collection.errors) stderr.write(`kinesis-guard: not collected: ${termValue(e.api)} ${termValue(e.region)}${e.resource ? ` ${termValue(e.resource)}` : ""}: ${termValue(e.message)}\n`);
    }
    return out;
  } finally {
    deadline.dispose();
    progress.stop();
    factory.destroy();
  }
}

type DrStream = Snapshot["drStreams"][number];

function fromAudited(region: string, r: RegionResult): DrStream[] {
  return r.listedStreams.map((s) => ({ region, name: s.name, arn: s.arn ?? "", tags: s.tags }));
}

/** A DR region is only listed: names, ARNs and tags of its streams (replica candidates). */
async function listDrRegion(ctx: RegionContext): Promise<DrStream[]> {
  const { region } = ctx;
  ctx.progress.phase(`${region}: listing DR replica candidates`);
  let listed;
  try {
    listed = await listStreams(ctx);
  } catch (e) {
    ctx.errors.push({ api: "Kinesis.ListStreams", region, resource: "DR region", message: describeError(e) });
    return [];
  }
  let index: Map<string, Record<string, string>> | undefined;
  try {
    index = await getResourceTags(ctx, ["stream"]);
  } catch (e) {
    ctx.notes.push(`${region}: the Resource Groups Tagging API failed (${describeError(e)}); fell back to ListTagsForStream per DR stream`);
  }
  const streams = await Promise.all(
    listed.map(async (s) => {
      let tags = index?.get(tagKey("stream", s.name));
      if (!index) {
        try {
          tags = await listTagsForStream(ctx, s.name);
        } catch (e) {
          // Deleted since it was listed: no replica candidate, nothing missing.
          if (isNotFound(e)) return undefined;
          ctx.errors.push({ api: "Kinesis.ListTagsForStream", region, resource: `stream/${s.name}`, message: describeError(e) });
        }
      }
      return { region, name: s.name, arn: s.arn ?? "", tags: tags ?? {} };
    }),
  );
  return streams.filter((s): s is DrStream => s !== undefined);
}

export type { Progress };
