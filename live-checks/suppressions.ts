/**
 * Suppressions with accountability: findings a team has accepted, never silently dropped.
 *
 * - Exemptions in the config file ("kinesis-guard": { "exemptions": [...] }): a resource (its URN
 *   in a scan, its ARN in an audit, or a glob with * and ? over those or the resource's name), the
 *   rules it covers (default all), a reason (required) and an optional last day (`expires`,
 *   YYYY-MM-DD, UTC). From the day after, the finding is active again and a note says so.
 * - A baseline (--baseline FILE, written by --write-baseline FILE): the findings accepted at some
 *   point, by fingerprint (rule, resource, property: the SARIF partialFingerprint). Known findings
 *   are reported as "baseline"; only new ones count towards the gate.
 * - The exemption tag on the resource (`kinesis-guard:exempt` = `all` or rule ids; key
 *   `exemptionTagKey`), where the rule allows it (`allowTagExemption`): the rule engine sets those
 *   findings apart (rules/tag-exemption.ts) and they are reported as "tag", the tag as the reason.
 *   Unlike the other two kinds they are not in an audit's per-resource findings, health scores and
 *   totals (a tag-exempt resource was never counted), nor in a written baseline (the tag accepts
 *   them; without it they are new).
 *
 * A suppressed finding is kept, with its reason, in every output (JSON, console, Markdown, SARIF
 * `suppressions`, JUnit `skipped`) and counted; it does not fail the gate.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Finding } from "../rules/model";
import type { TagExemptFinding } from "../rules/tag-exemption";
import type { ConfigExemption } from "./config-file";
import { UsageError } from "./exit-codes";
import { writeFileAtomic } from "./atomic-write";

export interface Suppression {
  readonly kind: "exemption" | "baseline" | "tag";
  /** The exemption's reason, where the baseline came from, or the exemption tag on the resource. */
  readonly reason: string;
  /** Last day the exemption holds (exemptions with an expiry). */
  readonly expires?: string;
  /** What matched: the exemption's resource pattern, the baseline file, or the tag (key=value). */
  readonly matchedBy: string;
}

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly suppression: Suppression;
}

export interface SuppressionResult {
  readonly active: Finding[];
  readonly suppressed: SuppressedFinding[];
  readonly notes: string[];
}

/** Stable id of a finding across runs: rule, resource and property (as SARIF's partialFingerprints). */
export function findingFingerprint(f: Pick<Finding, "ruleId" | "property"> & { readonly resource: { readonly ref: string } }): string {
  return createHash("sha256").update(`${f.ruleId}\u0000${f.resource.ref}\u0000${f.property ?? ""}`).digest("hex");
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

/** Does the exemption's resource pattern match this finding's resource (URN / ARN / name, globs allowed)? */
export function exemptionMatches(x: ConfigExemption, f: Finding): boolean {
  if (x.rules && !x.rules.includes(f.ruleId)) return false;
  const re = globToRegExp(x.resource);
  return re.test(f.resource.ref) || re.test(f.resource.displayName);
}

/** Has the exemption expired at `now`? `expires` is its last valid day (UTC). */
export function expired(x: ConfigExemption, now: Date): boolean {
  return x.expires !== undefined && now.getTime() >= Date.parse(`${x.expires}T00:00:00Z`) + 86_400_000;
}

export const BASELINE_KIND = "kinesis-guard-baseline";

export interface BaselineFile {
  readonly kind: typeof BASELINE_KIND;
  readonly version: 1;
  readonly createdAt: string;
  readonly findings: readonly { readonly fingerprint: string; readonly ruleId: string; readonly resource: string; readonly name: string; readonly property?: string }[];
}

export interface Baseline {
  readonly path: string;
  readonly fingerprints: ReadonlySet<string>;
}

/** Read a baseline file. @throws UsageError naming the file and what to do. */
export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`--baseline ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)}); write one with --write-baseline ${path}`);
  }
  let doc: Partial<BaselineFile>;
  try {
    doc = JSON.parse(text) as Partial<BaselineFile>;
  } catch {
    throw new UsageError(`--baseline ${path}: not JSON; write one with --write-baseline ${path}`);
  }
  if (doc?.kind !== BASELINE_KIND || doc.version !== 1 || !Array.isArray(doc.findings) || !doc.findings.every((f) => typeof f?.fingerprint === "string")) {
    throw new UsageError(`--baseline ${path}: not a kinesis-guard baseline (kind "${BASELINE_KIND}", version 1); write one with --write-baseline ${path}`);
  }
  return { path, fingerprints: new Set(doc.findings.map((f) => f.fingerprint)) };
}

