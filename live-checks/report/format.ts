/** Number formatting shared by the view-models ("no data" for null: missing data is never shown as 0). */
import type { Severity } from "../../rules/model";

export const NO_DATA = "no data";

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? NO_DATA : `${v.toFixed(digits)} %`;
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return NO_DATA;
  return v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

export function bytesRate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined) return NO_DATA;
  if (bps >= 1_048_576) return `${(bps / 1_048_576).toFixed(2)} MiB/s`;
  if (bps >= 1024) return `${(bps / 1024).toFixed(1)} KiB/s`;
  return `${bps.toFixed(0)} B/s`;
}

export function dollars(v: number | null | undefined): string {
  return v === null || v === undefined ? "" : `$${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function count(v: number | null | undefined): string {
  return v === null || v === undefined ? NO_DATA : Math.round(v).toLocaleString("en-US");
}

/** Heat color for a utilization %: green (0) -> yellow -> red (>= 100). */
export function heatColor(percent: number | null): string {
  if (percent === null) return "#e5e7eb";
  const p = Math.max(0, Math.min(100, percent));
  const hue = Math.round(120 - p * 1.2);
  const light = Math.round(88 - p * 0.38);
  return `hsl(${hue}, 75%, ${light}%)`;
}

/** Score bands of the health colour: below 50 red, below 80 amber. */
export function healthClass(score: number): "good" | "warn" | "bad" {
  return score >= 80 ? "good" : score >= 50 ? "warn" : "bad";
}

/**
 * The dashboard's health colour (docs/analysis.md, "Dashboard"): the worse of the score band and the
 * worst finding, so a resource with a high finding is never green whatever its score.
 * - "bad" (red): a high finding, or score < 50
 * - "warn" (amber): a medium finding, or score < 80
 * - "minor" (blue): low findings only
 * - "good" (green): no finding
 */
export type HealthTone = "good" | "minor" | "warn" | "bad";

export function healthTone(score: number, worst: Severity | null): HealthTone {
  const band = healthClass(score);
  if (worst === "high" || band === "bad") return "bad";
  if (worst === "medium" || band === "warn") return "warn";
  return worst === "low" ? "minor" : "good";
}

const SEVERITY_ORDER: readonly Severity[] = ["high", "medium", "low"];

/** The most severe of some findings' severities; null without findings. */
export function worstSeverity(findings: readonly { readonly severity: Severity }[]): Severity | null {
  for (const s of SEVERITY_ORDER) if (findings.some((f) => f.severity === s)) return s;
  return null;
}
