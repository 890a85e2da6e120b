/**
 * A stand-in for the AWS CLI (`aws`) for the remediation stub tests: the stubs run against it with
 * it first on PATH. It keeps the account's state in the JSON file $FAKE_AWS_STATE, appends every
 * call (its argv) as one JSON line to $FAKE_AWS_LOG, and implements the subset of commands the stubs
 * use with the service-side checks that make a careless stub fail on a re-run: UpdateShardCount
 * refuses on-demand streams, streams that are not ACTIVE, and targets beyond double or half the
 * open shards; DecreaseStreamRetentionPeriod refuses a period that is not lower; CreateStream
 * refuses an existing name; SplitShard refuses a closed shard; UpdateDestination refuses a stale
 * version id and members the destination's update shape does not have. A mutating call leaves the
 * stream UPDATING until `aws kinesis wait stream-exists`.
 * $FAKE_AWS_FAIL="<command>:<n>" fails the n-th call of that command (a partial failure).
 * Self-contained (node built-ins only): the tests transpile it to one .js file and run it with node.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface FakeShard {
  id: string;
  start: string;
  end: string;
  open: boolean;
}

export interface FakeStream {
  name: string;
  arn: string;
  status: "ACTIVE" | "UPDATING" | "CREATING";
  mode: "PROVISIONED" | "ON_DEMAND";
  shards: FakeShard[];
  retentionHours: number;
  encryptionType: "NONE" | "KMS";
  keyId?: string;
  shardLevelMetrics: string[];
  tags: Record<string, string>;
}

export interface FakeState {
  /** region -> stream name -> stream. */
  streams: Record<string, Record<string, FakeStream>>;
  /** region -> delivery stream name -> DescribeDeliveryStream's DeliveryStreamDescription. */
  deliveryStreams: Record<string, Record<string, Obj>>;
  /** region -> alarm name -> PutMetricAlarm input. */
  alarms: Record<string, Record<string, Obj>>;
  /** region -> endpoints. */
  vpcEndpoints: Record<string, { VpcEndpointId: string; VpcId: string; ServiceName: string; VpcEndpointType: string; RouteTableIds: string[] }[]>;
  /** Calls per command so far (for $FAKE_AWS_FAIL). */
  calls?: Record<string, number>;
}

/** Commands that only read. */
export const READ_ONLY = /^(describe-|list-|get-|wait\b)/;

/** UpdateDestination members per destination (botocore firehose 2015-08-04 *DestinationUpdate shapes, the ones the stubs use). */
const UPDATE_MEMBERS: Record<string, readonly string[]> = {
  "--extended-s3-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3BackupMode", "S3BackupUpdate", "DataFormatConversionConfiguration"],
  "--redshift-destination-update": ["ProcessingConfiguration", "S3BackupMode", "S3BackupUpdate", "S3Update"],
  "--elasticsearch-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3Update"],
  "--amazonopensearchservice-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3Update"],
  "--amazon-open-search-serverless-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3Update"],
  "--http-endpoint-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3BackupMode", "S3Update"],
  "--splunk-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3BackupMode", "S3Update"],
  "--snowflake-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3BackupMode", "S3Update"],
  "--iceberg-destination-update": ["BufferingHints", "ProcessingConfiguration", "S3BackupMode", "S3Configuration"],
};

class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly operation: string,
    message: string,
  ) {
    super(message);
  }
}

/** argv after `aws <service> <command>`: --name value(s) pairs; a bare flag gets []. */
function parseOptions(args: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string | undefined;
  for (const a of args) {
    if (a.startsWith("--")) {
      cur = a;
      out.set(a, []);
    } else if (cur !== undefined) {
      out.get(cur)!.push(a);
    } else {
      throw new Error(`unexpected argument ${a}`);
    }
  }
  return out;
}

// ---- a small JMESPath subset: a.b, a[0], a[], a[?k=='v'], a.*, `| [0]`, length(x) -------------

function evalPath(value: Json, expr: string): Json {
  const pipes = splitTop(expr, "|");
  let v = value;
  for (const p of pipes) v = evalSegment(v, p.trim());
  return v;
}

