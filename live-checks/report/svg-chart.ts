/**
 * Hourly line charts for the dashboard, computed at build time: the view-model holds numbers and
 * short path strings (digits, signs, commas, "M", "l", "h"), the template lays out the <svg>, so no
 * markup is built here and every label goes through Handlebars' escaping. No chart library, nothing loaded
 * from the network: the page opens offline and its Content-Security-Policy allows no remote code.
 *
 * Every chart of a page shares one geometry (the window's hours across the same plot box), so the
 * frame, the grid and the day ticks are drawn once (`chartFrame`) and each chart only adds its
 * y labels, reference lines, line and marker. The line is drawn in hour units (x = hour index, one
 * relative step per hour, scaled to the plot by the frame's `lineTransform` with a non-scaling
 * stroke): about 6 bytes an hour instead of 11 for absolute coordinates (docs/benchmarks.md).
 * An hour without a datapoint breaks the line: no data is never drawn as zero.
 */

/** The plot box inside a chart's viewBox. */
export const CHART = { width: 640, height: 168, x0: 56, x1: 632, y0: 10, y1: 140 } as const;

const HOUR = 3600;

export interface ChartInput {
  /** Caption (may hold resource names: the template escapes it). */
  readonly title: string;
  /** What the chart plots, for tests and CSS ("throughput", "iterator-age", ...). */
  readonly kind: string;
  /** Hour-aligned window start (epoch seconds) and its length in hours. */
  readonly windowStart: number;
  readonly hours: number;
  /** Value per hour start; undefined: the series was not collected or has no datapoint. */
  readonly values: ReadonlyMap<number, number> | undefined;
  readonly format: (v: number) => string;
  /**
   * Horizontal reference lines (e.g. 80 % and 100 % of capacity, a rule's limit). `floor`: the line
   * is a lower limit (delivery success), so the summary counts the hours below it, not at or above;
   * `guide`: a level for orientation only (a buffer interval), not counted in the summary.
   */
  readonly refLines?: readonly { readonly value: number; readonly label: string; readonly cls: string; readonly floor?: boolean; readonly guide?: boolean }[];
  /** One point to mark (e.g. the measured peak minute). */
  readonly marker?: { readonly hour: number; readonly value: number; readonly label: string };
  /** The y axis reaches at least this value (e.g. 100 for % of capacity). */
  readonly minYMax?: number;
  /**
   * A fixed y range instead of 0 to a round top: success rates near 100 % drawn from 0 would be a
   * flat line at the top. The caller keeps every value and line inside it (values outside are clamped).
   */
  readonly yRange?: { readonly min: number; readonly max: number };
  /** The axis top for a highest value (default niceCeil; niceDuration for times, so the labels read 30 s, 1 min, 2 min). */
  readonly niceTop?: (v: number) => number;
  /** Shown instead of the chart when there is no datapoint ("no data: ..."). */
  readonly noData: string;
}

export interface ChartModel {
  readonly title: string;
  readonly kind: string;
  readonly hasData: boolean;
  readonly noData: string;
  /**
   * SVG path of the line in hour units across, tenths of a pixel down (drawn through
   * ChartFrame.lineTransform): "M" starts a run of consecutive hours with data, "l1,dy" steps one
   * hour, "h<n>" stays level n hours.
   */
  readonly path: string;
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly lines: readonly { readonly y: number; readonly label: string; readonly cls: string }[];
  readonly marker?: { readonly x: number; readonly y: number; readonly label: string; readonly labelX: number; readonly labelY: number; readonly anchor: "start" | "end" };
  /** The chart in words: peak, hours with data, hours at or above each reference line. */
  readonly summary: string;
}

export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly plotWidth: number;
  readonly plotHeight: number;
  /** y of the horizontal grid lines (the y labels of each chart sit on these). */
  readonly grid: readonly number[];
  /** Maps a line's units onto the plot: x = x0 + (hour + 0.5) x plotWidth / hours, y = tenths of a pixel / 10. */
  readonly lineTransform: string;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
}

/** Fractions of the y range labelled and gridded: 0, half, top. */
const Y_STEPS = [0, 0.5, 1] as const;

/** One decimal, without a trailing ".0" or a leading "0": keeps path strings short. */
function c(v: number): string {
  const r = Math.round(v * 10) / 10;
  return (Number.isInteger(r) ? String(r) : r.toFixed(1)).replace(/^(-?)0\./, "$1.");
}

function xOf(i: number, hours: number): number {
  return CHART.x0 + ((i + 0.5) * (CHART.x1 - CHART.x0)) / hours;
}

/** Axis tops: these x 10^k (the half-way label stays a round number too). */
const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;

/** The smallest NICE x 10^k at or above v. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of NICE) if (m * p >= v * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Axis tops for durations, in ms: half of each is a round duration too (15 s, 30 s, 1 min, 2.5 min, 5 min, ...). */
const DURATION_TOPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 21_600_000, 43_200_000, 86_400_000] as const;

/** The smallest DURATION_TOPS value at or above v ms (past a day, niceCeil's). */
export function niceDuration(v: number): number {
  return DURATION_TOPS.find((t) => t >= v * (1 - 1e-12)) ?? niceCeil(v);
}

