/**
 * CloudWatch (awsJson1_0 + awsQuery compatible for the v3 SDK; awsQuery XML for boto3).
 * Limits as AWS documents them:
 * - GetMetricData: at most 500 MetricDataQueries per call; up to 100,800 datapoints per page
 *   (MaxDatapoints), more come with NextToken.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 * - GetMetricStatistics: at most 1,440 datapoints per call (InvalidParameterCombination).
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
 * Start times are rounded down to the minute; datapoints start at start + k x period.
 */
import { hashString } from "../prng";
import { aggregate, seriesKey, statValue, STAT_NAMES, type SeriesDef, type StatName } from "../metrics/series";
import { ApiError, Timestamp, asArray, asObject, decodeToken, encodeToken, optNumber, optString, optTime } from "../protocol/wire";
import type { SimAlarm } from "../world";
import type { OpContext, OpHandler } from "./context";

export const MAX_METRIC_DATA_QUERIES = 500;
export const MAX_DATAPOINTS_PER_PAGE = 100_800;
export const MAX_STATISTICS_DATAPOINTS = 1_440;

function dimensionMap(v: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of asArray(v)) {
    const o = asObject(d);
    if (typeof o.Name !== "string" || typeof o.Value !== "string") throw new ApiError("InvalidParameterValue", `${where}: every dimension needs a Name and a Value`);
    out[o.Name] = o.Value;
  }
  return out;
}

function checkPeriod(period: number | undefined, where: string): number {
  if (period === undefined) throw new ApiError("MissingParameter", `${where}: Period is required`);
  if (!Number.isInteger(period) || period < 1) throw new ApiError("InvalidParameterValue", `${where}: The parameter Period must be a positive integer.`);
  if (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 30].includes(period)) {
    throw new ApiError("InvalidParameterValue", `${where}: The parameter Period must be 1, 5, 10, 30, or a multiple of 60.`);
  }
  return period;
}

function checkStat(stat: string | undefined, where: string): StatName {
  if (!stat) throw new ApiError("MissingParameter", `${where}: Stat is required`);
  if (!(STAT_NAMES as readonly string[]).includes(stat)) {
    throw new ApiError("InvalidParameterValue", `${where}: the simulator serves the statistics ${STAT_NAMES.join(", ")}; "${stat}" (percentiles, trimmed means) is not simulated`);
  }
  return stat as StatName;
}

