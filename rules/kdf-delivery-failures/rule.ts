/**
 * kdf-delivery-failures: failed delivery rate = 1 - Sum / SampleCount of DeliveryTo<Dest>.Success
 * over the window (each datapoint is 1 for a successful delivery attempt, 0 for a failed one):
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
import { metric } from "../metric-requests";
import { DESTINATION_METRIC_PREFIX, type Finding } from "../model";
import { metricFinding } from "../lib/finding-builder";
import { fmt } from "../lib/text-format";
import { seriesSum } from "../metric/series";
import { round } from "../metric/stats";
import type { DeliveryStreamMetricRule } from "../metric/types";
import type { Static } from "@sinclair/typebox";
import { defineRule } from "../define-rule";
import examples from "./examples";
import { FIREHOSE_METRICS_DOC, num, ruleConfig } from "../lib/config-schema";
import { deliverySuccessSpec, successThresholdFor } from "../lib/alarm-recommendation";
import { numberOf, numberIn, stubAlarm, type RemediationInput, type RemediationValues } from "../lib/remediation-values";

export const RULE_ID = "kdf-delivery-failures";

/** Failed share (%) of delivery attempts, undefined without data. */
export function failureRatePercent(successSum: number | undefined, sampleCount: number | undefined): number | undefined {
  if (successSum === undefined || sampleCount === undefined || sampleCount <= 0) return undefined;
  return (1 - successSum / sampleCount) * 100;
}

export const kdfDeliveryFailures: DeliveryStreamMetricRule<Config> = (ds, ctx) => {
  if (typeof ds.destination !== "string") return [];
  const prefix = DESTINATION_METRIC_PREFIX[ds.destination];
  const region = String(ds.region ?? "");
  const name = String(ds.name);
  const sum = seriesSum(ctx.metrics, metric.firehoseSuccessSum(region, name, prefix));
  const count = seriesSum(ctx.metrics, metric.firehoseSuccessCount(region, name, prefix));
  const rate = failureRatePercent(sum, count);
  const max = ctx.config.maxFailurePercent;
  if (rate === undefined || rate <= max) return [];
  return [
    metricFinding(RULE_ID, ds.id, {
      property: `${prefix}.Success`,
      found: `${round(rate, 2)} % failed`,
      expected: `<= ${max} %`,
      details: `Delivery stream ${name}: ${round(rate, 2)} % of ${fmt(count ?? 0, 0)} delivery attempts to ${ds.destination} failed over the window (${prefix}.Success ${fmt(sum ?? 0, 0)} / ${fmt(count ?? 0, 0)}), above ${max} %.`,
      data: { metric: `${prefix}.Success`, successSum: sum, sampleCount: count, failureRatePercent: rate },
    }),
  ];
};

/** The rule's resolved config (every key present: each has a default). */
export type Config = Static<typeof CONFIG>;

const CONFIG = ruleConfig({ maxFailurePercent: num("Maximum failed delivery rate (%).", 1, 0, 100) });

/** An alarm on the failing destination's Success metric at the rule's limit (data, else the finding's `expected` text, else the default). */
function deliveryFailuresRemediation(f: Finding, input: RemediationInput<Config>): RemediationValues {
  if (typeof f.data?.metric !== "string") return {};
  const max = numberOf(f.data?.maxFailurePercent) ?? numberIn(f.expected, /^<= ([\d.]+) %/) ?? input.config.maxFailurePercent;
  const name = input.resourceName;
  const ref = { resourceName: name, resourceType: "deliveryStream" as const, region: input.region, namespace: "AWS/Firehose" as const, metricName: f.data.metric, dimensions: { DeliveryStreamName: name } };
  return { maxFailurePercent: max, alarms: [stubAlarm(ref, deliverySuccessSpec(successThresholdFor(max)))] };
}

export default defineRule({
  id: RULE_ID,
  issue: "Firehose Delivery Failures",
  title: "Delivery stream fails to deliver",
  severity: "high",
  category: "reliability",
  scope: ["metric"],
  resourceType: "deliveryStream",
  enforcement: "advisory",
  description: "Failed delivery rate (1 - Sum/SampleCount of DeliveryTo<Destination>.Success) over the window exceeds the threshold.",
  remediation: "Check the destination's error logs (CloudWatch Logs of the delivery stream), its permissions and capacity; failed records are retried, then go to the S3 backup when configured.",
  docsUrl: FIREHOSE_METRICS_DOC,
  config: CONFIG,
  evaluate: { deliveryStreamMetric: kdfDeliveryFailures },
  examples,
  live: {
    remediationValues: deliveryFailuresRemediation,
    // The hourly success rate's floor: the share of failed attempts the rule allows over the window.
    trendLimits: (config) => [{ metric: "DeliveryTo*.Success", value: 100 - config.maxFailurePercent, label: "limit" }],
  },
});
