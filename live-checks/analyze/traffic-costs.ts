/**
 * Findings on delivery streams whose verdict or dollar figure depends on real traffic, which the
 * static rules cannot see:
 * - kdf-small-buffers: with hourly bytes in (IncomingBytes for DirectPut, DataReadFromKinesisStream.Bytes
 *   for a Kinesis source), the rule is judged on the flushes the hints actually cause
 *   (rules/kdf-small-buffers/rule.ts, kdfSmallBuffersMeasured) and replaces the static verdict.
 *   With only the window's total, the static verdict stays and its S3 PUTs come from the average
 *   rate: Firehose flushes when either hint is reached
 *   (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html), so one flush every
 *   min(interval, size / rate) seconds; S3 PUT price per 1,000 requests.
 * - kdf-vpc-endpoint: Firehose's own writes do not pass through the customer's NAT gateway, so
 *   nothing is counted as a saving. The NAT processing that producers would pay if they ran in that
 *   VPC and reached the service through a NAT gateway (https://aws.amazon.com/vpc/pricing/) minus an
 *   interface endpoint's per-GB charge (https://aws.amazon.com/privatelink/pricing/) is shown as a
 *   conditional figure (`data.conditionalMonthlyUsd`, `data.conditionalOn`), never in
 *   `monthlyImpactUsd`; none when the VPC has that service's interface endpoint.
 * Monthly = window total x (730 h / window hours). Without traffic data the rule's own estimate stays.
 */
import type { RuleConfig } from "../../rules/config";
import { metric, type MetricWindow } from "../../rules/metrics";
import type { DeliveryStreamConfig, Finding } from "../../rules/model";
import { GIB, HOURS_PER_MONTH, usd, type Pricing } from "../../rules/pricing";
import { okSeries, seriesSum } from "../../rules/metric/series";
import type { MetricLookup } from "../../rules/metric/types";
import { kdfSmallBuffersMeasured, type MeasuredDeliveryTraffic } from "../../rules/kdf-small-buffers/rule";

const MIB = 1_048_576;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const SMALL_BUFFERS = "kdf-small-buffers";
const VPC_ENDPOINT = "kdf-vpc-endpoint";

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

/** Flushes per month at a constant `bytesPerSecond` with the given hints (the window-average fallback). */
export function flushesPerMonth(sizeMb: number, intervalSeconds: number, bytesPerSecond: number): number {
  const fill = bytesPerSecond > 0 ? (sizeMb * MIB) / bytesPerSecond : Infinity;
  const period = Math.max(1, Math.min(intervalSeconds > 0 ? intervalSeconds : 1, fill));
  return SECONDS_PER_MONTH / period;
}

/** The Kinesis service a delivery stream's producers write to: Firehose directly, or the source stream. */
function producerService(d: DeliveryStreamConfig): { endpoint: string; producers: string } {
  return d.source.type === "KinesisStreamAsSource"
    ? { endpoint: "kinesis-streams", producers: "the producers of its source stream" }
    : { endpoint: "kinesis-firehose", producers: "its producers" };
}

function vpcEndpointCost(f: Finding, d: DeliveryStreamConfig, bytes: number, pricing: Pricing): Finding {
  const gb = bytes / GIB;
  const vpcId = String(f.data?.vpcId ?? d.vpc?.vpcId ?? "");
  const present = Array.isArray(f.data?.interfaceEndpoints) ? (f.data.interfaceEndpoints as readonly unknown[]) : [];
  const { endpoint, producers } = producerService(d);
  const { monthlyImpactUsd: _claimed, ...rest } = f; // never a claimed saving: see the header
  if (present.includes(endpoint)) {
    return {
      ...rest,
      details: `${f.details} VPC ${vpcId} has a ${endpoint} interface endpoint, so producers in it reach the service without a NAT gateway.`,
      data: { ...f.data, monthlyGb: gb },
    };
  }
  const nat = gb * pricing.natGb;
  const viaEndpoint = gb * pricing.interfaceEndpointGb;
  const conditional = usd(Math.max(0, nat - viaEndpoint));
  const premise = `${producers} run in VPC ${vpcId} and reach ${endpoint} through a NAT gateway`;
  return {
    ...rest,
    details:
      `${f.details} Conditional, not counted in estimated savings: if ${premise}, its measured ${gb.toFixed(1)} GB/month costs about $${nat.toFixed(2)}/month of NAT processing; ` +
      `an interface endpoint (com.amazonaws.${String(d.region ?? "<region>")}.${endpoint}) would charge $${viaEndpoint.toFixed(2)}/month for the same bytes plus $${pricing.interfaceEndpointAzHour}/hour per AZ, so up to $${conditional.toFixed(2)}/month less.`,
    data: { ...f.data, monthlyGb: gb, natMonthlyUsd: usd(nat), conditionalMonthlyUsd: conditional, conditionalOn: premise },
  };
}