/** Start rounded down to the minute (as CloudWatch does), end, and the raw start (for limits). */
function timeRange(ctx: OpContext): { start: number; end: number; rawStart: number } {
  const start = optTime(ctx.input, "StartTime");
  const end = optTime(ctx.input, "EndTime");
  if (start === undefined) throw new ApiError("MissingParameter", "The parameter StartTime is required.");
  if (end === undefined) throw new ApiError("MissingParameter", "The parameter EndTime is required.");
  if (start >= end) throw new ApiError("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
  return { start: Math.floor(start / 60) * 60, end, rawStart: start };
}

interface BucketValue {
  readonly t: number;
  readonly v: number;
}

/** Value of bucket i (timestamp start + i*period) of a series, or undefined when it has no data. */
function bucket(def: SeriesDef | undefined, stat: StatName, start: number, period: number, i: number, nowSeconds: number): BucketValue | undefined {
  if (!def) return undefined;
  const t = start + i * period;
  // Sub-minute periods only exist for high-resolution metrics; AWS/Kinesis and AWS/Firehose are 1-minute.
  if (period < 60) return undefined;
  const s = aggregate(def, t / 60, (t + period) / 60, Math.floor(nowSeconds / 60));
  const v = statValue(s, stat);
  return v === undefined ? undefined : { t, v };
}

interface PlannedQuery {
  readonly id: string;
  readonly label: string;
  readonly def: SeriesDef | undefined;
  readonly stat: StatName;
  readonly period: number;
  readonly buckets: number;
}

/**
 * What a GetMetricData request costs against the datapoints-per-second quota: the datapoints its
 * returned queries ask for, capped by MaxDatapoints, and whether it starts within the last 3 hours
 * (a lower quota). Never throws: a malformed request costs 0 here and is rejected by the operation.
 */
export function metricDataCost(input: Record<string, unknown>, nowSeconds: number): { datapoints: number; recentStart: boolean } {
  const start = safeTime(input, "StartTime");
  const end = safeTime(input, "EndTime");
  if (start === undefined || end === undefined || end <= start) return { datapoints: 0, recentStart: false };
  const from = Math.floor(start / 60) * 60;
  let datapoints = 0;
  for (const raw of asArray(input.MetricDataQueries)) {
    if (raw === null || typeof raw !== "object") continue;
    const q = raw as Record<string, unknown>;
    if (q.ReturnData === false || q.ReturnData === "false") continue;
    const ms = q.MetricStat as Record<string, unknown> | undefined;
    const period = Number(ms?.Period);
    if (Number.isFinite(period) && period > 0) datapoints += Math.ceil((end - from) / period);
  }
  const max = Number(input.MaxDatapoints ?? MAX_DATAPOINTS_PER_PAGE);
  return { datapoints: Math.min(datapoints, Number.isFinite(max) && max > 0 ? max : MAX_DATAPOINTS_PER_PAGE), recentStart: start > nowSeconds - 3 * 3600 };
}

function safeTime(input: Record<string, unknown>, key: string): number | undefined {
  try {
    return optTime(input, key);
  } catch {
    return undefined;
  }
}

/** GetMetricData: MetricStat queries only (no metric math), paged by datapoints. */
const getMetricData: OpHandler = (ctx) => {
  const queries = asArray(ctx.input.MetricDataQueries);
  if (queries.length === 0) throw new ApiError("MissingParameter", "The parameter MetricDataQueries is required.");
  if (queries.length > MAX_METRIC_DATA_QUERIES) {
    throw new ApiError("InvalidParameterValue", `The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_DATA_QUERIES}.`);
  }
  const { start, end } = timeRange(ctx);
  const maxDatapoints = optNumber(ctx.input, "MaxDatapoints") ?? MAX_DATAPOINTS_PER_PAGE;
  if (!Number.isInteger(maxDatapoints) || maxDatapoints < 1 || maxDatapoints > MAX_DATAPOINTS_PER_PAGE) {
    throw new ApiError("InvalidParameterValue", `The parameter MaxDatapoints must be between 1 and ${MAX_DATAPOINTS_PER_PAGE}.`);
  }
  const scanBy = optString(ctx.input, "ScanBy") ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") throw new ApiError("InvalidParameterValue", `The parameter ScanBy must be TimestampDescending or TimestampAscending.`);
  const ids = new Set<string>();
  const planned: PlannedQuery[] = [];
  queries.forEach((raw, i) => {
    const q = asObject(raw);
    const where = `MetricDataQueries[${i}]`;
    const id = typeof q.Id === "string" ? q.Id : "";
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw new ApiError("InvalidParameterValue", `${where}: Id "${id}" must start with a lowercase letter and contain only letters, numbers and underscores.`);
    if (ids.has(id)) throw new ApiError("InvalidParameterValue", `${where}: duplicate Id "${id}".`);
    ids.add(id);
    if (q.Expression !== undefined) throw new ApiError("InvalidParameterValue", `${where}: metric math expressions are not simulated; use MetricStat.`);
    const ms = asObject(q.MetricStat);
    const metric = asObject(ms.Metric);
    if (typeof metric.Namespace !== "string" || typeof metric.MetricName !== "string") {
      throw new ApiError("InvalidParameterValue", `${where}: MetricStat.Metric needs Namespace and MetricName.`);
    }
    const period = checkPeriod(optNumber(ms, "Period"), where);
    const stat = checkStat(optString(ms, "Stat"), where);
    const returnData = q.ReturnData === undefined || q.ReturnData === true || q.ReturnData === "true";
    if (!returnData) return;
    // AccountId: a monitoring account reads a linked source account's metrics
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html).
    const account = typeof q.AccountId === "string" && q.AccountId !== ctx.world.accountId ? q.AccountId : undefined;
    const source = account === undefined ? ctx.region : ctx.linkedRegion?.(account);
    if (!source) throw new ApiError("InvalidParameterValue", `${where}: account ${account ?? ""} is not a source account linked to this monitoring account.`);
    const def = source.series.get(seriesKey(metric.Namespace, metric.MetricName, dimensionMap(metric.Dimensions, where)));
    planned.push({ id, label: typeof q.Label === "string" ? q.Label : metric.MetricName, def, stat, period, buckets: Math.ceil((end - start) / period) });
  });
  // Resume point: query index and bucket scan position, tied to this exact request.
  const signature = hashString(JSON.stringify({ ...ctx.input, NextToken: undefined })).toString(36);
  let q0 = 0;
  let b0 = 0;
  const token = optString(ctx.input, "NextToken");
  if (token) {
    const t = decodeToken(token, "InvalidNextToken");
    if (t.sig !== signature) throw new ApiError("InvalidNextToken", "The NextToken does not belong to this request (parameters changed).");
    q0 = Number(t.q);
    b0 = Number(t.b);
  }
  const results: Record<string, unknown>[] = [];
  let emitted = 0;
  let next: string | undefined;
  for (let qi = q0; qi < planned.length && next === undefined; qi++) {
    const p = planned[qi]!;
    const timestamps: Timestamp[] = [];
    const values: number[] = [];
    let bi = qi === q0 ? b0 : 0;
    for (; bi < p.buckets; bi++) {
      const i = scanBy === "TimestampDescending" ? p.buckets - 1 - bi : bi;
      const v = bucket(p.def, p.stat, start, p.period, i, ctx.nowSeconds);
      if (!v) continue;
      if (emitted === maxDatapoints) {
        next = encodeToken({ q: qi, b: bi, sig: signature });
        break;
      }
      timestamps.push(new Timestamp(v.t));
      values.push(v.v);
      emitted++;
    }
    results.push({ Id: p.id, Label: p.label, Timestamps: timestamps, Values: values, StatusCode: next === undefined ? "Complete" : "PartialData" });
  }
  if (ctx.endlessPagination && next === undefined) next = encodeToken({ q: 0, b: 0, sig: signature });
  return { MetricDataResults: results, NextToken: next, Messages: [] };
};

