/**
 * The one renderer: every output that is not JSON/CSV (reports, remediation stubs, the CI outputs'
 * JUnit XML and Markdown summary) comes from a Handlebars template in templates/ (the package's) or,
 * when --templates DIR is given, from DIR for each file DIR has (same relative path, e.g.
 * DIR/ci/summary.md.hbs), so a user can override any one template. One Handlebars environment per
 * template set, with every helper and the shared partials. A rule's remediation templates sit in
 * its folder (rules/<id>/remediation.<kind>.hbs) and keep their relative name
 * remediation/<id>.<kind>.hbs for overrides. HTML and XML templates are compiled with Handlebars'
 * own escaping; text templates (console, .ts, .sh, .md) without it - they escape through helpers
 * instead: `js` and `sh` produce a valid TypeScript string literal / POSIX shell word, `text` and
 * `cell` Markdown prose / a table cell (HTML-escaped by Handlebars' escapeExpression).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import Handlebars from "handlebars";
import { shellQuote } from "../../rules/lib/shell";
import { UsageError } from "../exit-codes";
import { readExactlyAt, writeAllAt } from "../positioned-io";

export const DEFAULT_TEMPLATES_DIR = resolve(__dirname, "..", "..", "templates");
/** Where the rules' folders are: a rule's own templates live there. */
export const RULES_DIR = resolve(__dirname, "..", "..", "rules");

/** remediation/<rule-id>.<kind>.hbs, the relative name of a rule's own template (not _default). */
const RULE_TEMPLATE = /^remediation[\\/]([a-z0-9]+(?:-[a-z0-9]+)*)\.(pulumi\.ts|aws-cli\.sh)\.hbs$/;

/** The package's file for a template's relative name: the rule's folder for a rule's own template, templates/ otherwise. */
export function defaultTemplatePath(name: string): string {
  const m = RULE_TEMPLATE.exec(name);
  return m ? join(RULES_DIR, m[1]!, `remediation.${m[2]!}.hbs`) : join(DEFAULT_TEMPLATES_DIR, name);
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

/** Non-finite or non-numeric values are shown as "unknown", never as 0 (missing data is not zero). */
const UNKNOWN = "unknown";

function finite(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * Numbers for people, the one place the report templates format them: "$87.87", "5.0 %", "2.5x",
 * "16,698,217". `plain` is for numbers inside code (CLI arguments, TypeScript literals): no
 * separators, at most 4 decimals, so a computed 0.9299999999999999 prints 0.93.
 */
export const NUMBER_HELPERS = {
  usd: (v: unknown): string => {
    const n = finite(v);
    return n === undefined ? UNKNOWN : `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  },
  percent: (v: unknown, digits: unknown = 1): string => {
    const n = finite(v);
    const d = typeof digits === "number" ? digits : 1;
    return n === undefined ? UNKNOWN : `${n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d })} %`;
  },
  factor: (v: unknown): string => {
    const n = finite(v);
    return n === undefined ? UNKNOWN : `${n.toFixed(1)}x`;
  },
  int: (v: unknown): string => {
    const n = finite(v);
    return n === undefined ? UNKNOWN : Math.round(n).toLocaleString("en-US");
  },
  plain: (v: unknown): string => {
    const n = finite(v);
    return n === undefined ? UNKNOWN : String(Number(n.toFixed(4)));
  },
} as const;

/**
 * Every line break CommonMark or a browser honours (CRLF, a lone CR, LF, NEL, LINE / PARAGRAPH
 * SEPARATOR, VT, FF): a lone CR in a name would otherwise start a new line in the PR comment and
 * inject a heading or break the table.
 */
const MD_LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029\u000b\u000c]/g;
/** Other control characters: shown as escapes (\x1b), never passed through. */
const MD_CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/**
 * Markdown prose: one line, control characters escaped, HTML-escaped by Handlebars (GitHub renders
 * inline HTML), Markdown emphasis/link/code syntax escaped.
 */
export function mdText(v: unknown): string {
  const oneLine = String(v ?? "")
    .replace(MD_LINE_BREAK, " ")
    .replace(MD_CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return Handlebars.Utils.escapeExpression(oneLine).replace(/[\\`*_[\]~]/g, (c) => `\\${c}`);
}

/** A Markdown table cell: prose escaping plus the cell separator. */
export function mdCell(v: unknown): string {
  return mdText(v).replace(/\|/g, "\\|");
}

/** Templates compiled with Handlebars' HTML escaping (also right for XML text and attributes). */
const ESCAPED = /\.(html|xml)\.hbs$/;

/**
 * Where {{#flat}} blocks go while a template renders in pieces (TemplateSet.renderPieces): each
 * outermost block's text is appended to a spill file and the page keeps a marker in its place, so
 * the page under construction holds the layout and the tables, not every stream's charts and
 * heatmap (a 4,000-resource organization's dashboard is ~32 MB of text; docs/benchmarks.md, P4).
 * Rendering is synchronous: one spill at a time.
 */
