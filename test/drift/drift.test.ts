import { describe, expect, it } from "vitest";
import { detectDrift, scopeSnapshotToStack } from "../../live-checks/drift";
import { normalizeKmsKey } from "../../live-checks/drift/compare";
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type Snapshot } from "../../live-checks/snapshot";
import type { DeliveryStreamConfig, Inventory, StreamConfig } from "../../rules/model";
import { UNKNOWN } from "../../rules/model";

const ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/orders-1a2b";
const FH_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders-to-s3";

function stream(over: Partial<StreamConfig> = {}): StreamConfig {
  return {
    kind: "stream",
    id: { ref: "urn:pulumi:dev::shop::aws:kinesis/stream:Stream::orders", displayName: "orders", type: "aws:kinesis/stream:Stream" },
    name: "orders-1a2b",
    arn: ARN,
    region: "us-east-1",
    mode: "PROVISIONED",
    shardCount: 2,
    retentionHours: 24,
    encryptionType: "KMS",
    kmsKeyId: "alias/aws/kinesis",
    shardLevelMetrics: ["IncomingBytes", "IncomingRecords"],
    tags: { team: "data", "pulumi:project": "shop", "pulumi:stack": "dev" },
    ...over,
  };
}
const liveOf = (s: StreamConfig, over: Partial<StreamConfig> = {}): StreamConfig => ({
  ...s,
  id: { ref: String(s.arn), displayName: String(s.name), type: "aws:kinesis/stream:Stream" },
  ...over,
});

