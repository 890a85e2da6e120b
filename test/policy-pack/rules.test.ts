import { describe, expect, it } from "vitest";
import { evaluateInventory } from "../../rules/index";
import { kdsEncryption } from "../../rules/kds-encryption/rule";
import { kdsEnhancedMonitoring } from "../../rules/kds-enhanced-monitoring/rule";
import { kdsRetention } from "../../rules/kds-retention/rule";
import { kdfSmallBuffers } from "../../rules/kdf-small-buffers/rule";
import { kdfNoTransformation } from "../../rules/kdf-no-transformation/rule";
import { kdfS3Backup } from "../../rules/kdf-s3-backup/rule";
import { kdfEncryption } from "../../rules/kdf-encryption/rule";
import { kdfPlaintextCredentials } from "../../rules/kdf-plaintext-credentials/rule";
import { kdsAlarms } from "../../rules/kds-alarms/rule";
import { kdfAlarms } from "../../rules/kdf-alarms/rule";
import { kdfEncryptionSource } from "../../rules/kdf-encryption/source-stream";
import { kdfVpcEndpoint } from "../../rules/kdf-vpc-endpoint/rule";
import { kdsCrossRegion } from "../../rules/kds-cross-region/rule";
import { pricingFor } from "../../rules/pricing";
import { LAMBDA, S3, T, UNKNOWN_STRING, alarm, ctx, endpoint, firehose, inventory, stream, urn } from "./fixtures";

const SENSITIVE = { DataClassification: "pii", Tier: "tier-3" };
const CRITICAL = { DataClassification: "public", Tier: "tier-1" };

describe("kds-encryption", () => {
  it("flags a sensitive stream left at the default NONE, with the exact issue, severity and property", () => {
    const [f, ...rest] = kdsEncryption(stream("s", { tags: SENSITIVE }), ctx("kds-encryption"));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: "kds-encryption", issue: "No Encryption", severity: "high", property: "encryptionType", found: '"NONE"', expected: '"KMS"' });
    expect(f!.details).toContain('Stream "s"');
  });
  it("ignores non-sensitive streams unless appliesTo is all; honours the exemption tag", () => {
    expect(kdsEncryption(stream("clicks", { tags: { DataClassification: "public" } }), ctx("kds-encryption"))).toEqual([]);
    expect(kdsEncryption(stream("clicks", {}), ctx("kds-encryption", { appliesTo: "all" }))).toHaveLength(1);
    expect(kdsEncryption(stream("s", { tags: { ...SENSITIVE, "kinesis-guard:exempt": "kds-encryption" } }), ctx("kds-encryption"))).toEqual([]);
  });
  it("requires a customer-managed key only when configured", () => {
    const s = stream("s", { tags: SENSITIVE, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
    expect(kdsEncryption(s, ctx("kds-encryption"))).toEqual([]);
    expect(kdsEncryption(s, ctx("kds-encryption", { requireCustomerManagedKey: true })).map((f) => f.property)).toEqual(["kmsKeyId"]);
    const cmk = stream("s", { tags: SENSITIVE, encryptionType: "KMS", kmsKeyId: "arn:aws:kms:us-east-1:1:key/abc" });
    expect(kdsEncryption(cmk, ctx("kds-encryption", { requireCustomerManagedKey: true }))).toEqual([]);
  });
  it("gives no finding when the encryption type or the tags are unknown", () => {
    expect(kdsEncryption(stream("s", { tags: SENSITIVE, encryptionType: UNKNOWN_STRING }), ctx("kds-encryption"))).toEqual([]);
    expect(kdsEncryption(stream("s", { tags: UNKNOWN_STRING }), ctx("kds-encryption"))).toEqual([]);
  });
});

describe("kds-enhanced-monitoring", () => {
  it("lists the missing required metrics of a critical stream and the added cost", () => {
    const [f] = kdsEnhancedMonitoring(stream("s", { tags: CRITICAL, shardCount: 3, shardLevelMetrics: ["IncomingBytes"] }), ctx("kds-enhanced-monitoring"));
    expect(f?.data).toEqual({ addedMonthlyCostUsd: 2.7, missingMetrics: ["IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"] });
  });
  it("accepts ALL and ignores non-critical streams", () => {
    expect(kdsEnhancedMonitoring(stream("s", { tags: CRITICAL, shardLevelMetrics: ["ALL"] }), ctx("kds-enhanced-monitoring"))).toEqual([]);
    expect(kdsEnhancedMonitoring(stream("s", { tags: { Tier: "tier-3" } }), ctx("kds-enhanced-monitoring"))).toEqual([]);
  });
});

