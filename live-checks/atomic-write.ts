/**
 * Atomic file writes: write a temp file beside the target, then rename over it (rename is atomic
 * on one file system), so a crash or a kill never leaves a half-written report for CI to read.
 */
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

export interface AtomicWriteOptions {
  /** File mode of a new file (e.g. 0o600 for a snapshot holding tags and names). */
  readonly mode?: number;
  /** fsync before the rename, so the content is on disk when the new name appears. */
  readonly fsync?: boolean;
  /** Create the folder when missing (default true). */
  readonly createDir?: boolean;
}

/**
 * @param content the text, or its pieces in order (written as they come: a large file, e.g. a
 *   snapshot, never has to sit in memory as one string)
 */
export async function writeFileAtomic(path: string, content: string | Iterable<string>, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  if (opts.createDir !== false) await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const fh = await open(tmp, "wx", opts.mode ?? 0o666);
    try {
      await writeText(fh, content);
      if (opts.fsync) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Write text at the file's position: a string in ~1 MB slices, pieces joined into ~1 MB writes, so
 * no Buffer of a whole report or snapshot is ever made.
 */
export async function writeText(fh: FileHandle, content: string | Iterable<string>): Promise<void> {
  for (const piece of typeof content === "string" ? stringSlices(content) : joinedPieces(content)) await fh.write(piece, null, "utf8");
}

/** Pieces joined into ~1 MB writes (one write per small piece would be thousands of system calls). */
export function* joinedPieces(pieces: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (const p of pieces) {
    buf.push(p);
    size += p.length;
    if (size >= 1 << 20) {
      yield buf.join("");
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join("");
}

/**
 * A string in ~1 MB slices, never cutting a surrogate pair (each slice is valid UTF-16, so its
 * UTF-8 bytes are the whole string's). Writing a 16 MB dashboard as one call encodes it into one
 * 16 MB Buffer at the audit's peak memory; slices cost 1 MB at a time.
 */
export function* stringSlices(s: string, size = 1 << 20): Generator<string> {
  for (let i = 0; i < s.length; ) {
    let end = Math.min(i + size, s.length);
    const last = s.charCodeAt(end - 1);
    // A high surrogate goes with its pair: into the next slice, or, for a slice of one unit, into this one.
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end += end - 1 > i ? -1 : 1;
    yield s.slice(i, end);
    i = end;
  }
}
