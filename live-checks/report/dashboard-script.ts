/**
 * The dashboard's inline script (dashboard-browser.js: sort, filter, search) and the CSP source that
 * allows exactly it. The hash is computed when the page is rendered from the exact text that goes
 * between <script> and </script>, so the page's Content-Security-Policy
 * (`script-src 'sha256-...'`, no 'unsafe-inline') runs this script and nothing else: not an
 * injected <script>, not an inline event handler, not a javascript: URL
 * (https://www.w3.org/TR/CSP3/#match-element-to-source-list). The script is ours, never data: it is
 * the one value the template writes unescaped.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const DASHBOARD_SCRIPT_FILE = join(__dirname, "dashboard-browser.js");

export interface InlineScript {
  /** The script text, exactly as it goes into the page. */
  readonly text: string;
  /** CSP hash source for it: 'sha256-<base64>' (with the quotes). */
  readonly cspSource: string;
}

/** The CSP hash source of a script text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * A script text that is safe to place inside <script>...</script>: the HTML parser ends a script
 * element at "</script" and treats "<!--" / "<script" specially inside it, whatever the JavaScript.
 */
export function inlineScript(text: string): InlineScript {
  if (/<\/script|<!--|<script/i.test(text)) throw new Error("dashboard script: contains </script, <script or <!--, which would end or confuse the inline <script> element");
  return { text, cspSource: cspHash(text) };
}

let cached: InlineScript | undefined;

/** The dashboard's script, read once per process. */
export function dashboardScript(): InlineScript {
  cached ??= inlineScript(readFileSync(DASHBOARD_SCRIPT_FILE, "utf8"));
  return cached;
}
