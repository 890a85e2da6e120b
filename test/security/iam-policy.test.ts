/**
 * Least privilege: docs/iam-policy.json is the policy users attach to the live checker. A full
 * audit against the simulator (every collection path: pagination, shards, consumers, VPC
 * endpoints, a DR region, and the per-resource tag fallback) must call only actions the policy
 * allows, every allowed action must be used (nothing granted "just in case"), and all of them
 * must be read-only. A source scan checks the same for every SDK command the code can send.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type FaultConfig } from "../../simulator";
import { collectSnapshot } from "../../live-checks/collect";
import { E2E_FLEET } from "../collect/e2e-fleet";
import { NOW, useTestCredentials } from "../reliability/audit-pipeline";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { collectAccounts, listOrganizationAccounts } from "../../live-checks/collect/accounts";
import { generateOrganization } from "../../simulator/fleet-generator";
import { startOrganizationSimulator } from "../../simulator/organization";

useTestCredentials();
const ROOT = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kg-iam-"));

/** Simulator service name -> IAM service prefix. */
const IAM_PREFIX: Readonly<Record<string, string>> = { Kinesis: "kinesis", Firehose: "firehose", CloudWatch: "cloudwatch", Tagging: "tag", EC2: "ec2" };
/** SDK package -> IAM service prefix. */
const SDK_PREFIX: Readonly<Record<string, string>> = {
  "@aws-sdk/client-kinesis": "kinesis",
  "@aws-sdk/client-firehose": "firehose",
  "@aws-sdk/client-cloudwatch": "cloudwatch",
  "@aws-sdk/client-resource-groups-tagging-api": "tag",
  "@aws-sdk/client-ec2": "ec2",
  "@aws-sdk/client-organizations": "organizations",
};
const READ_ONLY = /^(List|Describe|Get)[A-Z]/;
const WRITE_VERBS = /^(Put|Create|Update|Delete|Start|Stop|Enable|Disable|Register|Deregister|Split|Merge|Increase|Decrease|Add|Remove|Tag|Untag|Set|Subscribe|Modify|Attach|Detach|Associate|Disassociate|Reject|Accept|Replace|Restore|Reset|Run|Terminate|Invoke)/;

