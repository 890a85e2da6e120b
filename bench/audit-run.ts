/** Run `kinesis-guard audit` (bin/kinesis-guard.js, as a user runs it) under GNU time and read what it wrote. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runMeasured, type RunResult } from "./measure";

const ROOT = path.resolve(__dirname, "..");
export const BIN = path.join(ROOT, "bin/kinesis-guard.js");

/** Dummy credentials: the SDK signs every request; the simulator ignores the signature. */
export const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x", AWS_DEFAULT_REGION: "us-east-1" } as const;

export interface AuditRun extends RunResult {
  readonly dataStreams: number;
  readonly deliveryStreams: number;
  readonly skipped: number;
  readonly complete: boolean;
  readonly collectionErrors: number;
}

/**
 * Audit one region of `endpoint` into a fresh temp dir (removed afterwards). Exit codes 0 and 1
 * (findings) are normal; anything else, or a missing report, is an error naming the run.
 */
export async function runAudit(endpoint: string, region = "us-east-1", extraArgs: string[] = []): Promise<AuditRun> {
  const out = mkdtempSync(path.join(tmpdir(), "kg-bench-audit-"));
  try {
    const r = await runMeasured(process.execPath, [BIN, "audit", "--endpoint-url", endpoint, "--region", region, "--out", out, "--no-progress", ...extraArgs], {
      cwd: ROOT,
      env: { ...FAKE_AWS_ENV, AWS_DEFAULT_REGION: region },
    });
    if (r.exitCode !== 0 && r.exitCode !== 1) {
      throw new Error(`kinesis-guard audit against ${endpoint} exited ${r.exitCode} (2 = usage/input error, 3 = incomplete); stderr tail:\n${r.stderrTail}`);
    }
    let report: {
      data_streams: unknown[];
      firehose_streams: unknown[];
      skipped?: unknown[];
      collection?: { complete?: boolean; errors?: unknown[] };
    };
    try {
      report = JSON.parse(readFileSync(path.join(out, "kinesis_analysis.json"), "utf8")) as typeof report;
    } catch (e) {
      throw new Error(`kinesis-guard audit wrote no readable ${path.join(out, "kinesis_analysis.json")} (${String(e)}); stderr tail:\n${r.stderrTail}`);
    }
    return {
      ...r,
      dataStreams: report.data_streams.length,
      deliveryStreams: report.firehose_streams.length,
      skipped: report.skipped?.length ?? 0,
      complete: report.collection?.complete !== false,
      collectionErrors: report.collection?.errors?.length ?? 0,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