function delivery(over: Partial<DeliveryStreamConfig> = {}): DeliveryStreamConfig {
  return {
    kind: "deliveryStream",
    id: { ref: "urn:pulumi:dev::shop::aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream::to-s3", displayName: "to-s3", type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" },
    name: "orders-to-s3",
    arn: FH_ARN,
    region: "us-east-1",
    destination: "extended_s3",
    source: { type: "KinesisStreamAsSource", streamArn: ARN },
    buffering: { sizeMb: 64, intervalSeconds: 300 },
    lambdaProcessor: true,
    lambdaArns: ["arn:aws:lambda:us-east-1:123456789012:function:transform"],
    s3BackupMode: "Disabled",
    backsUpFailedRecordsToS3: false,
    sse: { enabled: false, keyType: undefined, keyArn: undefined },
    credentials: [],
    tags: { team: "data" },
    ...over,
  };
}
const liveDelivery = (d: DeliveryStreamConfig, over: Partial<DeliveryStreamConfig> = {}): DeliveryStreamConfig => ({
  ...d,
  id: { ref: String(d.arn), displayName: String(d.name), type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" },
  ...over,
});

function inv(streams: StreamConfig[], deliveryStreams: DeliveryStreamConfig[] = []): Inventory {
  return { streams, deliveryStreams, consumers: [], alarms: [], vpcEndpoints: [] };
}
function snap(streams: StreamConfig[], deliveryStreams: DeliveryStreamConfig[] = [], over: Partial<Snapshot> = {}): Snapshot {
  return {
    kind: SNAPSHOT_KIND,
    version: SNAPSHOT_VERSION,
    toolVersion: "test",
    collectedAt: "2026-01-08T00:00:00Z",
    window: { start: 0, end: 7 * 86400, days: 7 },
    regions: ["us-east-1"],
    streams,
    consumers: [],
    deliveryStreams,
    alarms: [],
    vpcEndpoints: [],
    metrics: [],
    drStreams: [],
    skipped: [],
    collection: { calls: {}, retries: {}, errors: [], complete: true, durationMs: 1 },
    ...over,
  };
}

describe("detectDrift", () => {
  it("no differences, no findings; the match is recorded", () => {
    const s = stream();
    const d = delivery();
    const r = detectDrift(inv([s], [d]), snap([liveOf(s)], [liveDelivery(d)]), { project: "shop", stack: "dev" });
    expect(r.findings).toEqual([]);
    expect([...r.matched.entries()]).toEqual([
      [s.id.ref, ARN],
      [d.id.ref, FH_ARN],
    ]);
  });

  it("one finding per changed property, with both values and the fix", () => {
    const s = stream();
    const live = liveOf(s, { retentionHours: 72, encryptionType: "NONE", kmsKeyId: undefined });
    const r = detectDrift(inv([s]), snap([live]));
    expect(r.findings.map((f) => [f.ruleId, f.property, f.found, f.expected, f.severity])).toEqual([
      ["stack-drift", "encryptionType", "NONE", "KMS", "high"],
      ["stack-drift", "retentionPeriod", "72", "24", "medium"],
    ]);
    const ret = r.findings[1]!;
    expect(ret.resource.ref).toBe(ARN);
    expect(ret.details).toBe('Stream "orders-1a2b" (stack resource orders): retentionPeriod is 72 in AWS but 24 in the stack\'s deployed state (changed out of band).');
    expect(ret.remediation).toContain("`pulumi up`");
    expect(ret.remediation).toContain("`pulumi refresh`");
    expect(ret.remediation).toContain("aws kinesis decrease-stream-retention-period --stream-name orders-1a2b --retention-period-hours 24");
    expect(r.findings[0]!.remediation).toContain("aws kinesis start-stream-encryption --stream-name orders-1a2b --encryption-type KMS --key-id alias/aws/kinesis");
  });

  it("shard count, mode, shard-level metrics and tags", () => {
    const s = stream();
    const live = liveOf(s, { shardCount: 4, shardLevelMetrics: ["IncomingBytes", "OutgoingBytes"], tags: { ...(s.tags as object), team: "ops", extra: "1", "aws:cloudformation:stack-name": "x" } });
    const r = detectDrift(inv([s]), snap([live]));
    expect(r.findings.map((f) => f.property)).toEqual(["shardCount", "shardLevelMetrics", "tags"]);
    const [shards, metrics, tags] = r.findings;
    expect(shards!.remediation).toContain("aws kinesis update-shard-count --stream-name orders-1a2b --target-shard-count 2 --scaling-type UNIFORM_SCALING");
    expect(metrics!.found).toBe("[IncomingBytes, OutgoingBytes]");
    expect(metrics!.remediation).toContain("enable-enhanced-monitoring --stream-name orders-1a2b --shard-level-metrics IncomingRecords");
    expect(metrics!.remediation).toContain("disable-enhanced-monitoring --stream-name orders-1a2b --shard-level-metrics OutgoingBytes");
    // aws:* tags are AWS's own, not drift
    expect(tags!.found).toBe("extra=1, team=ops");
    expect(tags!.expected).toBe("extra=(absent), team=data");
    const modeChanged = detectDrift(inv([s]), snap([liveOf(s, { mode: "ON_DEMAND", shardCount: 4 })]));
    expect(modeChanged.findings.map((f) => f.property)).toEqual(["streamModeDetails.streamMode"]);
  });

  it("KMS keys named differently but equal are not drift; another key is", () => {
    expect(normalizeKmsKey("arn:aws:kms:us-east-1:123456789012:alias/aws/kinesis")).toBe("alias/aws/kinesis");
    expect(normalizeKmsKey("arn:aws:kms:us-east-1:123456789012:key/1234-abcd")).toBe("1234-abcd");
    const s = stream();
    expect(detectDrift(inv([s]), snap([liveOf(s, { kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/kinesis" })])).findings).toEqual([]);
    const other = detectDrift(inv([s]), snap([liveOf(s, { kmsKeyId: "alias/custom" })])).findings;
    expect(other.map((f) => [f.property, f.severity])).toEqual([["kmsKeyId", "high"]]);
  });

  it("delivery streams: buffering, processors, backup mode, destination, encryption", () => {
    const d = delivery();
    const live = liveDelivery(d, {
      buffering: { sizeMb: 1, intervalSeconds: 60 },
      lambdaProcessor: false,
      s3BackupMode: "Enabled",
      sse: { enabled: true, keyType: "AWS_OWNED_CMK", keyArn: undefined },
    });
    const r = detectDrift(inv([], [d]), snap([], [live]));
    expect(r.findings.map((f) => [f.property, f.found, f.expected])).toEqual([
      ["bufferingSize", "1", "64"],
      ["bufferingInterval", "60", "300"],
      ["processingConfiguration (Lambda processor enabled)", "false", "true"],
      ["s3BackupMode", "Enabled", "Disabled"],
      ["serverSideEncryption.enabled", "true", "false"],
    ]);
    const dest = detectDrift(inv([], [d]), snap([], [liveDelivery(d, { destination: "http_endpoint" })])).findings;
    expect(dest.map((f) => f.property)).toEqual(["destination"]);
  });

  it("unknown or unreadable (secret) values are not compared", () => {
    const s = stream({ retentionHours: UNKNOWN, tags: { team: "[secret]" } });
    const r = detectDrift(inv([s]), snap([liveOf(stream(), { retentionHours: 48, tags: { team: "ops" } })]));
    expect(r.findings).toEqual([]);
  });

  it("matches by name and region when the stack has no ARN", () => {
    const s = stream({ arn: undefined });
    const r = detectDrift(inv([s]), snap([liveOf(stream(), { retentionHours: 48 })]));
    expect(r.findings.map((f) => f.property)).toEqual(["retentionPeriod"]);
  });

  it("a stack resource missing in an audited region is a finding; elsewhere a note says why it was not checked", () => {
    const s = stream();
    const west = stream({ id: { ...stream().id, ref: "urn:west", displayName: "west" }, name: "west-1", arn: undefined, region: "us-west-2" });
    const skipped = stream({ id: { ...stream().id, ref: "urn:sk", displayName: "sk" }, name: "dev-stream", arn: undefined });
    const r = detectDrift(inv([s, west, skipped]), snap([], [], { skipped: [{ kind: "stream", name: "dev-stream", region: "us-east-1", reason: "name prefix dev-" }] }));
    expect(r.findings.map((f) => [f.ruleId, f.resource.displayName, f.severity])).toEqual([["stack-resource-missing", "orders-1a2b", "high"]]);
    expect(r.findings[0]!.details).toBe('Stream "orders-1a2b" (stack resource orders) is in the stack\'s state but does not exist in us-east-1.');
    expect(r.notes).toEqual([
      "west (west-1): region us-west-2 was not audited, so not compared",
      "sk (dev-stream): skipped by the audit's filters, so not compared",
    ]);
  });

  it("when listing the region failed, absence is not claimed", () => {
    const r = detectDrift(
      inv([stream()]),
      snap([], [], { collection: { calls: {}, retries: {}, errors: [{ api: "Kinesis.ListStreams", region: "us-east-1", message: "AccessDenied" }], complete: false, durationMs: 1 } }),
    );
    expect(r.findings).toEqual([]);
    expect(r.notes.join()).toMatch(/listing us-east-1 failed/);
  });

  it("a live stream tagged for the stack but not in it is unmanaged; other stacks' streams are not", () => {
    const mine = liveOf(stream({ name: "hand-made", arn: "arn:aws:kinesis:us-east-1:123456789012:stream/hand-made" }));
    const theirs = liveOf(stream({ name: "other", arn: "arn:aws:kinesis:us-east-1:123456789012:stream/other", tags: { "pulumi:project": "shop", "pulumi:stack": "prod" } }));
    const untagged = liveOf(stream({ name: "plain", arn: "arn:aws:kinesis:us-east-1:123456789012:stream/plain", tags: {} }));
    const s = stream();
    const r = detectDrift(inv([s]), snap([liveOf(s), mine, theirs, untagged]), { project: "shop", stack: "dev" });
    expect(r.findings.map((f) => [f.ruleId, f.resource.displayName])).toEqual([["stack-unmanaged-resource", "hand-made"]]);
    expect(r.findings[0]!.remediation).toContain("pulumi import aws:kinesis/stream:Stream hand-made hand-made");
  });
});

describe("scopeSnapshotToStack", () => {
  it("keeps only the stack's matched resources, their consumers, metrics and skipped entries", () => {
    const s = stream();
    const other = liveOf(stream({ name: "other", arn: "arn:aws:kinesis:us-east-1:1:stream/other" }));
    const snapshot = snap([liveOf(s), other], [], {
      consumers: [
        { kind: "consumer", id: { ref: "c1", displayName: "c1", type: "t" }, name: "c1", arn: "c1", streamArn: ARN },
        { kind: "consumer", id: { ref: "c2", displayName: "c2", type: "t" }, name: "c2", arn: "c2", streamArn: "arn:aws:kinesis:us-east-1:1:stream/other" },
      ],
      metrics: [
        { id: "a", region: "us-east-1", namespace: "AWS/Kinesis", metricName: "IncomingBytes", dimensions: { StreamName: "orders-1a2b" }, stat: "Sum", period: 3600, timestamps: [], values: [], status: "no-data" },
        { id: "b", region: "us-east-1", namespace: "AWS/Kinesis", metricName: "IncomingBytes", dimensions: { StreamName: "other" }, stat: "Sum", period: 3600, timestamps: [], values: [], status: "no-data" },
      ],
    });
    const { matched } = detectDrift(inv([s]), snapshot);
    const scoped = scopeSnapshotToStack(snapshot, matched, inv([s]));
    expect(scoped.streams.map((x) => x.name)).toEqual(["orders-1a2b"]);
    expect(scoped.consumers.map((c) => c.name)).toEqual(["c1"]);
    expect(scoped.metrics.map((m) => m.id)).toEqual(["a"]);
  });
});