describe("kds-retention", () => {
  it("flags >= 168 h with the saving $0.020 x shards x 730", () => {
    const [f] = kdsRetention(stream("s", { shardCount: 4, retentionPeriod: 168 }), ctx("kds-retention"));
    expect(f?.monthlyImpactUsd).toBe(58.4);
    expect(f?.found).toBe("168 h");
  });
  it("gives no saving on on-demand streams, and no finding below the threshold, when justified, or unknown", () => {
    const od = kdsRetention(stream("s", { retentionPeriod: 200, streamModeDetails: { streamMode: "ON_DEMAND" } }), ctx("kds-retention"));
    expect(od).toHaveLength(1);
    expect(od[0]!.monthlyImpactUsd).toBeUndefined();
    expect(kdsRetention(stream("s", { shardCount: 1, retentionPeriod: 167 }), ctx("kds-retention"))).toEqual([]);
    expect(kdsRetention(stream("s", { retentionPeriod: 168, tags: { retentionjustification: "audit" } }), ctx("kds-retention"))).toEqual([]);
    expect(kdsRetention(stream("s", { retentionPeriod: UNKNOWN_STRING }), ctx("kds-retention"))).toEqual([]);
  });
});

describe("kdf-small-buffers", () => {
  const s3 = (size?: number, interval?: number) =>
    firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, bufferingSize: size, bufferingInterval: interval } });
  it("needs both size and interval below the minimums; estimates PUTs from the interval alone", () => {
    const [f] = kdfSmallBuffers(s3(1, 60), ctx("kdf-small-buffers"));
    expect(f?.data).toMatchObject({ estimatedPutsPerMonth: 43200, recommendedPutsPerMonth: 8640 });
    expect(f?.monthlyImpactUsd).toBe(0.17); // (43,200 - 8,640) / 1000 x $0.005
    expect(kdfSmallBuffers(s3(1, 300), ctx("kdf-small-buffers"))).toEqual([]);
    expect(kdfSmallBuffers(s3(5, 60), ctx("kdf-small-buffers"))).toEqual([]);
    expect(kdfSmallBuffers(s3(), ctx("kdf-small-buffers"))).toEqual([]);
  });
  it("respects Splunk's limits (defaults 5 MB / 60 s are the maximum) and flags Snowflake's 1 MB / 0 s defaults", () => {
    expect(kdfSmallBuffers(firehose("sp", { destination: "splunk", splunkConfiguration: { s3Configuration: S3 } }), ctx("kdf-small-buffers"))).toEqual([]);
    const sp = kdfSmallBuffers(firehose("sp", { destination: "splunk", splunkConfiguration: { s3Configuration: S3, bufferingSize: 1, bufferingInterval: 10 } }), ctx("kdf-small-buffers"));
    expect(sp[0]?.expected).toBe(">= 5 MB or >= 60 s");
    const sf = kdfSmallBuffers(firehose("sf", { destination: "snowflake", snowflakeConfiguration: { s3Configuration: S3 } }), ctx("kdf-small-buffers"));
    expect(sf[0]?.data?.estimatedPutsPerMonth).toBeUndefined();
  });
  it("gives no finding when a hint is unknown", () => {
    expect(kdfSmallBuffers(firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, bufferingSize: 1, bufferingInterval: UNKNOWN_STRING } }), ctx("kdf-small-buffers"))).toEqual([]);
  });
});

describe("kdf-no-transformation", () => {
  it("flags a raw-data stream without an enabled Lambda processor, naming the destination block", () => {
    const [f] = kdfNoTransformation(firehose("raw-f", { destination: "http_endpoint", httpEndpointConfiguration: { s3Configuration: S3 } }), ctx("kdf-no-transformation"));
    expect(f?.property).toBe("httpEndpointConfiguration.processingConfiguration");
    expect(kdfNoTransformation(firehose("f", { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: LAMBDA } }), ctx("kdf-no-transformation"))).toEqual([]);
  });
});

