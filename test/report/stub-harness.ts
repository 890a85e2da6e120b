/**
 * Runs remediation shell stubs against the fake AWS CLI (fake-aws.ts) with an account state built
 * from an analysis, and type-checks Pulumi stubs against @pulumi/aws.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import type { AuditAnalysis } from "../../live-checks/analyze";
import type { DeliveryStreamConfig, DestinationType, StreamConfig } from "../../rules/model";
import { READ_ONLY, type FakeShard, type FakeState, type FakeStream } from "./fake-aws";

const root = join(__dirname, "..", "..");
const MAX_HASH = (1n << 128n) - 1n;

/** Transpiles fake-aws.ts into `dir` and puts an `aws` launcher for it in dir/bin (to put first on PATH). */
export function installFakeAws(dir: string): string {
  const src = readFileSync(join(__dirname, "fake-aws.ts"), "utf8");
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(dir, "fake-aws.js"), js);
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "aws"), `#!/bin/sh\nexec "${process.execPath}" "${join(dir, "fake-aws.js")}" "$@"\n`);
  chmodSync(join(bin, "aws"), 0o755);
  return bin;
}

function shardsOf(s: StreamConfig): FakeShard[] {
  const listed = (s.shards ?? []).map((x) => ({ id: x.shardId, start: x.startingHashKey, end: x.endingHashKey, open: !x.closed }));
  if (listed.some((x) => x.open)) return listed;
  const n = typeof s.shardCount === "number" && s.shardCount > 0 ? s.shardCount : 1;
  const size = (MAX_HASH + 1n) / BigInt(n);
  return Array.from({ length: n }, (_, i) => ({
    id: `shardId-${String(i).padStart(12, "0")}`,
    start: (size * BigInt(i)).toString(),
    end: (i === n - 1 ? MAX_HASH : size * BigInt(i + 1) - 1n).toString(),
    open: true,
  }));
}

export function fakeStream(s: StreamConfig): FakeStream {
  const name = String(s.name);
  return {
    name,
    arn: typeof s.arn === "string" ? s.arn : `arn:aws:kinesis:${String(s.region)}:123456789012:stream/${name}`,
    status: "ACTIVE",
    mode: s.mode === "ON_DEMAND" ? "ON_DEMAND" : "PROVISIONED",
    shards: shardsOf(s),
    retentionHours: typeof s.retentionHours === "number" ? s.retentionHours : 24,
    encryptionType: s.encryptionType === "KMS" ? "KMS" : "NONE",
    shardLevelMetrics: Array.isArray(s.shardLevelMetrics) ? [...(s.shardLevelMetrics as string[])] : [],
    tags: { ...((s.tags ?? {}) as Record<string, string>) },
  };
}

const DESCRIBE_KEY: Record<DestinationType, string> = {
  extended_s3: "ExtendedS3DestinationDescription",
  s3: "ExtendedS3DestinationDescription",
  redshift: "RedshiftDestinationDescription",
  elasticsearch: "ElasticsearchDestinationDescription",
  opensearch: "AmazonopensearchserviceDestinationDescription",
  opensearchserverless: "AmazonOpenSearchServerlessDestinationDescription",
  http_endpoint: "HttpEndpointDestinationDescription",
  splunk: "SplunkDestinationDescription",
  snowflake: "SnowflakeDestinationDescription",
  iceberg: "IcebergDestinationDescription",
};

