/**
 * consumer_lag_report.csv: stream_name, consumer_name, max_lag_ms, avg_lag_ms, flagged (DESIGN.md; the
 * five columns and their order are the format). One row per consumer of every kind (consumer-lag.ts):
 * each enhanced fan-out consumer, and per stream one row for its polling consumers, named
 * "(polling consumers)" (a name no registered consumer can have), with the stream's maximum iterator
 * age and an empty avg_lag_ms. No `kind` column: a sixth column breaks readers that check the header
 * or read by position (docs/analysis.md, "Dashboard"). Empty cell = no data (never 0); text cells
 * formula-safe (csv-safe.ts). Organization-wide audits append account_id and region (LAG_CSV_ORG_COLUMNS).
 */
import { stringify } from "csv-stringify/sync";
import type { AuditAnalysis } from "../analyze";
import { consumerLagRows } from "./consumer-lag";
import { neutralizeFormula } from "./csv-safe";

export const LAG_CSV_FILE = "consumer_lag_report.csv";
export const LAG_CSV_COLUMNS = ["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged"] as const;
/**
 * Organization-wide audits (issue 16) add two columns after the five: the same stream name exists
 * in several accounts and regions. A single-account report keeps the five columns.
 */
export const LAG_CSV_ORG_COLUMNS = [...LAG_CSV_COLUMNS, "account_id", "region"] as const;

export interface LagRow {
  readonly stream_name: string;
  readonly consumer_name: string;
  readonly max_lag_ms: number | null;
  readonly avg_lag_ms: number | null;
  readonly flagged: boolean;
  readonly account_id: string | null;
  readonly region: string;
}

/** Milliseconds to two decimals (CloudWatch statistics carry float noise); null stays "no data". */
function centi(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 100) / 100;
}

export function toLagRows(a: AuditAnalysis): LagRow[] {
  return consumerLagRows(a).map((c) => ({
    stream_name: c.stream,
    consumer_name: c.consumer,
    max_lag_ms: centi(c.maxLagMs),
    avg_lag_ms: centi(c.avgLagMs),
    flagged: c.flagged,
    account_id: c.account ?? null,
    region: c.region,
  }));
}

export function renderLagCsv(rows: readonly LagRow[], opts: { readonly organization?: boolean } = {}): string {
  const cells = rows.map((r) => ({ ...r, stream_name: neutralizeFormula(r.stream_name), consumer_name: neutralizeFormula(r.consumer_name), flagged: r.flagged ? "true" : "false" }));
  return stringify(cells, {
    header: true,
    columns: opts.organization ? [...LAG_CSV_ORG_COLUMNS] : [...LAG_CSV_COLUMNS],
    cast: { object: () => "" },
  });
}
