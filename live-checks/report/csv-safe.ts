/**
 * CSV formula injection: a spreadsheet opening consumer_lag_report.csv runs a cell that starts
 * with = + - @ (or TAB / CR, which some spreadsheets skip before such a character) as a formula.
 * Stream and consumer names can start with "-" and tag-derived text with anything, so text cells
 * that start with one of these get a leading apostrophe, which spreadsheets show as text and do
 * not evaluate (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
 * The exact names stay in kinesis_analysis.json; numeric cells are written as numbers, untouched.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
