/**
 * The pack as `pulumi preview --policy-pack .` drives it: spawned like the engine does, over the
 * Analyzer gRPC protocol, fed with resources captured from the example programs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { CATALOG } from "../../rules/catalog";
import { PackClient, asInput, type AnalyzerInput, type Enforcement } from "../harness/analyzer";
import { analyzeAsEngine, captureProgram, previewThroughPack, violationPairs } from "../harness/program";
import type { CapturedProgram } from "../harness/captured";

const ROOT = path.resolve(__dirname, "../..");
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's unknown-value sentinel
const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const urn = (type: string, name: string) => `urn:pulumi:dev::t::${type}::${name}`;
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** CLI-style config: every policy's schema defaults merged in. */
function defaultsFromSchema(policies: { name: string; enforcementLevel: Enforcement; configSchema?: { properties: Record<string, unknown> } }[]) {
  return Object.fromEntries(
    policies.map((p) => [
      p.name,
      {
        // The CLI sends each policy's own level with its defaults (ReconcilePolicyPackConfig).
        enforcementLevel: p.enforcementLevel,
        ...Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).map(([k, s]) => [k, (s as { default?: unknown }).default])),
      },
    ]),
  );
}

let pack: PackClient;
let compliant: CapturedProgram;
let nonCompliant: CapturedProgram;

beforeAll(async () => {
  pack = await PackClient.start(ROOT);
  await pack.configureStack();
  compliant = captureProgram("examples/compliant/index.ts");
  nonCompliant = captureProgram("examples/non-compliant/index.ts");
}, 120_000);
afterAll(async () => pack?.close());

describe("GetAnalyzerInfo", () => {
  it("lists every static and stack rule as a policy with its catalog schema, enforcement and remediation", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("kinesis-guard");
    expect(info.supportsConfig).toBe(true);
    const packRules = CATALOG.filter((r) => !(r.scope.length === 1 && r.scope[0] === "metric"));
    const names = info.policies.map((p) => p.name).sort();
    expect(names).toEqual([...packRules.map((r) => r.id), "kdf-encryption-source", "kinesis-guard-secret-inputs"].sort());
    for (const r of packRules) {
      const p = info.policies.find((x) => x.name === r.id)!;
      expect(p.enforcementLevel).toBe(r.enforcement);
      expect(p.severity).toBe(r.severity);
      expect(p.remediationSteps).toBe(r.remediation);
      expect(p.configSchema?.properties).toEqual(JSON.parse(JSON.stringify(r.configSchema.properties)));
    }
    const src = info.policies.find((x) => x.name === "kdf-encryption-source")!;
    expect(src.enforcementLevel).toBe("mandatory");
    // Notes secret inputs in the remediation pass (adapters/pulumi/secrets.ts): must default to remediate.
    expect(info.policies.find((x) => x.name === "kinesis-guard-secret-inputs")!.enforcementLevel).toBe("remediate");
  });
});

describe("example programs through the pack", () => {
  it("compliant: no violation, with or without the CLI merging schema defaults", async () => {
    await pack.configure({});
    expect(violationPairs(await previewThroughPack(pack, compliant))).toEqual([]);
    await pack.configure(defaultsFromSchema((await pack.getAnalyzerInfo()).policies));
    expect(violationPairs(await previewThroughPack(pack, compliant))).toEqual([]);
  }, 60_000);

  it("non-compliant: exactly the documented (policy, resource) pairs, with their enforcement levels", async () => {
    await pack.configure({});
    const expected = JSON.parse(fs.readFileSync(path.join(ROOT, "examples/non-compliant/expected-violations.json"), "utf8")) as {
      violations: { policy: string; resource: string; enforcement: string }[];
    };
    const diags = await previewThroughPack(pack, nonCompliant);
    expect(violationPairs(diags)).toEqual(expected.violations.map((v) => `${v.policy} ${v.resource}`).sort());
    for (const v of expected.violations) {
      const d = diags.find((x) => x.policyName === v.policy && x.urn.endsWith(`::${v.resource}`))!;
      expect(d.enforcementLevel, `${v.policy} ${v.resource}`).toBe(v.enforcement);
    }
    // Nothing fell back to "can't run during preview".
    expect(diags.filter((d) => d.message.includes("can't run"))).toEqual([]);
  }, 60_000);

  it("--policy-pack-config override: appliesTo all makes the public clickstream a kds-encryption violation", async () => {
    await pack.configure({ "kds-encryption": { appliesTo: "all" } });
    const pairs = violationPairs(await previewThroughPack(pack, compliant));
    expect(pairs).toEqual(["kds-encryption clickstream"]);
    await pack.configure({});
  }, 60_000);

  it("a disabled policy does not run", async () => {
    await pack.configure({ "kds-encryption": { enforcementLevel: "disabled" } });
    const pairs = violationPairs(await previewThroughPack(pack, nonCompliant));
    expect(pairs.some((p) => p.startsWith("kds-encryption "))).toBe(false);
    await pack.configure({});
  }, 60_000);
});

