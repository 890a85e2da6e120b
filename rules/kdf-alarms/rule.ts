/**
 * kdf-alarms: every delivery stream needs an alarm on delivery success or data freshness
 * (namespace AWS/Firehose, dimension DeliveryStreamName;
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html).
 * Any DeliveryTo<Destination>.<suffix> metric counts (the catalog's metricSuffixes).
 */
import { DESTINATION_METRIC_PREFIX, isKnown, type Finding, type Inventory } from "../model";
import type { RuleContext } from "../types";
import { finding } from "../lib/finding-builder";
import { judged } from "../lib/judge";
import { AlarmIndex } from "../lib/alarm-index";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { FIREHOSE_METRICS_DOC, ruleConfig, strings } from "../lib/config-schema";
import type { AlarmContext } from "../define-rule";
import { DATA_FRESHNESS_ALARM_SECONDS, deliverySuccessSpec, regionOfArn, successThresholdFor, type AlarmRecommendation, type AlarmSpec } from "../lib/alarm-recommendation";
import kdfDeliveryFailuresRule from "../kdf-delivery-failures/rule";
import { stubAlarmsFor } from "../lib/remediation-values";

const ID = "kdf-alarms";
const DELIVERY_METRIC = /^DeliveryTo[A-Za-z0-9]+\.(.+)$/;

export function kdfAlarms(inv: Inventory, { config }: RuleContext<Config>): Finding[] {
  const suffixes = config.metricSuffixes;
  const index = new AlarmIndex(inv.alarms, (ns, name) => {
    if (ns !== "AWS/Firehose") return undefined;
    const suffix = DELIVERY_METRIC.exec(name)?.[1];
    return suffix !== undefined && suffixes.includes(suffix) ? "delivery" : undefined;
  }, { targets: new Set(inv.deliveryStreams.map((d) => d.id.ref)) });
  const out: Finding[] = [];
  for (const ds of inv.deliveryStreams) {
    if (!judged(ID, ds.name, ds.tags, config)) continue;
    const state = index.coverage({ region: ds.region, namespace: "AWS/Firehose", metricKey: "delivery", dimensionName: "DeliveryStreamName", name: ds.name, ref: ds.id.ref });
    if (state !== "missing") continue;
    const prefix = isKnown(ds.destination) ? DESTINATION_METRIC_PREFIX[ds.destination] : "DeliveryTo<Destination>";
    const wanted = suffixes.map((s) => `${prefix}.${s}`);
    out.push(
      finding(ID, {
        resource: ds.id,
        property: "CloudWatch alarms (AWS/Firehose, DeliveryStreamName)",
        found: "no delivery alarm",
        expected: `an alarm on ${wanted.join(" or ")}`,
        details: `Delivery stream "${ds.id.displayName}" has no CloudWatch alarm on ${wanted.join(" or ")}; failed or stalled deliveries go unnoticed.`,
        remediation: `Add an aws.cloudwatch.MetricAlarm with namespace AWS/Firehose, dimensions { DeliveryStreamName: deliveryStream.name } on ${prefix}.Success (Average < 0.99 over 5 min: 1 - kdf-delivery-failures' maxFailurePercent / 100)${suffixes.includes("DataFreshness") ? ` or ${prefix}.DataFreshness (Maximum > 900 s)` : ""}.`,
        data: { missingMetrics: wanted },
      }),
    );
  }
  return out;
}

/**
 * The recommended alarm per missing metric: delivery success below kdf-delivery-failures' limit
 * (1 - maxFailurePercent / 100, so the alarm and the audit agree), or data freshness above 15 min.
 */
function deliverySpec(metricName: string, ctx: AlarmContext<Config>): AlarmSpec | undefined {
  if (metricName.endsWith(".Success")) return deliverySuccessSpec(successThresholdFor(ctx.configOf(kdfDeliveryFailuresRule).maxFailurePercent));
  if (metricName.endsWith(".DataFreshness")) {
    return { priority: 2, statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: DATA_FRESHNESS_ALARM_SECONDS, periodSeconds: 300, evaluationPeriods: 1, why: "the oldest record in the delivery stream is older than 15 minutes: delivery stalls" };
  }
  return undefined;
}

/** One recommendation per missing metric the finding lists (data.missingMetrics). */
export function kdfAlarmRecommendations(ctx: AlarmContext<Config>): AlarmRecommendation[] {
  return ctx.findings.flatMap((f) => {
    const missing = Array.isArray(f.data?.missingMetrics) ? (f.data.missingMetrics as string[]) : [];
    return missing.flatMap((m) => {
      const spec = deliverySpec(m, ctx);
      if (!spec) return [];
      const name = f.resource.displayName;
      return [{ resourceName: name, resourceType: "deliveryStream" as const, region: regionOfArn(f.resource.ref), namespace: "AWS/Firehose" as const, metricName: m, dimensions: { DeliveryStreamName: name }, ...spec }];
    });
  });
}

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({
  metricSuffixes: strings("An alarm on any DeliveryTo<Destination>.<suffix> metric counts.", ["Success", "DataFreshness"]),
});


export default defineRule({
  id: ID,
  issue: "No CloudWatch Alarms",
  title: "Delivery stream without delivery alarms",
  severity: "medium",
  category: "observability",
  scope: ["stack"],
  resourceType: "deliveryStream",
  enforcement: "advisory",
  description: "The delivery stream has no CloudWatch alarm on delivery success or data freshness (namespace AWS/Firehose, dimension DeliveryStreamName).",
  remediation: "Create a MetricAlarm on DeliveryTo<Destination>.Success (Average < 0.99, i.e. 1 - kdf-delivery-failures' maxFailurePercent / 100) or DeliveryTo<Destination>.DataFreshness (Maximum > 900 s) with dimension DeliveryStreamName.",
  docsUrl: FIREHOSE_METRICS_DOC,
  config: CONFIG,
  evaluate: { stack: kdfAlarms },
  examples,
  // The alarm listing failed in the region: a delivery stream there may well have its alarms.
  live: {
    blockedBy: [{ api: "CloudWatch.DescribeAlarms", scope: "region" }],
    alarmRecommendations: kdfAlarmRecommendations,
    remediationValues: (_f, input) => ({ alarms: stubAlarmsFor(input.alarmRecommendations, ["deliveryStream"]) }),
    // The freshness alarm this rule recommends (AWS: alarm when DataFreshness exceeds the buffering limit, at most 15 min).
    trendLimits: (config) => (config.metricSuffixes.includes("DataFreshness") ? [{ metric: "DeliveryTo*.DataFreshness", value: DATA_FRESHNESS_ALARM_SECONDS, label: "alarm" }] : []),
  },
});
