/**
 * No secret leaks: secret values are planted in a stack export (a --show-secrets plaintext, a
 * ciphertext, a stack output, a provider credential), as Firehose credentials in state (Redshift
 * password, Splunk HEC token, HTTP endpoint access key - one of them as a plain string, which the
 * pack flags without printing), in the live fleet (the HEC token DescribeDeliveryStream returns) and
 * in the CLI's AWS credentials. `scan`, `audit --stack-export` (with --save-snapshot, --verbose and
 * every CI format) and `audit --from-snapshot` run as the real CLI; every file they write, their
 * stdout / stderr and the step summary are grepped for each value.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Scenario, type SimulatorHandle } from "../../simulator";
import { SECRET_SIG, SIG_KEY } from "../../live-checks/stack/secrets";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-secrets-"));

const SECRETS = {
  redshiftPassword: "Redshift-Pw-9c1e-SECRET",
  hecTokenInState: "hec-state-4b2d-SECRET",
  hecCiphertext: "v1:CIPHERTEXT-hec-0042-SECRET",
  httpAccessKeyPlain: "http-plain-key-5e6f-SECRET",
  stackOutput: "stack-output-db-pass-SECRET",
  providerSecretKey: "provider-secret-key-SECRET",
  hecTokenLive: "HEC-LIVE-SECRET-7f3a",
  awsSecretAccessKey: "env-aws-secret-access-key-SECRET",
};

const plaintextSecret = (v: unknown) => ({ [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(v) });
const cipherSecret = (ciphertext: string) => ({ [SIG_KEY]: SECRET_SIG, ciphertext });

const PROJECT = "shop";
const STACK_URN = `urn:pulumi:prod::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-prod`;
const PROVIDER_URN = `urn:pulumi:prod::${PROJECT}::pulumi:providers:aws::default`;
const PROVIDER_REF = `${PROVIDER_URN}::11111111-2222-4333-8444-555555555555`;
const ROLE = "arn:aws:iam::123456789012:role/firehose";
const s3 = { roleArn: ROLE, bucketArn: "arn:aws:s3:::shop-backup" };

function resource(type: string, name: string, props: Record<string, unknown>, outputs: Record<string, unknown> = {}) {
  return {
    urn: `urn:pulumi:prod::${PROJECT}::${type}::${name}`,
    custom: true,
    id: String(outputs.arn ?? name),
    type,
    inputs: props,
    outputs: { ...props, ...outputs },
    parent: STACK_URN,
    provider: PROVIDER_REF,
  };
}

function stackExport(): Record<string, unknown> {
  const fh = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
  const fhArn = (n: string) => `arn:aws:firehose:us-east-1:123456789012:deliverystream/${n}`;
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-01-01T00:00:00Z", magic: "x", version: "v3.200.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:AAAA" } },
      resources: [
        { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack", outputs: { dbPassword: plaintextSecret(SECRETS.stackOutput) } },
        {
          urn: PROVIDER_URN,
          custom: true,
          id: "11111111-2222-4333-8444-555555555555",
          type: "pulumi:providers:aws",
          inputs: { region: "us-east-1", accessKey: "AKIDEXAMPLE", secretKey: plaintextSecret(SECRETS.providerSecretKey) },
          outputs: { region: "us-east-1", accessKey: "AKIDEXAMPLE", secretKey: plaintextSecret(SECRETS.providerSecretKey) },
        },
        resource("aws:kinesis/stream:Stream", "orders", { name: "orders", shardCount: 1, retentionPeriod: 24, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis", tags: { Team: "shop" } }, { arn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders" }),
        resource(
          fh,
          "payments-redshift",
          {
            name: "payments-redshift",
            destination: "redshift",
            redshiftConfiguration: { roleArn: ROLE, clusterJdbcurl: "jdbc:redshift://c:5439/db", username: "firehose", password: plaintextSecret(SECRETS.redshiftPassword), dataTableName: "t", s3Configuration: s3 },
          },
          { arn: fhArn("payments-redshift") },
        ),
        resource(
          fh,
          "splunk-audit",
          { name: "splunk-audit", destination: "splunk", splunkConfiguration: { hecEndpoint: "https://splunk.example.com:8088", hecToken: cipherSecret(SECRETS.hecCiphertext), s3Configuration: s3 } },
          { arn: fhArn("splunk-audit") },
        ),
        resource(
          fh,
          "partner-http",
          { name: "partner-http", destination: "http_endpoint", httpEndpointConfiguration: { url: "https://partner.example.com/in", name: "partner", accessKey: SECRETS.httpAccessKeyPlain, roleArn: ROLE, s3Configuration: s3 } },
          { arn: fhArn("partner-http") },
        ),
      ],
    },
  };
}

const FLEET: Scenario = {
  seed: 5,
  regions: {
    "us-east-1": {
      streams: [{ name: "orders", shards: 1, encryption: { type: "KMS", keyId: "alias/aws/kinesis" }, tags: { Team: "shop" }, traffic: { recordsPerSecond: 20, avgRecordBytes: 300 } }],
      deliveryStreams: [
        { name: "payments-redshift", source: "DirectPut", destination: "redshift", traffic: { recordsPerSecond: 10, avgRecordBytes: 300 } },
        { name: "splunk-audit", source: "DirectPut", destination: "splunk", hecToken: SECRETS.hecTokenLive, traffic: { recordsPerSecond: 10, avgRecordBytes: 300 } },
        { name: "partner-http", source: "DirectPut", destination: "http_endpoint", traffic: { recordsPerSecond: 10, avgRecordBytes: 300 } },
      ],
    },
  },
};

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}
function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [join(ROOT, "bin/kinesis-guard.js"), ...args], {
      cwd: dir,
      env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: SECRETS.awsSecretAccessKey, AWS_EC2_METADATA_DISABLED: "true", ...env },
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", rej);
    p.on("close", (status) => res({ status, stdout, stderr }));
  });
}

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));

let sim: SimulatorHandle;
const runs: Record<string, CliRun> = {};
const exportPath = join(dir, "state.json");
const summaryPath = join(dir, "step-summary.md");

beforeAll(async () => {
  writeFileSync(exportPath, JSON.stringify(stackExport(), null, 2));
  sim = await startSimulator({ scenario: FLEET });
  const env = { GITHUB_STEP_SUMMARY: summaryPath };
  runs.scan = await runCli(["scan", exportPath, "--out", join(dir, "scan-out"), "--fail-on", "none"], env);
  runs.audit = await runCli(
    ["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--stack-export", exportPath, "--out", join(dir, "audit-out"), "--save-snapshot", join(dir, "snapshot.json"), "--ci-format", "sarif,junit,markdown,json", "--verbose", "--no-progress", "--fail-on", "none"],
    env,
  );
  runs.fromSnapshot = await runCli(["audit", "--from-snapshot", join(dir, "snapshot.json"), "--stack-export", exportPath, "--out", join(dir, "replay-out"), "--fail-on", "none"], env);
}, 120_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("planted secrets never appear in any output", () => {
  it("every command ran and wrote its outputs", () => {
    for (const [name, r] of Object.entries(runs)) expect([0, 1, 3], `${name}: ${r.stderr}`).toContain(r.status);
    expect(runs.audit!.stderr).toMatch(/AWS requests/); // --verbose logged the call counts
    const files = walk(dir).filter((f) => f !== exportPath);
    expect(files.some((f) => f.endsWith("kinesis_analysis.json"))).toBe(true);
    expect(files.some((f) => f.endsWith(".sarif"))).toBe(true);
    expect(files.some((f) => f.endsWith("snapshot.json"))).toBe(true);
    expect(files.some((f) => /remediation\/.*\.(ts|sh)$/.test(f))).toBe(true);
  });

  it("the plain-string HTTP access key is flagged by name, not by value", () => {
    const all = [runs.scan!.stdout, ...walk(join(dir, "scan-out")).map((f) => readFileSync(f, "utf8"))].join("\n");
    expect(all).toMatch(/kdf-plaintext-credentials/);
    expect(all).toMatch(/accessKey/);
  });

  it("no secret value, ciphertext or credential in any file, stdout, stderr or the step summary", () => {
    const outputs: [string, string][] = [
      ...walk(dir)
        .filter((f) => f !== exportPath)
        .map((f): [string, string] => [f, readFileSync(f, "utf8")]),
      ...Object.entries(runs).flatMap(([n, r]): [string, string][] => [
        [`${n} stdout`, r.stdout],
        [`${n} stderr`, r.stderr],
      ]),
    ];
    expect(outputs.length).toBeGreaterThan(15);
    expect(outputs.map(([w]) => w)).toContain(summaryPath);
    // Positive control: the grep does find the planted values where they legitimately are.
    const exported = readFileSync(exportPath, "utf8");
    for (const key of ["redshiftPassword", "hecCiphertext", "httpAccessKeyPlain", "stackOutput", "providerSecretKey"] as const) expect(exported).toContain(JSON.stringify(SECRETS[key]).slice(1, -1));
    const leaks: string[] = [];
    for (const [where, text] of outputs) {
      for (const [name, value] of Object.entries(SECRETS)) {
        // Also catch the value JSON-escaped or base64-encoded.
        for (const form of [value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString("base64")]) {
          if (text.includes(form)) leaks.push(`${name} in ${where.replace(dir, "")}`);
        }
      }
    }
    expect([...new Set(leaks)]).toEqual([]);
  });
});