describe("kdf-s3-backup, per destination", () => {
  const check = (destination: string, key: string, block: Record<string, unknown>, cfg?: Record<string, unknown>) =>
    kdfS3Backup(firehose("f", { destination, [key]: block }), ctx("kdf-s3-backup", cfg)).map((f) => f.property);
  it("Redshift needs s3BackupMode Enabled", () => {
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3 })).toEqual(["redshiftConfiguration.s3BackupMode"]);
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3, s3BackupMode: "Disabled" })).toHaveLength(1);
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3, s3BackupMode: "Enabled", s3BackupConfiguration: S3 })).toEqual([]);
  });
  it("OpenSearch, Elasticsearch, OpenSearch Serverless, Splunk and HTTP back up failed records in both modes", () => {
    for (const [dest, key, modes] of [
      ["opensearch", "opensearchConfiguration", ["FailedDocumentsOnly", "AllDocuments"]],
      ["elasticsearch", "elasticsearchConfiguration", ["FailedDocumentsOnly", "AllDocuments"]],
      ["opensearchserverless", "opensearchserverlessConfiguration", ["FailedDocumentsOnly", "AllDocuments"]],
      ["splunk", "splunkConfiguration", ["FailedEventsOnly", "AllEvents"]],
      ["http_endpoint", "httpEndpointConfiguration", ["FailedDataOnly", "AllData"]],
    ] as const) {
      for (const m of modes) expect(check(dest, key, { s3Configuration: S3, s3BackupMode: m }), `${dest} ${m}`).toEqual([]);
      expect(check(dest, key, {}), `${dest} without s3Configuration`).toEqual([`${key}.s3BackupMode`]);
    }
  });
  it("S3 destinations and destinations outside the configured list are not judged", () => {
    expect(check("extended_s3", "extendedS3Configuration", S3)).toEqual([]);
    expect(check("redshift", "redshiftConfiguration", { s3Configuration: S3 }, { destinations: ["splunk"] })).toEqual([]);
  });
});

describe("kdf-encryption", () => {
  it("judges DirectPut streams only; Kinesis-sourced ones are left to the stack rule", () => {
    const tags = { DataClassification: "confidential" };
    expect(kdfEncryption(firehose("f", { destination: "extended_s3", tags }), ctx("kdf-encryption")).map((f) => f.property)).toEqual(["serverSideEncryption.enabled"]);
    const sourced = firehose("f", { destination: "extended_s3", tags, kinesisSourceConfiguration: { kinesisStreamArn: "a", roleArn: "r" } });
    expect(kdfEncryption(sourced, ctx("kdf-encryption"))).toEqual([]);
    const aws = firehose("f", { destination: "extended_s3", tags, serverSideEncryption: { enabled: true } });
    expect(kdfEncryption(aws, ctx("kdf-encryption"))).toEqual([]);
    expect(kdfEncryption(aws, ctx("kdf-encryption", { requireCustomerManagedKey: true })).map((f) => f.property)).toEqual(["serverSideEncryption.keyType"]);
  });
  it("judges a Kinesis-sourced stream by its source, found by ref or by ARN", () => {
    const arn = "arn:aws:kinesis:us-east-1:1:stream/src";
    const plain = stream("src", { arn, tags: { Tier: "tier-3" } });
    const encrypted = stream("src", { arn, encryptionType: "KMS", tags: { Tier: "tier-3" } });
    const byArn = firehose("f", { destination: "extended_s3", tags: { DataClassification: "pii" }, kinesisSourceConfiguration: { kinesisStreamArn: arn, roleArn: "r" } });
    expect(kdfEncryptionSource(inventory({ streams: [plain], deliveryStreams: [byArn] }), ctx("kdf-encryption")).map((f) => f.resource.displayName)).toEqual(["f"]);
    expect(kdfEncryptionSource(inventory({ streams: [encrypted], deliveryStreams: [byArn] }), ctx("kdf-encryption"))).toEqual([]);
    const byRef = firehose(
      "g",
      { destination: "extended_s3", tags: { DataClassification: "pii" }, kinesisSourceConfiguration: { kinesisStreamArn: UNKNOWN_STRING, roleArn: "r" } },
      { kinesisSourceConfiguration: [{ urn: plain.id.ref, type: T.stream }] },
    );
    expect(kdfEncryptionSource(inventory({ streams: [plain], deliveryStreams: [byRef] }), ctx("kdf-encryption"))).toHaveLength(1);
    // Source outside the stack: cannot judge.
    expect(kdfEncryptionSource(inventory({ deliveryStreams: [byArn] }), ctx("kdf-encryption"))).toEqual([]);
  });
});

describe("kdf-plaintext-credentials", () => {
  it("reports each plaintext credential field", () => {
    const f = firehose("f", { destination: "http_endpoint", httpEndpointConfiguration: { s3Configuration: S3, accessKey: "k" } });
    expect(kdfPlaintextCredentials(f, ctx("kdf-plaintext-credentials")).map((x) => x.property)).toEqual(["httpEndpointConfiguration.accessKey"]);
  });
});

