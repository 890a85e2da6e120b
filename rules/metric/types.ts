/**
 * Signatures of the metric rules: pure functions over the normalized model plus the CloudWatch
 * series the collector gathered (looked up by the request ids of rules/metric-requests.ts). No AWS calls.
 */
import type { MetricRequest, MetricSeries, MetricWindow } from "../metric-requests";
import type { ConsumerConfig, DeliveryStreamConfig, Finding, StreamConfig } from "../model";
import type { RuleConfig } from "../types";
import type { RuleContext } from "../types";

/** Reads a collected series back by its request. `undefined`: the series was never collected. */
export interface MetricLookup {
  get(req: MetricRequest): MetricSeries | undefined;
}

export interface MetricRuleContext<C = RuleConfig> extends RuleContext<C> {
  readonly metrics: MetricLookup;
  /** The analysis window (hour-aligned). */
  readonly window: MetricWindow;
}

export interface StreamMetricContext<C = RuleConfig> extends MetricRuleContext<C> {
  /** Enhanced fan-out consumers registered on this stream. */
  readonly consumers: readonly ConsumerConfig[];
  /**
   * Resolved configs of every ENABLED rule, by id: the capacity rules plan together (one action per
   * stream, rules/metric/capacity-plan.ts). Absent: the other rules at their catalog defaults.
   */
  readonly ruleConfigs?: Readonly<Record<string, RuleConfig>>;
}

export type StreamMetricRule<C = RuleConfig> = (stream: StreamConfig, ctx: StreamMetricContext<C>) => Finding[];
export type DeliveryStreamMetricRule<C = RuleConfig> = (ds: DeliveryStreamConfig, ctx: MetricRuleContext<C>) => Finding[];

/** Measured bytes in per hour of a delivery stream (hours with data) and the window length they come from. */
export interface MeasuredDeliveryTraffic {
  readonly hourlyBytes: readonly number[];
  readonly windowSeconds: number;
}
