/**
 * Saving and loading audit snapshots. Saving is atomic (temp file in the same folder, fsync,
 * rename) so a crash never leaves half a snapshot. Loading checks the kind and version first (a
 * snapshot from a newer kinesis-guard is refused with what to do), then the structure (SNAPSHOT_SCHEMA,
 * the declaration in snapshot.ts that also types the code and is published as
 * schemas/kinesis_guard_snapshot.schema.json), then cross-field consistency, and names the file and
 * the JSON path of anything wrong.
 */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write";
import Ajv, { type ErrorObject } from "ajv";
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA, SNAPSHOT_VERSION, type Snapshot } from "./snapshot";
import { HOURLY } from "../rules/metric-requests";

export class SnapshotError extends Error {
  override name = "SnapshotError";
}

export async function saveSnapshot(path: string, s: Snapshot): Promise<void> {
  const problems = snapshotProblems(s);
  if (problems.length > 0) throw new SnapshotError(`refusing to save an invalid snapshot to ${path}:\n  - ${problems.join("\n  - ")}`);
  try {
    await writeFileAtomic(path, snapshotJsonPieces(s), { mode: 0o600, fsync: true, createDir: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SnapshotError(`cannot write the snapshot to ${path} (${code ?? String(e)}); check that the folder exists and is writable`);
  }
}

/**
 * The bytes of `JSON.stringify(s) + "\n"` (compact: a large fleet's hourly series would be tens of
 * MB indented), in pieces: the metric series one at a time. A 1,000-stream snapshot is ~110 MB of
 * JSON; as one string plus its Buffer it raised the audit's peak by ~200 MB (docs/benchmarks.md, P2 round 6).
 */
export function* snapshotJsonPieces(s: Snapshot): Generator<string> {
  let first = true;
  yield "{";
  for (const [key, value] of Object.entries(s)) {
    if (key === "metrics" && Array.isArray(value)) {
      yield `${first ? "" : ","}${JSON.stringify(key)}:[`;
      for (let i = 0; i < value.length; i++) yield (i ? "," : "") + (JSON.stringify(value[i]) ?? "null");
      yield "]";
    } else {
      const json = JSON.stringify(value);
      if (json === undefined) continue; // JSON.stringify leaves out undefined and functions
      yield `${first ? "" : ","}${JSON.stringify(key)}:${json}`;
    }
    first = false;
  }
  yield "}\n";
}

export async function loadSnapshot(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new SnapshotError(`${path}: cannot read the snapshot (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseSnapshot(text, path);
}

/** Parse and validate snapshot text; `source` names it in errors. */
export function parseSnapshot(text: string, source: string): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, "")); // a byte order mark (added by some editors) is not part of the JSON
  } catch (e) {
    const hint = text.trim() === "" ? "the file is empty" : `not valid JSON (${(e as Error).message}); the file may be truncated`;
    throw new SnapshotError(`${source}: ${hint}. Re-create it with \`kinesis-guard audit --save-snapshot\``);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SnapshotError(`${source}: not a kinesis-guard snapshot (expected a JSON object with "kind": "${SNAPSHOT_KIND}")`);
  }
  const obj = raw as Record<string, unknown>;
  if (obj.kind !== SNAPSHOT_KIND) {
    throw new SnapshotError(`${source}: not a kinesis-guard snapshot ("kind" is ${JSON.stringify(obj.kind)}, expected "${SNAPSHOT_KIND}")`);
  }
  const v = obj.version;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new SnapshotError(`${source}: unknown snapshot version ${JSON.stringify(v)} (this kinesis-guard reads version ${SNAPSHOT_VERSION})`);
  }
  if (v > SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `${source}: snapshot version ${v} was written by a newer kinesis-guard (${JSON.stringify(obj.toolVersion ?? "unknown")}); this one reads version ${SNAPSHOT_VERSION}. Upgrade kinesis-guard or re-collect the snapshot`,
    );
  }
  if (!validateShape(raw)) {
    const lines = collapseAlternatives(validateShape.errors ?? []).slice(0, 10).map(formatAjvError);
    throw new SnapshotError(`${source}: the snapshot is malformed:\n  - ${lines.join("\n  - ")}`);
  }
  const problems = snapshotProblems(raw as Snapshot);
  if (problems.length > 0) throw new SnapshotError(`${source}: the snapshot is inconsistent:\n  - ${problems.join("\n  - ")}`);
  return raw as Snapshot;
}

function formatAjvError(e: ErrorObject): string {
  const path = e.instancePath === "" ? "(top level)" : e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (e.keyword === "required") return `${path}: missing "${String((e.params as { missingProperty: string }).missingProperty)}"`;
  if (e.keyword === "enum") return `${path}: ${e.message} (${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(", ")})`;
  return `${path}: ${e.message ?? "invalid"}`;
}

