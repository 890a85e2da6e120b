/**
 * defineRule: every rule (rules/<rule-id>/rule.ts) has the same shape - its metadata, its config
 * schema and static config type from one TypeBox declaration, and its evaluate function(s), typed so
 * `ctx.config` is the rule's own config type. The catalog (rules/catalog.ts) is the list of them.
 */
import type { Static, TObject, TProperties } from "@sinclair/typebox";
import type { RuleConfig } from "./types";
import type { AlarmRecommendation } from "./lib/alarm-recommendation";
import type { RuleExample } from "./lib/examples";
import type { RemediationInput, RemediationValues } from "./lib/remediation-values";
import type { DrFlag, DrFlagsInput } from "./kds-cross-region/dr-flags";
import type { ShardPlanEntry, ShardPlanInput } from "./lib/shard-plan-entries";
import type { AlarmConfig, Category, ConsumerConfig, DeliveryStreamConfig, Finding, Inventory, Severity, StreamConfig } from "./model";
import type { MeasuredDeliveryTraffic, MetricRuleContext, StreamMetricContext } from "./metric/types";
import type { Pricing } from "./pricing";
import type { RuleContext } from "./types";
import { splitByExemptionTag, type Judgement } from "./tag-exemption";

export type Scope = "static" | "stack" | "metric";
export type Enforcement = "mandatory" | "advisory";

/** JSON schema subset used for rule configuration (compatible with @pulumi/policy's PolicyConfigSchema). */
export interface ConfigSchema {
  readonly type: "object";
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly additionalProperties?: boolean;
}

export interface RuleMeta {
  /** Policy name in the pack (kebab-case), rule id in reports; also the rule's folder name. */
  readonly id: string;
  /** Exact issue name from the mission (the `issue` field of findings). */
  readonly issue: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: Category;
  /** static: one resource's config; stack: needs other resources; metric: needs CloudWatch data (live only). */
  readonly scope: readonly Scope[];
  readonly resourceType: "stream" | "deliveryStream";
  readonly enforcement: Enforcement;
  readonly description: string;
  /** Short fix, shown with every finding. */
  readonly remediation: string;
  /** AWS documentation for the fix. */
  readonly docsUrl: string;
  readonly configSchema: ConfigSchema;
}

/** The descriptive part of a rule: shared by catalog rules and rules outside the catalog (the live checker's drift rules). */
export type RuleSummary = Pick<RuleMeta, "id" | "issue" | "title" | "severity" | "category" | "description" | "remediation" | "docsUrl">;

/**
 * An AWS call whose failure withholds a rule's findings. The rule's verdict is "something is
 * missing" (no alarm, no VPC endpoint, no DR replica): when the listing that would show it failed, a
 * finding would be a guess, so the live audit drops it (live-checks/analyze/blocked-rules.ts).
 */
export interface BlockingCall {
  /** The failed call as the collection names it, "<Service>.<Operation>" (e.g. "CloudWatch.DescribeAlarms"). */
  readonly api: string;
  /**
   * "region": blocks the rule on resources of the failed call's region; "all": everywhere;
   * "resource": only on the resource the failed call was about (its consumers, its shards).
   */
  readonly scope: "region" | "all" | "resource";
  /** Only a failure on this resource blocks (e.g. "DR region": a DR region's ListStreams). */
  readonly resource?: string;
  /**
   * Which resources the failure leaves unjudged, for a "region" or "all" block (default: every
   * resource of the rule's type): only these get the gap named and counted in their health.
   */
  readonly affects?: (resource: StreamConfig | DeliveryStreamConfig) => boolean;
}

/**
 * What the live audit (live-checks/) asks a rule instead of naming it. Every hook is optional: a
 * rule without it takes no part in that step.
 */