function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = "";
  for (const ch of s) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === "[") depth++;
    if (!quote && ch === "]") depth--;
    if (!quote && depth === 0 && ch === sep) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Step = { kind: "field"; name: string } | { kind: "index"; i: number } | { kind: "flatten" } | { kind: "filter"; key: string; value: string } | { kind: "values" };

function steps(expr: string): Step[] {
  const out: Step[] = [];
  const re = /\s*(?:\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[\]|\[\?([A-Za-z_][A-Za-z0-9_]*)=='([^']*)'\]|\.\*)/y;
  let pos = 0;
  while (pos < expr.length) {
    re.lastIndex = pos;
    const m = re.exec(expr);
    if (!m) throw new Error(`fake aws: unsupported --query ${JSON.stringify(expr)} at ${pos}`);
    const text = m[0].trim();
    if (m[1] !== undefined) out.push({ kind: "field", name: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "index", i: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ kind: "filter", key: m[3], value: m[4] ?? "" });
    else if (text === "[]") out.push({ kind: "flatten" });
    else out.push({ kind: "values" });
    pos = re.lastIndex;
  }
  return out;
}

function evalSegment(value: Json, expr: string): Json {
  const len = /^length\((.*)\)$/.exec(expr);
  if (len) {
    const v = evalSegment(value, len[1]!.trim());
    return Array.isArray(v) ? v.length : typeof v === "string" ? v.length : v && typeof v === "object" ? Object.keys(v).length : null;
  }
  const apply = (v: Json, s: Step): Json => {
    if (s.kind === "field") return v && typeof v === "object" && !Array.isArray(v) ? (v[s.name] ?? null) : null;
    if (s.kind === "index") return Array.isArray(v) ? (v[s.i] ?? null) : null;
    return null;
  };
  const run = (v: Json, rest: Step[]): Json => {
    if (rest.length === 0) return v;
    const [s, ...more] = rest as [Step, ...Step[]];
    if (s.kind === "flatten" || s.kind === "filter" || s.kind === "values") {
      let list: Json[];
      if (s.kind === "values") list = v && typeof v === "object" && !Array.isArray(v) ? Object.values(v) : [];
      else if (!Array.isArray(v)) return null;
      else if (s.kind === "flatten") list = v.flatMap((x) => (Array.isArray(x) ? x : [x]));
      else list = v.filter((x) => x && typeof x === "object" && !Array.isArray(x) && x[s.key] === s.value);
      return list.map((x) => run(x, more)).filter((x) => x !== null);
    }
    return run(apply(v, s), more);
  };
  return run(value, steps(expr));
}

function text(v: Json): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) {
    if (v.every((x) => !Array.isArray(x) && (x === null || typeof x !== "object"))) return v.map(text).join("\t");
    return v.map(text).join("\n");
  }
  if (typeof v === "object") return Object.values(v).map(text).join("\t");
  return String(v);
}

// ---- the services ----------------------------------------------------------------------------

const MAX_HASH = (1n << 128n) - 1n;

function evenShards(stream: FakeStream, n: number): FakeShard[] {
  const size = (MAX_HASH + 1n) / BigInt(n);
  const first = stream.shards.length;
  return Array.from({ length: n }, (_, i) => ({
    id: `shardId-${String(first + i).padStart(12, "0")}`,
    start: (size * BigInt(i)).toString(),
    end: (i === n - 1 ? MAX_HASH : size * BigInt(i + 1) - 1n).toString(),
    open: true,
  }));
}

function one(o: Map<string, string[]>, name: string, op: string): string {
  const v = o.get(name)?.[0];
  if (v === undefined) throw new AwsError("ValidationException", op, `missing ${name}`);
  return v;
}