describe("single resources over gRPC", () => {
  const stream = (name: string, props: Record<string, unknown>): AnalyzerInput => ({ type: STREAM, name, urn: urn(STREAM, name), properties: { name, shardCount: 1, ...props } });
  const redshift = (name: string, extra: Record<string, unknown>): AnalyzerInput => ({
    type: FIREHOSE,
    name,
    urn: urn(FIREHOSE, name),
    properties: {
      name,
      destination: "redshift",
      redshiftConfiguration: {
        roleArn: "arn:aws:iam::1:role/r",
        clusterJdbcurl: "jdbc:redshift://x:5439/db",
        dataTableName: "t",
        username: "u",
        password: secret("p"),
        s3Configuration: { roleArn: "arn:aws:iam::1:role/r", bucketArn: "arn:aws:s3:::b" },
        processingConfiguration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: "arn:aws:lambda:us-east-1:1:function:f" }] }] },
        ...extra,
      },
    },
  });

  it("flags a sensitive unencrypted stream as a mandatory kds-encryption violation", async () => {
    await pack.configure({});
    const diags = await pack.analyze(stream("pii-events", { tags: { DataClassification: "pii", Tier: "tier-3" } }));
    expect(diags.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["kds-encryption", "mandatory"]]);
    expect(diags[0]!.message).toContain('encryptionType: found "NONE", expected "KMS"');
  });

  it("flags a Redshift delivery stream without S3 backup as a mandatory kdf-s3-backup violation", async () => {
    await pack.configure({});
    const diags = await analyzeAsEngine(pack, redshift("loader", {}));
    expect(diags.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["kdf-s3-backup", "mandatory"]]);
    expect(await analyzeAsEngine(pack, redshift("loader", { s3BackupMode: "Enabled", s3BackupConfiguration: { roleArn: "r", bucketArn: "b" } }))).toEqual([]);
  });

  it("tells a secret password from a plain one", async () => {
    await pack.configure({});
    const backedUp = { s3BackupMode: "Enabled", s3BackupConfiguration: { roleArn: "r", bucketArn: "b" } };
    const plain = await analyzeAsEngine(pack, redshift("loader", { ...backedUp, password: "p" }));
    expect(plain.map((d) => d.policyName)).toEqual(["kdf-plaintext-credentials"]);
    expect(await analyzeAsEngine(pack, redshift("loader", { ...backedUp, password: secret("p") }))).toEqual([]);
    // A whole configuration block given as one secret makes its password a secret too.
    const { redshiftConfiguration } = redshift("loader", { ...backedUp, password: "p" }).properties as { redshiftConfiguration: object };
    expect(await analyzeAsEngine(pack, { ...redshift("loader", {}), properties: { name: "loader", destination: "redshift", redshiftConfiguration: secret(redshiftConfiguration) } })).toEqual([]);
  });

  it("fails loudly, naming the fix, when secrets cannot be seen (no remediation pass, or the noting policy lowered by \"all\")", async () => {
    await pack.configure({});
    const backedUp = { s3BackupMode: "Enabled", s3BackupConfiguration: { roleArn: "r", bucketArn: "b" } };
    // Analyze alone: the SDK unwraps the secret, the pack cannot know it was one.
    await expect(pack.analyze(redshift("other-loader", { ...backedUp, password: secret("p") }))).rejects.toThrow(
      /kdf-plaintext-credentials cannot tell whether the credentials of .*other-loader are Pulumi secrets.*"kinesis-guard-secret-inputs".*"remediate"/s,
    );
    // "all" lowers every policy, the noting one too; naming it again after "all" restores it.
    await pack.configure({ "kinesis-guard-secret-inputs": { enforcementLevel: "mandatory" } });
    await expect(analyzeAsEngine(pack, redshift("third-loader", { ...backedUp, password: secret("p") }))).rejects.toThrow(/cannot tell whether/);
    await pack.configure({ "kinesis-guard-secret-inputs": { enforcementLevel: "remediate" } });
    expect(await analyzeAsEngine(pack, redshift("third-loader", { ...backedUp, password: secret("p") }))).toEqual([]);
    // A note serves the one Analyze after its remediation pass, never a later one.
    const once = redshift("fourth-loader", { ...backedUp, password: secret("p") });
    await pack.remediate(once);
    expect(await pack.analyze(once)).toEqual([]);
    await expect(pack.analyze(once)).rejects.toThrow(/cannot tell whether/);
    // No credential: nothing to judge, nothing to fail, with or without the remediation pass.
    const noPassword = redshift("no-password", backedUp);
    delete (noPassword.properties.redshiftConfiguration as Record<string, unknown>).password;
    expect(await pack.analyze(noPassword)).toEqual([]);
    await pack.configure({});
  });

  it("values unknown during preview give no violation and no 'can't run' diagnostic", async () => {
    await pack.configure({});
    const diags = await pack.analyze(stream("customer-events", { encryptionType: UNKNOWN_STRING, tags: UNKNOWN_STRING }));
    expect(diags).toEqual([]);
    const ds = await analyzeAsEngine(pack, redshift("loader", { s3BackupMode: UNKNOWN_STRING }));
    expect(ds).toEqual([]);
  });

  it("matches an alarm whose dimension is unknown through propertyDependencies", async () => {
    await pack.configure({});
    const s = stream("orders", { arn: UNKNOWN_STRING, name: UNKNOWN_STRING, encryptionType: "KMS", tags: { Tier: "tier-3" } });
    const alarm = (metricName: string, deps: string[]): AnalyzerInput => ({
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      name: `a-${metricName}`,
      urn: urn("aws:cloudwatch/metricAlarm:MetricAlarm", `a-${metricName}`),
      properties: { namespace: "AWS/Kinesis", metricName, dimensions: { StreamName: UNKNOWN_STRING } },
      propertyDependencies: { dimensions: deps },
    });
    const covered = await pack.analyzeStack([s, alarm("GetRecords.IteratorAgeMilliseconds", [s.urn]), alarm("WriteProvisionedThroughputExceeded", [s.urn])]);
    expect(covered.filter((d) => d.policyName === "kds-alarms")).toEqual([]);
    const uncovered = await pack.analyzeStack([s]);
    expect(uncovered.map((d) => d.policyName)).toEqual(["kds-alarms"]);
  });

  it("rejects a bad --policy-pack-config with a message naming the policy, key and allowed values", async () => {
    await pack.configure({ "kds-encryption": { appliesTo: "everything" } });
    await expect(pack.analyze(stream("pii-events", {}))).rejects.toThrow(/kds-encryption\.appliesTo.*"everything".*allowed values/s);
    await pack.configure({ "kdf-small-buffers": { minBufferSizeMB: 8 } });
    await expect(pack.analyze(redshift("loader", {}))).rejects.toThrow(/unknown key "kdf-small-buffers.minBufferSizeMB" \(did you mean "minBufferSizeMb"\?\)/);
    await pack.configure({});
  });
});

