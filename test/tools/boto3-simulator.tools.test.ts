/**
 * The simulator driven by boto3, the way the seed audit script (../shared/peers/analyze_kinesis.py)
 * drives AWS: classic awsQuery XML for CloudWatch, ec2Query, JSON for Kinesis and Firehose. Needs
 * Debian's python3-boto3, so it runs in the tools suite (`npm run test:tools`, after
 * scripts/ensure-test-deps.sh), which CI runs after `npm test`; `npm test` needs Node alone.
 */
import { execFile, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator/index";

const NOW = Date.parse("2026-01-10T00:00:00Z");
const scenario = loadScenario(join(__dirname, "../../simulator/scenarios/small-multi-region.json"));
let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const start = async (): Promise<SimulatorHandle> => (sim = await startSimulator({ scenario, clock: () => NOW }));

describe("boto3 against the simulator", () => {
  it("serves the calls of a boto3 audit script (Debian python3-boto3)", async () => {
    if (spawnSync("/usr/bin/python3", ["-c", "import boto3"]).status !== 0) {
      throw new Error("/usr/bin/python3 cannot import boto3: run scripts/ensure-test-deps.sh (CI runs it before npm run test:tools)");
    }
    const s = await start();
    const script = `
import boto3, datetime, json
kw = dict(endpoint_url="${s.endpoint}", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
k = boto3.client("kinesis", **kw); cw = boto3.client("cloudwatch", **kw); fh = boto3.client("firehose", **kw); ec2 = boto3.client("ec2", **kw)
names = [n for p in k.get_paginator("list_streams").paginate() for n in p["StreamNames"]]
d = k.describe_stream(StreamName="orders-enhanced")["StreamDescription"]
end = datetime.datetime(2026, 1, 9, tzinfo=datetime.timezone.utc)
dps = cw.get_metric_statistics(Namespace="AWS/Kinesis", MetricName="IncomingBytes", Dimensions=[{"Name": "StreamName", "Value": "orders-enhanced"}], StartTime=end - datetime.timedelta(hours=1), EndTime=end, Period=300, Statistics=["Sum"])["Datapoints"]
alarms = cw.describe_alarms_for_metric(MetricName="GetRecords.IteratorAgeMilliseconds", Namespace="AWS/Kinesis", Dimensions=[{"Name": "StreamName", "Value": "orders-enhanced"}])["MetricAlarms"]
consumers = k.list_stream_consumers(StreamARN=d["StreamARN"])["Consumers"]
fhd = fh.describe_delivery_stream(DeliveryStreamName="web-logs")["DeliveryStreamDescription"]
vpce = ec2.describe_vpc_endpoints()["VpcEndpoints"]
print(json.dumps({"streams": len(names), "shards": len(d["Shards"]), "dps": len(dps), "alarms": [a["AlarmName"] for a in alarms], "consumers": len(consumers), "fh": fhd["DeliveryStreamType"], "vpce": len(vpce)}))
`;
    // Asynchronous: the simulator answers from this same process.
    const out = await new Promise<string>((resolve, reject) =>
      execFile("/usr/bin/python3", ["-c", script], { encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
    );
    expect(JSON.parse(out)).toEqual({ streams: 105, shards: 4, dps: 12, alarms: ["orders-enhanced-iterator-age"], consumers: 2, fh: "DirectPut", vpce: 1 });
    expect(s.calls()).toMatchObject({ "CloudWatch.GetMetricStatistics": 1, "CloudWatch.DescribeAlarmsForMetric": 1, "Kinesis.DescribeStream": 1, "EC2.DescribeVpcEndpoints": 1 });
  });
});