const getMetricStatistics: OpHandler = (ctx) => {
  const namespace = optString(ctx.input, "Namespace");
  const metricName = optString(ctx.input, "MetricName");
  if (!namespace || !metricName) throw new ApiError("MissingParameter", "The parameters Namespace and MetricName are required.");
  const { start, end, rawStart } = timeRange(ctx);
  const period = checkPeriod(optNumber(ctx.input, "Period"), "Period");
  const stats = asArray(ctx.input.Statistics).map(String);
  if (asArray(ctx.input.ExtendedStatistics).length > 0) throw new ApiError("InvalidParameterValue", "ExtendedStatistics (percentiles) are not simulated.");
  if (stats.length === 0) throw new ApiError("InvalidParameterCombination", "Must specify either Statistics or ExtendedStatistics");
  stats.forEach((s) => checkStat(s, "Statistics"));
  const requested = Math.ceil((end - rawStart) / period);
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw new ApiError(
      "InvalidParameterCombination",
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const def = ctx.region.series.get(seriesKey(namespace, metricName, dimensionMap(ctx.input.Dimensions, "Dimensions")));
  const datapoints: Record<string, unknown>[] = [];
  const n = Math.ceil((end - start) / period);
  if (def && period >= 60) {
    for (let i = 0; i < n; i++) {
      const t = start + i * period;
      const s = aggregate(def, t / 60, (t + period) / 60, Math.floor(ctx.nowSeconds / 60));
      if (s.count === 0) continue;
      const dp: Record<string, unknown> = { Timestamp: new Timestamp(t) };
      for (const st of stats) dp[st] = statValue(s, st as StatName);
      dp.Unit = def.unit;
      datapoints.push(dp);
    }
  }
  return { Label: metricName, Datapoints: datapoints };
};

function alarmOut(a: SimAlarm, createdAt: number) {
  const s = a.spec;
  const dims = (d: Readonly<Record<string, string>> | undefined) => Object.entries(d ?? {}).map(([Name, Value]) => ({ Name, Value }));
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: `Simulated alarm ${a.name}`,
    AlarmConfigurationUpdatedTimestamp: new Timestamp(createdAt),
    ActionsEnabled: s.actionsEnabled ?? true,
    OKActions: [],
    AlarmActions: [`arn:aws:sns:${a.region}:${a.arn.split(":")[4]}:ops-alerts`],
    InsufficientDataActions: [],
    StateValue: s.state ?? "OK",
    StateReason: "Simulated state",
    StateUpdatedTimestamp: new Timestamp(createdAt),
    MetricName: s.metrics ? undefined : s.metricName,
    Namespace: s.metrics ? undefined : s.namespace,
    Statistic: s.metrics ? undefined : (s.statistic ?? "Maximum"),
    Dimensions: s.metrics ? undefined : dims(s.dimensions),
    Period: s.metrics ? undefined : (s.period ?? 300),
    EvaluationPeriods: s.evaluationPeriods ?? 1,
    Threshold: s.threshold ?? 0,
    ComparisonOperator: s.comparisonOperator ?? "GreaterThanThreshold",
    TreatMissingData: "missing",
    Metrics: s.metrics
      ? [
          ...s.metrics.map((m) => ({
            Id: m.id,
            MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: dims(m.dimensions) }, Period: m.period ?? 300, Stat: m.stat ?? "Sum" },
            ReturnData: false,
          })),
          { Id: "e1", Expression: s.expression ?? s.metrics.map((m) => m.id).join(" + "), Label: a.name, ReturnData: true },
        ]
      : undefined,
  };
}