describe("Remediate", () => {
  it("returns the fixed props for remediable policies and keeps secrets secret", async () => {
    await pack.configure({
      "kds-encryption": { enforcementLevel: "remediate" },
      "kds-enhanced-monitoring": { enforcementLevel: "remediate" },
      "kdf-small-buffers": { enforcementLevel: "remediate" },
      "kdf-encryption": { enforcementLevel: "remediate" },
    });
    const byName = (p: CapturedProgram, n: string) => asInput(p.resources.find((r) => r.name === n)!, "inputs");

    const payments = await pack.remediate(byName(nonCompliant, "payments-stream"));
    expect(payments.map((r) => r.policyName)).toEqual(["kds-encryption"]);
    expect(payments[0]!.properties).toMatchObject({ encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis", shardCount: 4 });

    const events = await pack.remediate(byName(nonCompliant, "events-stream"));
    expect(events.map((r) => r.policyName)).toEqual(["kds-enhanced-monitoring"]);
    expect(events[0]!.properties?.shardLevelMetrics).toEqual(["IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"]);

    const direct = await pack.remediate(byName(nonCompliant, "orders-direct"));
    expect(direct.map((r) => r.policyName).sort()).toEqual(["kdf-encryption", "kdf-small-buffers"]);
    const last = direct[direct.length - 1]!.properties!;
    expect(last).toMatchObject({
      serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      extendedS3Configuration: { bufferingSize: 5, bufferingInterval: 300 },
    });

    // A remediated resource keeps its other secrets secret (the SDK re-wraps them).
    const loader = await pack.remediate({
      type: FIREHOSE,
      name: "loader",
      urn: urn(FIREHOSE, "loader"),
      properties: {
        name: "loader",
        destination: "redshift",
        redshiftConfiguration: { password: secret("p"), s3Configuration: { roleArn: "r", bucketArn: "b", bufferingSize: 1, bufferingInterval: 60 } },
      },
    });
    expect(loader.map((r) => r.policyName)).toEqual(["kdf-small-buffers"]); // "loader" is not sensitive: no SSE fix
    expect(loader[0]!.properties).toMatchObject({
      redshiftConfiguration: { password: secret("p"), s3Configuration: { bufferingSize: 5, bufferingInterval: 300 } },
    });

    // The engine analyzes the remediated inputs; the secret stays visible to kdf-plaintext-credentials.
    const remediated = await analyzeAsEngine(pack, {
      type: FIREHOSE,
      name: "loader",
      urn: urn(FIREHOSE, "loader"),
      properties: { name: "loader", destination: "redshift", redshiftConfiguration: secret({ password: "p", s3Configuration: { roleArn: "r", bucketArn: "b", bufferingSize: 1, bufferingInterval: 60 } }) },
    });
    expect(remediated.filter((d) => d.policyName === "kdf-plaintext-credentials")).toEqual([]);

    // A compliant resource needs no remediation.
    expect(await pack.remediate(byName(compliant, "orders-stream"))).toEqual([]);
    await pack.configure({});
  });
});
