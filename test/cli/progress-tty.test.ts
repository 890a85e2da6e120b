/**
 * The progress bar as a person at a terminal sees it: the real CLI run inside a pseudo-terminal
 * (util-linux `script`, Debian's essential package bsdutils), against the simulator on loopback.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "../../simulator";
import { generateFleet } from "../../simulator/fleet-generator";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-tty-"));
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ scenario: generateFleet({ streams: 3, shardsPerStream: 2, deliveryStreams: 2 }) });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Run the CLI with a terminal as stdin/stdout/stderr; returns everything the terminal received. */
function inTerminal(args: string[]): Promise<{ code: number | null; screen: string }> {
  const cmd = [process.execPath, join(ROOT, "bin/kinesis-guard.js"), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const log = join(dir, "typescript.log");
  // -q quiet, -e the command's exit code, -c the command; the session transcript goes to `log`.
  const p = spawn("script", ["-qec", cmd, log], {
    cwd: ROOT,
    env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_EC2_METADATA_DISABLED: "true", TERM: "xterm", COLUMNS: "120" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  p.stdout.on("data", (d: Buffer) => (screen += d.toString()));
  p.stderr.on("data", (d: Buffer) => (screen += d.toString()));
  return new Promise((done, fail) => {
    p.on("error", (e) => fail(new Error(`cannot run \`script\` (util-linux, Debian package bsdutils) for a pseudo-terminal: ${e.message}`)));
    p.on("close", (code) => done({ code, screen }));
  });
}

describe("progress on a terminal", () => {
  it(
    "draws a bar that ends at total/total with the phase, restores the cursor, and keeps the summary intact",
    async () => {
      const out = join(dir, "audit");
      const { code, screen } = await inTerminal(["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--out", out]);
      expect([0, 1]).toContain(code);
      // The bar's frames: "kinesis-guard <bar> done/total | phase" (cli-progress draws with = and -).
      const frames = [...screen.matchAll(/kinesis-guard [=-]+ (\d+)\/(\d+) \| ([^\r\n\u001b]*)/g)];
      expect(frames.length).toBeGreaterThan(1);
      const last = frames[frames.length - 1]!;
      expect(last[1]).toBe(last[2]); // finished: every request counted
      expect(Number(last[2])).toBeGreaterThan(5);
      expect(last[3]!.trim()).toBe("done");
      expect(frames[0]![3]!.trim()).toBe("starting"); // the phases in between depend on timing (10 redraws a second)
      // Warnings (e.g. the SDK's Node.js version notice, which bin/kinesis-guard.js holds to the end)
      // come before or after the bar, never inside it.
      const firstFrame = screen.indexOf(frames[0]![0]);
      const afterLastFrame = screen.lastIndexOf(last[0]) + last[0].length;
      for (const w of screen.matchAll(/Warning:/g)) expect(w.index < firstFrame || w.index > afterLastFrame, `warning at ${w.index}`).toBe(true);
      expect(screen).toContain("\u001b[?25l"); // cursor hidden while drawing...
      expect(screen).toContain("\u001b[?25h"); // ...and shown again
      // The console summary follows the bar on its own lines.
      expect(screen).toMatch(/DATA STREAMS/);
      expect(screen).toMatch(/Reports in /);
    },
    120_000,
  );
});
