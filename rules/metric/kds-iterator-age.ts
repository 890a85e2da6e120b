/** kds-iterator-age: max GetRecords.IteratorAgeMilliseconds over the window above the threshold. */
import { isExempt } from "../classify";
import { metric } from "../metrics";
import { fmt, metricFinding } from "./finding";
import { seriesMax } from "./series";
import type { StreamMetricRule } from "./types";

export const RULE_ID = "kds-iterator-age";

export const kdsIteratorAge: StreamMetricRule = (stream, ctx) => {
  if (isExempt(RULE_ID, stream.tags, ctx.config) === true) return [];
  const maxAgeMs = Number(ctx.config.maxIteratorAgeMs);
  const worst = seriesMax(ctx.metrics, metric.streamIteratorAgeMax(String(stream.region ?? ""), String(stream.name)));
  if (worst === undefined || worst <= maxAgeMs) return []; // no data: no GetRecords consumer to judge
  return [
    metricFinding(RULE_ID, stream.id, {
      property: "GetRecords.IteratorAgeMilliseconds",
      found: `${fmt(worst, 0)} ms`,
      expected: `<= ${fmt(maxAgeMs, 0)} ms`,
      details: `Stream ${String(stream.name)}: maximum iterator age over the window is ${fmt(worst, 0)} ms (${fmt(worst / 60000, 1)} min), above ${fmt(maxAgeMs, 0)} ms; consumers are falling behind.`,
      data: { maxIteratorAgeMs: worst, thresholdMs: maxAgeMs },
    }),
  ];
};