/** DescribeDeliveryStream's DeliveryStreamDescription for a delivery stream's config (the fields the stubs read). */
export function fakeDeliveryStream(d: DeliveryStreamConfig): Record<string, never> {
  const dest: DestinationType = typeof d.destination === "string" ? d.destination : "extended_s3";
  const hints =
    d.buffering && typeof d.buffering.sizeMb === "number" && typeof d.buffering.intervalSeconds === "number"
      ? { SizeInMBs: d.buffering.sizeMb, IntervalInSeconds: d.buffering.intervalSeconds }
      : undefined;
  const processing = d.lambdaProcessor === true ? { Enabled: true, Processors: [{ Type: "Lambda", Parameters: [{ ParameterName: "LambdaArn", ParameterValue: (d.lambdaArns ?? [])[0] ?? "arn" }] }] } : { Enabled: false, Processors: [] };
  const s3 = { RoleARN: "arn:aws:iam::123456789012:role/firehose", BucketARN: "arn:aws:s3:::intermediate", ...(dest === "redshift" && hints ? { BufferingHints: hints } : {}) };
  const desc: Record<string, unknown> = {
    ProcessingConfiguration: processing,
    S3DestinationDescription: s3,
    ...(dest === "redshift" || !hints ? {} : { BufferingHints: hints }),
    ...(typeof d.s3BackupMode === "string" ? { S3BackupMode: d.s3BackupMode } : {}),
    ...(d.vpc && typeof d.vpc.vpcId === "string" ? { VpcConfigurationDescription: { VpcId: d.vpc.vpcId } } : {}),
  };
  const sourceArn = d.source.type === "KinesisStreamAsSource" && typeof d.source.streamArn === "string" ? d.source.streamArn : undefined;
  return {
    DeliveryStreamName: String(d.name),
    DeliveryStreamARN: String(d.arn),
    DeliveryStreamStatus: "ACTIVE",
    DeliveryStreamType: sourceArn ? "KinesisStreamAsSource" : "DirectPut",
    VersionId: "1",
    ...(d.sse.enabled === true ? { DeliveryStreamEncryptionConfiguration: { KeyType: d.sse.keyType ?? "AWS_OWNED_CMK", Status: "ENABLED" } } : { DeliveryStreamEncryptionConfiguration: { Status: "DISABLED" } }),
    ...(sourceArn ? { Source: { KinesisStreamSourceDescription: { KinesisStreamARN: sourceArn } } } : {}),
    Destinations: [{ DestinationId: "destinationId-000000000001", [DESCRIBE_KEY[dest]]: desc }],
  } as unknown as Record<string, never>;
}

/** The account as the analysis saw it: streams, delivery streams; no alarms or endpoints yet. */
export function fakeStateFrom(a: AuditAnalysis): FakeState {
  const state: FakeState = { streams: {}, deliveryStreams: {}, alarms: {}, vpcEndpoints: {} };
  for (const r of a.streams) {
    const region = String(r.stream.region);
    (state.streams[region] ??= {})[String(r.stream.name)] = fakeStream(r.stream);
  }
  for (const r of a.deliveryStreams) {
    const region = String(r.deliveryStream.region);
    (state.deliveryStreams[region] ??= {})[String(r.deliveryStream.name)] = fakeDeliveryStream(r.deliveryStream);
  }
  return state;
}

export interface StubRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every aws call of this run (argv after `aws`). */
  readonly calls: readonly string[][];
  /** The calls that change something (not describe/list/get/wait). */
  readonly mutations: readonly string[][];
}

/** Values the stubs ask for (placeholders the user must fill in). */
export const STUB_INPUTS: Readonly<Record<string, string>> = {
  LAMBDA_ARN: "arn:aws:lambda:us-east-1:123456789012:function:transform:live",
  BACKUP_BUCKET_ARN: "arn:aws:s3:::backup-bucket",
  FIREHOSE_ROLE_ARN: "arn:aws:iam::123456789012:role/firehose-backup",
  ROUTE_TABLE_IDS: "rtb-0123456789abcdef0",
};

/** Runs one shell stub with the fake aws first on PATH; the state file carries over between runs. */
export function runStub(file: string, o: { bin: string; stateFile: string; logFile: string; args?: readonly string[]; env?: Readonly<Record<string, string>> }): StubRun {
  writeFileSync(o.logFile, "");
  const r = spawnSync("bash", [file, ...(o.args ?? [])], {
    encoding: "utf8",
    env: {
      PATH: `${o.bin}:/usr/bin:/bin`,
      HOME: process.env.HOME ?? "/tmp",
      FAKE_AWS_STATE: o.stateFile,
      FAKE_AWS_LOG: o.logFile,
      ...(o.env ?? {}),
    },
    timeout: 60_000,
  });
  const calls = readFileSync(o.logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, mutations: calls.filter((c) => !READ_ONLY.test(c[1] ?? "")) };
}

export function readState(stateFile: string): FakeState {
  return JSON.parse(readFileSync(stateFile, "utf8")) as FakeState;
}

/** TypeScript diagnostics of Pulumi stubs compiled against the repository's @pulumi/aws. */
export function typeCheck(files: readonly string[]): string[] {
  const program = ts.createProgram([...files], {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    types: [],
    typeRoots: [join(root, "node_modules", "@types")],
    baseUrl: root,
    paths: { "@pulumi/*": [join(root, "node_modules", "@pulumi", "*")] },
    isolatedModules: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}
