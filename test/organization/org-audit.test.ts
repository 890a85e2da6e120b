/**
 * Organization-wide audits end to end (issue 16): the audit command's real SDK clients against the
 * simulated organization. Accounts by id, by file and from Organizations; role assumption (success,
 * AccessDenied for a missing role, a wrong external id); one account denying Kinesis among several;
 * --region all (EC2 DescribeRegions per account); the snapshot set and its merge from shards.
 */
import Ajv from "ajv";
import { parse } from "csv-parse/sync";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrganization, generatedAccountId } from "../../simulator/fleet-generator";
import { startOrganizationSimulator, type OrganizationSimulatorHandle } from "../../simulator/organization";
import { runAudit, type AuditOptions, type AuditResult } from "../../live-checks/cli/audit";
import { EXIT_INCOMPLETE } from "../../live-checks/exit-codes";
import { DEFAULT_ROLE_NAME } from "../../live-checks/cli/common";

const NOW = new Date("2026-03-02T12:00:00Z");
const ROOT = join(__dirname, "..", "..");
const MGMT = "100000000000";
const dir = mkdtempSync(join(tmpdir(), "kg-org-"));
const A = (i: number) => generatedAccountId(i);
let sim: OrganizationSimulatorHandle;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION"]) saved[k] = process.env[k];
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDMANAGEMENT", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1" });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
  const org = generateOrganization({ accounts: 5, regions: ["us-east-1", "eu-west-1"], streamsPerRegion: 2, deliveryStreamsPerRegion: 1, shardsPerStream: 2, externalId: "ext-1", managementAccountId: MGMT });
  sim = await startOrganizationSimulator({
    organization: {
      ...org,
      accounts: org.accounts.map((a) => {
        if (a.id === A(2)) return { ...a, roles: [] }; // the role was never deployed there
        if (a.id === A(3)) return { ...a, faults: { accessDenied: ["Kinesis.ListStreams"] } }; // an SCP denies Kinesis
        // The same stream name, unencrypted, in two accounts: every output must tell them apart.
        if (a.id === A(0) || a.id === A(1)) {
          const east = a.scenario.regions["us-east-1"]!;
          const orders = { ...east.streams![0]!, name: "orders", encryption: { type: "NONE" as const } };
          return { ...a, scenario: { ...a.scenario, regions: { ...a.scenario.regions, "us-east-1": { ...east, streams: [...east.streams!, orders] } } } };
        }
        if (a.id === A(4)) return { ...a, scenario: { ...a.scenario, regions: { ...a.scenario.regions, "ap-southeast-2": {} } } }; // one more region enabled
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

const base = (out: string): AuditOptions => ({ endpointUrl: sim.endpoint, ...offline(out) });
const offline = (out: string): AuditOptions => ({ outDir: join(dir, out), progress: false, now: NOW, failOn: "none" });
const json = (out: string) => JSON.parse(readFileSync(join(dir, out, "kinesis_analysis.json"), "utf8")) as Record<string, unknown> & { organization: { accounts: { account_id: string; status: string; reason: string | null; regions: string[]; data_streams: number }[] }; data_streams: { account_id: string; region: string; stream_arn: string }[] };

describe("organization-wide audit", () => {
  let run: AuditResult;
  beforeAll(async () => {
    run = await runAudit({
      ...base("by-id"),
      regions: ["all"],
      accounts: { ids: [A(0), A(1), A(2), A(3), A(4)], organization: false, exclude: [], ous: [], roleName: DEFAULT_ROLE_NAME, externalId: "ext-1" },
      saveSnapshotPath: join(dir, "org.jsonl"),
    });
  }, 120_000);

  it("audits every account-region it can, reports the others with their reason, and is incomplete (exit 3)", () => {
    const accounts = run.analysis.accounts!;
    expect(accounts.map((a) => a.id)).toEqual([A(0), A(1), A(2), A(3), A(4)]);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    expect(byId.get(A(0))).toMatchObject({ status: "complete", dataStreams: 5, firehoseStreams: 2, regions: ["eu-west-1", "us-east-1"] });
    expect(byId.get(A(2))!.status).toBe("failed");
    expect(byId.get(A(2))!.reason).toMatch(/AccessDenied.*sts:AssumeRole.*arn:aws:iam::200000000002:role\/KinesisGuardAudit/);
    expect(byId.get(A(3))!.status).toBe("incomplete");
    expect(byId.get(A(3))!.reason).toMatch(/Kinesis\.ListStreams.*AccessDenied/);
    // --region all: DescribeRegions in each account (account 4 has a third region enabled).
    expect(byId.get(A(4))!.regions).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1"]);
    expect(run.analysis.complete).toBe(false);
    expect(run.exitCode).toBe(EXIT_INCOMPLETE);
    expect(run.console).toMatch(/^kinesis-guard audit - 5 accounts \(3 complete\) - /);
    expect(run.console).toContain(`ACCOUNTS NOT FULLY AUDITED\n  ${A(2)} failed: STS.AssumeRole us-east-1: could not assume arn:aws:iam::${A(2)}:role/KinesisGuardAudit: AccessDenied: User: arn:aws:iam::${MGMT}:user/`);
    expect(run.console).toContain("(the role must exist in the account and trust the caller, with the same external id");
    // Resources of the accounts that answered: 4 streams each (2 per region), none from account 3's Kinesis.
    const streamAccounts = run.analysis.streams.map((s) => String(s.stream.arn).split(":")[4]);
    expect(streamAccounts.filter((a) => a === A(0))).toHaveLength(5);
    expect(streamAccounts.filter((a) => a === A(3))).toHaveLength(0);
    expect(run.analysis.deliveryStreams.filter((d) => String(d.deliveryStream.arn).includes(A(3)))).toHaveLength(2);
    expect(run.analysis.streams).toHaveLength(4 * 3 + 2); // accounts 0, 1 and 4, plus the two "orders"
  });

  it("assumes each account's role once per account, not per client or region", () => {
    const calls = sim.calls();
    expect(calls["STS.AssumeRole"]).toBeLessThanOrEqual(5 + 1);
    expect(calls["EC2.DescribeRegions"]).toBe(4); // the accounts whose role was assumed
  });

  it("names the account of every resource in the JSON report, with an organization summary; both JSON reports validate against their schemas", () => {
    const j = json("by-id");
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    for (const [file, schema] of [["kinesis_analysis.json", "kinesis_analysis.schema.json"], ["shard_optimization_plan.json", "shard_optimization_plan.schema.json"]] as const) {
      const v = ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas", schema), "utf8")) as object);
      expect(v(JSON.parse(readFileSync(join(dir, "by-id", file), "utf8"))), `${file}: ${JSON.stringify(v.errors)}`).toBe(true);
    }
    expect(j.data_streams.filter((s) => s.stream_arn.endsWith("/orders")).map((s) => s.account_id)).toEqual([A(0), A(1)]);
    const errors = (j.collection as { errors: { account_id: string; api: string }[] }).errors;
    expect(errors.filter((e) => e.account_id === A(3)).map((e) => e.api)).toContain("Kinesis.ListStreams");
    expect(errors.filter((e) => e.account_id === A(2)).map((e) => e.api)).toEqual(["STS.AssumeRole"]);
    expect(j.data_streams.every((s) => s.account_id === s.stream_arn.split(":")[4])).toBe(true);
    expect(j.organization.accounts.map((a) => [a.account_id, a.status])).toEqual([
      [A(0), "complete"],
      [A(1), "complete"],
      [A(2), "failed"],
      [A(3), "incomplete"],
      [A(4), "complete"],
    ]);
  });

  it("tells same-named resources of two accounts apart in the CSV, SARIF and the remediation stubs", async () => {
    const rows = parse(readFileSync(join(dir, "by-id", "consumer_lag_report.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["stream_name", "consumer_name", "max_lag_ms", "avg_lag_ms", "flagged", "account_id", "region"]);
    expect(new Set(rows.filter((r) => r.stream_name === "orders").map((r) => `${r.account_id} ${r.region}`))).toEqual(new Set([`${A(0)} us-east-1`, `${A(1)} us-east-1`]));
    expect(rows.every((r) => /^\d{12}$/.test(r.account_id!) && r.region !== "")).toBe(true);
    const stubs = readdirSync(join(dir, "by-id", "remediation")).filter((f) => f.includes("--orders--") && f.endsWith(".ts"));
    expect(stubs.some((f) => f.startsWith(`${A(0)}--us-east-1--orders--`))).toBe(true);
    expect(stubs.some((f) => f.startsWith(`${A(1)}--us-east-1--orders--`))).toBe(true);
    const sarifRun = await runAudit({ ...offline("sarif"), fromSnapshotPaths: [join(dir, "org.jsonl")], ciFormats: ["sarif"] });
    expect(sarifRun.exitCode).toBe(run.exitCode);
    const sarif = JSON.parse(readFileSync(join(dir, "sarif", readdirSync(join(dir, "sarif")).find((f) => f.endsWith(".sarif"))!), "utf8")) as { runs: { results: { properties: { accountId?: string; region?: string } ; locations: { logicalLocations: { name: string }[] }[] }[] }[] };
    const orders = sarif.runs[0]!.results.filter((r) => r.locations[0]!.logicalLocations[0]!.name === "orders");
    expect(new Set(orders.map((r) => r.properties.accountId))).toEqual(new Set([A(0), A(1)]));
    expect(orders.every((r) => r.properties.region === "us-east-1")).toBe(true);
  });

  it("the dashboard lists the accounts hottest first and names the account of each finding's resource", () => {
    const html = readFileSync(join(dir, "by-id", "throughput_utilization_dashboard.html"), "utf8");
    const rows = [...html.matchAll(/<tr class="account-row"><td data-v="(\d{12})"/g)].map((m) => m[1]);
    const high = new Map(run.analysis.accounts!.map((a) => [a.id, a.findingsBySeverity.high]));
    expect(rows).toHaveLength(5);
    // Non-increasing high findings down the table.
    expect(rows.map((id) => high.get(id!)!)).toEqual([...rows.map((id) => high.get(id!)!)].sort((x, y) => y - x));
    expect(html).toContain(`account ${A(0)} &middot; us-east-1`);
    expect(html).toContain(`account ${A(1)} &middot; us-east-1`);
  });

  it("gives the same report from the saved snapshot set, and from it split into 4 shards (a CI matrix)", async () => {
    const again = await runAudit({ ...offline("from-set"), fromSnapshotPaths: [join(dir, "org.jsonl")] });
    expect(readFileSync(join(dir, "from-set", "kinesis_analysis.json"), "utf8")).toBe(readFileSync(join(dir, "by-id", "kinesis_analysis.json"), "utf8"));
    expect(again.exitCode).toBe(run.exitCode);
    const lines = readFileSync(join(dir, "org.jsonl"), "utf8").trim().split("\n");
    const [head, ...rest] = lines;
    const snapshots = rest.slice(0, -1);
    expect(snapshots).toHaveLength(5);
    // Each line of the set is a snapshot that follows the published snapshot schema (with its account).
    const snapshotSchema = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(ROOT, "schemas", "kinesis_guard_snapshot.schema.json"), "utf8")) as object);
    for (const line of snapshots) {
      const s = JSON.parse(line!) as { account?: { id: string } };
      expect(snapshotSchema(s), JSON.stringify(snapshotSchema.errors)).toBe(true);
      expect(s.account?.id).toMatch(/^[0-9]{12}$/);
    }
    mkdirSync(join(dir, "shards"));
    // 4 shards: accounts 0+1, 2, 3, 4 - as four CI jobs would save them.
    const groups = [[0, 1], [2], [3], [4]];
    groups.forEach((g, i) => writeFileSync(join(dir, "shards", `shard-${i}.jsonl`), [head, ...g.map((k) => snapshots[k]), JSON.stringify({ kind: "kinesis-guard-snapshot-set-end", snapshots: g.length })].join("\n") + "\n"));
    expect(readdirSync(join(dir, "shards"))).toHaveLength(4);
    await runAudit({ ...offline("from-shards"), fromSnapshotPaths: [join(dir, "shards")] });
    for (const f of ["kinesis_analysis.json", "consumer_lag_report.csv", "shard_optimization_plan.json"]) {
      expect(readFileSync(join(dir, "from-shards", f), "utf8"), f).toBe(readFileSync(join(dir, "by-id", f), "utf8"));
    }
  }, 60_000);

  it("refuses a truncated snapshot set", async () => {
    const text = readFileSync(join(dir, "org.jsonl"), "utf8").trim().split("\n");
    writeFileSync(join(dir, "truncated.jsonl"), text.slice(0, 3).join("\n") + "\n");
    await expect(runAudit({ ...offline("truncated"), fromSnapshotPaths: [join(dir, "truncated.jsonl")] })).rejects.toThrow(/truncated/);
  });
});

describe("accounts from Organizations and from a file", () => {
  it("--organization lists the active accounts (the management account is audited with the caller's own credentials); --exclude-account leaves one out", async () => {
    const r = await runAudit({
      ...base("org"),
      regions: ["us-east-1"],
      accounts: { ids: [], organization: true, exclude: [A(2), A(3)], ous: [], roleName: DEFAULT_ROLE_NAME, externalId: "ext-1" },
    });
    expect(r.analysis.accounts!.map((a) => [a.id, a.status])).toEqual([
      [MGMT, "complete"],
      [A(0), "complete"],
      [A(1), "complete"],
      [A(4), "complete"],
    ]);
    expect(r.analysis.complete).toBe(true);
    expect(r.analysis.streams).toHaveLength(6 + 2); // 2 a region in accounts 0, 1 and 4, and the "orders" of 0 and 1
  }, 60_000);

  it("--region all without accounts: the regions enabled in the caller's own account (single-account report)", async () => {
    const before = sim.calls()["EC2.DescribeRegions"] ?? 0;
    const r = await runAudit({ ...base("own-all"), regions: ["all"] });
    expect(sim.calls()["EC2.DescribeRegions"]).toBe(before + 1);
    expect(r.analysis.regions).toEqual(["us-east-1"]); // the management account's only region
    expect(r.analysis.accounts).toBeUndefined();
    expect(json("own-all").organization).toBeUndefined();
  }, 60_000);

  it("a wrong external id: every member account fails with AccessDenied, the audit still writes its report (exit 3)", async () => {
    writeFileSync(join(dir, "accounts.txt"), `# audit targets\n${A(0)}\n${A(1)} regions=eu-west-1\n`);
    const r = await runAudit({ ...base("bad-ext"), regions: ["us-east-1"], accounts: { ids: [], file: join(dir, "accounts.txt"), organization: false, exclude: [], ous: [], roleName: DEFAULT_ROLE_NAME, externalId: "wrong" } });
    expect(r.analysis.accounts!.map((a) => a.status)).toEqual(["failed", "failed"]);
    expect(r.analysis.accounts![1]!.regions).toEqual(["eu-west-1"]);
    expect(r.analysis.accounts![0]!.reason).toMatch(/AccessDenied/);
    expect(r.exitCode).toBe(EXIT_INCOMPLETE);
    expect(r.written.some((w) => w.endsWith("kinesis_analysis.json"))).toBe(true);
  }, 60_000);
});
