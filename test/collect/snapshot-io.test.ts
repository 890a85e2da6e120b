import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSnapshot, saveSnapshot, snapshotJsonPieces, SnapshotError } from "../../live-checks/snapshot-io";
import { canonicalSnapshot } from "../../live-checks/collect/canonical";
import { SNAPSHOT_KIND, SNAPSHOT_VERSION, type Snapshot } from "../../live-checks/snapshot";
import { adaptDeliveryStream, adaptStream } from "../../adapters/aws";

const dir = mkdtempSync(join(tmpdir(), "kg-snap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sample(): Snapshot {
  const end = 1_773_144_000;
  return canonicalSnapshot({
    kind: SNAPSHOT_KIND,
    version: SNAPSHOT_VERSION,
    toolVersion: "0.1.0",
    collectedAt: "2026-03-10T12:00:01.000Z",
    window: { start: end - 7 * 86_400, end, days: 7 },
    regions: ["us-east-1"],
    streams: [adaptStream({ StreamName: "b", StreamARN: "arn:aws:kinesis:us-east-1:1:stream/b", RetentionPeriodHours: 24 } as never, { region: "us-east-1", listedName: "b", tags: { z: "1", a: "2" } }), adaptStream(undefined, { region: "us-east-1", listedName: "a", tags: {} })],
    consumers: [],
    deliveryStreams: [
      adaptDeliveryStream(
        {
          DeliveryStreamName: "d",
          DeliveryStreamARN: "arn:aws:firehose:us-east-1:1:deliverystream/d",
          DeliveryStreamType: "KinesisStreamAsSource",
          Source: { KinesisStreamSourceDescription: { KinesisStreamARN: "arn:aws:kinesis:us-east-1:1:stream/b" } },
          Destinations: [{ DestinationId: "x", ExtendedS3DestinationDescription: { BucketARN: "arn:aws:s3:::b", RoleARN: "r", BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 } } }],
        } as never,
        { region: "us-east-1", listedName: "d", tags: {} },
      ),
    ],
    alarms: [],
    vpcEndpoints: [],
    metrics: [
      { id: "z", region: "us-east-1", namespace: "AWS/Kinesis", metricName: "IncomingBytes", dimensions: { StreamName: "b" }, stat: "Sum", period: 3600, timestamps: [end - 7200, end - 3600], values: [1, 2], status: "ok" },
      { id: "a", region: "us-east-1", namespace: "AWS/Kinesis", metricName: "IncomingRecords", dimensions: { StreamName: "b" }, stat: "Sum", period: "window", timestamps: [], values: [], status: "no-data" },
    ],
    drStreams: [],
    skipped: [],
    collection: { calls: { "Kinesis.ListStreams": 1 }, retries: {}, errors: [], complete: true, durationMs: 12, notes: [] },
  });
}

