/** Static and stack rules together: the alarm rules side by side, and evaluateInventory. Tests of one rule sit in rules/<id>/rule.test.ts. */
import { describe, expect, it } from "vitest";
import { evaluateInventory } from "../../rules/index";
import { kdsAlarms } from "../../rules/kds-alarms/rule";
import { kdfAlarms } from "../../rules/kdf-alarms/rule";
import { pricingFor } from "../../rules/pricing";
import { S3, T, UNKNOWN_STRING, alarm, ctx, firehose, inventory, stream } from "./fixtures";

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
