import { describe, expect, it } from "vitest";
import type { GetMetricDataCommandOutput } from "@aws-sdk/client-cloudwatch";
import { fetchMetricCall } from "../../live-checks/collect/metrics";
import type { MetricCall } from "../../live-checks/collect/planner";
import type { MetricRequest } from "../../rules/metric-requests";

const req = (metricName: string): MetricRequest => ({
  id: `us-east-1|AWS/Kinesis|${metricName}|StreamName=s|Sum|3600`,
  region: "us-east-1",
  namespace: "AWS/Kinesis",
  metricName,
  dimensions: { StreamName: "s" },
  stat: "Sum",
  period: 3600,
});
const call: MetricCall = { region: "us-east-1", requests: [req("IncomingBytes"), req("IncomingRecords"), req("WriteProvisionedThroughputExceeded")], datapoints: 0 };
const window = { start: 0, end: 4 * 3600 };
const at = (h: number) => new Date(h * 3600 * 1000);
const page = (o: Partial<GetMetricDataCommandOutput>) => ({ $metadata: {}, ...o }) as GetMetricDataCommandOutput;

describe("fetchMetricCall: answers into number arrays", () => {
  it("keeps pairs together across pages, sorts only when out of order, reads no datapoint as no data", async () => {
    const pages = [
      page({
        MetricDataResults: [
          { Id: "q0", Timestamps: [at(0), at(1)], Values: [10, 11] },
          { Id: "q1", Timestamps: [at(3), at(1)], Values: [33, 31] },
          { Id: "q2", Timestamps: [], Values: [] },
        ],
        NextToken: "t1",
      }),
      page({ MetricDataResults: [{ Id: "q0", Timestamps: [at(2)], Values: [12] }, { Id: "q1", Timestamps: [at(0)], Values: [30] }] }),
    ];
    const series = await fetchMetricCall(call, window, async () => pages.shift()!);
    expect(series.map((s) => [s.metricName, s.status, s.timestamps, s.values])).toEqual([
      ["IncomingBytes", "ok", [0, 3600, 7200], [10, 11, 12]],
      ["IncomingRecords", "ok", [0, 3600, 10800], [30, 31, 33]],
      ["WriteProvisionedThroughputExceeded", "no-data", [], []],
    ]);
  });

  it("lets series with the same hours share one timestamps array (memory), values stay their own", async () => {
    const series = await fetchMetricCall(call, window, async () =>
      page({
        MetricDataResults: [
          { Id: "q0", Timestamps: [at(0), at(1)], Values: [1, 2] },
          { Id: "q1", Timestamps: [at(0), at(1)], Values: [3, 4] },
          { Id: "q2", Timestamps: [at(0), at(2)], Values: [5, 6] },
        ],
      }),
    );
    expect(series[1]!.timestamps).toBe(series[0]!.timestamps);
    expect(series[1]!.values).toEqual([3, 4]);
    expect(series[2]!.timestamps).toEqual([0, 7200]);
    expect(series[2]!.timestamps).not.toBe(series[0]!.timestamps);
  });
});
