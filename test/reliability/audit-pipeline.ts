/**
 * The live audit end to end, as `kinesis-guard audit` runs it (collect with the real SDK clients ->
 * analyze -> render -> write -> exit code), with short timeouts and retry backoffs so fault
 * tests stay fast. runAudit() takes no client overrides, hence this mirror of its steps; one CLI
 * test in the matrix checks the real command agrees.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collectSnapshot, type CollectOptions } from "../../live-checks/collect";
import { analyzeSnapshot, type AuditAnalysis } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { exitCodeFor, type ExitCode } from "../../live-checks/exit-codes";
import { renderReports, writeRendered, DASHBOARD_FILE } from "../../live-checks/report/write-reports";
import { ANALYSIS_FILE } from "../../live-checks/report/analysis-json";
import type { Snapshot } from "../../live-checks/snapshot";

export const NOW = new Date("2026-03-10T12:34:56Z");

export interface AuditRun {
  readonly snapshot: Snapshot;
  readonly analysis: AuditAnalysis;
  /** kinesis_analysis.json as written. */
  readonly report: AnalysisReportJson;
  readonly dashboard: string;
  readonly console: string;
  /** With --fail-on none: 3 exactly when the audit is incomplete, else 0. */
  readonly exitCode: ExitCode;
}

/** The parts of kinesis_analysis.json the matrix looks at (the rest is compared whole). */
export interface AnalysisReportJson {
  data_streams: { stream_name: string; region: string; missing_data: unknown[]; [k: string]: unknown }[];
  firehose_streams: { stream_name: string; region: string; missing_data: unknown[]; [k: string]: unknown }[];
  skipped: { name: string; reason: string; reason_code: string }[];
  collection: { complete: boolean; errors: { api: string; region: string; resource: string | null; message: string }[] };
  summary: Record<string, unknown>;
  [k: string]: unknown;
}

export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "test-secret-key";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
}

export async function auditAgainst(
  endpoint: string,
  outDir: string,
  extra: Partial<CollectOptions> & { clientOverrides?: CollectOptions["clientOverrides"] } = {},
): Promise<AuditRun> {
  const { clientOverrides, ...rest } = extra;
  const snapshot = await collectSnapshot({
    regions: ["us-east-1", "eu-west-1"],
    endpointUrl: endpoint,
    now: NOW,
    progress: "off",
    ...rest,
    // 4 attempts per request for faults other than throttling, 10 ms backoff base (the scheduler owns retries).
    clientOverrides: { retry: { attempts: 4, baseMs: 10 }, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, ...clientOverrides },
  });
  const config = defaultConfig();
  const analysis = analyzeSnapshot(snapshot, config);
  const rendered = renderReports(analysis, { outDir });
  await writeRendered(outDir, rendered);
  const exitCode = exitCodeFor(
    analysis.findings.map((f) => ({ severity: f.severity, mandatory: false })),
    { failOn: "none", incomplete: !analysis.complete },
  );
  return {
    snapshot,
    analysis,
    report: JSON.parse(readFileSync(join(outDir, ANALYSIS_FILE), "utf8")) as AnalysisReportJson,
    dashboard: readFileSync(join(outDir, DASHBOARD_FILE), "utf8"),
    console: rendered.console,
    exitCode,
  };
}

/** The report without what legitimately differs between two runs of the same fleet (timestamps). */
export function comparableReport(r: AnalysisReportJson): unknown {
  return JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === "analysis_timestamp" || k === "generated_at" || k === "analyzed_at" ? undefined : v)));
}
