/**
 * Hostile or odd inputs get a clear exit 2 naming the file and what to do, never "internal error"
 * with a stack trace (issue 14, points 8 and 9): a scan document nested thousands of levels, a YAML alias
 * bomb, an unwritable `scan --out`, a snapshot with a byte order mark, duplicate URNs, duplicate
 * streams, metric values of 1e308, an infinite threshold. A JSON syntax error never quotes the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseStackDocument } from "../../live-checks/stack/load";
import { StackDocumentError } from "../../live-checks/stack/types";
import { parseConfigText } from "../../live-checks/config-file";
import { ConfigError } from "../../rules/config";
import { parseSnapshot, SnapshotError } from "../../live-checks/snapshot-io";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { runCli, type CliRun } from "../reliability/run-cli";

const dir = mkdtempSync(join(tmpdir(), "kg-sanity-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const STREAM = "aws:kinesis/stream:Stream";
const URN = (name: string) => `urn:pulumi:dev::p::${STREAM}::${name}`;
const streamRes = (name: string, extra: Record<string, unknown> = {}) => ({
  urn: URN(name),
  custom: true,
  id: name,
  type: STREAM,
  inputs: { name, shardCount: 1 },
  outputs: { name, shardCount: 1, arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}` },
  ...extra,
});
const exportOf = (resources: unknown[]) => JSON.stringify({ version: 3, deployment: { manifest: {}, resources } });
const OK_EXPORT = exportOf([streamRes("orders")]);

/** Exit 2, the message names `what`, and no stack trace or "internal error". */
function expectClearError(r: CliRun, what: string, re: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toContain(what);
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
}

describe("through the CLI: exit 2 with a message, never a stack trace", () => {
  it("a scan document nested 5,000 levels deep", async () => {
    // Built as text: JSON.stringify itself recurses.
    let json = '"leaf"';
    for (let i = 0; i < 5_000; i++) json = i % 2 ? `{"a":${json}}` : `[${json}]`;
    const p = file("deep.json", `{"steps":[{"op":"create","urn":"${URN("s")}","newState":{"urn":"${URN("s")}","type":"${STREAM}","inputs":{"name":"s","tags":${json}}}}]}`);
    const r = await runCli(["scan", p, "--out", join(dir, "deep-out")], { cwd: dir });
    expectClearError(r, p, /nests more than \d+ levels/);
  });

  it("a YAML alias bomb as config", async () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    let prev = "a";
    for (const n of "bcdefghij") {
      lines.push(`${n}: &${n} [${Array(10).fill(`*${prev}`).join(", ")}]`);
      prev = n;
    }
    const cfg = file("bomb.yaml", lines.join("\n") + "\n");
    const r = await runCli(["scan", file("ok.json", OK_EXPORT), "--config", cfg, "--out", join(dir, "bomb-out")], { cwd: dir });
    expectClearError(r, cfg, /alias/);
  });

  it("an unwritable scan --out (a file where its folder should be)", async () => {
    file("blocker", "not a folder");
    const out = join(dir, "blocker", "out");
    const r = await runCli(["scan", file("ok2.json", OK_EXPORT), "--out", out], { cwd: dir });
    expectClearError(r, out, /--out.*(cannot|not a directory)/i);
  });

  it("an infinite threshold in a YAML config (minRecordsPerMinute: .inf)", async () => {
    const cfg = file("inf.yaml", "kinesis-guard:\n  minRecordsPerMinute: .inf\n");
    const r = await runCli(["audit", "--from-snapshot", file("snap-for-inf.json", JSON.stringify(fixtureSnapshot())), "--config", cfg, "--out", join(dir, "inf-out")], { cwd: dir });
    expectClearError(r, cfg, /minRecordsPerMinute.*finite/);
  });

  it("a snapshot starting with a byte order mark is read like the same file without it", async () => {
    const text = JSON.stringify(fixtureSnapshot());
    const plain = await runCli(["audit", "--from-snapshot", file("snap.json", text), "--out", join(dir, "plain-out"), "--fail-on", "none"], { cwd: dir });
    const bom = await runCli(["audit", "--from-snapshot", file("snap-bom.json", `\uFEFF${text}`), "--out", join(dir, "bom-out"), "--fail-on", "none"], { cwd: dir });
    expect(bom.stderr).not.toMatch(/truncated|not valid JSON/);
    expect(bom.status, bom.stderr).toBe(plain.status);
    expect(bom.stdout.replace(/bom-out/g, "plain-out")).toBe(plain.stdout);
  });

  it("metric values of 1e308 in a snapshot are refused, naming the series", async () => {
    const s = fixtureSnapshot() as unknown as { metrics: { id: string; values: number[] }[] };
    const m = s.metrics.find((x) => x.values.length > 0)!;
    m.values = m.values.map(() => 1e308);
    const p = file("huge.json", JSON.stringify(s));
    const r = await runCli(["audit", "--from-snapshot", p, "--out", join(dir, "huge-out")], { cwd: dir });
    expectClearError(r, p, new RegExp(`${m.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*1e\\+308`));
  });

  it("a snapshot listing the same stream twice is refused", async () => {
    const s = fixtureSnapshot() as unknown as { streams: unknown[] };
    s.streams.push(s.streams[0]);
    const p = file("dup.json", JSON.stringify(s));
    const r = await runCli(["audit", "--from-snapshot", p, "--out", join(dir, "dup-out")], { cwd: dir });
    expectClearError(r, p, /streams\.\d+ .*same stream as streams\.0/);
  });
});

