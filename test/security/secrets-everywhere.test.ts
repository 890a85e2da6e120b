/**
 * No secret in any output, redacted by where a value came from (issue 14, point 1).
 *
 * Secrets are planted in every secret-bearing field the rules and the drift check read - a stream's
 * KMS key and tag value, a delivery stream's VPC id and subnets, Lambda processor ARN, SSE key ARN,
 * Redshift password and table, Splunk HEC token (ciphertext), a stack output, a provider credential -
 * in a `pulumi stack export` with `--show-secrets` plaintext, the same export with ciphertext, and
 * `pulumi preview --json` documents of both kinds. The live fleet (simulator) differs from the
 * stack on the KMS key and the tag, so drift findings carry those properties; elsewhere it holds
 * the same values as the stack.
 *
 * `scan` (each document), `audit --stack-export` (live, with every CI format, --save-snapshot
 * into --out and --verbose), `audit --from-snapshot --stack-export`, and the policy pack over
 * Analyzer gRPC run for real; every file written, stdout, stderr, the step summary and the pack's
 * messages are searched for each planted value (raw, JSON-escaped, base64). The live values of
 * properties the stack keeps secret are searched for too. Names that merely contain a secret's text
 * ("orders-stream" with a secret "orders") stay intact, revert commands keep running names, and the
 * drift findings are still there (redacted, not dropped). Files that can hold stack-derived data are 0600.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Scenario, type SimulatorHandle } from "../../simulator";
import { SECRET_SIG, SIG_KEY } from "../../live-checks/stack/secrets";
import { runCli, type CliRun } from "../reliability/run-cli";
import { PackClient, type AnalyzerInput } from "../harness/analyzer";
import { analyzeAsEngine } from "../harness/program";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-secrets-all-"));

/** Values only the stack document holds. */
const STACK_SECRETS = {
  kmsKeyId: "alias/kg-stack-key-7731",
  ownerTag: "owner-stack-5521",
  vpcId: "vpc-0secret1234abcd",
  subnetId: "subnet-0secretaaaa1111",
  lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:secret-fn-4242",
  sseKeyArn: "arn:aws:kms:us-east-1:123456789012:key/secret-sse-key-9911",
  redshiftPassword: "Redshift-Pw-9c1e-SECRET",
  hecCiphertext: "v1:CIPHERTEXT-hec-0042-SECRET",
  stackOutput: "stack-output-db-pass-SECRET",
  providerSecretKey: "provider-secret-key-SECRET",
};
/** Live values of properties the stack keeps secret (they differ from the stack: drift). */
const LIVE_SECRET_VALUES = {
  kmsKeyIdLive: "alias/kg-live-key-0001",
  ownerTagLive: "owner-live-8842",
};
/** A secret whose text is part of resource names: it must be redacted where it stands alone, and names kept whole. */
const SHORT_SECRET = "orders";

