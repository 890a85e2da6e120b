/**
 * Text for terminals and CI logs that a hostile name cannot take over. Stream, consumer and
 * delivery stream names, tag values and document contents are attacker-controlled: raw, they could
 *
 * - drive the terminal: ESC sequences clear the screen, set the window title, hide text; CR returns
 *   to the start of the line and overwrites a FAIL with a PASS; bidi overrides reorder what is read;
 * - inject GitHub Actions workflow commands: the runner executes a log line that starts with `::`
 *   after leading whitespace (`::error ...::`, `::add-mask::`, `::stop-commands::`), and a line
 *   containing `##[` anywhere (the older syntax) - see ActionCommand.TryParseV2 / TryParse in
 *   https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs.
 *
 * termValue() makes one value safe inside a line we build: control characters (C0, DEL, C1), the
 * Unicode line and paragraph separators and bidi controls become visible escapes (`\n`, `\r`,
 * `\x1b`, `\u202e`), so a value never starts a new line; a value that would open a line with `::`
 * gets a backslash before it, and `##[` becomes `#\#[`. termLines() does the same for a message of
 * several lines that we composed (newlines kept), as the last step before it is printed.
 */

/** C0 controls, DEL, C1 controls, LINE/PARAGRAPH SEPARATOR, and the bidi marks, embeddings, overrides and isolates. */
 
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
 
const UNSAFE_KEEP_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `::` at the start of a line after whitespace (as .NET's TrimStart sees it), and the legacy `##[`. */
const LEADING_COMMAND = /^(\s*)::/;
const LEGACY_COMMAND = /##\[/g;

function defuse(line: string): string {
  return line.replace(LEADING_COMMAND, "$1\\::").replace(LEGACY_COMMAND, "#\\#[");
}

/** One value (a name, a tag, a path, a message fragment) made safe to place inside a terminal line. */
export function termValue(v: unknown): string {
  return defuse(String(v ?? "").replace(UNSAFE, escapeChar));
}

/** Text of one or more lines that we composed: every line made safe, the line breaks kept. */
export function termLines(text: string): string {
  return text.replace(UNSAFE_KEEP_LF, escapeChar).split("\n").map(defuse).join("\n");
}

/**
 * A view-model for a terminal template with every string in it made safe (termValue), whatever its
 * shape: the console template can gain fields without each needing its own escaping.
 */
export function termSafeModel<T>(model: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return termValue(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, walk(e)]));
    }
    return v;
  };
  return walk(model) as T;
}