describe("stack documents", () => {
  const reject = (text: string, re: RegExp, source = "state.json") => {
    let err: unknown;
    try {
      parseStackDocument(text, source);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StackDocumentError);
    expect((err as Error).message).toContain(source);
    expect((err as Error).message).toMatch(re);
    return (err as Error).message;
  };

  it("a JSON syntax error names where it is, never what is there", () => {
    const secret = "Hunter2-Redshift-Password";
    // A --show-secrets export cut and spliced by hand: the error sits right before the plaintext.
    const texts = [`{"version": 3, "deployment": {"resources": [{"password": ${secret}"}]}}`, `{"version": 3 ${secret}`, `{"a": "x"} ${secret}`, `{'${secret}': 1}`];
    for (const t of texts) {
      const msg = reject(t, /not JSON/);
      for (let i = 0; i + 3 <= secret.length; i++) expect(msg, `"${secret.slice(i, i + 3)}" from ${t}`).not.toContain(secret.slice(i, i + 3));
    }
  });

  it("duplicate URNs in a stack export are refused; a copy pending deletion is not a duplicate", () => {
    reject(exportOf([streamRes("orders"), streamRes("clicks"), streamRes("orders")]), /resources\[2\] has the same URN as .*resources\[0\]/);
    const doc = parseStackDocument(exportOf([streamRes("orders", { delete: true }), streamRes("orders")]), "state.json");
    expect(doc.resources.filter((r) => r.urn === URN("orders"))).toHaveLength(1);
  });

  it("a preview listing one URN twice is refused; the steps of one replacement are not", () => {
    const step = (op: string, name = "orders") => ({ op, urn: URN(name), newState: { urn: URN(name), type: STREAM, inputs: { name, shardCount: 1 } } });
    reject(JSON.stringify({ steps: [step("create"), step("update")] }), /steps\[1\] repeats the URN of steps\[0\]/, "preview.json");
    reject(JSON.stringify({ steps: [step("create"), step("create")] }), /repeats the URN/, "preview.json");
    const replaced = parseStackDocument(JSON.stringify({ steps: [step("create-replacement"), step("replace"), { op: "delete-replaced", urn: URN("orders"), oldState: {} }, step("same", "clicks")] }), "preview.json");
    expect(replaced.resources.map((r) => r.name).sort()).toEqual(["clicks", "orders"]);
  });
});

describe("config and snapshots in process", () => {
  it("non-finite numbers anywhere in a config are refused with their path", () => {
    expect(() => parseConfigText("kds-retention:\n  maxRetentionHours: .nan\n", "c.yaml")).toThrow(ConfigError);
    expect(() => parseConfigText("kds-retention:\n  maxRetentionHours: .nan\n", "c.yaml")).toThrow(/"kds-retention\.maxRetentionHours" = NaN/);
    expect(() => parseConfigText("kinesis-guard:\n  pricing:\n    us-east-1:\n      shardHour: -.inf\n", "c.yaml")).toThrow(/pricing\.us-east-1\.shardHour.*-Infinity/);
  });

  it("a snapshot listing the same delivery stream twice is refused", () => {
    const s = fixtureSnapshot() as unknown as { deliveryStreams: unknown[] };
    s.deliveryStreams.push(s.deliveryStreams[0]);
    expect(() => parseSnapshot(JSON.stringify(s), "snap.json")).toThrow(SnapshotError);
    expect(() => parseSnapshot(JSON.stringify(s), "snap.json")).toThrow(/deliveryStreams\.\d+ .*same delivery stream/);
  });
});