export interface LiveHooks<C = RuleConfig> {
  /** AWS calls whose failure withholds this rule's findings. */
  readonly blockedBy?: readonly BlockingCall[];
  /**
   * A static finding of this rule on a delivery stream, priced with its measured traffic (the
   * window's bytes in extrapolated to a month): a dollar figure the configuration alone cannot give.
   * Returns the finding unchanged when traffic does not apply (live-checks/analyze/traffic-costs.ts).
   */
  readonly deliveryTrafficCost?: (finding: Finding, ds: DeliveryStreamConfig, monthlyBytes: number, pricing: Pricing) => Finding;
  /**
   * The rule judged on a delivery stream from its measured hourly bytes: where the live audit has
   * them, these findings replace the rule's static findings on that delivery stream. Judged without
   * regard to the exemption tag, as `evaluate`: the caller (live-checks/analyze/traffic-costs.ts)
   * sets the findings of an exempt delivery stream apart (rules/tag-exemption.ts).
   */
  readonly deliveryMeasured?: (ds: DeliveryStreamConfig, ctx: RuleContext<C>, traffic: MeasuredDeliveryTraffic) => Finding[];
  /**
   * The issue a high finding of this rule stands for, when other findings may be the same issue
   * (one fix): high findings with the same key count once in `high_priority_issues`
   * (live-checks/analyze/high-priority.ts). Undefined: the finding is an issue of its own.
   */
  readonly issueKey?: (finding: Finding) => string | undefined;
  /**
   * The CloudWatch alarms this rule recommends for missing coverage (`alarm_recommendations`), from
   * its findings and the inventory; thresholds come from the rules' typed configs (`configOf`).
   */
  readonly alarmRecommendations?: (ctx: AlarmContext<C>) => AlarmRecommendation[];
  /**
   * The values this rule's remediation stubs (rules/<id>/remediation.*.hbs) spell out for a finding:
   * shard steps, thresholds, alarms (live-checks/report/remediation-model.ts only asks the rule).
   */
  readonly remediationValues?: (finding: Finding, input: RemediationInput<C>) => RemediationValues;
  /** The audit's DR replication flags (`dr_flags`), when the rule is enabled: kds-cross-region's. */
  readonly drFlags?: (input: DrFlagsInput) => DrFlag[];
  /** The shard optimization plan's entries for a finding of this rule (splits, UpdateShardCount). */
  readonly shardPlan?: (finding: Finding, input: ShardPlanInput) => ShardPlanEntry[];
  /**
   * Regions the collection also lists, beyond the audited ones, because this rule judges what is
   * there (the DR regions, where replicas live); only when the rule is not disabled.
   */
  readonly regionsToList?: (config: C) => readonly string[];
  /** True for a rule the live audit never runs: the AWS APIs never return what it judges. */
  readonly packOnly?: boolean;
  /** The lag (ms) above which the consumer lag report flags an enhanced fan-out consumer (from the rule's config). */
  readonly consumerLagLimitMs?: (config: C) => number;
  /** The limits this rule judges hourly-charted metrics by (from its config): lines on the dashboard's trend charts. */
  readonly trendLimits?: (config: C) => readonly TrendLimit[];
}

/**
 * A limit drawn on the dashboard's hourly trend of a metric, in the chart's unit: milliseconds for
 * the lag metrics, percent of successful attempts for Success, seconds for DataFreshness.
 * "DeliveryTo*" stands for every destination's prefix.
 */
export interface TrendLimit {
  readonly metric: "GetRecords.IteratorAgeMilliseconds" | "SubscribeToShardEvent.MillisBehindLatest" | "DeliveryTo*.Success" | "DeliveryTo*.DataFreshness";
  readonly value: number;
  /** Short label on the line ("limit 60 s"). */
  readonly label: string;
}

/** A Pulumi resource's inputs, as a pack remediation receives and returns them. */
export type PulumiProps = Record<string, unknown>;

/**
 * What the policy pack (policies/) asks a rule instead of naming it. The pack registers one resource
 * policy per rule with a `stream` or `deliveryStream` evaluate function and one stack policy per rule
 * with a `stack` one (named `stackPolicyName` when the rule has both); these hooks add the rest.
 */
