/**
 * Index of what the alarms of a stack (or account) watch, built once so that each resource's
 * coverage is a few map lookups: stack rules stay linear in the number of resources.
 *
 * A metric is keyed by region, namespace, metric key and one dimension (name=value). An alarm whose
 * dimension value is still unknown at preview is keyed by the refs it depends on instead
 * (AlarmConfig.dependsOn: Pulumi propertyDependencies of `dimensions` / `metricQueries`).
 * Metric-math alarms count for every metric their queries read (the adapters list them all).
 *
 * What is not known yet never proves an alarm missing: an alarm whose dimension value is unknown
 * and that depends on none of the judged resources (the name comes from config, an apply, another
 * resource), or whose namespace / metric name is unknown, may be the alarm a resource needs; such a
 * resource's coverage is "unknown", not "missing".
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

export interface AlarmIndexOptions {
  /**
   * Refs of the resources the rule judges. An unknown dimension value is attributed to the
   * dependencies among them; with none among them the alarm could be on any resource. Without
   * this option every dependency counts (the earlier behaviour, for callers that judge anything).
   */
  readonly targets?: ReadonlySet<string>;
}

export class AlarmIndex {
  private readonly byValue = new Set<string>();
  private readonly byRef = new Set<string>();
  /** namespace|metricKey watched by at least one alarm (any dimension). */
  private readonly anyOnMetric = new Set<string>();
  /** namespace|metricKey|dimension: an alarm on it whose dimension value is unknown and tied to no judged resource. */
  private readonly unresolved = new Set<string>();
  /** Alarms whose namespace or metric name is unknown, by what is known of their dimension. */
  private readonly wildByValue = new Set<string>();
  private readonly wildByRef = new Set<string>();
  private readonly wildUnresolved = new Set<string>();

  /**
   * @param metricKey maps (namespace, metricName) to the key rules ask about; return undefined to
   *   ignore a metric. Lets kdf-alarms treat every DeliveryTo<X>.Success alike.
   */
  constructor(alarms: readonly AlarmConfig[], metricKey: (namespace: string, metricName: string) => string | undefined, opts: AlarmIndexOptions = {}) {
    for (const alarm of alarms) {
      const regions = isKnown(alarm.region) && alarm.region ? [alarm.region, ANY] : ["", ANY];
      const deps = opts.targets ? alarm.dependsOn.filter((r) => opts.targets!.has(r)) : alarm.dependsOn;
      for (const m of alarm.metrics) {
        const wild = !isKnown(m.namespace) || !isKnown(m.metricName);
        if (wild) {
          for (const d of m.dimensions) {
            if (isKnown(d.value)) this.wildByValue.add(`${d.name}=${d.value}`);
            else if (deps.length > 0) for (const ref of deps) this.wildByRef.add(`${d.name}|${ref}`);
            else this.wildUnresolved.add(d.name);
          }
          continue;
        }
        if (!m.namespace || !m.metricName) continue;
        const key = metricKey(m.namespace, m.metricName);
        if (key === undefined) continue;
        const base = `${m.namespace}|${key}`;
        this.anyOnMetric.add(base);
        for (const d of m.dimensions) {
          if (isKnown(d.value)) {
            for (const r of regions) this.byValue.add(`${r}|${base}|${d.name}=${d.value}`);
          } else if (deps.length > 0) {
            for (const ref of deps) this.byRef.add(`${base}|${d.name}|${ref}`);
          } else {
            this.unresolved.add(`${base}|${d.name}`);
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
      return this.mayBeCovered(q, base) ? "unknown" : "missing";
    }
    // Name (or region) unknown: certain only when nothing in scope watches this metric at all.
    return this.anyOnMetric.has(base) || this.mayBeCovered(q, base) ? "unknown" : "missing";
  }

  /** An alarm that is not known well enough yet could be this resource's. */
  private mayBeCovered(q: CoverageQuery, base: string): boolean {
    if (this.unresolved.has(`${base}|${q.dimensionName}`)) return true;
    if (this.wildUnresolved.has(q.dimensionName) || this.wildByRef.has(`${q.dimensionName}|${q.ref}`)) return true;
    return isKnown(q.name) && this.wildByValue.has(`${q.dimensionName}=${q.name}`);
  }
}