interface PolicyDoc {
  Version: string;
  Statement: { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown; NotAction?: unknown }[];
}
const policy = JSON.parse(readFileSync(join(ROOT, "docs/iam-policy.json"), "utf8")) as PolicyDoc;
const allowed = new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
/** The management account's actions of an organization-wide audit (docs/iam-management-policy.json). */
const managementPolicy = JSON.parse(readFileSync(join(ROOT, "docs/iam-management-policy.json"), "utf8")) as PolicyDoc;
const managementAllowed = new Set(managementPolicy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

const called = new Set<string>();
async function auditAndRecord(faults?: FaultConfig): Promise<void> {
  const sim = await startSimulator({ scenario: E2E_FLEET, clock: () => NOW.getTime(), ...(faults ? { faults } : {}) });
  try {
    const snap = await collectSnapshot({
      regions: ["us-east-1", "eu-west-1"],
      drRegions: ["us-west-2"],
      endpointUrl: sim.endpoint,
      now: NOW,
      progress: "off",
      clientOverrides: { outerBackoffMs: 10 },
      // The simulator enforces no quota here: skip the collector's own pacing (ListTagsForStream is 5 TPS in AWS).
      quotas: { "Kinesis.ListTagsForStream": 10_000, "Firehose.ListTagsForDeliveryStream": 10_000 },
    });
    expect(snap.collection.errors).toEqual([]);
    for (const op of Object.keys(sim.calls())) {
      const [service, action] = op.split(".") as [string, string];
      called.add(`${IAM_PREFIX[service] ?? `unknown-service:${service}`}:${action}`);
    }
  } finally {
    await sim.close();
  }
}

/** Actions the management account's credentials call in an organization-wide audit (IAM names). */
const managementCalled = new Set<string>();
const ORG_IAM_PREFIX: Readonly<Record<string, string>> = { ...IAM_PREFIX, STS: "sts", Organizations: "organizations" };
const MGMT = "100000000000";

/**
 * An organization-wide audit (issue 16) with --organization --ou and --region all: the member
 * accounts' calls (made with the audit role) must fit docs/iam-policy.json, the management
 * account's (Organizations, AssumeRole) docs/iam-management-policy.json.
 */
async function orgAuditAndRecord(): Promise<void> {
  const org = generateOrganization({ accounts: 3, regions: ["us-east-1", "eu-west-1"], streamsPerRegion: 2, deliveryStreamsPerRegion: 2, managementAccountId: MGMT, externalId: "ext" });
  const sim = await startOrganizationSimulator({
    organization: { ...org, organizationalUnits: [{ id: "ou-sim0-aaaaaaaa", name: "workloads" }, { id: "ou-sim0-bbbbbbbb", name: "prod", parent: "ou-sim0-aaaaaaaa" }], accounts: org.accounts.map((a, i) => (i === 0 ? a : { ...a, parent: i === 1 ? "ou-sim0-aaaaaaaa" : "ou-sim0-bbbbbbbb" })) },
    clock: () => NOW.getTime(),
  });
  try {
    const client = new OrganizationsClient({ endpoint: sim.endpoint, region: "us-east-1", requestHandler: new NodeHttpHandler() });
    const listed = await listOrganizationAccounts(client, ["ou-sim0-aaaaaaaa"]);
    expect(listed.targets).toHaveLength(3);
    await listOrganizationAccounts(client);
    client.destroy();
    const outcomes = await collectAccounts({
      targets: listed.targets,
      regions: ["all"],
      drRegions: ["us-west-2"],
      roleName: "KinesisGuardAudit",
      externalId: "ext",
      callerAccount: MGMT,
      endpointUrl: sim.endpoint,
      now: NOW,
      progress: "off",
      clientOverrides: { outerBackoffMs: 10 },
      onAccount: (snap) => expect(snap.collection.errors).toEqual([]),
    });
    expect(outcomes.map((o) => o.status)).toEqual(["complete", "complete", "complete"]);
    for (const [account, calls] of Object.entries(sim.callsByAccount())) {
      for (const op of Object.keys(calls)) {
        const [service, action] = op.split(".") as [string, string];
        (account === MGMT ? managementCalled : called).add(`${IAM_PREFIX[service] ?? `unknown-service:${service}`}:${action}`);
      }
    }
    // STS and Organizations are answered by the organization's front, for the management account.
    for (const op of Object.keys(sim.calls()).filter((o) => /^(STS|Organizations)\./.test(o))) {
      const [service, action] = op.split(".") as [string, string];
      // sts:GetCallerIdentity needs no permission (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
      if (op !== "STS.GetCallerIdentity") managementCalled.add(`${ORG_IAM_PREFIX[service]}:${action}`);
    }
  } finally {
    await sim.close();
  }
}

beforeAll(async () => {
  await auditAndRecord();
  await orgAuditAndRecord();
  // The fallback path when the tagging API is not allowed: per-resource ListTagsFor* calls.
  await auditAndRecord({ accessDenied: ["Tagging.GetResources"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/iam-policy.json", () => {
  it("is a plain Allow policy: no wildcard actions, no NotAction, no Deny tricks", () => {
    expect(policy.Version).toBe("2012-10-17");
    for (const s of policy.Statement) {
      expect(s.Effect).toBe("Allow");
      expect(s.NotAction).toBeUndefined();
    }
    for (const a of allowed) expect(a, a).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/); // no "*" anywhere in an action
  });

  it("grants read-only actions only", () => {
    for (const a of allowed) {
      const action = a.split(":")[1]!;
      expect(action, a).toMatch(READ_ONLY);
      expect(action, a).not.toMatch(WRITE_VERBS);
    }
  });

  it("covers every action a full audit calls (incl. the tag fallback and a DR region)", () => {
    expect(called.size).toBeGreaterThan(8);
    expect([...called].filter((a) => !allowed.has(a))).toEqual([]);
  });

  it("grants nothing the audit never calls", () => {
    expect([...allowed].filter((a) => !called.has(a)).sort()).toEqual([]);
  });

  it("every SDK command in the source is read-only and allowed by the policy", () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith(".ts")) files.push(join(d, e.name));
      }
    };
    for (const d of ["live-checks", "rules", "policies", "scripts", "index.ts"].map((p) => join(ROOT, p))) {
      if (d.endsWith(".ts")) files.push(d);
      else walk(d);
    }
    const commands = new Set<string>();
    const importRe = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"(@aws-sdk\/client-[a-z0-9-]+)"/g;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(importRe)) {
        const prefix = SDK_PREFIX[m[2]!];
        for (const name of m[1]!.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!)) {
          if (!/Command$/.test(name) || !new RegExp(`new\\s+${name}\\b`).test(text)) continue;
          commands.add(`${prefix ?? `unmapped-sdk:${m[2]}`}:${name.replace(/Command$/, "")}`);
        }
      }
    }
    expect(commands.size).toBeGreaterThan(8);
    for (const c of commands) {
      expect(c.split(":")[1], c).toMatch(READ_ONLY);
      expect(allowed.has(c) || managementAllowed.has(c), `${c} is sent by the code but not in docs/iam-policy.json (nor, for the management account, docs/iam-management-policy.json)`).toBe(true);
    }
  });
});

