/**
 * Bad stack exports, preview JSON and snapshots: a clear error naming the file and what to do, or
 * the document is read with the odd parts ignored and noted - never a crash, never a wrong answer.
 */
import { describe, expect, it } from "vitest";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { renderReports } from "../../live-checks/report/write-reports";
import { parseSnapshot, SnapshotError } from "../../live-checks/snapshot-io";
import { SNAPSHOT_VERSION } from "../../live-checks/snapshot";
import { parseStackDocument } from "../../live-checks/stack/load";
import { stackInventory } from "../../live-checks/stack/inventory";
import { StackDocumentError } from "../../live-checks/stack/types";
import { SECRET_SIG, SIG_KEY } from "../../live-checks/stack/secrets";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { evaluateInventory } from "../../rules/index";
import { pricingFor } from "../../rules/pricing";

const SRC = "state.json";
const STACK_URN = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
const stream = (name: string, props: Record<string, unknown>) => ({
  urn: `urn:pulumi:dev::p::aws:kinesis/stream:Stream::${name}`,
  custom: true,
  id: name,
  type: "aws:kinesis/stream:Stream",
  inputs: props,
  outputs: { ...props, name, arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}` },
  parent: STACK_URN,
});
const exportOf = (resources: unknown[], version: unknown = 3) => JSON.stringify({ version, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "x", version: "v3.200.0" }, resources: [{ urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" }, ...resources] } });

describe("stack exports and preview JSON", () => {
  const rejects: [string, string, RegExp][] = [
    ["empty", "", /empty/],
    ["not JSON", "Previewing update (dev):\n  + aws:kinesis/stream:Stream orders create", /not JSON.*--json/s],
    ["truncated", exportOf([stream("orders", { shardCount: 1 })]).slice(0, 150), /truncated/],
    ["an array", "[1, 2]", /not an object/],
    ["neither export nor preview", JSON.stringify({ hello: "world" }), /neither a stack export/],
    ["version 1", exportOf([], 1), /version/],
    ["a future version", exportOf([], 99), /version/],
    ["version as a string", exportOf([], "3"), /version/],
  ];
  it.each(rejects)("%s: a StackDocumentError naming the file", (_n, text, re) => {
    let err: unknown;
    try {
      parseStackDocument(text, SRC);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StackDocumentError);
    expect((err as Error).message).toContain(SRC);
    expect((err as Error).message).toMatch(re);
  });

  it("resources of unknown types are ignored; odd props do not crash or invent findings", () => {
    const doc = parseStackDocument(
      exportOf([
        { urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b", custom: true, id: "b", type: "aws:s3/bucket:Bucket", inputs: { bucket: "b" }, outputs: { bucket: "b" }, parent: STACK_URN },
        { urn: "urn:pulumi:dev::p::acme:widget:Widget::w", custom: true, id: "w", type: "acme:widget:Widget", inputs: {}, outputs: {}, parent: STACK_URN },
        stream("typed-wrong", { shardCount: "2", retentionPeriod: "24", tags: ["not", "a", "map"], encryptionType: 7 }),
        stream("no-props", {}),
      ]),
      SRC,
    );
    const { inventory } = stackInventory(doc, "state");
    expect(inventory.streams.map((s) => s.name).sort()).toEqual(["no-props", "typed-wrong"]);
    const findings = evaluateInventory(inventory, { configs: {}, pricing: (r) => pricingFor(r) });
    // retentionPeriod "24" is not "long retention"; a shard count "2" is not a capacity problem.
    expect(findings.filter((f) => f.ruleId === "kds-retention")).toEqual([]);
  });

  it("secrets in state are never kept as ciphertext or plaintext in the parsed document's values", () => {
    const doc = parseStackDocument(
      exportOf([stream("s", { shardCount: 1, tags: { Owner: { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:CIPHER-XYZ" } } })]),
      SRC,
    );
    expect(JSON.stringify(doc)).not.toContain("v1:CIPHER-XYZ");
  });

  it("a preview with unknown step shapes is read, not crashed on", () => {
    const preview = JSON.stringify({ steps: [{ op: "create", urn: "urn:pulumi:dev::p::aws:kinesis/stream:Stream::x", newState: { type: "aws:kinesis/stream:Stream", inputs: { name: "x", shardCount: 1 } } }, { op: "weird" }, null, 42] });
    let result: unknown;
    try {
      result = parseStackDocument(preview, "preview.json");
    } catch (e) {
      expect(e).toBeInstanceOf(StackDocumentError);
      return;
    }
    expect(result).toBeTruthy();
  });
});

describe("snapshots", () => {
  const good = () => JSON.parse(JSON.stringify(fixtureSnapshot())) as Record<string, unknown> & { metrics: Record<string, unknown>[]; window: { start: number; end: number; days: number }; collection: Record<string, unknown> };
  const expectSnapshotError = (text: string, re: RegExp) => {
    let err: unknown;
    try {
      parseSnapshot(text, "snap.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toContain("snap.json");
    expect((err as Error).message).toMatch(re);
  };

  it("a future version is refused, saying which version this tool reads", () => {
    expectSnapshotError(JSON.stringify({ ...good(), version: SNAPSHOT_VERSION + 1 }), new RegExp(`${SNAPSHOT_VERSION}`));
  });
  it("an unknown version or kind is refused", () => {
    expectSnapshotError(JSON.stringify({ ...good(), version: "one" }), /version/);
    expectSnapshotError(JSON.stringify({ ...good(), kind: "something-else" }), /not a kinesis-guard snapshot/);
  });
  it("truncated or empty files are refused", () => {
    expectSnapshotError(JSON.stringify(good()).slice(0, 500), /truncated|not valid JSON/);
    expectSnapshotError("", /empty/);
  });
  it("hand-edited inconsistencies are refused with the path of each problem", () => {
    const s = good();
    s.metrics[0]!.values = [...(s.metrics[0]!.values as number[]), 1];
    s.window.end = s.window.start - 1;
    s.collection.complete = true;
    (s.collection as { errors: unknown[] }).errors = [{ api: "Kinesis.ListStreams", region: "us-east-1", message: "x" }];
    expectSnapshotError(JSON.stringify(s), /metrics\.0.*timestamps but.*values/s);
    expectSnapshotError(JSON.stringify(s), /window/);
    expectSnapshotError(JSON.stringify(s), /complete/);
  });
  it("a metric series hand-edited to NaN / negative values is refused or analyzed without crashing", () => {
    const s = good();
    s.metrics[0]!.values = (s.metrics[0]!.values as number[]).map((v, i) => (i === 0 ? -5 : v));
    let snap;
    try {
      snap = parseSnapshot(JSON.stringify(s), "snap.json");
    } catch (e) {
      expect(e).toBeInstanceOf(SnapshotError);
      return;
    }
    const a = analyzeSnapshot(snap, defaultConfig());
    expect(() => renderReports(a, { outDir: "x" })).not.toThrow();
  });
});