const ALARM_EPOCH = Date.parse("2024-01-01T00:00:00Z") / 1000;

const describeAlarms: OpHandler = (ctx) => {
  const max = optNumber(ctx.input, "MaxRecords") ?? 50;
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new ApiError("InvalidParameterValue", "The parameter MaxRecords must be between 1 and 100.");
  const names = asArray(ctx.input.AlarmNames).map(String);
  const prefix = optString(ctx.input, "AlarmNamePrefix");
  const state = optString(ctx.input, "StateValue");
  const types = asArray(ctx.input.AlarmTypes).map(String);
  if (types.length > 0 && !types.includes("MetricAlarm")) return { MetricAlarms: [], CompositeAlarms: [] };
  const all = ctx.region.alarms.filter(
    (a) => (names.length === 0 || names.includes(a.name)) && (!prefix || a.name.startsWith(prefix)) && (!state || (a.spec.state ?? "OK") === state),
  );
  const token = optString(ctx.input, "NextToken");
  const after = token ? String(decodeToken(token, "InvalidNextToken").after ?? "") : undefined;
  const from = after === undefined || ctx.endlessPagination ? 0 : all.findIndex((a) => a.name > after);
  const page = from < 0 ? [] : all.slice(from, from + max);
  const more = ctx.endlessPagination || (from >= 0 && from + max < all.length);
  return {
    MetricAlarms: page.map((a) => alarmOut(a, ALARM_EPOCH)),
    CompositeAlarms: [],
    NextToken: more ? encodeToken({ after: page[page.length - 1]?.name ?? "" }) : undefined,
  };
};

/** Single-metric alarms on exactly this namespace / metric / dimension set. */
const describeAlarmsForMetric: OpHandler = (ctx) => {
  const namespace = optString(ctx.input, "Namespace");
  const metricName = optString(ctx.input, "MetricName");
  if (!namespace || !metricName) throw new ApiError("MissingParameter", "The parameters Namespace and MetricName are required.");
  const want = seriesKey(namespace, metricName, dimensionMap(ctx.input.Dimensions, "Dimensions"));
  const statistic = optString(ctx.input, "Statistic");
  const period = optNumber(ctx.input, "Period");
  const hits = ctx.region.alarms.filter(
    (a) =>
      !a.spec.metrics &&
      seriesKey(a.spec.namespace ?? "", a.spec.metricName ?? "", { ...(a.spec.dimensions ?? {}) }) === want &&
      (!statistic || (a.spec.statistic ?? "Maximum") === statistic) &&
      (period === undefined || (a.spec.period ?? 300) === period),
  );
  return { MetricAlarms: hits.map((a) => alarmOut(a, ALARM_EPOCH)) };
};

const listMetrics: OpHandler = (ctx) => {
  const namespace = optString(ctx.input, "Namespace");
  const metricName = optString(ctx.input, "MetricName");
  const dimFilters = asArray(ctx.input.Dimensions).map((d) => asObject(d));
  const all = [...ctx.region.series.values()].filter(
    (s) =>
      (!namespace || s.namespace === namespace) &&
      (!metricName || s.metricName === metricName) &&
      dimFilters.every((f) => typeof f.Name === "string" && s.dimensions[f.Name] !== undefined && (f.Value === undefined || s.dimensions[f.Name] === f.Value)),
  );
  const token = optString(ctx.input, "NextToken");
  const offset = token ? Number(decodeToken(token, "InvalidNextToken").offset ?? 0) : 0;
  const page = all.slice(offset, offset + 500);
  return {
    Metrics: page.map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })) })),
    NextToken: offset + 500 < all.length ? encodeToken({ offset: offset + 500 }) : undefined,
  };
};

export const CLOUDWATCH_OPERATIONS: Readonly<Record<string, OpHandler>> = {
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  ListMetrics: listMetrics,
};
