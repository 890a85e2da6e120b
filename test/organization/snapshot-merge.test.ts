/**
 * --from-snapshot over several files (auditSnapshots): each account is analyzed once its last part
 * is read, whatever the order of the files and of the accounts in them; an account split across
 * files (e.g. one CI job per region) is merged first. The result is the organization-wide analysis
 * of the whole snapshots, account by account.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { mergeAccountAnalyses, statusFromAnalysis } from "../../live-checks/analyze/organization";
import { auditSnapshots } from "../../live-checks/cli/organization-audit";
import { SnapshotSetWriter } from "../../live-checks/collect/snapshot-set";
import { defaultConfig } from "../../live-checks/config-file";
import { toAnalysisReport } from "../../live-checks/report/analysis-json";
import type { Snapshot } from "../../live-checks/snapshot";
import { dashboardSnapshot, inAccount } from "../report/dashboard-fixture";

const dir = mkdtempSync(join(tmpdir(), "kg-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture's resources in account `id`, which the snapshot names. */
function ofAccount(id: string): Snapshot {
  return { ...inAccount(dashboardSnapshot(), id), account: { id, name: `acct ${id}` } };
}

/** The snapshot in two parts: the data streams (and everything else), the delivery streams with their metrics. */
function split(s: Snapshot): [Snapshot, Snapshot] {
  const firehose = (m: Snapshot["metrics"][number]) => m.dimensions.DeliveryStreamName !== undefined;
  const none = { streams: [], consumers: [], alarms: [], vpcEndpoints: [], drStreams: [], skipped: [] };
  return [
    { ...s, deliveryStreams: [], metrics: s.metrics.filter((m) => !firehose(m)) },
    { ...s, ...none, metrics: s.metrics.filter(firehose), collection: { ...s.collection, calls: {}, retries: {}, errors: [] } },
  ];
}

async function set(name: string, snapshots: Snapshot[]): Promise<string> {
  const path = join(dir, name);
  const w = await SnapshotSetWriter.open(path, "0.1.0");
  for (const s of snapshots) await w.add(s);
  await w.close();
  return path;
}

describe("auditSnapshots (--from-snapshot with several files)", () => {
  it("analyzes each account once its parts are read: files in any order, an account split across files", async () => {
    const config = defaultConfig();
    const analyze = (s: Snapshot) => analyzeSnapshot(s, config);
    const [x, y, z] = ["333333333333", "111111111111", "222222222222"].map(ofAccount) as [Snapshot, Snapshot, Snapshot];
    const [x1, x2] = split(x);
    expect(x2.deliveryStreams.length).toBeGreaterThan(0);
    const shards = join(dir, "shards");
    mkdirSync(shards);
    const files = [await set("shards/a.jsonl", [x1, y]), await set("shards/b.jsonl", [z]), await set("shards/c.jsonl", [x2])];
    expect(files).toHaveLength(3);
    const merged = await auditSnapshots([shards], analyze);
    const expected = mergeAccountAnalyses([x, y, z].map((s) => ({ account: statusFromAnalysis(s.account!.id, s.account!.name, analyze(s)), analysis: analyze(s) })));
    expect(merged.analysis.accounts!.map((a) => a.id)).toEqual(["111111111111", "222222222222", "333333333333"]);
    expect(JSON.stringify(toAnalysisReport(merged.analysis))).toBe(JSON.stringify(toAnalysisReport(expected)));
  });
});
