/**
 * The EC2 SDK client carries the model of all of EC2 (~75 MB resident) for one call,
 * DescribeVpcEndpoints. It must be loaded only when a delivery stream delivers into a VPC.
 * Checked in a fresh process started the way bin/kinesis-guard.js starts (tsx's CommonJS hook),
 * since a test worker may have loaded the module for another test already.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateFleet } from "../../simulator/fleet-generator";
import { loadScenario } from "../../simulator";

const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-lazy-ec2-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Collect `scenario` in a child process; report whether the EC2 module was loaded and the EC2 calls made. */
function collectInChild(scenarioFile: string): { ec2Loaded: boolean; ec2Calls: number; deliveryStreams: number } {
  const script = `
    const { startSimulator, loadScenario } = require(${JSON.stringify(join(ROOT, "simulator/index.ts"))});
    const { collectSnapshot } = require(${JSON.stringify(join(ROOT, "live-checks/collect/index.ts"))});
    // Quotas lifted: this test is about which modules load, not about pacing.
    const FAST = Object.fromEntries(["Kinesis.ListStreams", "Kinesis.DescribeStreamSummary", "Kinesis.ListStreamConsumers", "Firehose.ListDeliveryStreams",
      "Firehose.DescribeDeliveryStream", "CloudWatch.DescribeAlarms", "Tagging.GetResources", "EC2.DescribeVpcEndpoints"].map((api) => [api, 1000]));
    (async () => {
      const sim = await startSimulator({ scenario: loadScenario(${JSON.stringify(scenarioFile)}) });
      try {
        const s = await collectSnapshot({ regions: ["us-east-1"], endpointUrl: sim.endpoint, progress: "off", drRegions: [], quotas: FAST });
        const ec2Loaded = Object.keys(require.cache).some((k) => k.includes("@aws-sdk/client-ec2"));
        process.stdout.write(JSON.stringify({ ec2Loaded, ec2Calls: sim.calls()["EC2.DescribeVpcEndpoints"] ?? 0, deliveryStreams: s.deliveryStreams.length }));
      } finally {
        await sim.close();
      }
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ["-r", "tsx/cjs", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_EC2_METADATA_DISABLED: "true", AWS_PROFILE: "" },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { ec2Loaded: boolean; ec2Calls: number; deliveryStreams: number };
}

describe("EC2 client loaded on use", () => {
  it("is not loaded for a fleet without VPC destinations", () => {
    const file = join(dir, "no-vpc.json");
    writeFileSync(file, JSON.stringify(generateFleet({ streams: 3, shardsPerStream: 2, deliveryStreams: 4 })));
    const r = collectInChild(file);
    expect(r.deliveryStreams).toBe(4);
    expect(r.ec2Calls).toBe(0);
    expect(r.ec2Loaded).toBe(false);
  }, 120_000);

  it("is loaded, and DescribeVpcEndpoints called, when a delivery stream delivers into a VPC (the demo fleet)", () => {
    const demo = join(ROOT, "simulator/scenarios/demo-fleet.json");
    expect(JSON.stringify(loadScenario(demo))).toMatch(/vpc/i);
    const r = collectInChild(demo);
    expect(r.ec2Calls).toBeGreaterThan(0);
    expect(r.ec2Loaded).toBe(true);
  }, 120_000);
});