const plain = (v: unknown) => ({ [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(v) });
const cipher = (v: unknown) => ({ [SIG_KEY]: SECRET_SIG, ciphertext: `v1:${Buffer.from(JSON.stringify(v)).toString("hex").slice(0, 12)}` });
type Wrap = (v: unknown) => unknown;

const PROJECT = "kgshop";
const STACK_URN = `urn:pulumi:prod::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-prod`;
const PROVIDER_URN = `urn:pulumi:prod::${PROJECT}::pulumi:providers:aws::default`;
const PROVIDER_REF = `${PROVIDER_URN}::11111111-2222-4333-8444-555555555555`;
const ROLE = "arn:aws:iam::123456789012:role/firehose";
const S3 = { roleArn: ROLE, bucketArn: "arn:aws:s3:::kg-backup" };
const ARN = {
  stream: "arn:aws:kinesis:us-east-1:123456789012:stream/orders-stream",
  fh: (n: string) => `arn:aws:firehose:us-east-1:123456789012:deliverystream/${n}`,
};
const T = {
  stream: "aws:kinesis/stream:Stream",
  fh: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
};

/**
 * The stack's resources: inputs with the secret fields wrapped, outputs as the engine stores them
 * (a top-level output is secret as a whole when any part of its input was).
 */
function resources(wrap: Wrap) {
  const res = (type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown>) => ({
    urn: `urn:pulumi:prod::${PROJECT}::${type}::${name}`,
    custom: true,
    id: String(outputs.arn ?? name),
    type,
    inputs,
    outputs,
    parent: STACK_URN,
    provider: PROVIDER_REF,
  });
  const tags = { Owner: STACK_SECRETS.ownerTag, Team: "platform" };
  const stream = res(
    T.stream,
    "orders-stream",
    { name: "orders-stream", shardCount: 1, retentionPeriod: 24, encryptionType: "KMS", kmsKeyId: wrap(STACK_SECRETS.kmsKeyId), tags: { Owner: wrap(STACK_SECRETS.ownerTag), Team: "platform" } },
    { name: "orders-stream", arn: ARN.stream, shardCount: 1, retentionPeriod: 24, encryptionType: "KMS", kmsKeyId: wrap(STACK_SECRETS.kmsKeyId), tags: wrap(tags), tagsAll: wrap(tags), streamModeDetails: { streamMode: "PROVISIONED" }, shardLevelMetrics: [] },
  );
  const redshift = { roleArn: ROLE, clusterJdbcurl: "jdbc:redshift://c:5439/db", username: "firehose", password: STACK_SECRETS.redshiftPassword, dataTableName: SHORT_SECRET, s3Configuration: S3 };
  const payments = res(
    T.fh,
    "payments-redshift",
    { name: "payments-redshift", destination: "redshift", redshiftConfiguration: { ...redshift, password: wrap(STACK_SECRETS.redshiftPassword), dataTableName: wrap(SHORT_SECRET) } },
    { name: "payments-redshift", arn: ARN.fh("payments-redshift"), destination: "redshift", redshiftConfiguration: wrap(redshift) },
  );
  const vpcConfig = { vpcId: STACK_SECRETS.vpcId, subnetIds: [STACK_SECRETS.subnetId], securityGroupIds: ["sg-1"], roleArn: ROLE };
  const os = { domainArn: "arn:aws:es:us-east-1:123456789012:domain/search", indexName: "orders-index", roleArn: ROLE, s3Configuration: S3, s3BackupMode: "FailedDocumentsOnly", vpcConfig };
  const search = res(
    T.fh,
    "search-os",
    { name: "search-os", destination: "opensearch", opensearchConfiguration: { ...os, vpcConfig: { ...vpcConfig, vpcId: wrap(STACK_SECRETS.vpcId), subnetIds: wrap([STACK_SECRETS.subnetId]) } } },
    { name: "search-os", arn: ARN.fh("search-os"), destination: "opensearch", opensearchConfiguration: wrap(os) },
  );
  const processing = { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: STACK_SECRETS.lambdaArn }] }] };
  const s3dest = { ...S3, bufferingSize: 64, bufferingInterval: 300, processingConfiguration: processing };
  const sse = { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: STACK_SECRETS.sseKeyArn };
  const clicks = res(
    T.fh,
    "clicks-to-s3",
    {
      name: "clicks-to-s3",
      destination: "extended_s3",
      extendedS3Configuration: { ...s3dest, processingConfiguration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: wrap(STACK_SECRETS.lambdaArn) }] }] } },
      serverSideEncryption: { ...sse, keyArn: wrap(STACK_SECRETS.sseKeyArn) },
      tags: { DataClassification: "pii" },
    },
    { name: "clicks-to-s3", arn: ARN.fh("clicks-to-s3"), destination: "extended_s3", extendedS3Configuration: wrap(s3dest), serverSideEncryption: wrap(sse), tags: { DataClassification: "pii" } },
  );
  const splunkCfg = { hecEndpoint: "https://splunk.example.com:8088", hecToken: STACK_SECRETS.hecCiphertext, s3Configuration: S3 };
  const splunk = res(
    T.fh,
    "splunk-audit",
    { name: "splunk-audit", destination: "splunk", splunkConfiguration: { ...splunkCfg, hecToken: cipher(STACK_SECRETS.hecCiphertext) } },
    { name: "splunk-audit", arn: ARN.fh("splunk-audit"), destination: "splunk", splunkConfiguration: cipher(splunkCfg) },
  );
  return [
    { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: { dbPassword: wrap(STACK_SECRETS.stackOutput) } },
    {
      urn: PROVIDER_URN,
      custom: true,
      id: "11111111-2222-4333-8444-555555555555",
      type: "pulumi:providers:aws",
      inputs: { region: "us-east-1", secretKey: wrap(STACK_SECRETS.providerSecretKey) },
      outputs: { region: "us-east-1", secretKey: wrap(STACK_SECRETS.providerSecretKey) },
    },
    stream,
    payments,
    search,
    clicks,
    splunk,
  ];
}