export interface PackHooks<C = RuleConfig> {
  /**
   * The safe in-place fix for `enforcementLevel: "remediate"` on a Data Stream: its inputs with the
   * fix applied, or undefined when the rule does not fire or the fix is not safe to automate.
   */
  readonly fixStream?: (props: PulumiProps, findings: readonly Finding[], stream: StreamConfig, config: C) => PulumiProps | undefined;
  /** The same for a delivery stream. */
  readonly fixDeliveryStream?: (props: PulumiProps, findings: readonly Finding[], ds: DeliveryStreamConfig, config: C) => PulumiProps | undefined;
  /**
   * The rule judges which inputs are secrets: the SDK only shows them in the remediation pass, so the
   * pack's secret-inputs policy notes them there and this rule's validation reads the note
   * (adapters/pulumi/secrets.ts).
   */
  readonly readsNotedSecrets?: boolean;
}

/**
 * What the reports (live-checks/report/: dashboard, cost table, consumer lag report) ask a finding's
 * rule instead of naming it. Every hook is optional.
 */
export interface ReportHooks {
  /** A finding of this rule flags the stream's polling consumers (GetRecords iterator age) as lagging. */
  readonly flagsPollingLag?: boolean;
  /** The shard a finding of this rule marks as a bottleneck on the dashboard's heatmap. */
  readonly hotShardOf?: (finding: Finding) => string;
  /**
   * The finding's own estimate of its on-demand stream's monthly cost: the cost table's "current"
   * takes it instead of its own stream-hours and data-in estimate, so the row and the finding agree.
   */
  readonly onDemandMonthlyUsd?: (finding: Finding) => number | undefined;
  /**
   * What the finding measured a delivery stream paying beyond ingestion (the cost table's "current"
   * adds it), with the basis it names; undefined when the finding priced nothing.
   */
  readonly deliveryCostBeyondIngestion?: (finding: Finding, pricing: Pricing) => { readonly usd: number; readonly basis: string } | undefined;
}

/** What a rule's alarmRecommendations hook sees. */
export interface AlarmContext<C = RuleConfig> {
  /** This rule's findings, every resource. */
  readonly findings: readonly Finding[];
  readonly streams: readonly StreamConfig[];
  readonly consumers: readonly ConsumerConfig[];
  readonly alarms: readonly AlarmConfig[];
  /** This rule's resolved config. */
  readonly config: C;
  /** Another rule's resolved config, typed (kds-alarms alarms on kds-iterator-age's threshold). */
  readonly configOf: ConfigOf;
}

/** A rule's resolved config by its typed handle (what defineRule returns). */
export type ConfigOf = <T>(rule: TypedRule<T>) => T;

/** A rule's evaluate functions, one per kind of input it judges; `C` is the rule's config type. */
export interface RuleEvaluators<C = RuleConfig> {
  /** Static: one Data Stream. */
  readonly stream?: (stream: StreamConfig, ctx: RuleContext<C>) => Finding[];
  /** Static: one delivery stream. */
  readonly deliveryStream?: (ds: DeliveryStreamConfig, ctx: RuleContext<C>) => Finding[];
  /** Stack: everything in scope (a Pulumi stack or a live account/region). */
  readonly stack?: (inventory: Inventory, ctx: RuleContext<C>) => Finding[];
  /** Metric (live audit only): one Data Stream with its CloudWatch series. */
  readonly streamMetric?: (stream: StreamConfig, ctx: StreamMetricContext<C>) => Finding[];
  /** Metric (live audit only): one delivery stream with its CloudWatch series. */
  readonly deliveryStreamMetric?: (ds: DeliveryStreamConfig, ctx: MetricRuleContext<C>) => Finding[];
}

/**
 * A rule's evaluate functions with the exemption tag applied by the engine (rules/tag-exemption.ts):
 * each returns the active findings and, apart, those on a resource the tag exempts from the rule.
 */
