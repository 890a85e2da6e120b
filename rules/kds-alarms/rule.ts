/**
 * kds-alarms: every stream needs alarms on iterator age and write throttling
 * (namespace AWS/Kinesis, dimension StreamName;
 * https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html).
 * One finding per stream listing the missing metrics, most important first.
 */
import type { Finding, Inventory } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import { AlarmIndex } from "../lib/alarm-index";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { ruleConfig, strings } from "../lib/config-schema";
import type { AlarmContext } from "../define-rule";
import { iteratorAgeSpec, regionOfArn, type AlarmRecommendation, type AlarmSpec } from "../lib/alarm-recommendation";
import kdsIteratorAgeRule from "../kds-iterator-age/rule";
import { stubAlarmsFor } from "../lib/remediation-values";

const ID = "kds-alarms";

/** Recommended alarm per metric (statistic, threshold, period) for the remediation text. */
const RECOMMENDED: Readonly<Record<string, string>> = {
  "GetRecords.IteratorAgeMilliseconds": "Maximum > 60000 ms over 5 min",
  WriteProvisionedThroughputExceeded: "Sum > 0 over 5 min",
  ReadProvisionedThroughputExceeded: "Sum > 0 over 5 min",
};

export function kdsAlarms(inv: Inventory, { config }: RuleContext<Config>): Finding[] {
  const required = config.requiredMetrics;
  const index = new AlarmIndex(inv.alarms, (ns, name) => (ns === "AWS/Kinesis" ? name : undefined), { targets: new Set(inv.streams.map((s) => s.id.ref)) });
  const out: Finding[] = [];
  for (const s of inv.streams) {
    if (!judged(ID, s.name, s.tags, config)) continue;
    const states = required.map((m) =>
      index.coverage({ region: s.region, namespace: "AWS/Kinesis", metricKey: m, dimensionName: "StreamName", name: s.name, ref: s.id.ref }),
    );
    if (states.includes("unknown")) continue;
    const missing = required.filter((_, i) => states[i] === "missing");
    if (missing.length === 0) continue;
    out.push(
      finding(ID, {
        resource: s.id,
        property: "CloudWatch alarms (AWS/Kinesis, StreamName)",
        found: `no alarm on ${missing.join(", ")}`,
        expected: `alarms on ${required.join(", ")}`,
        details: `Stream "${s.id.displayName}" has no CloudWatch alarm on ${missing.join(" or ")}; consumers falling behind or producers being throttled go unnoticed.`,
        remediation:
          "Add aws.cloudwatch.MetricAlarm resources with namespace AWS/Kinesis and dimensions { StreamName: stream.name }: " +
          missing.map((m) => `${m} (${RECOMMENDED[m] ?? "a threshold that fits"})`).join("; ") +
          ".",
        data: { missingMetrics: missing },
      }),
    );
  }
  return out;
}

/** The recommended alarm per missing metric; the iterator-age threshold is kds-iterator-age's. */
function streamSpec(metricName: string, ctx: AlarmContext<Config>): AlarmSpec | undefined {
  switch (metricName) {
    case "GetRecords.IteratorAgeMilliseconds":
      return iteratorAgeSpec(ctx.configOf(kdsIteratorAgeRule).maxIteratorAgeMs);
    case "WriteProvisionedThroughputExceeded":
      return { priority: 1, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 300, evaluationPeriods: 1, why: "producers are throttled and must retry or drop records" };
    case "ReadProvisionedThroughputExceeded":
      return { priority: 2, statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, periodSeconds: 300, evaluationPeriods: 1, why: "consumers are throttled" };
    default:
      return undefined;
  }
}

/** One recommendation per missing metric the finding lists (data.missingMetrics). */
export function kdsAlarmRecommendations(ctx: AlarmContext<Config>): AlarmRecommendation[] {
  return ctx.findings.flatMap((f) => {
    const missing = Array.isArray(f.data?.missingMetrics) ? (f.data.missingMetrics as string[]) : [];
    return missing.flatMap((m) => {
      const spec = streamSpec(m, ctx);
      if (!spec) return [];
      const name = f.resource.displayName;
      return [{ resourceName: name, resourceType: "stream" as const, region: regionOfArn(f.resource.ref), namespace: "AWS/Kinesis" as const, metricName: m, dimensions: { StreamName: name }, ...spec }];
    });
  });
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  requiredMetrics: strings("AWS/Kinesis metrics each stream needs an alarm on, most important first.", ["GetRecords.IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"]),
});


export default defineRule({
  id: ID,
  issue: "No CloudWatch Alarms",
  title: "Stream without iterator-age and throttling alarms",
  severity: "medium",
  category: "observability",
  scope: ["stack"],
  resourceType: "stream",
  enforcement: "advisory",
  description: "The stream has no CloudWatch alarm on one of the required metrics (namespace AWS/Kinesis, dimension StreamName).",
  remediation: "Create MetricAlarms on GetRecords.IteratorAgeMilliseconds (Maximum, 60000 ms, 5 min) and WriteProvisionedThroughputExceeded (Sum > 0, 5 min) with dimension StreamName.",
  docsUrl: "https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html",
  config: CONFIG,
  evaluate: { stack: kdsAlarms },
  examples,
  // The alarm listing failed in the region: a stream there may well have its alarms.
  live: { blockedBy: [{ api: "CloudWatch.DescribeAlarms", scope: "region" }], alarmRecommendations: kdsAlarmRecommendations, remediationValues: (_f, input) => ({ alarms: stubAlarmsFor(input.alarmRecommendations, ["stream"]) }) },
});