function kinesis(state: FakeState, region: string, cmd: string, o: Map<string, string[]>): Json {
  const streams = (state.streams[region] ??= {});
  const op = cmd.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase());
  const find = (): FakeStream => {
    const arn = o.get("--stream-arn")?.[0];
    const name = o.get("--stream-name")?.[0] ?? arn?.split("/").pop();
    const s = name === undefined ? undefined : streams[name];
    if (!s) throw new AwsError("ResourceNotFoundException", op, `Stream ${String(name)} under account 123456789012 not found.`);
    return s;
  };
  const active = (s: FakeStream) => {
    if (s.status !== "ACTIVE") throw new AwsError("ResourceInUseException", op, `Stream ${s.name} is ${s.status}, not ACTIVE.`);
  };
  switch (cmd) {
    case "describe-stream-summary": {
      const s = find();
      return {
        StreamDescriptionSummary: {
          StreamName: s.name,
          StreamARN: s.arn,
          StreamStatus: s.status,
          StreamModeDetails: { StreamMode: s.mode },
          RetentionPeriodHours: s.retentionHours,
          EnhancedMonitoring: [{ ShardLevelMetrics: [...s.shardLevelMetrics] }],
          EncryptionType: s.encryptionType,
          ...(s.keyId ? { KeyId: s.keyId } : {}),
          OpenShardCount: s.shards.filter((x) => x.open).length,
          ConsumerCount: 0,
        },
      };
    }
    case "wait": {
      const waiter = o.get("--waiter")?.[0];
      if (waiter !== "stream-exists") throw new Error(`fake aws: waiter ${String(waiter)}`);
      const s = find();
      s.status = "ACTIVE";
      return null;
    }
    case "list-shards": {
      const s = find();
      const filter = o.get("--shard-filter")?.[0];
      const list = filter === "Type=AT_LATEST" ? s.shards.filter((x) => x.open) : s.shards;
      return { Shards: list.map((x) => ({ ShardId: x.id, HashKeyRange: { StartingHashKey: x.start, EndingHashKey: x.end } })) };
    }
    case "list-tags-for-stream":
      return { Tags: Object.entries(find().tags).map(([Key, Value]) => ({ Key, Value })), HasMoreTags: false };
    case "update-shard-count": {
      const s = find();
      active(s);
      if (s.mode !== "PROVISIONED") throw new AwsError("ValidationException", op, "UpdateShardCount is not supported for streams in ON_DEMAND mode.");
      const open = s.shards.filter((x) => x.open).length;
      const target = Number(one(o, "--target-shard-count", op));
      if (!Number.isInteger(target) || target < 1) throw new AwsError("ValidationException", op, `bad target ${target}`);
      if (target === open) throw new AwsError("InvalidArgumentException", op, `Stream already has ${open} open shards.`);
      if (target > open * 2 || target < Math.ceil(open / 2)) {
        throw new AwsError("InvalidArgumentException", op, `Target shard count ${target} is beyond double or half the ${open} open shards.`);
      }
      const fresh = evenShards(s, target);
      for (const x of s.shards) x.open = false;
      s.shards.push(...fresh);
      s.status = "UPDATING";
      return { StreamName: s.name, CurrentShardCount: open, TargetShardCount: target };
    }
    case "split-shard": {
      const s = find();
      active(s);
      const id = one(o, "--shard-to-split", op);
      const key = BigInt(one(o, "--new-starting-hash-key", op));
      const shard = s.shards.find((x) => x.id === id);
      if (!shard || !shard.open) throw new AwsError("ResourceNotFoundException", op, `Shard ${id} is not open.`);
      if (!(key > BigInt(shard.start) && key <= BigInt(shard.end))) throw new AwsError("InvalidArgumentException", op, "NewStartingHashKey outside the shard's range.");
      shard.open = false;
      const n = s.shards.length;
      s.shards.push(
        { id: `shardId-${String(n).padStart(12, "0")}`, start: shard.start, end: (key - 1n).toString(), open: true },
        { id: `shardId-${String(n + 1).padStart(12, "0")}`, start: key.toString(), end: shard.end, open: true },
      );
      s.status = "UPDATING";
      return null;
    }
    case "decrease-stream-retention-period": {
      const s = find();
      active(s);
      const hours = Number(one(o, "--retention-period-hours", op));
      if (hours < 24 || hours >= s.retentionHours) {
        throw new AwsError("InvalidArgumentException", op, `Requested retention period (${hours} hours) for stream ${s.name} can not be longer than existing retention period (${s.retentionHours} hours).`);
      }
      s.retentionHours = hours;
      s.status = "UPDATING";
      return null;
    }
    case "start-stream-encryption": {
      const s = find();
      active(s);
      if (one(o, "--encryption-type", op) !== "KMS") throw new AwsError("ValidationException", op, "encryption type");
      s.encryptionType = "KMS";
      s.keyId = one(o, "--key-id", op);
      s.status = "UPDATING";
      return null;
    }
    case "enable-enhanced-monitoring": {
      const s = find();
      active(s);
      const metrics = o.get("--shard-level-metrics") ?? [];
      if (metrics.length === 0) throw new AwsError("ValidationException", op, "no metrics");
      const before = [...s.shardLevelMetrics];
      s.shardLevelMetrics = [...new Set([...before, ...metrics])];
      return { StreamName: s.name, CurrentShardLevelMetrics: before, DesiredShardLevelMetrics: s.shardLevelMetrics };
    }
    case "update-stream-mode": {
      const s = find();
      active(s);
      const mode = one(o, "--stream-mode-details", op).replace(/^StreamMode=/, "");
      if (mode !== "PROVISIONED" && mode !== "ON_DEMAND") throw new AwsError("ValidationException", op, mode);
      if (mode === s.mode) throw new AwsError("InvalidArgumentException", op, `Stream is already in ${mode} mode.`);
      s.mode = mode;
      s.status = "UPDATING";
      return null;
    }
    case "create-stream": {
      const name = one(o, "--stream-name", op);
      if (streams[name]) throw new AwsError("ResourceInUseException", op, `Stream ${name} under account 123456789012 already exists.`);
      const mode = (o.get("--stream-mode-details")?.[0] ?? "StreamMode=PROVISIONED").replace(/^StreamMode=/, "") as FakeStream["mode"];
      const count = mode === "ON_DEMAND" ? 4 : Number(one(o, "--shard-count", op));
      const s: FakeStream = { name, arn: `arn:aws:kinesis:${region}:123456789012:stream/${name}`, status: "CREATING", mode, shards: [], retentionHours: 24, encryptionType: "NONE", shardLevelMetrics: [], tags: {} };
      s.shards = evenShards(s, count);
      streams[name] = s;
      return null;
    }
    case "delete-stream": {
      // Only an ACTIVE stream can be deleted (it then goes DELETING; here it is gone at once):
      // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html
      const s = find();
      active(s);
      delete streams[s.name];
      return null;
    }
    case "add-tags-to-stream": {
      const s = find();
      for (const pair of (o.get("--tags") ?? []).flatMap((t) => t.split(","))) {
        const i = pair.indexOf("=");
        if (i < 1) throw new AwsError("ValidationException", op, `bad tag ${pair}`);
        s.tags[pair.slice(0, i)] = pair.slice(i + 1);
      }
      return null;
    }
    default:
      throw new Error(`fake aws: kinesis ${cmd} is not implemented`);
  }
}

