/**
 * DescribeAlarms MetricAlarm -> AlarmConfig: the alarm's own metric and every MetricStat of its
 * metric-math queries (Metrics[]). https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html
 */
import type { Dimension, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmConfig, AlarmMetric } from "../../rules/model";
import { TYPE_ALARM } from "./types";

function dims(list: readonly Dimension[] | undefined): AlarmMetric["dimensions"] {
  return (list ?? [])
    .filter((d): d is Dimension & { Name: string } => typeof d?.Name === "string")
    .map((d) => ({ name: d.Name, value: d.Value ?? "" }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Undefined for an entry without a name (cannot be reported or matched). */
export function adaptAlarm(a: MetricAlarm | undefined, region: string): AlarmConfig | undefined {
  if (!a?.AlarmName) return undefined;
  const metrics: AlarmMetric[] = [];
  if (a.MetricName) metrics.push({ namespace: a.Namespace, metricName: a.MetricName, dimensions: dims(a.Dimensions) });
  for (const q of a.Metrics ?? []) {
    const m = q?.MetricStat?.Metric;
    if (m?.MetricName) metrics.push({ namespace: m.Namespace, metricName: m.MetricName, dimensions: dims(m.Dimensions) });
  }
  return {
    kind: "alarm",
    id: { ref: a.AlarmArn ?? `${region}/alarm/${a.AlarmName}`, displayName: a.AlarmName, type: TYPE_ALARM },
    name: a.AlarmName,
    region,
    metrics,
    dependsOn: [],
    ...(typeof a.ActionsEnabled === "boolean" ? { actionsEnabled: a.ActionsEnabled } : {}),
  };
}