class Spill {
  /** Marks block i's place in the rendered page: NUL characters and a random nonce, which no escaped template text holds by chance. */
  readonly marker = `\u0000kg-block-${randomBytes(8).toString("hex")}\u0000`;
  private readonly fd: number;
  /** Byte offset and length of each block in the file, in page order. */
  private readonly blocks: { offset: number; length: number }[] = [];
  private size = 0;
  depth = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "wx+", 0o600);
  }

  /** Store a block's text; returns its marker. */
  put(text: string): string {
    const buf = Buffer.from(text, "utf8");
    writeAllAt(this.fd, buf, this.size);
    this.blocks.push({ offset: this.size, length: buf.length });
    this.size += buf.length;
    return this.marker;
  }

  /** The page with each marker replaced by its block, read back one block at a time. */
  *pieces(page: string): Generator<string> {
    let from = 0;
    for (const b of this.blocks) {
      const at = page.indexOf(this.marker, from);
      if (at < 0) throw new Error("a rendered block is missing from the page (a template helper changed {{#flat}}'s output)");
      yield page.slice(from, at);
      const buf = Buffer.allocUnsafe(b.length);
      readExactlyAt(this.fd, buf, b.offset, `${this.path}: the rendered block ends early`);
      yield buf.toString("utf8");
      from = at + this.marker.length;
    }
    if (page.indexOf(this.marker, from) >= 0) throw new Error("the page holds more block markers than blocks were rendered");
    yield page.slice(from);
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}

let activeSpill: Spill | undefined;

function engine(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("text", (v: unknown) => mdText(v));
  hb.registerHelper("cell", (v: unknown) => mdCell(v));
  hb.registerHelper("js", (v: unknown) => JSON.stringify(v ?? null));
  hb.registerHelper("sh", (v: unknown) => shellQuote(String(v ?? "")));
  hb.registerHelper("json", (v: unknown) => JSON.stringify(v ?? null, null, 2));
  hb.registerHelper("pad", (v: unknown, width: unknown) => String(v ?? "").padEnd(Number(width)));
  hb.registerHelper("padStart", (v: unknown, width: unknown) => String(v ?? "").padStart(Number(width)));
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("join", (v: unknown, sep: unknown) => (Array.isArray(v) ? v.join(typeof sep === "string" ? sep : ", ") : ""));
  /** One line for a `//` or `#` comment: newlines would end the comment and inject code. */
  hb.registerHelper("line", (v: unknown) => String(v ?? "").replace(/[\r\n\u2028\u2029]+/g, " "));
  /** (array a b c): build a list inside a template expression (the last argument is Handlebars' options). */
  hb.registerHelper("array", (...args: unknown[]) => args.slice(0, -1));
  hb.registerHelper("add", (a: unknown, b: unknown) => Number(a) + Number(b));
  /** CloudWatch CLI --dimensions words: Name=<n>,Value=<v>, each shell-quoted. */
  hb.registerHelper("shDims", (dims: unknown) =>
    Array.isArray(dims) ? dims.map((d: { name: string; value: string }) => shellQuote(`Name=${d.name},Value=${d.value}`)).join(" ") : "",
  );
  hb.registerHelper("upper", (v: unknown) => String(v ?? "").toUpperCase());
  // Handlebars passes its options object as the last argument: a helper called with one value gets
  // (value, options), so an optional second parameter must ignore it.
  hb.registerHelper("usd", (v: unknown) => NUMBER_HELPERS.usd(v));
  hb.registerHelper("percent", (v: unknown, ...rest: unknown[]) => NUMBER_HELPERS.percent(v, rest.length > 1 ? rest[0] : undefined));
  hb.registerHelper("factor", (v: unknown) => NUMBER_HELPERS.factor(v));
  hb.registerHelper("int", (v: unknown) => NUMBER_HELPERS.int(v));
  hb.registerHelper("plain", (v: unknown) => NUMBER_HELPERS.plain(v));
  /**
   * {{#flat}}...{{/flat}}: the block's output as one flat string. Handlebars joins output with `+`,
   * which V8 keeps as a tree of string pieces until the whole page is done: for a 1,000-stream
   * dashboard millions of pieces at once. Flattening each stream's block (a numeric conversion
   * flattens a V8 string) lets its pieces go while the rest renders (docs/benchmarks.md, dashboard).
   * The content is escaped as usual inside the block; the helper only joins it.
   */
  hb.registerHelper("flat", function (this: unknown, options: Handlebars.HelperOptions) {
    const spill = activeSpill;
    if (spill && spill.depth === 0) {
      // Rendering in pieces: the block goes to the spill file, the page keeps its marker.
      spill.depth++;
      try {
        return spill.put(options.fn(this));
      } finally {
        spill.depth--;
      }
    }
    const out = options.fn(this);
    void Number(out);
    return out;
  });
  return hb;
}