const stackExport = (wrap: Wrap) => ({ version: 3, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "x", version: "v3.200.0" }, resources: resources(wrap) } });
const preview = (wrap: Wrap) => ({
  config: { "aws:region": "us-east-1" },
  steps: resources(wrap)
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({ op: "create", urn: r.urn, newState: { ...r, outputs: {} } })),
});

const FLEET: Scenario = {
  seed: 9,
  regions: {
    "us-east-1": {
      streams: [
        {
          name: "orders-stream",
          shards: 1,
          encryption: { type: "KMS", keyId: LIVE_SECRET_VALUES.kmsKeyIdLive },
          tags: { Owner: LIVE_SECRET_VALUES.ownerTagLive, Team: "platform" },
          traffic: { recordsPerSecond: 200, avgRecordBytes: 300 },
        },
      ],
      deliveryStreams: [
        { name: "payments-redshift", source: "DirectPut", destination: "redshift", traffic: { recordsPerSecond: 10, avgRecordBytes: 300 } },
        {
          name: "search-os",
          source: "DirectPut",
          destination: "opensearch",
          s3BackupMode: "FailedDocumentsOnly",
          vpc: { vpcId: STACK_SECRETS.vpcId, subnetIds: [STACK_SECRETS.subnetId] },
          traffic: { recordsPerSecond: 10, avgRecordBytes: 300 },
        },
        {
          name: "clicks-to-s3",
          source: "DirectPut",
          destination: "extended_s3",
          buffering: { sizeMb: 64, intervalSeconds: 300 },
          lambdaArn: STACK_SECRETS.lambdaArn,
          sse: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: STACK_SECRETS.sseKeyArn },
          tags: { DataClassification: "pii" },
          traffic: { recordsPerSecond: 10, avgRecordBytes: 300 },
        },
        { name: "splunk-audit", source: "DirectPut", destination: "splunk", hecToken: "HEC-LIVE-SECRET-7f3a", traffic: { recordsPerSecond: 10, avgRecordBytes: 300 } },
      ],
    },
  },
};

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));

let sim: SimulatorHandle;
const runs: Record<string, CliRun> = {};
const inputs: string[] = [];
const packMessages: string[] = [];
const summary = join(dir, "step-summary.md");

function input(name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc, null, 2));
  inputs.push(p);
  return p;
}

