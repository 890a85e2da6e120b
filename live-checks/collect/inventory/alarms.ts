/**
 * Every metric alarm of a region, paginated once and matched to resources locally (instead of
 * DescribeAlarmsForMetric per stream). https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 */
import { DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { call, paginate, type RegionContext } from "../context";

export async function describeAlarms(ctx: RegionContext): Promise<MetricAlarm[]> {
  const api = "CloudWatch.DescribeAlarms";
  return paginate<MetricAlarm>(api, async (token) => {
    const out = await call(ctx, api, (abortSignal) =>
      ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm"], MaxRecords: 100, ...(token ? { NextToken: token } : {}) }), { abortSignal }),
    );
    return { items: out.MetricAlarms ?? [], next: out.NextToken || undefined };
  });
}