/** The shared frame of every chart over this window: plot box, grid, and a tick per UTC day (6 hours on windows under two days). */
export function chartFrame(windowStart: number, hours: number): ChartFrame {
  const xTicks: { x: number; label: string }[] = [];
  const short = hours < 48;
  for (let i = 0; i < hours; i++) {
    const d = new Date((windowStart + i * HOUR) * 1000);
    const h = d.getUTCHours();
    if (h === 0 || (short && h % 6 === 0)) xTicks.push({ x: Math.round(CHART.x0 + (i * (CHART.x1 - CHART.x0)) / hours), label: h === 0 ? d.toISOString().slice(5, 10) : `${String(h).padStart(2, "0")}:00` });
  }
  return {
    ...CHART,
    plotWidth: CHART.x1 - CHART.x0,
    plotHeight: CHART.y1 - CHART.y0,
    grid: Y_STEPS.map((f) => Math.round(CHART.y1 - f * (CHART.y1 - CHART.y0))),
    // Four decimals of the hour width: under 0.01 px off at the last hour of a 14-day window.
    lineTransform: `translate(${c(xOf(0, hours))} 0) scale(${Math.round(((CHART.x1 - CHART.x0) / hours) * 1e4) / 1e4} .1)`,
    xTicks,
  };
}

function hourLabel(hour: number): string {
  return `${new Date(hour * 1000).toISOString().slice(5, 16).replace("T", " ")} UTC`;
}

export function lineChart(input: ChartInput): ChartModel {
  const { windowStart, hours, values, format } = input;
  const points: (number | undefined)[] = new Array<number | undefined>(hours);
  let max = -Infinity;
  let maxHour = 0;
  let min = Infinity;
  let minHour = 0;
  let withData = 0;
  for (let i = 0; i < hours; i++) {
    const v = values?.get(windowStart + i * HOUR);
    points[i] = v;
    if (v === undefined || !Number.isFinite(v)) continue;
    withData++;
    if (v > max) {
      max = v;
      maxHour = windowStart + i * HOUR;
    }
    if (v < min) {
      min = v;
      minHour = windowStart + i * HOUR;
    }
  }
  const base = { title: input.title, kind: input.kind, noData: input.noData };
  if (withData === 0) return { ...base, hasData: false, path: "", yTicks: [], lines: [], summary: input.noData };

  const refs = input.refLines ?? [];
  const marker = input.marker;
  const yMin = input.yRange?.min ?? 0;
  const yMax = input.yRange?.max ?? (input.niceTop ?? niceCeil)(Math.max(max, input.minYMax ?? 0, marker?.value ?? 0, ...refs.map((r) => r.value)) * 1.05);
  const yOf = (v: number) => CHART.y1 - ((Math.min(yMax, Math.max(yMin, v)) - yMin) / (yMax - yMin)) * (CHART.y1 - CHART.y0);

  // One path in hour units across and tenths of a pixel down (whole numbers: "l1,69" rather than
  // "l1,6.9"): "M<hour>,<y>" at the first hour of each run with data, then "l1,<dy>" per hour (dy
  // between rounded y values, so no rounding drift), and "h<n>" for n hours at the same rounded y (a
  // flat stretch: a lag far below its limit, 100 % delivery success); a lone hour gets a tiny
  // horizontal stroke so it stays visible (round line caps draw it as a dot).
  const parts: string[] = [];
  let lastY = 0;
  let flat = 0;
  const flush = () => {
    if (flat > 0) parts.push(`h${flat}`);
    flat = 0;
  };
  for (let i = 0; i < hours; i++) {
    const v = points[i];
    if (v === undefined || !Number.isFinite(v)) {
      flush();
      continue;
    }
    const prev = i > 0 ? points[i - 1] : undefined;
    const next = i + 1 < hours ? points[i + 1] : undefined;
    const y = Math.round(yOf(v) * 10);
    if (prev === undefined || !Number.isFinite(prev)) {
      parts.push(`M${i},${y}`);
      if (next === undefined || !Number.isFinite(next)) parts.push("h.05");
    } else {
      const dy = y - lastY;
      if (dy === 0) flat++;
      else {
        flush();
        parts.push(dy < 0 ? `l1${dy}` : `l1,${dy}`);
      }
    }
    lastY = y;
  }
  flush();

  const above = refs.filter((r) => !r.guide).map((r) => {
    let n = 0;
    for (const v of points) if (v !== undefined && (r.floor ? v < r.value : v >= r.value)) n++;
    return `${r.floor ? "below" : "at or above"} ${r.label} in ${n} h`;
  });
  const markerModel = marker && marker.hour >= windowStart && marker.hour < windowStart + hours * HOUR
    ? (() => {
        const x = xOf((marker.hour - windowStart) / HOUR, hours);
        const y = yOf(marker.value);
        const right = x > CHART.x0 + (CHART.x1 - CHART.x0) * 0.7;
        return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, label: marker.label, labelX: Math.round(right ? x - 7 : x + 7), labelY: Math.round(Math.max(CHART.y0 + 10, y - 6)), anchor: right ? ("end" as const) : ("start" as const) };
      })()
    : undefined;
  return {
    ...base,
    hasData: true,
    path: parts.join(""),
    yTicks: Y_STEPS.map((f) => ({ y: Math.round(CHART.y1 - f * (CHART.y1 - CHART.y0)), label: format(yMin + f * (yMax - yMin)) })),
    lines: refs.map((r) => ({ y: Math.round(yOf(r.value) * 10) / 10, label: r.label, cls: r.cls })),
    ...(markerModel ? { marker: markerModel } : {}),
    summary: [
      // Against a lower limit (delivery success) the worst hour is the lowest.
      refs.some((r) => r.floor) ? `lowest ${format(min)} (${hourLabel(minHour)})` : `peak ${format(max)} (${hourLabel(maxHour)})`,
      `${withData} of ${hours} h with data`,
      ...above,
      ...(markerModel ? [marker!.label] : []),
    ].join("; "),
  };
}
