/**
 * Hourly values kept for the dashboard's lag and delivery trends: one value per hour of the window
 * (NaN: no data), as rows of a few shared Float32Arrays. A 1,000-stream fleet keeps ~5,000 such
 * series (iterator age, a fan-out consumer's lag, delivery success and freshness); one typed array
 * each would cost its own backing store (~2 kB with its overhead), a row of a shared one 672 bytes
 * (docs/benchmarks.md, P2 memory). Float32 is plenty for a chart: integers (ms, s) are exact below
 * 16.7 million, and a percent keeps 7 significant digits. The rules' figures never come from here.
 */
import { HOURLY, type MetricSeries, type MetricWindow } from "../../rules/metric-requests";
import { HourRowMap } from "../../rules/metric/hourly-values";

/**
 * Rows per shared buffer at most: 1,024 rows of a 7-day window are 688 kB. A table told how many
 * rows it may hand out allocates no more than that: an organization-wide audit keeps one table's
 * buffers per account, and 20 resources need ~80 rows, not 1,024 (docs/benchmarks.md, P4 memory).
 */
const ROWS_PER_CHUNK = 1024;

/** One row: a read-only Map from hour start (epoch seconds) to value, for the charts. */
export class WindowHours extends HourRowMap {}

/** Hands out rows of the window's hours from shared buffers; `hourly` and `ratio` fill one from collected series. */
export class WindowHoursTable {
  private readonly hours: number;
  private chunk = new Float32Array(0);
  private used = 0;
  /** Scratch rows for `ratio` (reused: a ratio keeps only its result). */
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly rowsPerChunk: number;

  /** @param maxRows how many rows the caller may ask for at most (a chunk is no larger; more rows still work, in further chunks) */
  constructor(
    private readonly window: MetricWindow,
    maxRows = ROWS_PER_CHUNK,
  ) {
    this.hours = Math.max(1, Math.round((window.end - window.start) / HOURLY));
    this.rowsPerChunk = Math.max(1, Math.min(ROWS_PER_CHUNK, Math.ceil(maxRows)));
    this.a = new Float64Array(this.hours);
    this.b = new Float64Array(this.hours);
  }

  private row(): Float32Array {
    if (this.used + this.hours > this.chunk.length) {
      this.chunk = new Float32Array(this.hours * this.rowsPerChunk).fill(NaN);
      this.used = 0;
    }
    const r = this.chunk.subarray(this.used, this.used + this.hours);
    this.used += this.hours;
    return r;
  }

  /** Fold a series' datapoints into hours of the window: the larger value of an hour for a Maximum, the sum otherwise. */
  private fold(s: MetricSeries, into: Float32Array | Float64Array): number {
    let n = 0;
    for (let j = 0; j < s.timestamps.length; j++) {
      const i = Math.floor((s.timestamps[j]! - this.window.start) / HOURLY);
      const v = s.values[j];
      if (i < 0 || i >= this.hours || v === undefined || !Number.isFinite(v)) continue;
      const old = into[i]!;
      if (Number.isNaN(old)) n++;
      into[i] = Number.isNaN(old) ? v : s.stat === "Maximum" ? Math.max(old, v) : old + v;
    }
    return n;
  }

  /** An "ok" series collected hourly, per hour of the window; undefined without a datapoint in it. */
  hourly(s: MetricSeries | undefined): WindowHours | undefined {
    if (!s || s.status !== "ok" || s.period !== HOURLY || s.values.length === 0) return undefined;
    const r = this.row();
    if (this.fold(s, r) === 0) {
      r.fill(NaN); // hand the row back
      this.used -= this.hours;
      return undefined;
    }
    return new WindowHours(this.window.start, r);
  }

  /** 100 x num / den per hour where both have data and den > 0 (e.g. Success Sum / SampleCount); undefined without such an hour. */
  ratio(num: MetricSeries | undefined, den: MetricSeries | undefined): WindowHours | undefined {
    const ok = (s: MetricSeries | undefined): s is MetricSeries => !!s && s.status === "ok" && s.period === HOURLY && s.values.length > 0;
    if (!ok(num) || !ok(den)) return undefined;
    this.a.fill(NaN);
    this.b.fill(NaN);
    this.fold(num, this.a);
    this.fold(den, this.b);
    let any = false;
    for (let i = 0; i < this.hours && !any; i++) any = this.b[i]! > 0 && !Number.isNaN(this.a[i]!);
    if (!any) return undefined;
    const r = this.row();
    for (let i = 0; i < this.hours; i++) if (this.b[i]! > 0 && !Number.isNaN(this.a[i]!)) r[i] = (this.a[i]! / this.b[i]!) * 100;
    return new WindowHours(this.window.start, r);
  }
}
