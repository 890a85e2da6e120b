/**
 * Organization-wide audits keep every account's analysis until the reports are written (the
 * dashboard orders resources across accounts). Once an account is analyzed and its hourly rows are
 * in the row spill, the rest of its analysis (configuration, findings, summary figures: ~3.5 kB a
 * resource) goes to the same temporary file, serialized with node:v8, and comes back when the
 * reports are built. While the organization is collected, memory then holds the accounts in flight,
 * not every account collected so far (docs/benchmarks.md, P4 round 5). The hourly maps are written
 * as where their row is in the file and attached to it again when read.
 */
import { deserialize, serialize } from "node:v8";
import { HourlyValues, HourRowMap } from "../../rules/metric/hourly-values";
import type { AuditAnalysis } from "./audit-analysis";
import type { AccountStatus, AnalyzedAccount } from "./organization";
import { hourlySlots, type RowSpill } from "./row-spill";
import { shareStrings } from "./shared-strings";
import { WindowHours } from "./window-hours";

/** The stand-in of an hourly map on disk: [kind, first hour, hours with values, row handle]. */
const MOVED = "kg:movedHourRow";
type Moved = { readonly [MOVED]: readonly [number, number, number, number] };

/** The classes of hourly maps an analysis holds; a map's kind on disk is its index here. */
const KINDS: readonly HourRowMap[] = [HourlyValues.prototype, WindowHours.prototype, HourRowMap.prototype];

export class AnalysisSpill {
  constructor(private readonly rows: RowSpill) {}

  /**
   * Write `a` to the file and return the handle `take` reads it back with; `a` must not be used
   * afterwards. Returns undefined, with `a` as it was, when it cannot be written (a value node:v8
   * cannot serialize, a map of an unknown class): the caller keeps it in memory.
   */
  put(a: AuditAnalysis): number | undefined {
    const replaced: { set(v: unknown): void; value: unknown }[] = [];
    try {
      for (const slot of hourlySlots(a)) {
        const m = slot.value;
        if (!(m instanceof HourRowMap)) continue;
        const kind = KINDS.indexOf(Object.getPrototypeOf(m) as HourRowMap);
        if (kind < 0) throw new TypeError(`an hourly map of an unknown class (${m.constructor.name})`);
        m.moveRowTo(this.rows); // (no-op for a row already moved)
        const moved = m.movedRow()!;
        replaced.push(slot);
        slot.set({ [MOVED]: [kind, moved.firstHour, moved.size, moved.handle] } satisfies Moved);
      }
      return this.rows.saveBytes(serialize(a));
    } catch {
      for (const slot of replaced) slot.set(slot.value);
      return undefined;
    }
  }

  /** The analysis written as `handle`, as it was (its equal strings shared: shared-strings.ts). */
  take(handle: number): AuditAnalysis {
    const a = deserialize(this.rows.loadBytes(handle)) as AuditAnalysis;
    for (const slot of hourlySlots(a)) {
      const moved = (slot.value as Partial<Moved> | undefined)?.[MOVED];
      if (!moved) continue;
      const [kind, firstHour, size, rowHandle] = moved;
      slot.set(HourRowMap.attach(KINDS[kind]!, { firstHour, size, handle: rowHandle }, this.rows));
    }
    shareStrings(a);
    return a;
  }
}

/**
 * The analyzed accounts of an organization-wide audit, in the order added: in the temporary file
 * when one could be made (`rows`), else in memory with their strings shared.
 */
export class KeptAccounts {
  private readonly kept: { readonly account: AccountStatus; readonly analysis: AuditAnalysis | number }[] = [];
  private readonly spill: AnalysisSpill | undefined;

  constructor(private readonly rows: RowSpill | undefined) {
    this.spill = rows ? new AnalysisSpill(rows) : undefined;
  }

  get size(): number {
    return this.kept.length;
  }

  /** Keep an account's fresh analysis (not to be used by the caller afterwards). */
  add(account: AccountStatus, analysis: AuditAnalysis): void {
    const handle = this.spill?.put(analysis); // its hourly rows, then the rest
    if (handle === undefined) {
      // Kept in memory: its hourly rows still wait in the file if there is one (the dashboard reads them one at a time).
      this.rows?.spill(analysis);
      shareStrings(analysis);
    }
    this.kept.push({ account, analysis: handle ?? analysis });
  }

  /** Every account with its analysis, read back for the reports. */
  all(): AnalyzedAccount[] {
    return this.kept.map((k) => ({ account: k.account, analysis: typeof k.analysis === "number" ? this.spill!.take(k.analysis) : k.analysis }));
  }
}
