/**
 * Saving and loading audit snapshots. Saving is atomic (temp file in the same folder, fsync,
 * rename) so a crash never leaves half a snapshot. Loading checks the kind and version first (a
 * snapshot from a newer kinesis-guard is refused with what to do), then the structure, then
 * cross-field consistency, and names the file and the JSON path of anything wrong.
 */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./report/atomic-write";
import Ajv, { type ErrorObject } from "ajv";
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type Snapshot } from "./snapshot";
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
    const lines = (validateShape.errors ?? []).slice(0, 10).map(formatAjvError);
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

const str = { type: "string" } as const;
const strArray = { type: "array", items: str } as const;
const num = { type: "number" } as const;
const tags = { type: "object", additionalProperties: str } as const;
const ref = { type: "object", required: ["ref", "displayName", "type"], properties: { ref: str, displayName: str, type: str } } as const;
const resource = (kind: string, extra: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  required: ["kind", "id", ...required],
  properties: { kind: { const: kind }, id: ref, ...extra },
});

/** Structure only; values the rules read are typed so a hand edit cannot smuggle in a wrong type. */
const SNAPSHOT_SCHEMA = {
  type: "object",
  required: ["kind", "version", "toolVersion", "collectedAt", "window", "regions", "streams", "consumers", "deliveryStreams", "alarms", "vpcEndpoints", "metrics", "drStreams", "skipped", "collection"],
  properties: {
    toolVersion: str,
    collectedAt: str,
    window: { type: "object", required: ["start", "end", "days"], properties: { start: { type: "integer" }, end: { type: "integer" }, days: { type: "integer", minimum: 1 } } },
    regions: strArray,
    streams: {
      type: "array",
      items: resource(
        "stream",
        {
          name: str,
          arn: str,
          region: str,
          mode: { enum: ["PROVISIONED", "ON_DEMAND"] },
          shardCount: { type: "integer", minimum: 0 },
          retentionHours: { type: "number", minimum: 1 },
          encryptionType: { enum: ["NONE", "KMS"] },
          kmsKeyId: str,
          shardLevelMetrics: strArray,
          tags,
          shards: {
            type: "array",
            items: { type: "object", required: ["shardId", "startingHashKey", "endingHashKey"], properties: { shardId: str, startingHashKey: { type: "string", pattern: "^[0-9]+$" }, endingHashKey: { type: "string", pattern: "^[0-9]+$" }, closed: { type: "boolean" } } },
          },
        },
        ["name", "region", "mode", "retentionHours", "encryptionType", "shardLevelMetrics", "tags"],
      ),
    },
    consumers: { type: "array", items: resource("consumer", { name: str, arn: str, streamArn: str }, ["name"]) },
    deliveryStreams: {
      type: "array",
      items: resource(
        "deliveryStream",
        {
          name: str,
          region: str,
          destination: { enum: ["extended_s3", "s3", "redshift", "elasticsearch", "opensearch", "opensearchserverless", "http_endpoint", "splunk", "snowflake", "iceberg"] },
          source: { type: "object", required: ["type"], properties: { type: { enum: ["DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource"] } } },
          buffering: { type: "object", required: ["sizeMb", "intervalSeconds"], properties: { sizeMb: num, intervalSeconds: num } },
          lambdaProcessor: { type: "boolean" },
          backsUpFailedRecordsToS3: { type: "boolean" },
          sse: { type: "object", required: ["enabled"], properties: { enabled: { type: "boolean" } } },
          credentials: { type: "array" },
          tags,
        },
        ["name", "region", "destination", "source", "lambdaProcessor", "backsUpFailedRecordsToS3", "sse", "credentials", "tags"],
      ),
    },
    alarms: {
      type: "array",
      items: resource(
        "alarm",
        {
          name: str,
          metrics: {
            type: "array",
            items: { type: "object", required: ["dimensions"], properties: { dimensions: { type: "array", items: { type: "object", required: ["name", "value"], properties: { name: str, value: str } } } } },
          },
          dependsOn: strArray,
        },
        ["name", "metrics", "dependsOn"],
      ),
    },
    vpcEndpoints: { type: "array", items: resource("vpcEndpoint", { vpcId: str, serviceName: str, dependsOn: strArray }, ["vpcId", "serviceName", "dependsOn"]) },
    metrics: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "region", "namespace", "metricName", "dimensions", "stat", "period", "timestamps", "values", "status"],
        properties: {
          id: str,
          region: str,
          namespace: { enum: ["AWS/Kinesis", "AWS/Firehose"] },
          metricName: str,
          dimensions: tags,
          stat: { enum: ["Sum", "Maximum", "Average", "SampleCount", "Minimum"] },
          period: { anyOf: [{ type: "integer", minimum: 1 }, { const: "window" }] },
          // Minute peaks (rules/metric-requests.ts): hourly series of each hour's busiest minute. Absent in
          // snapshots from before them, which load as they are (the rules fall back to hourly data).
          reduce: { const: "max-minute-per-hour" },
          timestamps: { type: "array", items: { type: "integer" } },
          values: { type: "array", items: num },
          status: { enum: ["ok", "no-data", "error"] },
          error: str,
        },
      },
    },
    drStreams: { type: "array", items: { type: "object", required: ["region", "name", "arn", "tags"], properties: { region: str, name: str, arn: str, tags } } },
    skipped: {
      type: "array",
      items: { type: "object", required: ["kind", "name", "region", "reason"], properties: { kind: { enum: ["stream", "deliveryStream"] }, name: str, region: str, reason: str } },
    },
    collection: {
      type: "object",
      required: ["calls", "retries", "errors", "complete", "durationMs"],
      properties: {
        calls: { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
        retries: { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
        errors: { type: "array", items: { type: "object", required: ["api", "region", "message"], properties: { api: str, region: str, resource: str, message: str } } },
        complete: { type: "boolean" },
        durationMs: { type: "number", minimum: 0 },
        notes: strArray,
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
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
