/**
 * The CI view-model of a live audit, so `audit` can write the same SARIF / JUnit / Markdown / JSON
 * outputs as `scan` (e.g. `audit --format sarif,junit`) next to its report files.
 */
import type { AccountedAnalysis } from "./analysis-json";
import type { KinesisGuardConfig } from "../config-file";
import type { FailOn } from "../exit-codes";
import type { Finding } from "../../rules/model";
import { buildCheckReport, type CheckReport } from "./view-model";
import { repositoryRelative } from "./repo-links";
import type { SuppressedFinding } from "../suppressions";

export function auditCheckReport(
  analysis: AccountedAnalysis,
  config: KinesisGuardConfig,
  opts: { readonly failOn: FailOn; readonly source?: string; readonly notes?: readonly string[]; readonly now?: Date; readonly sarifCategory?: string; readonly suppressed?: readonly SuppressedFinding[] },
): CheckReport {
  const resources = [...analysis.streams.map((r) => r.stream.id), ...analysis.deliveryStreams.map((r) => r.deliveryStream.id)];
  // `findings` holds every finding; a drift finding on a resource missing from AWS may sit apart.
  const seen = new Set(analysis.findings);
  const other = (analysis as { readonly otherFindings?: readonly Finding[] }).otherFindings ?? [];
  const suppressed = new Set((opts.suppressed ?? []).map((s) => s.finding));
  const findings = [...analysis.findings, ...other.filter((f) => !seen.has(f))].filter((f) => !suppressed.has(f));
  const missing = [...analysis.streams, ...analysis.deliveryStreams].flatMap((r) => {
    const name = "stream" in r ? r.stream.id.displayName : r.deliveryStream.id.displayName;
    return r.missingData.map((m) => `${name}: no ${m.metric} (${m.stat}) data could be collected: ${m.reason}`);
  });
  return buildCheckReport({
    kind: "audit",
    source: opts.source ?? `AWS (${analysis.regions.join(", ")})`,
    ...(analysis.account ? { account: analysis.account.id } : {}),
    artifactUri: repositoryRelative("Pulumi.yaml"),
    ...(opts.sarifCategory ? { sarifCategory: opts.sarifCategory } : {}),
    findings,
    ...(opts.suppressed ? { suppressed: opts.suppressed } : {}),
    resources,
    enforcement: config.enforcement,
    failOn: opts.failOn,
    notes: [...(opts.notes ?? []), ...analysis.skipped.map((s) => `skipped ${s.kind} ${s.name} (${s.region}): ${s.reason}`)],
    errors: [...analysis.collectionErrors.map((e) => `${e.account ? `${e.account} ` : ""}${e.api} ${e.region}${e.resource ? ` ${e.resource}` : ""}: ${e.message}`), ...missing],
    incomplete: !analysis.complete,
    ...(opts.now ? { now: opts.now } : {}),
  });
}