/**
 * The errors of a value that must match one of several shapes told apart by a property (anyOf; a
 * delivery stream's source by its `type`) as a reader wants them: the errors of the shape whose
 * discriminator matched, or, when none did, one line with the values allowed - not every
 * alternative's complaint plus ajv's "must match a schema in anyOf". Other anyOf errors stay as they are.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let out = [...errors];
  for (const alt of errors.filter((e) => e.keyword === "anyOf")) {
    const prefix = `${alt.schemaPath}/`;
    const inAlt = out.filter((e) => e.schemaPath.startsWith(prefix));
    const branch = (e: ErrorObject) => e.schemaPath.slice(prefix.length).split("/")[0];
    // A failed const / enum on a property of the value: that alternative is of another kind.
    const isMiss = (e: ErrorObject) =>
      (e.keyword === "const" || e.keyword === "enum") && e.instancePath.startsWith(alt.instancePath) && /^\/[^/]+$/.test(e.instancePath.slice(alt.instancePath.length));
    const misses = inAlt.filter(isMiss);
    if (misses.length === 0) continue;
    const otherKinds = new Set(misses.map(branch));
    const matched = inAlt.filter((e) => !otherKinds.has(branch(e)));
    const allowed = misses.flatMap((e) => (e.keyword === "const" ? [(e.params as { allowedValue: unknown }).allowedValue] : (e.params as { allowedValues: unknown[] }).allowedValues));
    const replacement = matched.length > 0 ? matched : [{ ...misses[0]!, keyword: "enum", message: "must be equal to one of the allowed values", params: { allowedValues: allowed } }];
    const at = out.indexOf(inAlt[0]!);
    out = [...out.slice(0, at), ...replacement, ...out.slice(at).filter((e) => e !== alt && !inAlt.includes(e))];
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
/** The structure, from the snapshot's one declaration (snapshot.ts); cross-field rules are snapshotProblems. */
const validateShape = ajv.compile(SNAPSHOT_SCHEMA);

/** Cross-field checks a schema cannot express; [] when consistent. */
export function snapshotProblems(s: Snapshot): string[] {
  const p: string[] = [];
  if (s.window.end <= s.window.start) p.push(`window: end (${s.window.end}) must be after start (${s.window.start})`);
  else if (s.window.end - s.window.start !== s.window.days * 86_400) p.push(`window: ${s.window.end - s.window.start} s between start and end is not ${s.window.days} days`);
  const ids = new Set<string>();
  s.metrics.forEach((m, i) => {
    if (ids.has(m.id)) p.push(`metrics.${i}: duplicate series id ${JSON.stringify(m.id)}`);
    ids.add(m.id);
    if (m.timestamps.length !== m.values.length) p.push(`metrics.${i} (${m.id}): ${m.timestamps.length} timestamps but ${m.values.length} values`);
    if (m.status === "ok" && m.values.length === 0) p.push(`metrics.${i} (${m.id}): status "ok" without values (no datapoints must be "no-data")`);
    if (m.status !== "ok" && m.values.length > 0) p.push(`metrics.${i} (${m.id}): status "${m.status}" but has values`);
    if (m.reduce !== undefined && m.period !== HOURLY) p.push(`metrics.${i} (${m.id}): a minute-peak series holds one value per hour (period ${HOURLY}), not period ${JSON.stringify(m.period)}`);
    for (let j = 1; j < m.timestamps.length; j++) {
      if (m.timestamps[j]! <= m.timestamps[j - 1]!) {
        p.push(`metrics.${i} (${m.id}): timestamps not strictly ascending`);
        break;
      }
    }
  });
  const regions = new Set(s.regions);
  // One resource twice (a merge by hand) would be analyzed and counted twice.
  for (const [what, list] of [["streams", s.streams], ["deliveryStreams", s.deliveryStreams]] as const) {
    const first = new Map<string, number>();
    list.forEach((x, i) => {
      const key = `${String(x.region)}|${String(x.name)}`;
      const j = first.get(key);
      if (j !== undefined) p.push(`${what}.${i} (${String(x.name)}): the same ${what === "streams" ? "stream" : "delivery stream"} as ${what}.${j} (region ${String(x.region)})`);
      else first.set(key, i);
    });
  }
  s.streams.forEach((x, i) => {
    if (typeof x.region === "string" && !regions.has(x.region)) p.push(`streams.${i} (${String(x.name)}): region ${x.region} is not among the snapshot's regions`);
  });
  s.deliveryStreams.forEach((x, i) => {
    if (typeof x.region === "string" && !regions.has(x.region)) p.push(`deliveryStreams.${i} (${String(x.name)}): region ${x.region} is not among the snapshot's regions`);
  });
  if (s.collection.complete && s.collection.errors.length > 0) p.push(`collection: "complete" is true but ${s.collection.errors.length} errors are listed`);
  return p.slice(0, 20);
}
