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
};
const READ_ONLY = /^(List|Describe|Get)[A-Z]/;
const WRITE_VERBS = /^(Put|Create|Update|Delete|Start|Stop|Enable|Disable|Register|Deregister|Split|Merge|Increase|Decrease|Add|Remove|Tag|Untag|Set|Subscribe|Modify|Attach|Detach|Associate|Disassociate|Reject|Accept|Replace|Restore|Reset|Run|Terminate|Invoke)/;

interface PolicyDoc {
  Version: string;
  Statement: { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown; NotAction?: unknown }[];
}
const policy = JSON.parse(readFileSync(join(ROOT, "docs/iam-policy.json"), "utf8")) as PolicyDoc;
const allowed = new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

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

beforeAll(async () => {
  await auditAndRecord();
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
      expect(allowed.has(c), `${c} is sent by the code but not in docs/iam-policy.json`).toBe(true);
    }
  });
});