beforeAll(async () => {
  const exportPlain = input("state-show-secrets.json", stackExport(plain));
  const exportCipher = input("state-ciphertext.json", stackExport(cipher));
  const previewPlain = input("preview-show-secrets.json", preview(plain));
  const previewCipher = input("preview-ciphertext.json", preview(cipher));
  sim = await startSimulator({ scenario: FLEET });
  const env = { GITHUB_STEP_SUMMARY: summary };
  const opts = { cwd: dir, env };
  const [a, b, c, d] = await Promise.all([
    runCli(["scan", exportPlain, "--out", join(dir, "scan-export"), "--fail-on", "low"], opts),
    runCli(["scan", exportCipher, "--out", join(dir, "scan-export-cipher"), "--fail-on", "low"], opts),
    runCli(["scan", previewPlain, "--out", join(dir, "scan-preview"), "--fail-on", "low"], opts),
    runCli(["scan", previewCipher, "--out", join(dir, "scan-preview-cipher"), "--fail-on", "low"], opts),
  ]);
  Object.assign(runs, { scanExport: a, scanExportCipher: b, scanPreview: c, scanPreviewCipher: d });
  const out = join(dir, "audit-out");
  runs.audit = await runCli(
    ["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--stack-export", exportPlain, "--out", out, "--save-snapshot", join(out, "snapshot.json"), "--ci-format", "sarif,junit,markdown,json", "--verbose", "--no-progress", "--fail-on", "none"],
    opts,
  );
  runs.replay = await runCli(["audit", "--from-snapshot", join(out, "snapshot.json"), "--stack-export", exportPlain, "--out", join(dir, "replay-out"), "--ci-format", "sarif,junit,markdown,json", "--fail-on", "none"], opts);
  runs.previewAsAudit = await runCli(["audit", "--from-snapshot", join(out, "snapshot.json"), "--stack-export", previewPlain, "--out", join(dir, "preview-audit-out")], opts);

  // The pack as the engine drives it: inputs (Analyze) and outputs (AnalyzeStack) as wire values.
  const pack = await PackClient.start(ROOT);
  try {
    await pack.configureStack();
    await pack.configure({});
    const wire = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(wire);
      if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, value: typeof o.plaintext === "string" ? (JSON.parse(o.plaintext) as unknown) : o.ciphertext };
        return Object.fromEntries(Object.entries(o).map(([k, e]) => [k, wire(e)]));
      }
      return v;
    };
    const docResources = resources(plain).filter((r) => r.type === T.stream || r.type === T.fh);
    const toInput = (r: (typeof docResources)[number], props: Record<string, unknown> | undefined): AnalyzerInput => ({ type: r.type, name: r.urn.split("::").pop()!, urn: r.urn, properties: wire(props ?? {}) as Record<string, unknown> });
    // As the engine drives it: Remediate, then Analyze (the pack learns secret inputs in the Remediate pass).
    for (const r of docResources) packMessages.push(...(await analyzeAsEngine(pack, toInput(r, r.inputs))).map((x) => x.message));
    packMessages.push(...(await pack.analyzeStack(docResources.map((r) => toInput(r, r.outputs)))).map((x) => x.message));
  } finally {
    await pack.close();
  }
}, 240_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function outputs(): [string, string][] {
  return [
    ...walk(dir)
      .filter((f) => !inputs.includes(f))
      .map((f): [string, string] => [f.replace(dir, ""), readFileSync(f, "utf8")]),
    ...Object.entries(runs).flatMap(([n, r]): [string, string][] => [
      [`${n} stdout`, r.stdout],
      [`${n} stderr`, r.stderr],
    ]),
    ["pack messages", packMessages.join("\n")],
  ];
}

