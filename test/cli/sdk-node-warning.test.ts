/**
 * The AWS SDK v3 prints "NodeVersionSupportWarning" (its releases after January 2027 need Node 22)
 * once per process on Node < 22, when the first client is built, i.e. while the progress output
 * runs. bin/kinesis-guard.js holds that one warning: never across the progress output, printed
 * once when the command is done, never with --quiet; other warnings pass through untouched.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator";

const root = join(__dirname, "..", "..");
const bin = join(root, "bin", "kinesis-guard.js");
const dir = mkdtempSync(join(tmpdir(), "kg-node-warning-"));
/** The SDK warns on Node < 22 only (@aws-sdk/core emitWarningIfUnsupportedVersion). */
const sdkWarns = Number(process.versions.node.split(".")[0]) < 22;
const SDK_WARNING = "NodeVersionSupportWarning";
const count = (text: string) => text.split(SDK_WARNING).length - 1;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PROFILE: "",
  AWS_ENDPOINT_URL: "",
};
// Node's own switches would hide every warning: this test is about ours.
delete env.NODE_NO_WARNINGS;
delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
env.NODE_OPTIONS = (env.NODE_OPTIONS ?? "").replace(/--no-warnings\b/g, "");

/** Builds an SDK client (which emits the warning, as in any live run) once the CLI has started; and one other warning. */
const preload = join(dir, "sdk-client.cjs");
writeFileSync(
  preload,
  `setImmediate(() => {
     const { KinesisClient } = require(${JSON.stringify(require.resolve("@aws-sdk/client-kinesis"))});
     new KinesisClient({ region: "us-east-1" });
     process.emitWarning("an unrelated warning", "OtherWarning");
   });\n`,
);

function run(args: string[], nodeArgs: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous: spawnSync would block the simulator's event loop.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, bin, ...args], { cwd: dir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ scenario: loadScenario(join(root, "simulator", "scenarios", "demo-fleet.json")) });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the AWS SDK's NodeVersionSupportWarning", () => {
  it("a live audit: not among the progress lines; once, after them", async () => {
    const r = await run(["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--out", join(dir, "audit")]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    const finished = lines.findIndex((l) => l.startsWith("kinesis-guard: collection finished"));
    expect(finished, r.stderr).toBeGreaterThan(0);
    expect(count(r.stderr)).toBe(sdkWarns ? 1 : 0);
    if (sdkWarns) expect(lines.findIndex((l) => l.includes(SDK_WARNING))).toBeGreaterThan(finished);
  }, 180_000);

  it("held until the command is done, then printed once; other warnings untouched", async () => {
    const r = await run(["rules"], ["--require", preload]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/OtherWarning: an unrelated warning/);
    expect(count(r.stderr)).toBe(sdkWarns ? 1 : 0);
    if (sdkWarns) expect(r.stderr.trimEnd()).toMatch(/More information can be found at: \S+$/);
  });

  it("a --quiet run prints no such warning", async () => {
    const r = await run(["rules", "--quiet"], ["--require", preload]);
    expect(r.stderr).toMatch(/OtherWarning: an unrelated warning/);
    expect(count(r.stderr)).toBe(0);
  });
});