export interface RuleJudges {
  readonly stream?: (stream: StreamConfig, ctx: RuleContext) => Judgement;
  readonly deliveryStream?: (ds: DeliveryStreamConfig, ctx: RuleContext) => Judgement;
  readonly stack?: (inventory: Inventory, ctx: RuleContext) => Judgement;
  readonly streamMetric?: (stream: StreamConfig, ctx: StreamMetricContext) => Judgement;
  readonly deliveryStreamMetric?: (ds: DeliveryStreamConfig, ctx: MetricRuleContext) => Judgement;
}

export interface RuleDefinition<S extends TObject> extends Omit<RuleMeta, "configSchema"> {
  /** The config as one TypeBox object: it is the JSON schema (with defaults) and gives the static type. */
  readonly config: S;
  /**
   * The rule's verdicts, without regard to the exemption tag: the engine applies it (defineRule,
   * rules/tag-exemption.ts). A rule only gives no verdict while the tag cannot be read
   * (tagExemptionUnknown, or judged() from rules/lib/judge.ts).
   */
  readonly evaluate: RuleEvaluators<Static<S>>;
  /**
   * Pack policy name of the stack part when the rule also has a resource part (policy names are
   * unique in a pack): kdf-encryption judges DirectPut streams itself and Kinesis-sourced ones by
   * their source stream.
   */
  readonly stackPolicyName?: string;
  /**
   * Metric rules that also judge streams below the live audit's traffic filter: they are about the
   * absence of traffic (every other metric rule is skipped on a low-traffic stream).
   */
  readonly judgesLowTraffic?: boolean;
  /** Good and bad inputs with the exact resources flagged (rules/<id>/examples.ts): tested and rendered in docs/rules.md. */
  readonly examples?: readonly RuleExample[];
  /** The live audit's questions to this rule (see LiveHooks). */
  readonly live?: LiveHooks<Static<S>>;
  /** The policy pack's questions to this rule (see PackHooks). */
  readonly pack?: PackHooks<Static<S>>;
  /** The reports' questions to this rule (see ReportHooks). */
  readonly report?: ReportHooks;
}

/** A rule as the catalog, the pack and the live audit see it. */
export interface Rule extends RuleMeta {
  /** The active findings: the definition's evaluate functions without the findings the exemption tag exempts. */
  readonly evaluate: RuleEvaluators;
  /** The same functions returning the active and the tag-exempt findings apart (`scan` and `audit` list the latter as suppressed). */
  readonly judge: RuleJudges;
  readonly stackPolicyName?: string;
  readonly judgesLowTraffic: boolean;
  readonly examples: readonly RuleExample[];
  readonly live: LiveHooks;
  readonly pack: PackHooks;
  readonly report: ReportHooks;
}

/** A rule with its config type: what defineRule returns, so other code can read its config typed (ConfigOf). */
export interface TypedRule<C> extends Rule {
  /** Type-level only: never set. */
  readonly configType?: C;
}

const defined = new Map<string, Rule>();

/**
 * Define a rule. Every config property needs a default: resolveRuleConfig applies them, so the
 * static type (every key present) is what the evaluate functions receive.
 */
