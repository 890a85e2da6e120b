/**
 * Whole-buffer positioned reads and writes on an open file, for the temporary files that keep
 * rendered dashboard blocks (report/templates.ts) and hourly rows (analyze/row-spill.ts) out of
 * memory. writeSync / readSync may move fewer bytes than asked; these loop until all are moved.
 */
import { readSync, writeSync } from "node:fs";

/** Write all of `bytes` at `position`. */
export function writeAllAt(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/** Fill `bytes` from `position`. @throws Error (`endsEarly`) when the file ends first */
export function readExactlyAt(fd: number, bytes: Uint8Array, position: number, endsEarly: string): void {
  for (let done = 0; done < bytes.length; ) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error(endsEarly);
    done += n;
  }
}