/** Write the findings as a baseline (every active and suppressed finding of this run). */
export async function writeBaseline(path: string, findings: readonly Finding[], now: Date = new Date()): Promise<void> {
  const seen = new Set<string>();
  const entries = findings.flatMap((f) => {
    const fingerprint = findingFingerprint(f);
    if (seen.has(fingerprint)) return [];
    seen.add(fingerprint);
    return [{ fingerprint, ruleId: f.ruleId, resource: f.resource.ref, name: f.resource.displayName, ...(f.property ? { property: f.property } : {}) }];
  });
  entries.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource) || (a.property ?? "").localeCompare(b.property ?? ""));
  const doc: BaselineFile = { kind: BASELINE_KIND, version: 1, createdAt: now.toISOString(), findings: entries };
  try {
    await writeFileAtomic(path, JSON.stringify(doc, null, 2) + "\n");
  } catch (e) {
    throw new UsageError(`--write-baseline ${path}: cannot write it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** A finding the exemption tag exempts, as a suppression: kind "tag", the reason naming the tag (e.g. "kinesis-guard:exempt=all on the resource"). */
export function tagSuppression(x: TagExemptFinding): SuppressedFinding {
  const tag = `${x.tag.key}=${x.tag.value}`;
  return { finding: x.finding, suppression: { kind: "tag", reason: `${tag} on the resource`, matchedBy: tag } };
}

/**
 * Split findings into active and suppressed (config exemptions first, then the baseline). The
 * findings the exemption tag exempts (`tagExempt`, set apart by the rule engine) are suppressed as
 * "tag", whatever the config's exemptions and the baseline say.
 */
export function applySuppressions(
  findings: readonly Finding[],
  opts: { readonly exemptions: readonly ConfigExemption[]; readonly baseline?: Baseline; readonly now?: Date; readonly tagExempt?: readonly TagExemptFinding[] },
): SuppressionResult {
  const now = opts.now ?? new Date();
  const active: Finding[] = [];
  const suppressed: SuppressedFinding[] = (opts.tagExempt ?? []).map(tagSuppression);
  const expiredUsed = new Set<ConfigExemption>();
  for (const f of findings) {
    const matching = opts.exemptions.filter((x) => exemptionMatches(x, f));
    const valid = matching.find((x) => !expired(x, now));
    if (valid) {
      suppressed.push({ finding: f, suppression: { kind: "exemption", reason: valid.reason, ...(valid.expires ? { expires: valid.expires } : {}), matchedBy: valid.resource } });
      continue;
    }
    for (const x of matching) expiredUsed.add(x);
    if (opts.baseline?.fingerprints.has(findingFingerprint(f))) {
      suppressed.push({ finding: f, suppression: { kind: "baseline", reason: `accepted in the baseline ${opts.baseline.path}`, matchedBy: opts.baseline.path } });
      continue;
    }
    active.push(f);
  }
  const notes = [...expiredUsed].map((x) => `the exemption for ${x.resource}${x.rules ? ` (${x.rules.join(", ")})` : ""} expired after ${x.expires} ("${x.reason}"): its findings count again`);
  return { active, suppressed, notes };
}