export function defineRule<S extends TObject>(def: RuleDefinition<S>): TypedRule<Static<S>> {
  const { config, evaluate, stackPolicyName, judgesLowTraffic, examples, live, pack, report, ...meta } = def;
  for (const [key, s] of Object.entries(config.properties)) {
    if (!("default" in s)) throw new Error(`rule "${meta.id}": config key "${key}" has no default`);
  }
  // The JSON schema as Pulumi and ajv take it. TypeBox would list every key as `required`; we
  // leave that out, as before: every key has a default that resolveRuleConfig fills in.
  // The exemption tag does not silence a rule that is mandatory by default unless its config allows
  // it (an accepted exception to encryption or backup needs a reason: the CLI's config exemptions).
  // The default level counts, not a level changed in the config: the pack cannot see the effective
  // level (@pulumi/policy's getConfig drops enforcementLevel), and scan must report what the pack does.
  const properties: TProperties = { ...config.properties };
  if (properties.allowTagExemption) properties.allowTagExemption = { ...properties.allowTagExemption, default: meta.enforcement !== "mandatory" };
  const configSchema: ConfigSchema = { type: "object", properties, additionalProperties: false };
  // Sound: callers pass the config resolved (validated, defaults applied) against this very
  // schema (rules/config.ts), i.e. a Static<S>; the registries hold rules of every config type.
  const judge = tagJudges(meta.id, evaluate as RuleEvaluators);
  const rule: Rule = {
    ...meta,
    configSchema,
    evaluate: activeOnly(judge),
    ...(stackPolicyName === undefined ? {} : { stackPolicyName }),
    judgesLowTraffic: judgesLowTraffic === true,
    examples: examples ?? [],
    judge,
    // Sound for the same reason as `evaluate`.
    live: (live ?? {}) as LiveHooks,
    pack: (pack ?? {}) as PackHooks,
    report: report ?? {},
  };
  // A module re-evaluated (a test runner's watch mode) defines its rule again: the last one wins.
  // Two rules with one id are caught by the catalog.
  defined.set(rule.id, rule);
  return rule;
}

/**
 * The rule's evaluate functions with the exemption tag applied: a finding is tag-exempt when the
 * resource it is about carries the tag for this rule (the judged resource of a one-resource part; for
 * a stack part, the stream or delivery stream the finding names).
 */
function tagJudges(id: string, e: RuleEvaluators): RuleJudges {
  const split = (findings: Finding[], ctx: RuleContext, tagsOf: (f: Finding) => StreamConfig["tags"] | undefined) => splitByExemptionTag(id, findings, ctx.config, tagsOf);
  const { stream, deliveryStream, stack, streamMetric, deliveryStreamMetric } = e;
  return {
    ...(stream ? { stream: (s, ctx) => split(stream(s, ctx), ctx, () => s.tags) } : {}),
    ...(deliveryStream ? { deliveryStream: (d, ctx) => split(deliveryStream(d, ctx), ctx, () => d.tags) } : {}),
    ...(stack
      ? {
          stack: (inv, ctx) => {
            const findings = stack(inv, ctx);
            if (findings.length === 0) return { findings, tagExempt: [] };
            const tags = new Map<string, StreamConfig["tags"]>([...inv.streams, ...inv.deliveryStreams].map((r) => [r.id.ref, r.tags]));
            return split(findings, ctx, (f) => tags.get(f.resource.ref));
          },
        }
      : {}),
    ...(streamMetric ? { streamMetric: (s, ctx) => split(streamMetric(s, ctx), ctx, () => s.tags) } : {}),
    ...(deliveryStreamMetric ? { deliveryStreamMetric: (d, ctx) => split(deliveryStreamMetric(d, ctx), ctx, () => d.tags) } : {}),
  };
}

/** The judges' active findings only (Rule.evaluate). */
function activeOnly(j: RuleJudges): RuleEvaluators {
  const { stream, deliveryStream, stack, streamMetric, deliveryStreamMetric } = j;
  return {
    ...(stream ? { stream: (s, ctx) => stream(s, ctx).findings } : {}),
    ...(deliveryStream ? { deliveryStream: (d, ctx) => deliveryStream(d, ctx).findings } : {}),
    ...(stack ? { stack: (inv, ctx) => stack(inv, ctx).findings } : {}),
    ...(streamMetric ? { streamMetric: (s, ctx) => streamMetric(s, ctx).findings } : {}),
    ...(deliveryStreamMetric ? { deliveryStreamMetric: (d, ctx) => deliveryStreamMetric(d, ctx).findings } : {}),
  };
}

/** A defined rule by id (rules register themselves when their module loads); throws on an unknown id. */
export function definedRule(id: string): Rule {
  const r = defined.get(id);
  if (!r) throw new Error(`unknown rule id "${id}"`);
  return r;
}
