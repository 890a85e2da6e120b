/**
 * Links the CI outputs put in front of people, without placeholder URLs:
 * - where a rule is documented: its section of docs/rules.md in kinesis-guard's repository, when
 *   that repository is known (KINESIS_GUARD_DOCS_URL, e.g. set by action.yml from the action's own
 *   repository and ref; else package.json "repository" at the tag of this version). When neither
 *   is known the outputs carry the repository-relative link (docs/rules.md#<rule-id>) in text
 *   only: SARIF's helpUri must be an absolute URI, so it is left out rather than invented.
 * - where a finding is: the scanned file as a path relative to the repository root
 *   ($GITHUB_WORKSPACE in GitHub Actions, else the nearest folder above the working directory
 *   holding .git), which is how code scanning matches results to files.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import * as pkg from "../../package.json";

export const RULES_DOC_PATH = "docs/rules.md";

/** kinesis-guard's repository as an https URL, from package.json "repository" (undefined when unset). */
export function repositoryUrl(): string | undefined {
  const repo = (pkg as { repository?: string | { url?: string } }).repository;
  const raw = typeof repo === "string" ? repo : repo?.url;
  if (!raw) return undefined;
  const gh = /^github:(.+)$/.exec(raw) ?? (/^[\w.-]+\/[\w.-]+$/.test(raw) ? [raw, raw] : null);
  if (gh) return `https://github.com/${gh[1]}`;
  return raw.replace(/^git\+/, "").replace(/^git:\/\//, "https://").replace(/\.git$/, "");
}

/** Base URL of docs/rules.md (without the anchor), or undefined when no repository is known. */
export function rulesDocBase(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.KINESIS_GUARD_DOCS_URL?.trim();
  if (fromEnv && /^https?:\/\//.test(fromEnv)) return fromEnv;
  const repo = repositoryUrl();
  return repo ? `${repo}/blob/v${pkg.version}/${RULES_DOC_PATH}` : undefined;
}

/** The rule's section of docs/rules.md: absolute when the repository is known (`absolute`), and always repository-relative (`relative`). */
export function ruleDocLink(ruleId: string, env: NodeJS.ProcessEnv = process.env): { absolute?: string; relative: string } {
  // GitHub's heading anchors: "## kds-encryption" -> #kds-encryption (lower case, [a-z0-9-] kept).
  const anchor = ruleId.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");
  const base = rulesDocBase(env);
  return { ...(base ? { absolute: `${base}#${anchor}` } : {}), relative: `${RULES_DOC_PATH}#${anchor}` };
}

/** The repository root: $GITHUB_WORKSPACE, else the nearest folder from `cwd` up holding .git; undefined when none. */
export function repositoryRoot(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GITHUB_WORKSPACE) return resolve(env.GITHUB_WORKSPACE);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * A file path as SARIF wants it: relative to the repository root, forward slashes. A path outside
 * the repository (or with no repository found) stays as given, relative paths made relative to the
 * working directory.
 */
export function repositoryRelative(path: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  const root = repositoryRoot(cwd, opts.env ?? process.env);
  const rel = root ? relative(root, abs) : undefined;
  const chosen = rel !== undefined && rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
  return chosen.split(sep).join("/").replace(/^\.\//, "");
}