describe("kds-alarms and kdf-alarms", () => {
  const s = stream("orders", { arn: "arn:aws:kinesis:us-east-1:1:stream/orders" });
  const kdsAlarm = (name: string, metricName: string, dims: Record<string, unknown>, deps: string[] = [], region?: string) =>
    alarm(name, { namespace: "AWS/Kinesis", metricName, dimensions: dims, ...(region ? { region } : {}) }, { dimensions: deps.map((u) => ({ urn: u, type: T.stream })) });
  it("reports the missing metrics, most important first", () => {
    const inv = inventory({ streams: [s], alarms: [kdsAlarm("a", "WriteProvisionedThroughputExceeded", { StreamName: "orders" })] });
    const [f] = kdsAlarms(inv, ctx("kds-alarms"));
    expect(f?.data).toEqual({ missingMetrics: ["GetRecords.IteratorAgeMilliseconds"] });
  });
  it("matches by dimension value, or through dependsOn when the value is unknown", () => {
    const byValue = [kdsAlarm("a", "GetRecords.IteratorAgeMilliseconds", { StreamName: "orders" }), kdsAlarm("b", "WriteProvisionedThroughputExceeded", { StreamName: "orders" })];
    expect(kdsAlarms(inventory({ streams: [s], alarms: byValue }), ctx("kds-alarms"))).toEqual([]);
    const byDeps = [
      kdsAlarm("a", "GetRecords.IteratorAgeMilliseconds", { StreamName: UNKNOWN_STRING }, [s.id.ref]),
      kdsAlarm("b", "WriteProvisionedThroughputExceeded", { StreamName: UNKNOWN_STRING }, [s.id.ref]),
    ];
    expect(kdsAlarms(inventory({ streams: [s], alarms: byDeps }), ctx("kds-alarms"))).toEqual([]);
  });
  it("does not count an alarm on another stream or in another region", () => {
    const other = [kdsAlarm("a", "GetRecords.IteratorAgeMilliseconds", { StreamName: "payments" }), kdsAlarm("b", "WriteProvisionedThroughputExceeded", { StreamName: "orders" }, [], "eu-west-1")];
    expect(kdsAlarms(inventory({ streams: [s], alarms: other }), ctx("kds-alarms"))[0]?.data).toEqual({
      missingMetrics: ["GetRecords.IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"],
    });
  });
  it("cannot judge a stream whose name is unknown while alarms on the metric exist; flags it when none exist", () => {
    const unnamed = stream("orders", { name: UNKNOWN_STRING });
    const alarms = [kdsAlarm("a", "GetRecords.IteratorAgeMilliseconds", { StreamName: "x" }), kdsAlarm("b", "WriteProvisionedThroughputExceeded", { StreamName: "x" })];
    expect(kdsAlarms(inventory({ streams: [unnamed], alarms }), ctx("kds-alarms"))).toEqual([]);
    expect(kdsAlarms(inventory({ streams: [unnamed] }), ctx("kds-alarms"))).toHaveLength(1);
  });
  it("counts a metric-math alarm on any DeliveryTo<X>.Success or DataFreshness metric", () => {
    const ds = firehose("loader", { destination: "redshift", redshiftConfiguration: { s3Configuration: S3 } });
    const math = alarm("m", {
      metricQueries: [
        { id: "e", expression: "1 - s" },
        { id: "s", metric: { namespace: "AWS/Firehose", metricName: "DeliveryToRedshift.Success", dimensions: { DeliveryStreamName: "loader" } } },
      ],
    });
    expect(kdfAlarms(inventory({ deliveryStreams: [ds], alarms: [math] }), ctx("kdf-alarms"))).toEqual([]);
    const wrongNs = alarm("w", { namespace: "AWS/KinesisFirehose", metricName: "DeliveryToRedshift.Success", dimensions: { DeliveryStreamName: "loader" } });
    const [f] = kdfAlarms(inventory({ deliveryStreams: [ds], alarms: [wrongNs] }), ctx("kdf-alarms"));
    expect(f?.expected).toBe("an alarm on DeliveryToRedshift.Success or DeliveryToRedshift.DataFreshness");
  });
});

