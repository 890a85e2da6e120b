/**
 * Metrics through a CloudWatch monitoring account (issue 16 point 3), end to end through the real
 * SDK clients: GetMetricData goes to the monitoring account with each query's AccountId naming the
 * audited account, while configuration (streams, delivery streams, alarms) still comes from each
 * member's role.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganization, generatedAccountId } from "../../simulator/fleet-generator";
import { startOrganizationSimulator, type OrganizationSimulatorHandle } from "../../simulator/organization";
import { runAudit, type AuditOptions } from "../../live-checks/cli/audit";
import { DEFAULT_ROLE_NAME } from "../../live-checks/cli/common";

const NOW = new Date("2026-03-02T12:00:00Z");
const MGMT = "100000000000";
const A = (i: number) => generatedAccountId(i);
const dir = mkdtempSync(join(tmpdir(), "kg-monitoring-"));
let sim: OrganizationSimulatorHandle;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION"]) saved[k] = process.env[k];
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDMANAGEMENT", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1" });
  for (const k of ["AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL"]) delete process.env[k];
  const org = generateOrganization({ accounts: 3, regions: ["us-east-1"], streamsPerRegion: 2, deliveryStreamsPerRegion: 1, shardsPerStream: 2, managementAccountId: MGMT });
  sim = await startOrganizationSimulator({
    organization: {
      ...org,
      accounts: org.accounts.map((a) => {
        // The management account is the monitoring account of members 0 and 1 (not 2).
        if (a.id === MGMT) return { ...a, monitors: [A(0), A(1)] };
        // Member 1's role may not read metrics: only the monitoring account can.
        if (a.id === A(1)) return { ...a, faults: { accessDenied: ["CloudWatch.GetMetricData"] } };
        return a;
      }),
    },
    clock: () => NOW.getTime(),
  });
});
afterAll(async () => {
  await sim?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

const opts = (out: string, ids: string[], monitoring?: string): AuditOptions => ({
  endpointUrl: sim.endpoint,
  outDir: join(dir, out),
  progress: false,
  now: NOW,
  failOn: "none",
  regions: ["us-east-1"],
  accounts: { ids, organization: false, exclude: [], ous: [], roleName: DEFAULT_ROLE_NAME, ...(monitoring ? { monitoringAccount: monitoring } : {}) },
});
const streams = (out: string) => (JSON.parse(readFileSync(join(dir, out, "kinesis_analysis.json"), "utf8")) as { data_streams: { stream_arn: string; metrics: unknown }[] }).data_streams;

describe("--monitoring-account", () => {
  it("reads every member's metrics from the monitoring account, configuration from the members: same numbers as reading them in each account", async () => {
    const direct = await runAudit(opts("direct", [A(0)]));
    expect(direct.analysis.complete).toBe(true);
    sim.callsByAccount(); // counters are cumulative: compare differences
    const before = sim.callsByAccount();
    const viaMonitoring = await runAudit(opts("monitoring", [A(0), A(1)], MGMT));
    const after = sim.callsByAccount();
    const delta = (account: string, op: string) => (after[account]?.[op] ?? 0) - (before[account]?.[op] ?? 0);
    expect(viaMonitoring.analysis.complete).toBe(true); // member 1 denies GetMetricData, but it is not asked
    expect(delta(A(0), "CloudWatch.GetMetricData")).toBe(0);
    expect(delta(A(1), "CloudWatch.GetMetricData")).toBe(0);
    expect(delta(MGMT, "CloudWatch.GetMetricData")).toBeGreaterThan(0);
    // Configuration and alarms still come from the members.
    expect(delta(A(0), "Kinesis.DescribeStreamSummary")).toBe(2);
    expect(delta(A(1), "CloudWatch.DescribeAlarms")).toBeGreaterThan(0);
    // Member 0's streams: the same metrics either way.
    const mine = (out: string) => streams(out).filter((s) => s.stream_arn.includes(`:${A(0)}:`));
    expect(mine("monitoring")).toEqual(mine("direct"));
    expect(streams("monitoring").filter((s) => s.stream_arn.includes(`:${A(1)}:`))).toHaveLength(2);
  }, 60_000);

  it("an account not linked to the monitoring account: its metrics are missing and the audit says so (incomplete)", async () => {
    const r = await runAudit(opts("unlinked", [A(2)], MGMT));
    expect(r.analysis.complete).toBe(false);
    expect(r.analysis.collectionErrors.some((e) => e.api === "CloudWatch.GetMetricData" && /not a source account linked/.test(e.message))).toBe(true);
  }, 60_000);
});
