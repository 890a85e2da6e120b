/**
 * An organization-wide audit keeps every account's analysis until the reports are written (the
 * dashboard orders resources across accounts). Most of an analysis' memory is its rows of hourly
 * values (shard loads, write utilization, throughput, lag and delivery trends: ~8 kB per resource,
 * 30+ MB at 4,000 resources) which only the dashboard reads, once or twice. RowSpill moves them to
 * a temporary file as each account is analyzed; they are read back when the dashboard draws that
 * resource (docs/benchmarks.md, P4 memory). The values come back bit for bit: the reports are the
 * same. The rest of each analysis follows them into the same file (analysis-spill.ts).
 */
import { closeSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { HourRowMap, type HourRow, type HourRowStore } from "../../rules/metric/hourly-values";
import type { AuditAnalysis } from "./audit-analysis";
import { readExactlyAt, writeAllAt } from "../positioned-io";

/** Rows read back kept in memory (the dashboard reads a resource's rows a few times in a row). */
const CACHED_ROWS = 64;

/** Closes a spill's file when the spill is garbage (no explicit close: the analyses may outlive any scope). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

export class RowSpill implements HourRowStore {
  private readonly fd: number;
  private size = 0;
  private readonly cache = new Map<number, HourRow>();
  /** Per handle (the save order): byte offset in the file, byte length, and whether a row is 64-bit. */
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private readonly wide: boolean[] = [];

  /** A new spill file in `dir` (default: the system's temp folder), removed from the folder at once (Windows: at exit). */
  constructor(dir = tmpdir()) {
    const path = join(dir, `.kinesis-guard-rows-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
    this.fd = openSync(path, "wx+", 0o600);
    try {
      rmSync(path); // POSIX: the open file lives on until closed, and no kill can leave it behind
    } catch {
      process.once("exit", () => {
        try {
          closeSync(this.fd);
          rmSync(path, { force: true });
        } catch {
          // best effort
        }
      });
    }
    closer.register(this, this.fd);
  }

  /** Append bytes to the file; returns their handle. */
  private append(bytes: Uint8Array, wide: boolean): number {
    writeAllAt(this.fd, bytes, this.size);
    this.offsets.push(this.size);
    this.lengths.push(bytes.length);
    this.wide.push(wide);
    this.size += bytes.length;
    return this.offsets.length - 1;
  }

  /** Read back the bytes of `handle` into `into` (its length is theirs). */
  private readInto(handle: number, into: Uint8Array): void {
    const offset = this.offsets[handle];
    if (offset === undefined || this.lengths[handle] !== into.length) throw new RangeError(`no spilled record ${handle} of ${into.length} bytes`);
    readExactlyAt(this.fd, into, offset, "the spilled records end early (was the temporary file removed?)");
  }

  save(row: HourRow): number {
    return this.append(new Uint8Array(row.buffer, row.byteOffset, row.byteLength), row instanceof Float64Array);
  }

  load(handle: number): HourRow {
    const hit = this.cache.get(handle);
    if (hit) return hit;
    const bytes = this.lengths[handle] ?? 0;
    const row = this.wide[handle] ? new Float64Array(bytes / 8) : new Float32Array(bytes / 4);
    this.readInto(handle, new Uint8Array(row.buffer));
    if (this.cache.size >= CACHED_ROWS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(handle, row);
    return row;
  }

  /** Keep any bytes (a serialized analysis: analysis-spill.ts); returns the handle `loadBytes` reads them with. */
  saveBytes(bytes: Uint8Array): number {
    return this.append(bytes, false);
  }

  loadBytes(handle: number): Buffer {
    const buf = Buffer.allocUnsafe(this.lengths[handle] ?? 0);
    this.readInto(handle, buf);
    return buf;
  }

  /** Move every row of hourly values of `a` to the file (the analysis reads the same afterwards). */
  spill(a: AuditAnalysis): void {
    for (const slot of hourlySlots(a)) if (slot.value instanceof HourRowMap) slot.value.moveRowTo(this);
  }
}

/** One place in an analysis that holds a map of hourly values (or, spilled, its stand-in). */
export interface HourlySlot {
  readonly value: unknown;
  set(value: unknown): void;
}

/** Every place an analysis holds hourly values: shard loads, write utilization, throughput, lag and delivery trends. */
export function* hourlySlots(a: AuditAnalysis): Generator<HourlySlot> {
  const field = <O extends object>(o: O, key: keyof O & string): HourlySlot => ({
    value: o[key],
    set: (v) => {
      (o as Record<string, unknown>)[key] = v;
    },
  });
  for (const s of a.streams) {
    for (const l of s.shardLoads) yield field(l, "hourly");
    if (s.writeUtilization) yield field(s.writeUtilization, "hourly");
    yield field(s, "hourlyBytesPerSecond");
    yield field(s, "hourlyIteratorAgeMs");
    const lag = s.hourlyConsumerLagMs as Map<string, unknown> | undefined;
    for (const [name, m] of lag ?? []) yield { value: m, set: (v) => lag!.set(name, v) };
  }
  for (const d of a.deliveryStreams) {
    yield field(d, "hourlySuccessPercent");
    yield field(d, "hourlyFreshnessSeconds");
  }
}
