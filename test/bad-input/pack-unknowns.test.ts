/**
 * The pack never turns an unknown into a violation (issue 14, point 7): a processor list with an
 * element not known yet at preview, an alarm whose StreamName is unknown and tied to no stream by a
 * property dependency, an alarm whose metric itself is unknown. Each is checked on the rules through
 * the pack's adapter, through the pack as the engine drives it (Analyzer gRPC), and through `scan`
 * over a preview document. Precision is kept: an alarm tied to stream A does not cover stream B,
 * and metric-math alarms count for the metrics their queries read.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kdfNoTransformation } from "../../rules/kdf-no-transformation/rule";
import { kdsAlarms } from "../../rules/kds-alarms/rule";
import { kdfAlarms } from "../../rules/kdf-alarms/rule";
import { S3, T, UNKNOWN_STRING, alarm, ctx, firehose, inventory, stream, urn } from "../policy-pack/fixtures";
import { PackClient, type AnalyzerInput } from "../harness/analyzer";
import { runScan } from "../../live-checks/cli/scan";

const ROOT = path.resolve(__dirname, "../..");
const KDS_METRICS = ["GetRecords.IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"];
const kinesisAlarm = (name: string, metricName: string, dims: unknown, deps: string[] = []) =>
  alarm(name, { namespace: "AWS/Kinesis", metricName, dimensions: dims }, deps.length ? { dimensions: deps.map((u) => ({ urn: u, type: T.stream })) } : {});
const unknownProcessors = { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: { enabled: true, processors: [UNKNOWN_STRING] } } };

describe("rules through the pack's adapter", () => {
  it("processors: [<unknown>] is not 'no transformation'", () => {
    // Raw-looking names: kdf-no-transformation judges only those by default (issue 11), so both
    // cases below reach the processors check.
    const d = firehose("raw-f", unknownProcessors);
    expect(kdfNoTransformation(d, ctx("kdf-no-transformation"))).toEqual([]);
    // control: a known empty list is judged
    const none = firehose("raw-g", { destination: "extended_s3", extendedS3Configuration: { ...S3, processingConfiguration: { enabled: true, processors: [] } } });
    expect(kdfNoTransformation(none, ctx("kdf-no-transformation")).map((f) => f.ruleId)).toEqual(["kdf-no-transformation"]);
  });

  it("an alarm whose StreamName is unknown and depends on no stream may be any stream's: no kds-alarms verdict", () => {
    const s = stream("orders");
    const alarms = KDS_METRICS.map((m, i) => kinesisAlarm(`a${i}`, m, { StreamName: UNKNOWN_STRING }));
    expect(kdsAlarms(inventory({ streams: [s], alarms }), ctx("kds-alarms"))).toEqual([]);
    // a whole dimensions map unknown, or the metric name unknown: the same
    const wholeMap = KDS_METRICS.map((m, i) => kinesisAlarm(`b${i}`, m, UNKNOWN_STRING));
    expect(kdsAlarms(inventory({ streams: [s], alarms: wholeMap }), ctx("kds-alarms"))).toEqual([]);
    const wildMetric = alarm("c", { namespace: "AWS/Kinesis", metricName: UNKNOWN_STRING, dimensions: { StreamName: "orders" } });
    expect(kdsAlarms(inventory({ streams: [s], alarms: [wildMetric] }), ctx("kds-alarms"))).toEqual([]);
    const unknownQueries = alarm("d", { metricQueries: UNKNOWN_STRING });
    expect(kdsAlarms(inventory({ streams: [s], alarms: [unknownQueries] }), ctx("kds-alarms"))).toEqual([]);
  });

  it("an alarm tied to stream A through its dependencies does not cover stream B; no alarm at all is still flagged", () => {
    const a = stream("a");
    const b = stream("b");
    const alarms = KDS_METRICS.map((m, i) => kinesisAlarm(`a${i}`, m, { StreamName: UNKNOWN_STRING }, [a.id.ref]));
    expect(kdsAlarms(inventory({ streams: [a, b], alarms }), ctx("kds-alarms")).map((f) => f.resource.displayName)).toEqual(["b"]);
    expect(kdsAlarms(inventory({ streams: [a] }), ctx("kds-alarms")).map((f) => f.resource.displayName)).toEqual(["a"]);
    // an alarm on another stream's known name does not cover this one
    const other = KDS_METRICS.map((m, i) => kinesisAlarm(`o${i}`, m, { StreamName: "other" }));
    expect(kdsAlarms(inventory({ streams: [a], alarms: other }), ctx("kds-alarms")).map((f) => f.resource.displayName)).toEqual(["a"]);
  });

  it("kdf-alarms: an unknown DeliveryStreamName tied to no delivery stream gives no verdict", () => {
    const d = firehose("f", { destination: "extended_s3", extendedS3Configuration: S3 });
    const a = alarm("x", { namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: { DeliveryStreamName: UNKNOWN_STRING } });
    expect(kdfAlarms(inventory({ deliveryStreams: [d], alarms: [a] }), ctx("kdf-alarms"))).toEqual([]);
    expect(kdfAlarms(inventory({ deliveryStreams: [d] }), ctx("kdf-alarms")).map((f) => f.ruleId)).toEqual(["kdf-alarms"]);
  });

  it("metric-math alarms count for the metrics their queries read", () => {
    const s = stream("orders");
    const math = (name: string, metricName: string) =>
      alarm(name, {
        metricQueries: [
          { id: "e1", expression: "m1 * 1", label: "scaled", returnData: true },
          { id: "m1", metric: { namespace: "AWS/Kinesis", metricName, dimensions: { StreamName: "orders" }, stat: "Sum", period: 300 } },
        ],
      });
    expect(kdsAlarms(inventory({ streams: [s], alarms: KDS_METRICS.map((m, i) => math(`m${i}`, m)) }), ctx("kds-alarms"))).toEqual([]);
    const d = firehose("f", { destination: "extended_s3", extendedS3Configuration: S3 });
    const fh = alarm("fm", { metricQueries: [{ id: "m1", returnData: true, metric: { namespace: "AWS/Firehose", metricName: "DeliveryToS3.Success", dimensions: { DeliveryStreamName: "f" }, stat: "Average", period: 300 } }] });
    expect(kdfAlarms(inventory({ deliveryStreams: [d], alarms: [fh] }), ctx("kdf-alarms"))).toEqual([]);
  });
});

describe("the pack as the engine drives it", () => {
  let pack: PackClient;
  beforeAll(async () => {
    pack = await PackClient.start(ROOT);
    await pack.configureStack();
    await pack.configure({});
  }, 120_000);
  afterAll(async () => pack?.close());
  const res = (type: string, name: string, properties: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): AnalyzerInput => ({
    type,
    name,
    urn: urn(type, name),
    properties,
    ...(propertyDependencies ? { propertyDependencies } : {}),
  });

  it("Analyze: processors: [<unknown>] gives no kdf-no-transformation violation", async () => {
    const diags = await pack.analyze(res(T.firehose, "f", { name: "f", ...unknownProcessors }));
    expect(diags.map((d) => d.policyName)).not.toContain("kdf-no-transformation");
  });

  it("AnalyzeStack: alarms with an unknown StreamName and no dependency give no kds-alarms violation", async () => {
    const s = res(T.stream, "orders", { name: "orders", shardCount: 1, arn: UNKNOWN_STRING });
    const alarms = KDS_METRICS.map((m, i) => res(T.alarm, `a${i}`, { namespace: "AWS/Kinesis", metricName: m, dimensions: { StreamName: UNKNOWN_STRING } }, { dimensions: [urn("random:index/randomPet:RandomPet", "n")] }));
    const diags = await pack.analyzeStack([s, ...alarms]);
    expect(diags.map((d) => d.policyName)).not.toContain("kds-alarms");
    // control: without the alarms the stream is flagged
    expect((await pack.analyzeStack([s])).map((d) => d.policyName)).toContain("kds-alarms");
  });
});

describe("scan over a preview document", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kg-unknowns-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const step = (type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}) => ({
    op: "create",
    urn: urn(type, name),
    newState: { urn: urn(type, name), type, custom: true, inputs, outputs: {}, propertyDependencies },
  });

  it("no kdf-no-transformation and no kds-alarms finding from unknowns", async () => {
    const preview = {
      config: { "aws:region": "us-east-1" },
      steps: [
        step(T.stream, "orders", { name: "orders", shardCount: 1 }),
        step(T.firehose, "f", { name: "f", ...unknownProcessors }),
        ...KDS_METRICS.map((m, i) => step(T.alarm, `a${i}`, { namespace: "AWS/Kinesis", metricName: m, dimensions: { StreamName: UNKNOWN_STRING } })),
      ],
    };
    const file = path.join(dir, "preview.json");
    writeFileSync(file, JSON.stringify(preview));
    const r = await runScan({ file, outDir: path.join(dir, "out"), formats: ["json"], env: {} });
    const ids = r.report.findings.map((f) => `${f.ruleId} ${f.resource.displayName}`);
    expect(ids).not.toContain("kdf-no-transformation f");
    expect(ids).not.toContain("kds-alarms orders");
    expect(ids).toContain("kdf-alarms f"); // a delivery stream with no alarm at all is still flagged
  });
});