describe("planted secrets", () => {
  it("every run worked and wrote its outputs; the pack reported violations", () => {
    for (const [name, r] of Object.entries(runs)) if (name !== "previewAsAudit") expect([0, 1, 3], `${name}: ${r.stderr}`).toContain(r.status);
    expect(runs.previewAsAudit!.status).toBe(2); // a preview is not a deployed state: refused (and its message leaks nothing)
    expect(runs.audit!.stderr).toMatch(/AWS requests/);
    const files = walk(dir);
    for (const f of ["scan-export/kinesis-guard.sarif", "audit-out/kinesis_analysis.json", "audit-out/snapshot.json", "audit-out/kinesis-guard.junit.xml", "replay-out/consumer_lag_report.csv"]) {
      expect(files, f).toContain(join(dir, f));
    }
    expect(files.some((f) => /audit-out\/remediation\/.*\.sh$/.test(f))).toBe(true);
    expect(packMessages.length).toBeGreaterThan(3);
  });

  /**
   * The saved snapshot is what AWS returned, kept exact for re-analysis (--from-snapshot): it holds
   * the live values, also of properties the stack keeps secret (here the VPC, Lambda and SSE key
   * equal the stack's), but never a value only the stack document has.
   */
  const STACK_ONLY = ["kmsKeyId", "ownerTag", "redshiftPassword", "hecCiphertext", "stackOutput", "providerSecretKey"];
  const isSnapshot = (where: string) => where.endsWith("/snapshot.json");

  it("no planted value, and no live value of a secret property, in any file, stdout, stderr, step summary or pack message", () => {
    const all = outputs();
    expect(all.map(([w]) => w)).toContain(summary.replace(dir, ""));
    const planted = { ...STACK_SECRETS, ...LIVE_SECRET_VALUES };
    // Positive control: the search finds the values where they legitimately are.
    const doc = readFileSync(join(dir, "state-show-secrets.json"), "utf8");
    for (const k of ["kmsKeyId", "vpcId", "redshiftPassword", "providerSecretKey"] as const) expect(doc).toContain(JSON.stringify(STACK_SECRETS[k]).slice(1, -1));
    const leaks: string[] = [];
    for (const [where, text] of all) {
      for (const [name, value] of Object.entries(planted)) {
        if (isSnapshot(where) && !STACK_ONLY.includes(name)) continue;
        for (const form of [value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString("base64")]) {
          if (text.includes(form)) leaks.push(`${name} in ${where}`);
        }
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
  });

  it("a secret standing alone is redacted; names that merely contain its text stay intact", () => {
    const all = outputs();
    expect(all.filter(([, t]) => t.includes("[secret]-stream") || t.includes("[secret]-index")).map(([w]) => w)).toEqual([]);
    const report = readFileSync(join(dir, "audit-out", "kinesis_analysis.json"), "utf8");
    expect(report).toContain('"stream_name": "orders-stream"');
    expect(runs.scanExport!.stdout).toContain("orders-stream");
  });

  it("drift is still found on the secret properties, with [secret] values and runnable revert commands", () => {
    const report = JSON.parse(readFileSync(join(dir, "audit-out", "kinesis_analysis.json"), "utf8")) as { data_streams: { stream_name: string; kms_key_id: string | null; tags: Record<string, string>; findings: { rule_id: string; data: Record<string, string> | null }[] }[] };
    const orders = report.data_streams.find((s) => s.stream_name === "orders-stream")!;
    const drift = orders.findings.filter((f) => f.rule_id === "stack-drift").map((f) => f.data!);
    expect(drift.map((d) => d.property).sort()).toEqual(["kmsKeyId", "tags"]);
    for (const d of drift) {
      expect(d.stackValue).toContain("[secret]");
      expect(d.liveValue).toContain("[secret]");
    }
    const kms = drift.find((d) => d.property === "kmsKeyId")!;
    expect(kms.revertCommand).toBe("aws kinesis start-stream-encryption --stream-name orders-stream --encryption-type KMS --key-id '[secret kmsKeyId]'");
    expect(drift.find((d) => d.property === "tags")!.revertCommand).toBe("aws kinesis add-tags-to-stream --stream-name orders-stream --tags Owner='[secret tags.Owner]'");
    // The live stream's own fields the stack keeps secret are hidden; the others are not.
    expect(orders.kms_key_id).toBe("[secret]");
    expect(orders.tags).toEqual({ Owner: "[secret]", Team: "[secret]" });
  });

  it("the VPC endpoint finding is reported without its secret VPC id, in scan and in the pack", () => {
    const sarif = readFileSync(join(dir, "scan-export", "kinesis-guard.sarif"), "utf8");
    expect(sarif).toMatch(/kdf-vpc-endpoint/);
    expect(packMessages.some((m) => /Delivery stream "search-os" delivers into VPC \[secret\]/.test(m))).toBe(true);
  });

  it("output files that can hold stack-derived data are 0600", () => {
    for (const f of walk(join(dir, "audit-out")).concat(walk(join(dir, "scan-export")))) {
      expect(statSync(f).mode & 0o777, f).toBe(0o600);
    }
  });
});
