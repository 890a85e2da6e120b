/**
 * Quotas, fault injection and the awsQuery side of the simulator (boto3 itself drives it in
 * test/tools/boto3-simulator.tools.test.ts, which needs Debian's python3-boto3).
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DescribeStreamSummaryCommand, KinesisClient, LimitExceededException, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient, GetResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import { DescribeDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { parseXML } from "@aws-sdk/xml-builder";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { loadScenario, startSimulator, type SimulatorHandle, type SimulatorOptions } from "../../simulator/index";

const NOW = Date.parse("2026-01-10T00:00:00Z");
const scenario = loadScenario(join(__dirname, "../../simulator/scenarios/small-multi-region.json"));
let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
async function start(opts: Partial<SimulatorOptions> = {}): Promise<SimulatorHandle> {
  sim = await startSimulator({ scenario, clock: () => NOW, ...opts });
  return sim;
}
const config = (s: SimulatorHandle, maxAttempts = 1, region = "us-east-1") => ({
  endpoint: s.endpoint,
  region,
  credentials: { accessKeyId: "AKIDSIMULATOR", secretAccessKey: "secret" },
  requestHandler: new NodeHttpHandler({ requestTimeout: 5000 }),
  maxAttempts,
});

describe("quotas", () => {
  it("throttles past the bucket with the service's error (Kinesis: LimitExceededException)", async () => {
    const s = await start({ quotas: { "Kinesis.DescribeStreamSummary": 2 } });
    const kinesis = new KinesisClient(config(s));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "events-000" }))));
    const rejected = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(rejected).toHaveLength(4);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(LimitExceededException);
    expect(s.throttled()).toEqual({ "Kinesis.DescribeStreamSummary": 4 });
    expect(s.calls()).toEqual({ "Kinesis.DescribeStreamSummary": 6 });
  });

  it("with AWS defaults, the SDK's retries get through and the throttles are counted", async () => {
    const s = await start({ quotas: true });
    const kinesis = new KinesisClient(config(s, 10));
    // ListStreams: 5 TPS per account; 8 at once must see throttles, then succeed on retry.
    const results = await Promise.all(Array.from({ length: 8 }, () => kinesis.send(new ListStreamsCommand({ Limit: 1 }))));
    expect(results.every((r) => r.StreamNames?.length === 1)).toBe(true);
    expect(s.throttled()["Kinesis.ListStreams"]).toBeGreaterThanOrEqual(3);
  });

  it("rejects a non-positive quota clearly", async () => {
    await expect(start({ quotas: { "Kinesis.ListStreams": 0 } })).rejects.toThrow(/Kinesis.ListStreams.*positive/);
  });
});

describe("fault injection", () => {
  it("a burst of throttles is retried by the SDK (CloudWatch 'Throttling' via x-amzn-query-error)", async () => {
    const s = await start({ faults: { bursts: [{ operation: "CloudWatch.DescribeAlarms", kind: "throttle", fromRequest: 0, count: 2 }] } });
    const res = await new CloudWatchClient(config(s, 3)).send(new DescribeAlarmsCommand({ MaxRecords: 5 }));
    expect(res.MetricAlarms).toHaveLength(5);
    expect(res.$metadata.attempts).toBe(3);
    // The burst is over: later calls succeed at the first attempt.
    const after = await new CloudWatchClient(config(s, 1)).send(new DescribeAlarmsCommand({ MaxRecords: 1 }));
    expect(after.$metadata.attempts).toBe(1);
    expect(s.throttled()["CloudWatch.DescribeAlarms"]).toBe(2);
  });

  it("5xx and dropped connections are retried; the counts show every attempt", async () => {
    const s = await start({
      faults: {
        timeoutHoldMs: 10,
        bursts: [
          { operation: "Firehose.DescribeDeliveryStream", kind: "server-error", fromRequest: 0, count: 1 },
          { operation: "Firehose.DescribeDeliveryStream", kind: "timeout", fromRequest: 1, count: 1 },
        ],
      },
    });
    const res = await new FirehoseClient(config(s, 3)).send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: "web-logs" }));
    expect(res.DeliveryStreamDescription?.DeliveryStreamName).toBe("web-logs");
    expect(res.$metadata.attempts).toBe(3);
    expect(s.calls()["Firehose.DescribeDeliveryStream"]).toBe(3);
    expect(s.faults()).toEqual({ "server-error:Firehose.DescribeDeliveryStream": 1, "timeout:Firehose.DescribeDeliveryStream": 1 });
  });

  it("a truncated body fails deserialization in the SDK", async () => {
    const s = await start({ faults: { operations: { "Kinesis.ListStreams": { malformedRate: 1 } } } });
    await expect(new KinesisClient(config(s)).send(new ListStreamsCommand({}))).rejects.toThrow();
  });

  it("rates are reproducible: the same requests fail the same way on every run", async () => {
    const run = async () => {
      const s = await start({ faults: { seed: 9, throttleRate: 0.3 } });
      const kinesis = new KinesisClient(config(s));
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          kinesis.send(new DescribeStreamSummaryCommand({ StreamName: `events-${String(i).padStart(3, "0")}` })).then(
            () => "ok",
            () => "throttled",
          ),
        ),
      );
      await s.close();
      sim = undefined;
      return outcomes;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const share = a.filter((x) => x === "throttled").length / a.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.55);
  });

  it("AccessDenied on one API, a disabled region, a vanished stream and endless pagination", async () => {
    const s = await start({
      faults: { accessDenied: ["Tagging.GetResources"], disabledRegions: ["eu-west-1"], vanishedStreams: ["events-002"], endlessPagination: ["Kinesis.ListStreams"] },
    });
    const denied = await new ResourceGroupsTaggingAPIClient(config(s)).send(new GetResourcesCommand({})).catch((e: Error) => e);
    expect((denied as Error).name).toBe("AccessDeniedException");
    const disabled = await new KinesisClient(config(s, 1, "eu-west-1")).send(new ListStreamsCommand({})).catch((e: Error) => e);
    expect((disabled as Error).name).toBe("UnrecognizedClientException");
    const kinesis = new KinesisClient(config(s));
    const page = await kinesis.send(new ListStreamsCommand({ Limit: 5 }));
    expect(page.StreamNames).toContain("events-002");
    await expect(kinesis.send(new DescribeStreamSummaryCommand({ StreamName: "events-002" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    let token = page.NextToken;
    for (let i = 0; i < 3; i++) {
      const next = await kinesis.send(new ListStreamsCommand({ NextToken: token }));
      expect(next.HasMoreStreams).toBe(true);
      token = next.NextToken;
    }
  });
});

describe("awsQuery (boto3's CloudWatch protocol)", () => {
  const post = async (s: SimulatorHandle, params: Record<string, string>) => {
    const res = await fetch(s.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        authorization: "AWS4-HMAC-SHA256 Credential=AKID/20260110/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=abc",
      },
      body: new URLSearchParams({ Version: "2010-08-01", ...params }).toString(),
    });
    return { status: res.status, xml: await res.text() };
  };
  const base = { Namespace: "AWS/Kinesis", MetricName: "IncomingRecords", "Dimensions.member.1.Name": "StreamName", "Dimensions.member.1.Value": "events-000", "Statistics.member.1": "Sum" };

  it("GetMetricStatistics answers valid XML with datapoints", async () => {
    const s = await start();
    const { status, xml } = await post(s, { ...base, Action: "GetMetricStatistics", StartTime: "2026-01-09T00:00:00Z", EndTime: "2026-01-09T06:00:00Z", Period: "3600" });
    expect(status).toBe(200);
    const doc = parseXML(xml) as { GetMetricStatisticsResponse: { GetMetricStatisticsResult: { Label: string; Datapoints: { member: { Sum: string; Timestamp: string }[] } } } };
    const result = doc.GetMetricStatisticsResponse.GetMetricStatisticsResult;
    expect(result.Label).toBe("IncomingRecords");
    expect(result.Datapoints.member).toHaveLength(6);
    expect(Number(result.Datapoints.member[0]!.Sum)).toBeGreaterThan(0);
    expect(result.Datapoints.member[0]!.Timestamp).toBe("2026-01-09T00:00:00.000Z");
  });

  it("answers errors as <ErrorResponse> (more than 1,440 datapoints: InvalidParameterCombination)", async () => {
    const s = await start();
    const { status, xml } = await post(s, { ...base, Action: "GetMetricStatistics", StartTime: "2026-01-02T00:00:00Z", EndTime: "2026-01-09T00:00:00Z", Period: "300" });
    expect(status).toBe(400);
    const doc = parseXML(xml) as { ErrorResponse: { Error: { Code: string; Type: string; Message: string } } };
    expect(doc.ErrorResponse.Error).toMatchObject({ Code: "InvalidParameterCombination", Type: "Sender" });
  });
});
