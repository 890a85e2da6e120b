import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackDocument, readStackDocument } from "../../live-checks/stack/load";
import { isSecret, redact, SECRET_PLACEHOLDER, SIG_KEY, SECRET_SIG } from "../../live-checks/stack/secrets";
import { StackDocumentError } from "../../live-checks/stack/types";

const P = "urn:pulumi:dev::shop";
const provider = (name: string, region: string) => ({
  urn: `${P}::pulumi:providers:aws::${name}`,
  custom: true,
  id: `${name}-id`,
  type: "pulumi:providers:aws",
  inputs: { region, version: "7.48.0" },
  outputs: { region, version: "7.48.0" },
});
const exportDoc = (resources: unknown[], version = 3) => ({
  version,
  deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "x", version: "v3.200.0" }, secrets_providers: { type: "passphrase" }, resources },
});

const stream = {
  urn: `${P}::aws:kinesis/stream:Stream::orders`,
  custom: true,
  id: "orders-1a2b3c4",
  type: "aws:kinesis/stream:Stream",
  inputs: { name: "orders-1a2b3c4", shardCount: 2 },
  outputs: { arn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders-1a2b3c4", name: "orders-1a2b3c4", shardCount: 2, retentionPeriod: 24 },
  parent: `${P}::pulumi:pulumi:Stack::shop-dev`,
  provider: `${P}::pulumi:providers:aws::default_7_48_0::default_7_48_0-id`,
  dependencies: [],
  propertyDependencies: { shardCount: [] },
};

describe("stack export", () => {
  it("reads resources with outputs as props, project/stack from URNs, region from the resource's provider", () => {
    const west = {
      ...stream,
      urn: `${P}::aws:kinesis/stream:Stream::replica`,
      provider: `${P}::pulumi:providers:aws::west::west-id`,
    };
    const doc = parseStackDocument(
      JSON.stringify(exportDoc([{ urn: `${P}::pulumi:pulumi:Stack::shop-dev`, custom: false, type: "pulumi:pulumi:Stack" }, provider("default_7_48_0", "us-east-1"), provider("west", "us-west-2"), stream, west])),
      "state.json",
    );
    expect(doc.format).toBe("stack-export");
    expect(doc).toMatchObject({ project: "shop", stack: "dev" });
    const byName = new Map(doc.resources.map((r) => [r.name, r]));
    expect(byName.get("orders")).toMatchObject({ type: "aws:kinesis/stream:Stream", id: "orders-1a2b3c4", region: "us-east-1", props: { retentionPeriod: 24 } });
    expect(byName.get("replica")!.region).toBe("us-west-2");
    expect(byName.get("shop-dev")!.custom).toBe(false);
  });

  it("accepts version 4 and reads version 2 with a note; refuses 1 and future versions with what to do", () => {
    expect(parseStackDocument(JSON.stringify(exportDoc([stream], 4)), "s.json").resources).toHaveLength(1);
    const v2 = parseStackDocument(JSON.stringify(exportDoc([stream], 2)), "s.json");
    expect(v2.resources).toHaveLength(1);
    expect(v2.notes.join()).toMatch(/version 2/);
    expect(() => parseStackDocument(JSON.stringify(exportDoc([stream], 1)), "s.json")).toThrow(/s\.json: deployment version 1 .* export the stack again with a current CLI/);
    expect(() => parseStackDocument(JSON.stringify(exportDoc([stream], 9)), "s.json")).toThrow(/deployment version 9 is not supported \(supported: 2, 3, 4\)/);
  });

  it("leaves resources pending deletion out, with a note", () => {
    const doc = parseStackDocument(JSON.stringify(exportDoc([stream, { ...stream, urn: `${P}::aws:kinesis/stream:Stream::old`, delete: true }])), "s.json");
    expect(doc.resources.map((r) => r.name)).toEqual(["orders"]);
    expect(doc.notes.join()).toMatch(/1 resource\(s\) pending deletion/);
  });

  it("reads a local-backend checkpoint file too, and an empty stack", () => {
    const cp = { version: 3, checkpoint: { stack: "dev", latest: exportDoc([stream]).deployment } };
    expect(parseStackDocument(JSON.stringify(cp), "cp.json")).toMatchObject({ format: "checkpoint", resources: [{ name: "orders" }] });
    const empty = parseStackDocument(JSON.stringify({ version: 3, deployment: { manifest: {} } }), "e.json");
    expect(empty.resources).toEqual([]);
    expect(empty.notes.join()).toMatch(/no resources/);
  });

  it("clear errors: empty, truncated, not JSON, human preview output, wrong shape, bad resource", () => {
    const err = (text: string) => {
      try {
        parseStackDocument(text, "in.json");
      } catch (e) {
        expect(e).toBeInstanceOf(StackDocumentError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err("")).toMatch(/^in\.json: the file is empty; expected the JSON written by `pulumi stack export/);
    const full = JSON.stringify(exportDoc([stream]));
    expect(err(full.slice(0, full.length - 40))).toMatch(/^in\.json: the JSON is truncated/);
    expect(err("Previewing update (dev)\n  + aws:kinesis/stream:Stream orders create")).toMatch(/not JSON .*was `pulumi preview` run without --json\?/);
    expect(err("[1,2]")).toMatch(/not an object/);
    expect(err(JSON.stringify({ hello: 1 }))).toMatch(/neither a stack export .* nor a preview/);
    expect(err(JSON.stringify(exportDoc([{ type: "aws:kinesis/stream:Stream" }])))).toMatch(/in\.json: deployment\.resources\[0\]: "urn" is missing/);
    expect(err(JSON.stringify({ version: 3, deployment: { resources: {} } }))).toMatch(/"deployment\.resources" is not an array/);
  });

  it("a missing file names the path", async () => {
    await expect(readStackDocument("/nonexistent/state.json")).rejects.toThrow(/\/nonexistent\/state\.json: cannot read the file \(ENOENT\)/);
  });
});

describe("secrets in state", () => {
  const cipher = { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:abcd:EFGH" };
  const plain = { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify("hunter2-token") };
  const firehose = (accessKey: unknown) => ({
    urn: `${P}::aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream::to-http`,
    custom: true,
    type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    inputs: {},
    outputs: { destination: "http_endpoint", httpEndpointConfiguration: { url: "https://x", accessKey } },
  });

  it("an encrypted secret becomes a wire secret holding a placeholder; its path is recorded; the ciphertext is gone", () => {
    const doc = parseStackDocument(JSON.stringify(exportDoc([firehose(cipher)])), "s.json");
    const r = doc.resources[0]!;
    const key = (r.props.httpEndpointConfiguration as Record<string, unknown>).accessKey;
    expect(isSecret(key)).toBe(true);
    expect((key as { value: unknown }).value).toBe(SECRET_PLACEHOLDER);
    expect(r.secretPaths).toEqual(["httpEndpointConfiguration.accessKey"]);
    expect(JSON.stringify(doc)).not.toContain("EFGH");
  });

  it("an output block encrypted whole (the engine marks it when a nested input was secret) falls back to its input, with a note", () => {
    const r = {
      ...firehose(cipher),
      inputs: { destination: "http_endpoint", httpEndpointConfiguration: { url: "https://x", s3BackupMode: "FailedDataOnly", accessKey: cipher } },
      outputs: { destination: "http_endpoint", arn: "arn:x", httpEndpointConfiguration: { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:ZZZZ" } },
    };
    const doc = parseStackDocument(JSON.stringify(exportDoc([r])), "s.json");
    const block = doc.resources[0]!.props.httpEndpointConfiguration as Record<string, unknown>;
    expect(block.s3BackupMode).toBe("FailedDataOnly");
    expect(isSecret(block.accessKey)).toBe(true);
    expect(doc.resources[0]!.secretPaths).toEqual(["httpEndpointConfiguration.accessKey"]);
    expect(doc.notes.join()).toMatch(/1 output property is an encrypted secret; its input was used instead/);
  });

  it("a --show-secrets plaintext is decoded for the rules, remembered for redaction, and still marked secret", () => {
    const doc = parseStackDocument(JSON.stringify(exportDoc([firehose(plain)])), "s.json");
    const key = (doc.resources[0]!.props.httpEndpointConfiguration as Record<string, unknown>).accessKey as { value: unknown };
    expect(isSecret(key)).toBe(true);
    expect(key.value).toBe("hunter2-token");
    expect(doc.secretValues).toEqual(["hunter2-token"]);
    expect(redact('accessKey "hunter2-token" is plain', doc.secretValues)).toBe(`accessKey "${SECRET_PLACEHOLDER}" is plain`);
  });
});

describe("preview --json", () => {
  const preview = (steps: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ config: { "aws:region": "eu-west-1" }, steps, changeSummary: { create: steps.length }, ...extra });

  it("takes each surviving resource's new inputs as props, keeps unknown sentinels, drops deleted ones, region from aws:region", () => {
    const newStream = {
      op: "create",
      urn: `${P}::aws:kinesis/stream:Stream::orders`,
      newState: { urn: `${P}::aws:kinesis/stream:Stream::orders`, custom: true, type: "aws:kinesis/stream:Stream", inputs: { shardCount: 1, kmsKeyId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } },
    };
    const deleted = { op: "delete", urn: `${P}::aws:kinesis/stream:Stream::old`, oldState: { urn: `${P}::aws:kinesis/stream:Stream::old`, type: "aws:kinesis/stream:Stream" } };
    const replacedNew = { op: "create-replacement", urn: `${P}::aws:kinesis/stream:Stream::r`, newState: { urn: `${P}::aws:kinesis/stream:Stream::r`, type: "aws:kinesis/stream:Stream", inputs: { shardCount: 4 } } };
    const replacedOld = { op: "delete-replaced", urn: `${P}::aws:kinesis/stream:Stream::r`, oldState: { urn: `${P}::aws:kinesis/stream:Stream::r`, type: "aws:kinesis/stream:Stream" } };
    const doc = parseStackDocument(preview([newStream, deleted, replacedNew, replacedOld]), "preview.json");
    expect(doc.format).toBe("preview");
    expect(doc.resources.map((r) => r.name).sort()).toEqual(["orders", "r"]);
    const orders = doc.resources.find((r) => r.name === "orders")!;
    expect(orders.props).toEqual({ shardCount: 1, kmsKeyId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(orders.region).toBe("eu-west-1");
  });

  it("notes error diagnostics (the resource list may be incomplete)", () => {
    const doc = parseStackDocument(preview([], { diagnostics: [{ severity: "error", message: "boom" }] }), "p.json");
    expect(doc.notes.join()).toMatch(/1 error diagnostic/);
  });
});

describe("reading from disk", () => {
  it("strips a BOM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kg-stack-"));
    const path = join(dir, "state.json");
    await writeFile(path, "\uFEFF" + JSON.stringify(exportDoc([stream])));
    expect((await readStackDocument(path)).resources).toHaveLength(1);
  });
});
