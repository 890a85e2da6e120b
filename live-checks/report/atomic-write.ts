/**
 * Atomic file writes: write a temp file beside the target, then rename over it (rename is atomic
 * on one file system), so a crash or a kill never leaves a half-written report for CI to read.
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
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

export async function writeFileAtomic(path: string, content: string, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  if (opts.createDir !== false) await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const fh = await open(tmp, "wx", opts.mode ?? 0o666);
    try {
      await fh.writeFile(content, "utf8");
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