/** Partials shared by the remediation templates: remediation/_partials/<name>.hbs, used as {{> name}}. */
export const PARTIALS_DIR = join("remediation", "_partials");

/** A rule's own partial: rules/<id>/<name>.partial.hbs, used as {{> name}} like a shared one. */
const RULE_PARTIAL = ".partial.hbs";

/** The rules' own partials, by their file name as a shared partial ("<name>.hbs") -> path. */
function rulePartials(): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of readdirSync(RULES_DIR)) {
    const dir = join(RULES_DIR, id);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(RULE_PARTIAL)) out.set(`${f.slice(0, -RULE_PARTIAL.length)}.hbs`, join(dir, f));
  }
  return out;
}

export interface TemplateSet {
  /** Does a template with this relative name exist (override or default)? */
  has(name: string): boolean;
  render(name: string, context: unknown): string;
  /**
   * The same text as render(), in pieces (for a file writer): the {{#flat}} blocks are kept in a
   * spill file in `spillDir` (default: the system's temp folder; removed when the pieces are read
   * or the reading stops) instead of in memory. Renders when first read. @throws TemplateError
   */
  renderPieces(name: string, context: unknown, opts?: { readonly spillDir?: string }): Generator<string>;
  /** Where a template was loaded from (for error messages). */
  pathOf(name: string): string;
}

export function loadTemplates(overrideDir?: string): TemplateSet {
  if (overrideDir !== undefined) {
    if (!existsSync(overrideDir) || !statSync(overrideDir).isDirectory()) {
      throw new UsageError(`--templates ${overrideDir}: not a directory (give a folder holding templates with the same names as in ${DEFAULT_TEMPLATES_DIR})`);
    }
  }
  const hb = engine();
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const pathOf = (name: string): string => {
    if (overrideDir !== undefined) {
      const p = join(overrideDir, name);
      if (existsSync(p)) return p;
    }
    return defaultTemplatePath(name);
  };
  // Partials are registered up front (a template may use any of them): the shared ones of
  // templates/remediation/_partials/ and a rule's own (rules/<id>/<name>.partial.hbs); an override
  // dir may replace one by its file name (DIR/remediation/_partials/<name>.hbs), or add one.
  const own = rulePartials();
  const partialNames = new Set<string>(own.keys());
  for (const dir of [DEFAULT_TEMPLATES_DIR, ...(overrideDir === undefined ? [] : [overrideDir])]) {
    const d = join(dir, PARTIALS_DIR);
    if (existsSync(d)) for (const f of readdirSync(d)) if (f.endsWith(".hbs")) partialNames.add(f);
  }
  const partialPath = (f: string): string => {
    const override = overrideDir === undefined ? undefined : join(overrideDir, PARTIALS_DIR, f);
    return override !== undefined && existsSync(override) ? override : (own.get(f) ?? join(DEFAULT_TEMPLATES_DIR, PARTIALS_DIR, f));
  };
  for (const f of partialNames) {
    const path = partialPath(f);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
      hb.parse(text);
    } catch (e) {
      throw new TemplateError(`template ${path}: ${(e as Error).message.split("\n").slice(0, 3).join(" ")}`);
    }
    hb.registerPartial(f.slice(0, -".hbs".length), text);
  }
  const get = (name: string): HandlebarsTemplateDelegate => {
    let t = compiled.get(name);
    if (t) return t;
    const path = pathOf(name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new TemplateError(`template ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    try {
      hb.parse(text); // Handlebars compiles lazily: parse now so a broken template fails before any write
    } catch (e) {
      throw new TemplateError(`template ${path}: ${(e as Error).message.split("\n").slice(0, 3).join(" ")}`);
    }
    t = hb.compile(text, { noEscape: !ESCAPED.test(name), strict: false });
    compiled.set(name, t);
    return t;
  };
  const run = (name: string, context: unknown): string => {
    const t = get(name);
    try {
      return t(context);
    } catch (e) {
      throw new TemplateError(`template ${pathOf(name)}: ${(e as Error).message.split("\n")[0]}`);
    }
  };
  return {
    has: (name) => existsSync(pathOf(name)),
    pathOf,
    render: run,
    *renderPieces(name, context, opts = {}) {
      get(name); // a broken template fails before the spill file exists
      const spill = new Spill(join(opts.spillDir ?? tmpdir(), `.kinesis-guard-render-${process.pid}-${randomBytes(4).toString("hex")}.tmp`));
      try {
        let page: string;
        activeSpill = spill;
        try {
          page = run(name, context);
        } finally {
          activeSpill = undefined;
        }
        yield* spill.pieces(page);
      } finally {
        spill.close();
      }
    },
  };
}

let packaged: TemplateSet | undefined;

/** The package's templates, loaded once (compiled on first use): the outputs' default. */
export function defaultTemplates(): TemplateSet {
  packaged ??= loadTemplates();
  return packaged;
}
