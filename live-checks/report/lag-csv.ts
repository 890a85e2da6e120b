/** consumer_lag_report.csv: one row per enhanced fan-out consumer; empty cell = no data (never 0); text cells formula-safe (csv-safe.ts). */
import { stringify } from "csv-stringify/sync";
import type { AuditAnalysis } from "../analyze";
import { neutralizeFormula } from "./csv-safe";

export const LAG_CSV_FILE = "consumer_lag_report.csv";
export const LAG_CSV_COLUMNS = ["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged"] as const;

export interface LagRow {
  readonly stream_name: string;
  readonly consumer_name: string;
  readonly max_lag_ms: number | null;
  readonly avg_lag_ms: number | null;
  readonly flagged: boolean;
}

/** Milliseconds to two decimals (CloudWatch statistics carry float noise); null stays "no data". */
function centi(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 100) / 100;
}

export function toLagRows(a: AuditAnalysis): LagRow[] {
  return a.streams.flatMap((r) =>
    r.metrics.consumers.map((c) => ({
      stream_name: String(r.stream.name),
      consumer_name: c.consumerName,
      max_lag_ms: centi(c.maxLagMs),
      avg_lag_ms: centi(c.avgLagMs),
      flagged: c.flagged,
    })),
  );
}

export function renderLagCsv(rows: readonly LagRow[]): string {
  const cells = rows.map((r) => ({ ...r, stream_name: neutralizeFormula(r.stream_name), consumer_name: neutralizeFormula(r.consumer_name), flagged: r.flagged ? "true" : "false" }));
  return stringify(cells, {
    header: true,
    columns: [...LAG_CSV_COLUMNS],
    cast: { object: () => "" },
  });
}
