/** consumer_lag_report.csv: one row per enhanced fan-out consumer; empty cell = no data (never 0). */
import { stringify } from "csv-stringify/sync";
import type { AuditAnalysis } from "../analyze";

export const LAG_CSV_FILE = "consumer_lag_report.csv";
export const LAG_CSV_COLUMNS = ["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged"] as const;

export interface LagRow {
  readonly stream_name: string;
  readonly consumer_name: string;
  readonly max_lag_ms: number | null;
  readonly avg_lag_ms: number | null;
  readonly flagged: boolean;
}

export function toLagRows(a: AuditAnalysis): LagRow[] {
  return a.streams.flatMap((r) =>
    r.metrics.consumers.map((c) => ({
      stream_name: String(r.stream.name),
      consumer_name: c.consumerName,
      max_lag_ms: c.maxLagMs,
      avg_lag_ms: c.avgLagMs === null ? null : Math.round(c.avgLagMs * 100) / 100,
      flagged: c.flagged,
    })),
  );
}

export function renderLagCsv(rows: readonly LagRow[]): string {
  return stringify(rows.map((r) => ({ ...r, flagged: r.flagged ? "true" : "false" })), {
    header: true,
    columns: [...LAG_CSV_COLUMNS],
    cast: { object: () => "" },
  });
}