describe("snapshot save/load", () => {
  it("round-trips to a deep-equal, byte-identical snapshot and leaves no temp file", async () => {
    const s = sample();
    const path = join(dir, "snap.json");
    await saveSnapshot(path, s);
    const back = await loadSnapshot(path);
    expect(back).toStrictEqual(s);
    expect(JSON.stringify(back)).toBe(JSON.stringify(s));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // Deterministic order: resources and metrics sorted, object keys sorted.
    expect(s.streams.map((x) => x.name)).toEqual(["a", "b"]);
    expect(s.metrics.map((m) => m.id)).toEqual(["a", "z"]);
    expect(Object.keys(s.streams[1]!.tags as object)).toEqual(["a", "z"]);
  });

  it("is written in pieces (the series one at a time) that make exactly JSON.stringify's bytes", async () => {
    const s = { ...sample(), note: undefined, metrics: [...sample().metrics, ...sample().metrics] } as unknown as Snapshot;
    const pieces = [...snapshotJsonPieces(s)];
    expect(pieces.length).toBeGreaterThan(s.metrics.length); // not one string
    expect(pieces.join("")).toBe(JSON.stringify(s) + "\n");
    const path = join(dir, "pieces.json");
    await saveSnapshot(path, sample());
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify(sample()) + "\n");
  });

  const cases: [string, (s: Record<string, unknown>) => unknown, RegExp][] = [
    ["a future version", (s) => ({ ...s, version: 2, toolVersion: "9.0.0" }), /snapshot version 2 was written by a newer kinesis-guard \("9.0.0"\).*Upgrade/],
    ["an unknown version", (s) => ({ ...s, version: "one" }), /unknown snapshot version "one"/],
    ["another kind of file", (s) => ({ ...s, kind: "something-else" }), /not a kinesis-guard snapshot/],
    ["a wrong type", (s) => ({ ...s, streams: [{ ...(s.streams as object[])[0], retentionHours: "24" }] }), /malformed:[\s\S]*streams\.0\.retentionHours: must be number/],
    ["a missing field", (s) => { const { metrics: _m, ...rest } = s; return rest; }, /missing "metrics"/],
    // Nested: the JSON path of the object and the field (the schema is the declaration that types Snapshot).
    ["a missing nested field", (s) => ({ ...s, streams: [(({ tags: _t, ...x }) => x)((s.streams as Record<string, unknown>[])[0]!)] }), /malformed:\n  - streams\.0: missing "tags"$/],
    ["a wrong type in a series", (s) => ({ ...s, metrics: [{ ...(s.metrics as object[])[1], values: [1, "2"] }] }), /malformed:\n  - metrics\.0\.values\.1: must be number$/],
    ["a wrong account id", (s) => ({ ...s, account: { id: 123456789012 } }), /malformed:\n  - account\.id: must be string$/],
    ["an unknown delivery stream source", (s) => ({ ...s, deliveryStreams: [{ ...(s.deliveryStreams as object[])[0], source: { type: "Pipe" } }] }), /malformed:\n  - deliveryStreams\.0\.source\.type: must be equal to one of the allowed values \("DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource"\)$/],
    ["a wrong type in the matching source shape", (s) => ({ ...s, deliveryStreams: [{ ...(s.deliveryStreams as object[])[0], source: { type: "KinesisStreamAsSource", streamArn: 7 } }] }), /malformed:\n  - deliveryStreams\.0\.source\.streamArn: must be string$/],
    ["values that disagree with timestamps", (s) => ({ ...s, metrics: [{ ...(s.metrics as object[])[1], values: [1] }] }), /1 timestamps but 2 values|timestamps but/],
    ["no-data with values", (s) => ({ ...s, metrics: [{ ...(s.metrics as object[])[1], status: "no-data" }] }), /status "no-data" but has values/],
    ["complete with errors", (s) => ({ ...s, collection: { ...(s.collection as object), errors: [{ api: "A.B", region: "us-east-1", message: "x" }] } }), /"complete" is true but 1 errors/],
  ];
  it.each(cases)("refuses %s with a message naming the file", async (_label, mutate, message) => {
    const path = join(dir, `bad-${_label.replace(/\W+/g, "-")}.json`);
    writeFileSync(path, JSON.stringify(mutate(sample() as unknown as Record<string, unknown>)));
    const err = await loadSnapshot(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(message);
  });

  it("loads snapshots with and without an account (older snapshots have none)", async () => {
    const path = join(dir, "account.json");
    const withAccount = { ...sample(), account: { id: "123456789012", name: "prod" } };
    writeFileSync(path, JSON.stringify(withAccount));
    expect(await loadSnapshot(path)).toStrictEqual(withAccount);
    writeFileSync(path, JSON.stringify(sample()));
    expect((await loadSnapshot(path)).account).toBeUndefined();
  });

  it("explains a truncated, empty or missing file", async () => {
    const full = JSON.stringify(sample());
    const truncated = join(dir, "trunc.json");
    writeFileSync(truncated, full.slice(0, full.length / 2));
    await expect(loadSnapshot(truncated)).rejects.toThrow(/not valid JSON .*truncated/);
    const empty = join(dir, "empty.json");
    writeFileSync(empty, "");
    await expect(loadSnapshot(empty)).rejects.toThrow(/the file is empty/);
    await expect(loadSnapshot(join(dir, "nope.json"))).rejects.toThrow(/cannot read the snapshot \(ENOENT\)/);
  });

  it("refuses to write into a missing folder with a clear error and never writes an invalid snapshot", async () => {
    await expect(saveSnapshot(join(dir, "no", "such", "x.json"), sample())).rejects.toThrow(/cannot write the snapshot .*ENOENT/);
    const bad = { ...sample(), collection: { ...sample().collection, complete: true, errors: [{ api: "A", region: "r", message: "m" }] } };
    await expect(saveSnapshot(join(dir, "bad-out.json"), bad)).rejects.toThrow(/refusing to save/);
    expect(() => readFileSync(join(dir, "bad-out.json"))).toThrow();
  });
});