describe("kdf-vpc-endpoint", () => {
  const ds = firehose("search", {
    destination: "opensearch",
    opensearchConfiguration: { s3Configuration: S3, vpcConfig: { vpcId: "vpc-1", subnetIds: ["subnet-1"], securityGroupIds: [], roleArn: "r" } },
  });
  it("wants an S3 gateway endpoint in the delivery VPC", () => {
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [ds] }), ctx("kdf-vpc-endpoint")).map((f) => f.property)).toEqual(["opensearchConfiguration.vpcConfig.vpcId"]);
    const gw = endpoint("gw", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3" });
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [ds], vpcEndpoints: [gw] }), ctx("kdf-vpc-endpoint"))).toEqual([]);
    const elsewhere = endpoint("gw", { vpcId: "vpc-2", serviceName: "com.amazonaws.us-east-1.s3" });
    const iface = endpoint("if", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Interface" });
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [ds], vpcEndpoints: [elsewhere, iface] }), ctx("kdf-vpc-endpoint"))).toHaveLength(1);
  });
  it("matches through the VPC resource while ids are unknown", () => {
    const vpcUrn = urn(T.vpc, "v");
    const pending = firehose(
      "search",
      { destination: "opensearch", opensearchConfiguration: { s3Configuration: S3, vpcConfig: { vpcId: UNKNOWN_STRING, subnetIds: [], securityGroupIds: [], roleArn: "r" } } },
      { opensearchConfiguration: [{ urn: vpcUrn, type: T.vpc }] },
    );
    const gw = endpoint("gw", { vpcId: UNKNOWN_STRING, serviceName: "com.amazonaws.us-east-1.s3" }, { vpcId: [{ urn: vpcUrn, type: T.vpc }] });
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [pending], vpcEndpoints: [gw] }), ctx("kdf-vpc-endpoint"))).toEqual([]);
    expect(kdfVpcEndpoint(inventory({ deliveryStreams: [pending] }), ctx("kdf-vpc-endpoint"))).toEqual([]); // vpc unknown: no verdict
  });
});

describe("kds-cross-region", () => {
  const primary = stream("orders", { arn: "arn:aws:kinesis:us-east-1:1:stream/orders", tags: CRITICAL });
  it("accepts a replica in a DR region by tag or by name suffix", () => {
    const byTag = stream("copy", { region: "us-west-2", arn: "arn:aws:kinesis:us-west-2:1:stream/copy", tags: { ReplicaOf: "orders" } });
    expect(kdsCrossRegion(inventory({ streams: [primary, byTag] }), ctx("kds-cross-region"))).toEqual([]);
    const byName = stream("orders-dr", { region: "us-west-2", arn: "arn:aws:kinesis:us-west-2:1:stream/orders-dr", tags: { Tier: "tier-3" } });
    expect(kdsCrossRegion(inventory({ streams: [primary, byName] }), ctx("kds-cross-region"))).toEqual([]);
  });
  it("does not count a replica in the same region or outside the DR regions; counts the live audit's drStreams", () => {
    const same = stream("orders-replica", { region: "us-east-1", arn: "arn:aws:kinesis:us-east-1:1:stream/orders-replica", tags: { Tier: "tier-3" } });
    const [f] = kdsCrossRegion(inventory({ streams: [primary, same] }), ctx("kds-cross-region"));
    expect(f?.found).toBe("replica streams only outside the DR regions");
    const dr = [{ region: "us-west-2", name: "orders-replica", tags: {} }];
    expect(kdsCrossRegion(inventory({ streams: [primary], drStreams: dr }), ctx("kds-cross-region"))).toEqual([]);
    expect(kdsCrossRegion(inventory({ streams: [primary], drStreams: dr }), ctx("kds-cross-region", { drRegions: ["eu-west-1"] }))).toHaveLength(1);
  });
  it("gives no verdict while another stream's tags are unknown", () => {
    const pending = stream("x", { tags: UNKNOWN_STRING });
    expect(kdsCrossRegion(inventory({ streams: [primary, pending] }), ctx("kds-cross-region"))).toEqual([]);
  });
});

describe("evaluateInventory", () => {
  it("runs static and stack rules with defaults for missing configs, and honours only()", () => {
    const s = stream("payments", { shardCount: 1 }); // sensitive and critical by name keyword
    const inv = inventory({ streams: [s] });
    const all = evaluateInventory(inv, { configs: {}, pricing: (r) => pricingFor(r) });
    expect(all.map((f) => f.ruleId).sort()).toEqual(["kds-alarms", "kds-cross-region", "kds-encryption", "kds-enhanced-monitoring"]);
    const only = evaluateInventory(inv, { configs: {}, pricing: (r) => pricingFor(r), only: (id) => id === "kds-encryption" });
    expect(only.map((f) => f.ruleId)).toEqual(["kds-encryption"]);
  });
});
