/** bin/kinesis-guard.js as a shell runs it: output piped into a reader that stops early. */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(resolve(__dirname, "../.."), "bin/kinesis-guard.js");

describe("kinesis-guard launcher", () => {
  it("ends quietly, exit 0, when the reader of stdout has gone (`kinesis-guard rules | head -1`)", async () => {
    const p = spawn(process.execPath, [BIN, "rules"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Close our end of the pipe before the CLI writes, as a reader that has seen enough does.
    p.stdout.destroy();
    const code = await new Promise<number | null>((done) => p.on("close", (c) => done(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(0);
  }, 60_000);
});