function mergeInto(target: Obj, key: string, patch: Json) {
  const cur = target[key];
  target[key] = cur && typeof cur === "object" && !Array.isArray(cur) && patch && typeof patch === "object" && !Array.isArray(patch) ? { ...cur, ...patch } : patch;
}

function firehose(state: FakeState, region: string, cmd: string, o: Map<string, string[]>): Json {
  const all = (state.deliveryStreams[region] ??= {});
  const op = cmd.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase());
  const name = one(o, "--delivery-stream-name", op);
  const d = all[name];
  if (!d) throw new AwsError("ResourceNotFoundException", op, `Firehose ${name} under account 123456789012 not found.`);
  switch (cmd) {
    case "describe-delivery-stream":
      return { DeliveryStreamDescription: structuredClone(d) };
    case "update-destination": {
      if (one(o, "--current-delivery-stream-version-id", op) !== d.VersionId) {
        throw new AwsError("ConcurrentModificationException", op, "Version id does not match.");
      }
      const dest = (d.Destinations as Obj[])[0]!;
      if (one(o, "--destination-id", op) !== dest.DestinationId) throw new AwsError("InvalidArgumentException", op, "Destination id does not match.");
      const flags = [...o.keys()].filter((k) => k in UPDATE_MEMBERS);
      if (flags.length !== 1) throw new AwsError("InvalidArgumentException", op, `expected one destination update, got ${flags.join(", ")}`);
      const flag = flags[0]!;
      const update = JSON.parse(one(o, flag, op)) as Obj;
      const describeKey = Object.keys(dest).find((k) => k.endsWith("DestinationDescription") && k !== "S3DestinationDescription") ?? "S3DestinationDescription";
      const expectedFlag = {
        ExtendedS3DestinationDescription: "--extended-s3-destination-update",
        RedshiftDestinationDescription: "--redshift-destination-update",
        ElasticsearchDestinationDescription: "--elasticsearch-destination-update",
        AmazonopensearchserviceDestinationDescription: "--amazonopensearchservice-destination-update",
        AmazonOpenSearchServerlessDestinationDescription: "--amazon-open-search-serverless-destination-update",
        HttpEndpointDestinationDescription: "--http-endpoint-destination-update",
        SplunkDestinationDescription: "--splunk-destination-update",
        SnowflakeDestinationDescription: "--snowflake-destination-update",
        IcebergDestinationDescription: "--iceberg-destination-update",
      }[describeKey];
      if (flag !== expectedFlag) throw new AwsError("InvalidArgumentException", op, `${flag} does not match the destination (${describeKey}).`);
      for (const k of Object.keys(update)) {
        if (!UPDATE_MEMBERS[flag]!.includes(k)) throw new Error(`Parameter validation failed: Unknown parameter in ${flag}: "${k}"`);
      }
      const desc = dest[describeKey] as Obj;
      for (const [k, v] of Object.entries(update)) {
        if (k === "S3Update" || k === "S3Configuration") mergeInto(desc, "S3DestinationDescription", v);
        else if (k === "S3BackupUpdate") mergeInto(desc, "S3BackupDescription", v);
        else mergeInto(desc, k, v);
      }
      d.VersionId = String(Number(d.VersionId) + 1);
      return null;
    }
    case "start-delivery-stream-encryption": {
      if ((d.Source as Obj | undefined)?.KinesisStreamSourceDescription) {
        throw new AwsError("InvalidArgumentException", op, "Server-side encryption is not supported for a delivery stream with a Kinesis stream as source.");
      }
      const input = one(o, "--delivery-stream-encryption-configuration-input", op);
      d.DeliveryStreamEncryptionConfiguration = { KeyType: input.replace(/^KeyType=/, ""), Status: "ENABLED" };
      return null;
    }
    default:
      throw new Error(`fake aws: firehose ${cmd} is not implemented`);
  }
}

