/**
 * aws:cloudwatch/metricAlarm:MetricAlarm props -> AlarmConfig: the metric it watches directly and
 * every metric of its metricQueries (metric math). Dependencies of `dimensions` / `metricQueries`
 * become dependsOn, so an alarm whose dimension value is unknown at preview still matches.
 */
import { UNKNOWN, type AlarmConfig, type AlarmMetric, type MetricDimension } from "../../rules/model";
import { toPlain, type Plain } from "./plain";
import { at, bool, objList, str } from "./read";
import { depsOf, type PulumiResource } from "./resource";
import { regionOf } from "./stream";

/** Dimensions an alarm might point at when its whole dimensions map is unknown. */
const RESOURCE_DIMENSIONS = ["StreamName", "DeliveryStreamName"];

function dimensionsOf(v: Plain | undefined): MetricDimension[] {
  if (v === UNKNOWN) return RESOURCE_DIMENSIONS.map((name) => ({ name, value: UNKNOWN }));
  if (v === undefined || v === null || typeof v !== "object" || Array.isArray(v)) return [];
  return Object.entries(v).map(([name, value]) => ({ name, value: value === UNKNOWN ? UNKNOWN : String(value) }));
}

function metricOf(m: Plain | undefined): AlarmMetric | undefined {
  if (m === undefined) return undefined;
  if (m === UNKNOWN) return { namespace: UNKNOWN, metricName: UNKNOWN, dimensions: dimensionsOf(UNKNOWN) };
  const metricName = str(at(m, "metricName"));
  if (metricName === undefined) return undefined;
  return { namespace: str(at(m, "namespace")), metricName, dimensions: dimensionsOf(at(m, "dimensions")) };
}

export function alarmFromPulumi(r: PulumiResource): AlarmConfig {
  const { props } = toPlain(r.props);
  const metrics: AlarmMetric[] = [];
  const direct = metricOf(props);
  if (direct) metrics.push(direct);
  const queries = objList(at(props, "metricQueries"));
  if (queries === UNKNOWN) metrics.push({ namespace: UNKNOWN, metricName: UNKNOWN, dimensions: dimensionsOf(UNKNOWN) });
  for (const q of queries === UNKNOWN ? [] : (queries ?? [])) {
    const m = metricOf(at(q, "metric"));
    if (m) metrics.push(m);
  }
  const actions = bool(at(props, "actionsEnabled"));
  const arn = str(at(props, "arn"));
  return {
    kind: "alarm",
    id: { ref: r.urn, displayName: r.name, type: r.type },
    name: (() => {
      const n = str(at(props, "name"));
      return n === undefined ? r.name : n;
    })(),
    region: regionOf(str(at(props, "region")), r.providerRegion, arn),
    metrics,
    dependsOn: [...new Set([...depsOf(r, "dimensions"), ...depsOf(r, "metricQueries")])],
    ...(typeof actions === "boolean" ? { actionsEnabled: actions } : {}),
  };
}
