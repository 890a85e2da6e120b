/**
 * Findings on delivery streams whose verdict or dollar figure depends on real traffic, which the
 * static rules cannot see. The rules say what traffic changes (rules/define-rule.ts, LiveHooks):
 * - `deliveryMeasured`: with hourly bytes in (IncomingBytes for DirectPut,
 *   DataReadFromKinesisStream.Bytes for a Kinesis source), the rule is judged on the measured
 *   traffic and replaces its static verdict on that delivery stream (kdf-small-buffers' flushes);
 * - `deliveryTrafficCost`: with the window's total, a static finding is priced (kdf-small-buffers'
 *   S3 PUTs at the average rate; kdf-vpc-endpoint's conditional NAT figure).
 * Monthly = window total x (730 h / window hours). Without traffic data the rule's own estimate stays.
 */
import type { RuleConfig } from "../../rules/config";
import { CATALOG, type Rule } from "../../rules/catalog";
import { metric, type MetricWindow } from "../../rules/metric-requests";
import type { DeliveryStreamConfig, Finding } from "../../rules/model";
import { HOURS_PER_MONTH, type Pricing } from "../../rules/pricing";
import { okSeries, seriesSum } from "../../rules/metric/series";
import type { MeasuredDeliveryTraffic, MetricLookup } from "../../rules/metric/types";
import { splitByExemptionTag, type Judgement, type TagExemptFinding } from "../../rules/tag-exemption";

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export { flushesPerMonthAtRate as flushesPerMonth } from "../../rules/kdf-small-buffers/traffic-cost";

/** Bytes a delivery stream takes in per month (extrapolated from the window), undefined without data. */
export function monthlyBytes(d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow): number | undefined {
  const fromKinesis = d.source.type === "KinesisStreamAsSource";
  const total = seriesSum(lookup, metric.firehoseBytes(String(d.region ?? ""), String(d.name), fromKinesis));
  if (total === undefined) return undefined;
  return total * (SECONDS_PER_MONTH / (window.end - window.start));
}

/** Hourly bytes in of a delivery stream (hours with data); undefined without an hourly series with data. */
export function measuredDeliveryTraffic(d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow): MeasuredDeliveryTraffic | undefined {
  const s = okSeries(lookup, metric.firehoseBytesHourly(String(d.region ?? ""), String(d.name), d.source.type === "KinesisStreamAsSource"));
  return s ? { hourlyBytes: s.values, windowSeconds: window.end - window.start } : undefined;
}

const CATALOG_BY_ID = new Map(CATALOG.map((r) => [r.id, r]));

/** A static finding on a delivery stream priced with its measured window total (no verdict change). */
export function withTrafficCost(f: Finding, d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow, pricing: Pricing, rules: ReadonlyMap<string, Rule> = CATALOG_BY_ID): Finding {
  const price = rules.get(f.ruleId)?.live.deliveryTrafficCost;
  if (!price) return f;
  const bytes = monthlyBytes(d, lookup, window);
  return bytes === undefined ? f : price(f, d, bytes, pricing);
}

export interface DeliveryTrafficContext {
  readonly lookup: MetricLookup;
  readonly window: MetricWindow;
  readonly pricing: (region: string) => Pricing;
  /** A rule's resolved config; undefined when the rule is disabled. */
  readonly configOf: (ruleId: string) => RuleConfig | undefined;
  /** The rules asked (default: the catalog). */
  readonly rules?: readonly Rule[];
}

/**
 * The static findings with traffic applied: on delivery streams with hourly bytes, the rules with a
 * `deliveryMeasured` hook are re-judged from the measured traffic (a static finding may go, a live
 * one may appear); other findings on delivery streams get their traffic-based costs. Findings on
 * other resources pass.
 */
export function withDeliveryTraffic(findings: readonly Finding[], deliveryStreams: readonly DeliveryStreamConfig[], ctx: DeliveryTrafficContext): Finding[] {
  return judgeDeliveryTraffic({ findings: [...findings], tagExempt: [] }, deliveryStreams, ctx).findings;
}

/**
 * withDeliveryTraffic over a judgement: the tag-exempt findings (rules/tag-exemption.ts) go the same
 * way as the active ones (re-judged, or priced), and a measured verdict on a delivery stream the tag
 * exempts from the rule is tag-exempt too.
 */
export function judgeDeliveryTraffic(judgement: Judgement, deliveryStreams: readonly DeliveryStreamConfig[], ctx: DeliveryTrafficContext): Judgement {
  const rules = ctx.rules ?? CATALOG;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const byRef = new Map(deliveryStreams.map((d) => [d.id.ref, d]));
  const measured = new Map<string, MeasuredDeliveryTraffic>();
  for (const d of deliveryStreams) {
    const t = measuredDeliveryTraffic(d, ctx.lookup, ctx.window);
    if (t) measured.set(d.id.ref, t);
  }
  /** The finding with its traffic applied; undefined when the measured traffic judges its rule below. */
  const applied = (f: Finding): Finding | undefined => {
    const d = byRef.get(f.resource.ref);
    if (!d) return f;
    if (byId.get(f.ruleId)?.live.deliveryMeasured && measured.has(d.id.ref)) return undefined; // judged below from the measured traffic
    return withTrafficCost(f, d, ctx.lookup, ctx.window, ctx.pricing(String(d.region ?? "")), byId);
  };
  const out: Finding[] = judgement.findings.flatMap((f) => applied(f) ?? []);
  const tagExempt: TagExemptFinding[] = judgement.tagExempt.flatMap((x) => {
    const f = applied(x.finding);
    return f ? [{ ...x, finding: f }] : [];
  });
  for (const r of rules) {
    const judge = r.live.deliveryMeasured;
    const config = judge ? ctx.configOf(r.id) : undefined;
    if (!judge || !config) continue;
    for (const d of deliveryStreams) {
      const t = measured.get(d.id.ref);
      if (!t) continue;
      const split = splitByExemptionTag(r.id, judge(d, { config, pricing: ctx.pricing(String(d.region ?? "")) }, t), config, () => d.tags);
      out.push(...split.findings);
      tagExempt.push(...split.tagExempt);
    }
  }
  return { findings: out, tagExempt };
}