function cloudwatch(state: FakeState, region: string, cmd: string, o: Map<string, string[]>): Json {
  const alarms = (state.alarms[region] ??= {});
  switch (cmd) {
    case "describe-alarms": {
      const names = o.get("--alarm-names") ?? Object.keys(alarms);
      return { MetricAlarms: names.flatMap((n) => (alarms[n] ? [alarms[n]] : [])), CompositeAlarms: [] };
    }
    case "put-metric-alarm": {
      const name = one(o, "--alarm-name", "PutMetricAlarm");
      const threshold = Number(one(o, "--threshold", "PutMetricAlarm"));
      if (!Number.isFinite(threshold)) throw new Error(`Invalid value for --threshold: ${String(o.get("--threshold"))}`);
      alarms[name] = {
        AlarmName: name,
        Namespace: one(o, "--namespace", "PutMetricAlarm"),
        MetricName: one(o, "--metric-name", "PutMetricAlarm"),
        Dimensions: o.get("--dimensions") ?? [],
        Statistic: one(o, "--statistic", "PutMetricAlarm"),
        ComparisonOperator: one(o, "--comparison-operator", "PutMetricAlarm"),
        Threshold: threshold,
        Period: Number(one(o, "--period", "PutMetricAlarm")),
        EvaluationPeriods: Number(one(o, "--evaluation-periods", "PutMetricAlarm")),
      };
      return null;
    }
    default:
      throw new Error(`fake aws: cloudwatch ${cmd} is not implemented`);
  }
}