/** A static finding on a delivery stream priced with its measured window total (no verdict change). */
export function withTrafficCost(f: Finding, d: DeliveryStreamConfig, lookup: MetricLookup, window: MetricWindow, pricing: Pricing): Finding {
  const bytes = monthlyBytes(d, lookup, window);
  if (bytes === undefined) return f;
  if (f.ruleId === VPC_ENDPOINT) return vpcEndpointCost(f, d, bytes, pricing);
  if (f.ruleId === SMALL_BUFFERS) {
    const dest = d.destination;
    const b = d.buffering;
    if ((dest !== "extended_s3" && dest !== "s3") || !b || typeof b.sizeMb !== "number" || typeof b.intervalSeconds !== "number") return f;
    const rate = bytes / SECONDS_PER_MONTH;
    const recSize = Number(f.data?.recommendedSizeMb ?? 5);
    const recInterval = Number(f.data?.recommendedIntervalSeconds ?? 300);
    const now = flushesPerMonth(b.sizeMb, b.intervalSeconds, rate);
    const recommended = flushesPerMonth(recSize, recInterval, rate);
    const saving = usd((Math.max(0, now - recommended) / 1000) * pricing.s3PutPer1000);
    return {
      ...f,
      monthlyImpactUsd: saving,
      details: `${f.details} From the window's average traffic (${(bytes / GIB).toFixed(1)} GB/month): about ${Math.round(now).toLocaleString("en-US")} S3 PUTs/month now vs ${Math.round(recommended).toLocaleString("en-US")} at ${recSize} MB / ${recInterval} s.`,
      data: { ...f.data, measuredPutsPerMonth: now, recommendedPutsPerMonthMeasured: recommended, monthlyGb: bytes / GIB },
    };
  }
  return f;
}

export interface DeliveryTrafficContext {
  readonly lookup: MetricLookup;
  readonly window: MetricWindow;
  readonly pricing: (region: string) => Pricing;
  /** kdf-small-buffers' config; undefined when the rule is disabled. */
  readonly smallBuffers?: RuleConfig;
}

/**
 * The static findings with traffic applied: on delivery streams with hourly bytes, kdf-small-buffers
 * is re-judged from the measured flushes (a static finding may go, a live one may appear); other
 * findings on delivery streams get their traffic-based costs. Findings on other resources pass.
 */
export function withDeliveryTraffic(findings: readonly Finding[], deliveryStreams: readonly DeliveryStreamConfig[], ctx: DeliveryTrafficContext): Finding[] {
  const byRef = new Map(deliveryStreams.map((d) => [d.id.ref, d]));
  const measured = new Map<string, MeasuredDeliveryTraffic>();
  for (const d of deliveryStreams) {
    const t = measuredDeliveryTraffic(d, ctx.lookup, ctx.window);
    if (t) measured.set(d.id.ref, t);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const d = byRef.get(f.resource.ref);
    if (!d) out.push(f);
    else if (f.ruleId === SMALL_BUFFERS && measured.has(d.id.ref)) continue; // judged below from the measured traffic
    else out.push(withTrafficCost(f, d, ctx.lookup, ctx.window, ctx.pricing(String(d.region ?? ""))));
  }
  if (ctx.smallBuffers) {
    for (const d of deliveryStreams) {
      const t = measured.get(d.id.ref);
      if (t) out.push(...kdfSmallBuffersMeasured(d, { config: ctx.smallBuffers, pricing: ctx.pricing(String(d.region ?? "")) }, t));
    }
  }
  return out;
}
