/** kds-consumer-lag: per enhanced fan-out consumer, max SubscribeToShardEvent.MillisBehindLatest above the threshold. */
import { isExempt } from "../classify";
import { metric } from "../metrics";
import { fmt, metricFinding } from "./finding";
import { seriesMax } from "./series";
import type { StreamMetricRule } from "./types";

export const RULE_ID = "kds-consumer-lag";

export const kdsConsumerLag: StreamMetricRule = (stream, ctx) => {
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const region = String(stream.region ?? "");
  const name = String(stream.name);
  const max = Number(ctx.config.maxMillisBehindLatest);
  const out = [];
  for (const c of ctx.consumers) {
    const consumer = String(c.name);
    const worst = seriesMax(ctx.metrics, metric.consumerLagMax(region, name, consumer));
    if (worst === undefined || worst <= max) continue;
    out.push(
      metricFinding(RULE_ID, stream.id, {
        property: `consumer ${consumer}`,
        found: `${fmt(worst, 0)} ms behind`,
        expected: `<= ${fmt(max, 0)} ms`,
        details: `Stream ${name}: enhanced fan-out consumer ${consumer} was up to ${fmt(worst, 0)} ms behind the latest record, above ${fmt(max, 0)} ms.`,
        data: { consumer, maxLagMs: worst, thresholdMs: max },
      }),
    );
  }
  return out;
};