function ec2(state: FakeState, region: string, cmd: string, o: Map<string, string[]>): Json {
  const eps = (state.vpcEndpoints[region] ??= []);
  switch (cmd) {
    case "describe-vpc-endpoints": {
      const filters = (o.get("--filters") ?? []).map((f) => {
        const m = /^Name=([^,]+),Values=(.+)$/.exec(f);
        if (!m) throw new Error(`fake aws: filter ${f}`);
        return { name: m[1]!, values: m[2]!.split(",") };
      });
      const field: Record<string, "VpcId" | "ServiceName" | "VpcEndpointType"> = { "vpc-id": "VpcId", "service-name": "ServiceName", "vpc-endpoint-type": "VpcEndpointType" };
      const list = eps.filter((e) => filters.every((f) => f.values.includes(String(e[field[f.name] ?? "VpcId"]))));
      return { VpcEndpoints: list.map((e) => ({ ...e, RouteTableIds: [...e.RouteTableIds] })) };
    }
    case "create-vpc-endpoint": {
      const e = {
        VpcEndpointId: `vpce-${String(eps.length + 1).padStart(17, "0")}`,
        VpcId: one(o, "--vpc-id", "CreateVpcEndpoint"),
        ServiceName: one(o, "--service-name", "CreateVpcEndpoint"),
        VpcEndpointType: o.get("--vpc-endpoint-type")?.[0] ?? "Gateway",
        RouteTableIds: o.get("--route-table-ids") ?? [],
      };
      eps.push(e);
      return { VpcEndpoint: { ...e } };
    }
    default:
      throw new Error(`fake aws: ec2 ${cmd} is not implemented`);
  }
}

function main(argv: readonly string[]): number {
  const statePath = process.env.FAKE_AWS_STATE;
  const logPath = process.env.FAKE_AWS_LOG;
  if (!statePath || !logPath) {
    process.stderr.write("fake aws: FAKE_AWS_STATE and FAKE_AWS_LOG must be set\n");
    return 255;
  }
  appendFileSync(logPath, JSON.stringify(argv) + "\n");
  const [service, command, ...rest] = argv;
  if (service === undefined || command === undefined) return 252;
  // `aws kinesis wait stream-exists ...`: the waiter name is the next word.
  const args = command === "wait" ? ["--waiter", ...rest] : rest;
  const state = JSON.parse(existsSync(statePath) ? readFileSync(statePath, "utf8") : "{}") as FakeState;
  state.streams ??= {};
  state.deliveryStreams ??= {};
  state.alarms ??= {};
  state.vpcEndpoints ??= {};
  const calls = (state.calls ??= {});
  const key = `${service} ${command}`;
  calls[key] = (calls[key] ?? 0) + 1;
  const failOn = process.env.FAKE_AWS_FAIL;
  try {
    const o = parseOptions(args);
    const region = o.get("--region")?.[0];
    if (!region) throw new Error("fake aws: every stub call names --region");
    if (failOn && failOn === `${command}:${calls[key]}`) throw new AwsError("InternalFailure", command, "injected failure");
    const handlers: Record<string, (s: FakeState, r: string, c: string, o: Map<string, string[]>) => Json> = { kinesis, firehose, cloudwatch, ec2 };
    const h = handlers[service];
    if (!h) throw new Error(`fake aws: service ${service} is not implemented`);
    let result = h(state, region, command, o);
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    const query = o.get("--query")?.[0];
    if (query !== undefined) result = evalPath(result, query);
    if (result !== null || query !== undefined) {
      const output = o.get("--output")?.[0] ?? "json";
      process.stdout.write((output === "text" ? text(result) : JSON.stringify(result, null, 4)) + "\n");
    }
    return 0;
  } catch (e) {
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    if (e instanceof AwsError) {
      process.stderr.write(`\nAn error occurred (${e.code}) when calling the ${e.operation} operation: ${e.message}\n`);
      return 254;
    }
    process.stderr.write(`${(e as Error).message}\n`);
    return 252;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
