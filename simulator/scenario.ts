/**
 * The scenario file: a fleet of Kinesis / Firehose resources per region, how their CloudWatch
 * metrics behave, and the findings the fleet plants (ground truth for the analysis tests).
 * JSON or YAML; validated with a JSON schema (ajv) plus cross-reference checks, and every error
 * names the file, the path inside it and what is allowed.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject } from "ajv";
import { parse as parseYaml } from "yaml";
import { KINESIS_SHARD_LEVEL_METRICS } from "./aws-tables";
import { SCENARIO_SCHEMA, type Scenario, type ShardSpec, type TrafficSpec } from "./scenario-schema";

// The file's shape (types and JSON Schema) is declared once in scenario-schema.ts.
export type {
  AlarmMetricSpec,
  AlarmSpec,
  ConsumerSpec,
  DeliveryStreamSpec,
  DestinationKind,
  ExpectedFinding,
  ExpectedSkip,
  Gaps,
  Generator,
  MinuteBurstSpec,
  Pattern,
  RegionSpec,
  Scenario,
  ShardSpec,
  StreamSpec,
  TrafficSpec,
  VpcEndpointSpec,
} from "./scenario-schema";

export const DEFAULT_ACCOUNT_ID = "123456789012";
export const DEFAULT_CREATED_AT = "2024-01-01T00:00:00Z";
/** Every shard-level metric Kinesis offers (EnableEnhancedMonitoring "ALL"). */
export const ALL_SHARD_METRICS = KINESIS_SHARD_LEVEL_METRICS;

// ---- validation -----------------------------------------------------------------------------

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(SCENARIO_SCHEMA);

/** "/regions/us-east-1/streams/3/shards" -> "regions.us-east-1.streams[3].shards" */
function jsonPath(instancePath: string): string {
  if (!instancePath) return "(top level)";
  return instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

function describeError(e: ErrorObject, doc: unknown): string {
  const at = jsonPath(e.instancePath);
  const value = e.instancePath
    .split("/")
    .slice(1)
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k.replace(/~1/g, "/")] : undefined), doc);
  const shown = JSON.stringify(value);
  switch (e.keyword) {
    case "additionalProperties":
      return `${at}: unknown key "${String(e.params.additionalProperty)}"`;
    case "required":
      return `${at}: missing required key "${String(e.params.missingProperty)}"`;
    case "enum":
      return `${at}: ${shown} is not one of ${JSON.stringify(e.params.allowedValues)}`;
    case "propertyNames":
      return `${at}: region name "${String(e.params.propertyName)}" is not an AWS region code like us-east-1`;
    default:
      return `${at}: ${e.message ?? e.keyword} (got ${shown && shown.length > 80 ? shown.slice(0, 80) + "..." : shown})`;
  }
}

/** Pick the most useful schema errors: the deepest paths first, no oneOf/if noise. */
function schemaErrors(errors: readonly ErrorObject[], doc: unknown): string[] {
  const useful = errors.filter((e) => !["oneOf", "if", "anyOf", "allOf"].includes(e.keyword));
  const picked = (useful.length ? useful : errors).slice().sort((a, b) => b.instancePath.length - a.instancePath.length);
  return [...new Set(picked.map((e) => describeError(e, doc)))].slice(0, 8);
}

/** A minute burst must leave the other minutes a share >= 0 of the hour: factor x minutes <= 60. */
function burstErrors(t: TrafficSpec | undefined, at: string): string[] {
  const b = t?.minuteBurst;
  if (!b) return [];
  const minutes = b.minutes ?? 1;
  return b.factor * minutes > 60 ? [`${at}.traffic.minuteBurst: factor ${b.factor} x ${minutes} minute(s) is more than the hour's 60 minutes of traffic`] : [];
}

