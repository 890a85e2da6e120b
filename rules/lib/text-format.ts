/** Numbers in finding texts, rounded for people. */

/** Dollars in finding texts: always two decimals, thousands separators ("1,234.50"). */
export function money(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Thousands separators for numbers in finding texts. */
export function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** A percentage for finding texts, one decimal: "94.0 %", "1,234.5 %". */
export function percentText(n: number): string {
  return `${n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}