describe("organization-wide audits: docs/iam-management-policy.json and docs/iam-trust-policy.json", () => {
  const mgmt = JSON.parse(readFileSync(join(ROOT, "docs/iam-management-policy.json"), "utf8")) as PolicyDoc;
  const trust = JSON.parse(readFileSync(join(ROOT, "docs/iam-trust-policy.json"), "utf8")) as PolicyDoc & { Statement: { Principal?: { AWS?: string }; Condition?: Record<string, Record<string, string>> }[] };
  const mgmtAllowed = new Set(mgmt.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

  it("the management policy grants exactly what the management account calls: listing the organization and assuming the audit role", () => {
    expect([...managementCalled].sort()).toEqual([...mgmtAllowed].sort());
    for (const a of mgmtAllowed) {
      const action = a.split(":")[1]!;
      // sts:AssumeRole is the one non-List/Describe/Get action: it returns credentials, it changes nothing.
      if (a !== "sts:AssumeRole") expect(action, a).toMatch(READ_ONLY);
      expect(action, a).not.toMatch(WRITE_VERBS);
    }
    // AssumeRole only of the audit role, not of any role.
    const assume = mgmt.Statement.find((s) => s.Action === "sts:AssumeRole" || (Array.isArray(s.Action) && s.Action.includes("sts:AssumeRole")))!;
    expect(assume.Resource).toBe("arn:aws:iam::*:role/KinesisGuardAudit");
  });

  it("the member role's calls (with --region all) fit docs/iam-policy.json, DescribeRegions included", () => {
    expect(called.has("ec2:DescribeRegions")).toBe(true);
    expect([...called].filter((a) => !allowed.has(a))).toEqual([]);
  });

  it("the trust policy lets only the management account in, with an external id", () => {
    expect(trust.Statement).toHaveLength(1);
    const st = trust.Statement[0]!;
    expect(st.Effect).toBe("Allow");
    expect(st.Action).toBe("sts:AssumeRole");
    expect(st.Principal?.AWS).toMatch(/^arn:aws:iam::\d{12}:root$/);
    expect(Object.keys(st.Condition?.StringEquals ?? {})).toEqual(["sts:ExternalId"]);
  });

  it("every `new XCommand` the live checker sends, wherever its SDK module is loaded from, is allowed by one of the policies", async () => {
    const modules = await Promise.all(
      (["kinesis", "firehose", "cloudwatch", "resource-groups-tagging-api", "ec2", "organizations", "sts"] as const).map(async (m) => [m, (await import(`@aws-sdk/client-${m}`)) as Record<string, unknown>] as const),
    );
    const prefixOf: Record<string, string> = { kinesis: "kinesis", firehose: "firehose", cloudwatch: "cloudwatch", "resource-groups-tagging-api": "tag", ec2: "ec2", organizations: "organizations", sts: "sts" };
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith(".ts")) files.push(join(d, e.name));
      }
    };
    walk(join(ROOT, "live-checks"));
    const sent = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(/new\s+(\w+)Command\b/g)) {
        const owner = modules.find(([, mod]) => `${m[1]}Command` in mod);
        sent.add(owner ? `${prefixOf[owner[0]]}:${m[1]}` : `unknown:${m[1]}`);
      }
    }
    expect(sent.has("ec2:DescribeRegions") && sent.has("organizations:ListAccounts")).toBe(true);
    for (const c of sent) expect(allowed.has(c) || mgmtAllowed.has(c), `${c} is sent by the code but in no policy`).toBe(true);
  });
});
