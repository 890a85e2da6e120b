/**
 * Index of what the alarms of a stack (or account) watch, built once so that each resource's
 * coverage is a few map lookups: stack rules stay linear in the number of resources.
 *
 * A metric is keyed by region, namespace, metric key and one dimension (name=value). An alarm whose
 * dimension value is still unknown at preview is keyed by the refs it depends on instead
 * (AlarmConfig.dependsOn: Pulumi propertyDependencies of `dimensions` / `metricQueries`).
 */
import { isKnown, type AlarmConfig, type Maybe } from "../model";

/** Region bucket for alarms and resources whose region is not set (provider default). */
const ANY = "*";

export interface CoverageQuery {
  readonly region: Maybe<string | undefined>;
  readonly namespace: string;
  /** Metric key as produced by `metricKey` (the metric name unless normalized). */
  readonly metricKey: string;
  readonly dimensionName: string;
  readonly name: Maybe<string>;
  readonly ref: string;
}

export type Coverage = "covered" | "missing" | "unknown";

export class AlarmIndex {
  private readonly byValue = new Set<string>();
  private readonly byRef = new Set<string>();
  /** namespace|metricKey watched by at least one alarm (any dimension). */
  private readonly anyOnMetric = new Set<string>();

  /**
   * @param metricKey maps (namespace, metricName) to the key rules ask about; return undefined to
   *   ignore a metric. Lets kdf-alarms treat every DeliveryTo<X>.Success alike.
   */
  constructor(alarms: readonly AlarmConfig[], metricKey: (namespace: string, metricName: string) => string | undefined) {
    for (const alarm of alarms) {
      const regions = isKnown(alarm.region) && alarm.region ? [alarm.region, ANY] : ["", ANY];
      for (const m of alarm.metrics) {
        if (!isKnown(m.namespace) || !isKnown(m.metricName) || !m.namespace || !m.metricName) continue;
        const key = metricKey(m.namespace, m.metricName);
        if (key === undefined) continue;
        const base = `${m.namespace}|${key}`;
        this.anyOnMetric.add(base);
        for (const d of m.dimensions) {
          if (isKnown(d.value)) {
            for (const r of regions) this.byValue.add(`${r}|${base}|${d.name}=${d.value}`);
          } else {
            for (const ref of alarm.dependsOn) this.byRef.add(`${base}|${d.name}|${ref}`);
          }
        }
      }
    }
  }

  /** Is the resource covered by an alarm on this metric? "unknown" when that cannot be told yet. */
  coverage(q: CoverageQuery): Coverage {
    const base = `${q.namespace}|${q.metricKey}`;
    if (this.byRef.has(`${base}|${q.dimensionName}|${q.ref}`)) return "covered";
    if (isKnown(q.name) && isKnown(q.region)) {
      const dim = `${q.dimensionName}=${q.name}`;
      // A resource in an explicit region is covered by alarms in that region or with no region set;
      // one in the provider's default region by an alarm in any region.
      const keys = q.region ? [`${q.region}|${base}|${dim}`, `|${base}|${dim}`] : [`${ANY}|${base}|${dim}`];
      if (keys.some((k) => this.byValue.has(k))) return "covered";
      return "missing";
    }
    // Name (or region) unknown: certain only when nothing in scope watches this metric at all.
    return this.anyOnMetric.has(base) ? "unknown" : "missing";
  }
}
