/**
 * Snapshots of several accounts (organization-wide audits, issue 16).
 *
 * - Writing: `--save-snapshot FILE` of an organization-wide run writes a snapshot set, JSON Lines:
 *   a header line, one account snapshot a line (each a complete snapshot with its `account`),
 *   written as soon as the account is collected (nothing is held for it), and an end line with the
 *   count, so a truncated file is refused. Written to a temp file renamed at the end.
 * - Reading: `--from-snapshot` given several times, or a directory (its *.json and *.jsonl files),
 *   reads single snapshots and sets alike; snapshots of one account found in several files (a run
 *   split by region) are merged into one.
 */
import { createReadStream } from "node:fs";
import { open, readdir, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { parseSnapshot, SnapshotError, snapshotProblems } from "../snapshot-io";
import type { Snapshot } from "../snapshot";
import { writeText } from "../atomic-write";
import { canonicalSnapshot } from "./canonical";

export const SNAPSHOT_SET_KIND = "kinesis-guard-snapshot-set";

/**
 * `JSON.stringify(s) + "\n"` in pieces, the metric series one at a time: an account's line is
 * megabytes (2.2 MB for 20 resources with minute peaks), written while the next accounts are
 * collected, and as one string plus its bytes it was a spike of the organization audit's memory.
 */
export function* snapshotLinePieces(s: Snapshot): Generator<string> {
  let sep = "{";
  for (const [key, value] of Object.entries(s)) {
    if (value === undefined) continue; // as JSON.stringify: a snapshot holds no functions or symbols
    const head = `${sep}${JSON.stringify(key)}:`;
    sep = ",";
    if (key === "metrics" && Array.isArray(value)) {
      yield `${head}[`;
      for (let i = 0; i < value.length; i++) yield `${i === 0 ? "" : ","}${JSON.stringify(value[i]) ?? "null"}`;
      yield "]";
    } else yield head + JSON.stringify(value);
  }
  yield sep === "{" ? "{}\n" : "}\n";
}
const SET_END = "kinesis-guard-snapshot-set-end";

export class SnapshotSetWriter {
  private count = 0;
  /** The line being written: accounts finish concurrently, and a line's pieces must not interleave with another's. */
  private writing: Promise<void> = Promise.resolve();
  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
  ) {}

  static async open(path: string, toolVersion: string): Promise<SnapshotSetWriter> {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    let fh: FileHandle;
    try {
      fh = await open(tmp, "wx", 0o600);
    } catch (e) {
      throw new SnapshotError(`cannot write the snapshot to ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}); check that the folder exists and is writable`);
    }
    await fh.write(JSON.stringify({ kind: SNAPSHOT_SET_KIND, version: 1, toolVersion }) + "\n");
    return new SnapshotSetWriter(path, tmp, fh);
  }

  async add(s: Snapshot): Promise<void> {
    const problems = snapshotProblems(s);
    if (problems.length > 0) throw new SnapshotError(`refusing to save an invalid snapshot of account ${s.account?.id ?? "?"} to ${this.path}:\n  - ${problems.join("\n  - ")}`);
    const line = this.writing.then(async () => {
      await writeText(this.fh, snapshotLinePieces(s));
      this.count++;
    });
    this.writing = line.catch(() => undefined); // a failed line fails its add(); the next lines still wait for it
    await line;
  }

  async close(): Promise<void> {
    await this.writing;
    try {
      await this.fh.write(JSON.stringify({ kind: SET_END, snapshots: this.count }) + "\n");
      await this.fh.sync();
      await this.fh.close();
      await rename(this.tmp, this.path);
    } catch (e) {
      await rm(this.tmp, { force: true });
      throw new SnapshotError(`cannot write the snapshot to ${this.path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }

  /** Give up (the audit failed): no half-written set is left behind. */
  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}

/** The files behind --from-snapshot arguments: files as given, directories' *.json / *.jsonl sorted by name. */
export async function snapshotFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      throw new SnapshotError(`${p}: cannot read the snapshot (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const names = (await readdir(p)).filter((n) => /\.jsonl?$/.test(n) && !n.startsWith(".")).sort();
    if (names.length === 0) throw new SnapshotError(`${p}: no snapshot (*.json, *.jsonl) in the directory`);
    out.push(...names.map((n) => join(p, n)));
  }
  return out;
}

/** Every snapshot of the files, one at a time (a set is read line by line, never whole). */
export async function* readSnapshots(files: readonly string[]): AsyncGenerator<{ snapshot: Snapshot; source: string }> {
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
    let first: string | undefined;
    let n = 0;
    let seen = 0;
    let ended = false;
    let whole = "";
    try {
      for await (const line of lines) {
        n++;
        if (first === undefined) {
          first = line;
          if (!line.includes(`"${SNAPSHOT_SET_KIND}"`)) whole = line + "\n";
          continue;
        }
        if (whole !== "" || !first.includes(`"${SNAPSHOT_SET_KIND}"`)) {
          whole += line + "\n";
          continue;
        }
        if (line.trim() === "") continue;
        if (line.includes(`"${SET_END}"`)) {
          const end = JSON.parse(line) as { snapshots?: number };
          if (end.snapshots !== seen) throw new SnapshotError(`${file}: the set ends after ${seen} snapshots but says ${String(end.snapshots)}; the file may be damaged`);
          ended = true;
          continue;
        }
        seen++;
        yield { snapshot: parseSnapshot(line, `${file}:${n}`), source: `${file}:${n}` };
      }
    } catch (e) {
      if (e instanceof SnapshotError) throw e;
      throw new SnapshotError(`${file}: cannot read the snapshot (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (first === undefined) throw new SnapshotError(`${file}: the file is empty. Re-create it with \`kinesis-guard audit --save-snapshot\``);
    if (first.includes(`"${SNAPSHOT_SET_KIND}"`) && whole === "") {
      if (!ended) throw new SnapshotError(`${file}: the snapshot set has no end line; the file is truncated (was the audit interrupted?)`);
      continue;
    }
    yield { snapshot: parseSnapshot(whole, file), source: file };
  }
}

/** Snapshots of the same account (e.g. one per region from a run split by region) as one snapshot. */
export function mergeSnapshots(parts: readonly Snapshot[]): Snapshot {
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  for (const p of parts) {
    if (p.window.start !== first.window.start || p.window.end !== first.window.end) {
      throw new SnapshotError(`snapshots of account ${first.account?.id ?? "?"} cover different windows (${first.window.start}..${first.window.end} and ${p.window.start}..${p.window.end}); collect the shards with the same window end`);
    }
  }
  const sum = (pick: (s: Snapshot) => Readonly<Record<string, number>>) => {
    const out: Record<string, number> = {};
    for (const p of parts) for (const [k, v] of Object.entries(pick(p))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const errors = parts.flatMap((p) => p.collection.errors);
  const account = parts.find((p) => p.account)?.account;
  return canonicalSnapshot({
    ...first,
    ...(account ? { account: { ...account, ...(parts.find((p) => p.account?.name)?.account ?? {}) } } : {}),
    collectedAt: parts.map((p) => p.collectedAt).sort().at(-1)!,
    regions: [...new Set(parts.flatMap((p) => p.regions))],
    streams: parts.flatMap((p) => p.streams),
    consumers: parts.flatMap((p) => p.consumers),
    deliveryStreams: parts.flatMap((p) => p.deliveryStreams),
    alarms: parts.flatMap((p) => p.alarms),
    vpcEndpoints: parts.flatMap((p) => p.vpcEndpoints),
    metrics: parts.flatMap((p) => p.metrics),
    drStreams: parts.flatMap((p) => p.drStreams),
    skipped: parts.flatMap((p) => p.skipped),
    collection: {
      calls: sum((p) => p.collection.calls),
      retries: sum((p) => p.collection.retries),
      errors,
      complete: errors.length === 0 && parts.every((p) => p.collection.complete),
      durationMs: Math.max(...parts.map((p) => p.collection.durationMs)),
      notes: parts.flatMap((p) => p.collection.notes ?? []),
    },
  });
}
