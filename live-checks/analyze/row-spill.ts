/**
 * An organization-wide audit keeps every account's analysis until the reports are written (the
 * dashboard orders resources across accounts). Most of an analysis' memory is its rows of hourly
 * values (shard loads, write utilization, throughput, lag and delivery trends: ~8 kB per resource,
 * 30+ MB at 4,000 resources) which only the dashboard reads, once or twice. RowSpill moves them to
 * a temporary file as each account is analyzed; they are read back when the dashboard draws that
 * resource, so what the audit holds grows by the resources' few summary figures, not their hours
 * (docs/benchmarks.md, P4 memory). The values come back bit for bit: the reports are the same.
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
  /** Per handle (the save order): byte offset in the file, values, and whether they are 64-bit. */
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

  save(row: HourRow): number {
    const bytes = new Uint8Array(row.buffer, row.byteOffset, row.byteLength);
    writeAllAt(this.fd, bytes, this.size);
    this.offsets.push(this.size);
    this.lengths.push(row.length);
    this.wide.push(row instanceof Float64Array);
    this.size += bytes.length;
    return this.offsets.length - 1;
  }

  load(handle: number): HourRow {
    const hit = this.cache.get(handle);
    if (hit) return hit;
    const offset = this.offsets[handle];
    if (offset === undefined) throw new RangeError(`no spilled row ${handle}`);
    const row = this.wide[handle] ? new Float64Array(this.lengths[handle]!) : new Float32Array(this.lengths[handle]!);
    readExactlyAt(this.fd, new Uint8Array(row.buffer), offset, "the spilled hourly rows end early (was the temporary file removed?)");
    if (this.cache.size >= CACHED_ROWS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(handle, row);
    return row;
  }

  /** Move every row of hourly values of `a` to the file (the analysis reads the same afterwards). */
  spill(a: AuditAnalysis): void {
    const move = (m: ReadonlyMap<number, number> | undefined) => {
      if (m instanceof HourRowMap) m.moveRowTo(this);
    };
    for (const s of a.streams) {
      for (const l of s.shardLoads) move(l.hourly);
      move(s.writeUtilization?.hourly);
      move(s.hourlyBytesPerSecond);
      move(s.hourlyIteratorAgeMs);
      for (const m of s.hourlyConsumerLagMs?.values() ?? []) move(m);
    }
    for (const d of a.deliveryStreams) {
      move(d.hourlySuccessPercent);
      move(d.hourlyFreshnessSeconds);
    }
  }
}
