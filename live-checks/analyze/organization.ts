/**
 * Organization-wide analysis (issue 16): each account's snapshot is analyzed alone (resources and
 * metric series of different accounts never meet: two accounts may both have a stream "orders" in
 * us-east-1), then the accounts' analyses are put together in account id order, with a summary per
 * account. A live run and the merge of its snapshot shards take the same path, so they give the
 * same report.
 */
import type { CollectionError } from "../snapshot";
import type { AccountSummary, AuditAnalysis } from "./audit-analysis";
import { findingTotals } from "./finding-totals";

/** How one account went (from the collector, or the snapshot's own collection state). */
export interface AccountStatus {
  readonly id: string;
  readonly name?: string;
  readonly regions: readonly string[];
  readonly status: "complete" | "incomplete" | "failed";
  readonly reason?: string;
}

export interface AnalyzedAccount {
  readonly account: AccountStatus;
  readonly analysis: AuditAnalysis;
}

/** The account's status from its analysis when the collector gave none (a snapshot loaded from disk). */
export function statusFromAnalysis(id: string, name: string | undefined, a: AuditAnalysis): AccountStatus {
  const failed = a.collectionErrors.find((e) => e.resource === `account/${id}`);
  const first = a.collectionErrors[0];
  return {
    id,
    ...(name ? { name } : {}),
    regions: a.regions,
    status: failed ? "failed" : a.complete ? "complete" : "incomplete",
    ...(first ? { reason: `${first.api} ${first.region}: ${first.message}` } : {}),
  };
}

function accountSummary(x: AnalyzedAccount): AccountSummary {
  const a = x.analysis;
  return {
    id: x.account.id,
    ...(x.account.name ? { name: x.account.name } : {}),
    regions: x.account.regions,
    status: x.account.status === "complete" && !a.complete ? "incomplete" : x.account.status,
    ...(x.account.reason ? { reason: x.account.reason } : {}),
    dataStreams: a.summary.totalDataStreams,
    firehoseStreams: a.summary.totalFirehoseStreams,
    findingsBySeverity: a.summary.findingsBySeverity,
    averageHealthScore: a.summary.averageHealthScore,
    estimatedMonthlySavings: a.summary.estimatedMonthlySavings,
    complete: a.complete,
  };
}

/** The accounts' analyses as one (accounts sorted by id; each account's own order kept). */
export function mergeAccountAnalyses(parts: readonly AnalyzedAccount[]): AuditAnalysis {
  if (parts.length === 0) throw new Error("no account analyzed");
  const sorted = [...parts].sort((a, b) => a.account.id.localeCompare(b.account.id));
  const all = sorted.map((p) => p.analysis);
  const streams = all.flatMap((a) => a.streams);
  const deliveryStreams = all.flatMap((a) => a.deliveryStreams);
  const findings = all.flatMap((a) => a.findings);
  const other = all.flatMap((a) => a.otherFindings ?? []);
  const tagExempt = all.flatMap((a) => a.tagExempt ?? []);
  const collectionErrors: CollectionError[] = sorted.flatMap((p) => p.analysis.collectionErrors.map((e) => ({ ...e, account: p.account.id })));
  const complete = all.every((a) => a.complete) && sorted.every((p) => p.account.status === "complete");
  const lags = streams.flatMap((r) => r.metrics.consumers);
  const maxLags = lags.flatMap((c) => (c.maxLagMs === null ? [] : [c.maxLagMs]));
  const sum = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0);
  const regions = [...new Set(all.flatMap((a) => a.regions))].sort();
  // Entries without an ARN of their own say which account they are of.
  const tagged = <T>(pick: (a: AuditAnalysis) => readonly T[]): (T & { accountId: string })[] => sorted.flatMap((p) => pick(p.analysis).map((x) => ({ ...x, accountId: p.account.id })));
  return {
    analyzedAt: all.map((a) => a.analyzedAt).sort().at(-1)!,
    toolVersion: all[0]!.toolVersion,
    window: all[0]!.window,
    regions,
    streams,
    deliveryStreams,
    skipped: tagged((a) => a.skipped),
    findings,
    ...(other.length ? { otherFindings: other } : {}),
    ...(tagExempt.length ? { tagExempt } : {}),
    shardPlan: tagged((a) => a.shardPlan),
    alarmRecommendations: tagged((a) => a.alarmRecommendations),
    drFlags: tagged((a) => a.drFlags),
    collectionErrors,
    complete,
    pricing: Object.assign({}, ...all.map((a) => a.pricing ?? {})) as NonNullable<AuditAnalysis["pricing"]>,
    accounts: sorted.map(accountSummary),
    summary: {
      totalDataStreams: streams.length,
      totalFirehoseStreams: deliveryStreams.length,
      skippedResources: sum(all.map((a) => a.summary.skippedResources)),
      ...findingTotals(findings, [...streams, ...deliveryStreams].map((r) => r.healthScore)),
      totalIncomingBytes: sum(all.map((a) => a.summary.totalIncomingBytes)),
      totalIncomingRecords: sum(all.map((a) => a.summary.totalIncomingRecords)),
      totalBytesPerSecond: sum(all.map((a) => a.summary.totalBytesPerSecond)),
      totalFirehoseIncomingBytes: sum(all.map((a) => a.summary.totalFirehoseIncomingBytes)),
      consumers: lags.length,
      laggingConsumers: lags.filter((c) => c.flagged).length,
      maxConsumerLagMs: maxLags.length ? Math.max(...maxLags) : null,
      complete,
    },
  };
}