/** Cross-reference checks the schema cannot express. */
function semanticErrors(s: Scenario): string[] {
  const errs: string[] = [];
  for (const [region, r] of Object.entries(s.regions)) {
    const at = `regions.${region}`;
    const streamNames = new Set<string>();
    (r.streams ?? []).forEach((st, i) => {
      const p = `${at}.streams[${i}] ("${st.name}")`;
      if (streamNames.has(st.name)) errs.push(`${p}: duplicate stream name`);
      streamNames.add(st.name);
      errs.push(...burstErrors(st.traffic, p));
      if (Array.isArray(st.shards)) {
        const ids = new Set<string>();
        (st.shards as readonly ShardSpec[]).forEach((sh, j) => {
          if (BigInt(sh.startingHashKey) > BigInt(sh.endingHashKey)) errs.push(`${p}.shards[${j}]: startingHashKey is above endingHashKey`);
          if (BigInt(sh.endingHashKey) >= 2n ** 128n) errs.push(`${p}.shards[${j}]: endingHashKey must be below 2^128`);
          const id = sh.shardId ?? `shardId-${String(j).padStart(12, "0")}`;
          if (ids.has(id)) errs.push(`${p}.shards[${j}]: duplicate shardId ${id}`);
          ids.add(id);
        });
        if ((st.shards as readonly ShardSpec[]).every((sh) => sh.closed)) errs.push(`${p}.shards: every shard is closed; a stream needs an open shard`);
      }
      const open = typeof st.shards === "number" ? st.shards : Array.isArray(st.shards) ? (st.shards as readonly ShardSpec[]).filter((x) => !x.closed).length : st.mode === "ON_DEMAND" ? 4 : 1;
      if (st.hotShard && st.hotShard.index >= open) errs.push(`${p}.hotShard.index: ${st.hotShard.index} but the stream has ${open} open shard(s)`);
      const consumers = new Set<string>();
      (st.consumers ?? []).forEach((c, j) => {
        if (consumers.has(c.name)) errs.push(`${p}.consumers[${j}]: duplicate consumer name "${c.name}"`);
        consumers.add(c.name);
      });
    });
    const dsNames = new Set<string>();
    (r.deliveryStreams ?? []).forEach((d, i) => {
      const p = `${at}.deliveryStreams[${i}] ("${d.name}")`;
      if (dsNames.has(d.name)) errs.push(`${p}: duplicate delivery stream name`);
      dsNames.add(d.name);
      errs.push(...burstErrors(d.traffic, p));
      if (typeof d.source === "object" && !streamNames.has(d.source.stream)) {
        errs.push(`${p}.source.stream: no Data Stream named "${d.source.stream}" in ${region}`);
      }
      if (typeof d.source === "object" && d.sse?.enabled) {
        errs.push(`${p}.sse: a delivery stream with a Kinesis source cannot enable server-side encryption (AWS rejects it); encrypt the source stream`);
      }
      if (typeof d.source === "object" && d.traffic) errs.push(`${p}.traffic: a Kinesis-sourced delivery stream reads its source stream's traffic; remove "traffic"`);
      if (d.vpc && !["opensearch", "elasticsearch"].includes(d.destination)) errs.push(`${p}.vpc: VPC delivery exists only for opensearch / elasticsearch destinations`);
    });
    const alarmNames = new Set<string>();
    (r.alarms ?? []).forEach((a, i) => {
      if (alarmNames.has(a.name)) errs.push(`${at}.alarms[${i}]: duplicate alarm name "${a.name}"`);
      alarmNames.add(a.name);
    });
  }
  for (const [i, f] of (s.expected?.findings ?? []).entries()) {
    if (!s.regions[f.region]) errs.push(`expected.findings[${i}].region: "${f.region}" is not a region of the scenario`);
  }
  for (const [i, f] of (s.expected?.skipped ?? []).entries()) {
    if (!s.regions[f.region]) errs.push(`expected.skipped[${i}].region: "${f.region}" is not a region of the scenario`);
  }
  return errs;
}

/** Validate a parsed scenario; `source` names it in errors. */
export function validateScenario(doc: unknown, source = "scenario"): Scenario {
  if (!validateSchema(doc)) {
    const lines = schemaErrors(validateSchema.errors ?? [], doc);
    throw new ScenarioError(`${source}: invalid scenario:\n  - ${lines.join("\n  - ")}`);
  }
  const errs = semanticErrors(doc as unknown as Scenario);
  if (errs.length) throw new ScenarioError(`${source}: invalid scenario:\n  - ${errs.slice(0, 10).join("\n  - ")}`);
  return doc as unknown as Scenario;
}

/** Read, parse (JSON or YAML) and validate a scenario file. */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ScenarioError(`${path}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ScenarioError(`${path}: not valid ${/\.json$/i.test(path) ? "JSON" : "YAML"}: ${(e as Error).message}`);
  }
  return validateScenario(doc, path);
}
