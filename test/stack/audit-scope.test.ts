import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadStackScope } from "../../live-checks/stack/audit-scope";
import { findPulumiCli } from "../../live-checks/stack/automation";
import { UsageError } from "../../live-checks/exit-codes";

const P = "urn:pulumi:dev::shop";
const exportDoc = {
  version: 3,
  deployment: {
    manifest: {},
    resources: [
      { urn: `${P}::pulumi:providers:aws::default`, custom: true, id: "p1", type: "pulumi:providers:aws", inputs: { region: "eu-west-1" }, outputs: { region: "eu-west-1" } },
      {
        urn: `${P}::aws:kinesis/stream:Stream::orders`,
        custom: true,
        id: "orders",
        type: "aws:kinesis/stream:Stream",
        provider: `${P}::pulumi:providers:aws::default::p1`,
        inputs: { name: "orders", shardCount: 1 },
        outputs: { name: "orders", shardCount: 1, arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/orders" },
      },
    ],
  },
};

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), "kg-scope-"));
}

describe("loadStackScope", () => {
  it("--stack-export: the stack's model and the regions it lives in", async () => {
    const dir = await tmp();
    await writeFile(join(dir, "state.json"), JSON.stringify(exportDoc));
    const scope = await loadStackScope({ stackExport: join(dir, "state.json") });
    expect(scope.regions).toEqual(["eu-west-1"]);
    expect(scope.stack.streams.map((s) => s.name)).toEqual(["orders"]);
    expect(scope.doc).toMatchObject({ project: "shop", stack: "dev" });
  });

  it("usage errors: both flags, neither, a preview document", async () => {
    await expect(loadStackScope({ stackExport: "a", stackName: "b" })).rejects.toThrow(/alternatives: give one/);
    await expect(loadStackScope({})).rejects.toThrow(UsageError);
    const dir = await tmp();
    await writeFile(join(dir, "preview.json"), JSON.stringify({ steps: [] }));
    await expect(loadStackScope({ stackExport: join(dir, "preview.json") })).rejects.toThrow(/is a `pulumi preview --json` document .* pass `pulumi stack export` output/);
  });

  it("--stack without the pulumi CLI on PATH: tells to use --stack-export", async () => {
    process.env.PATH = await tmp();
    expect(findPulumiCli()).toBeUndefined();
    await expect(loadStackScope({ stackName: "dev" })).rejects.toThrow(
      /--stack dev: the pulumi CLI is not on PATH.*`pulumi stack export --stack dev --file state\.json`.*--stack-export state\.json/,
    );
  });

  it("--stack with a pulumi CLI on PATH: exports through the Automation API", async () => {
    // A stand-in CLI answering the three commands the Automation API runs (version, stack select, stack export).
    const dir = await tmp();
    await mkdir(join(dir, "bin"));
    await mkdir(join(dir, "project"));
    await writeFile(join(dir, "project", "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    await writeFile(join(dir, "export.json"), JSON.stringify(exportDoc));
    const cli = join(dir, "bin", "pulumi");
    await writeFile(
      cli,
      `#!/bin/sh\necho "$@" >> "${dir}/calls.log"\ncase "$1 $2" in\n  "version "*) echo v3.200.0 ;;\n  "stack export") cat "${dir}/export.json" ;;\nesac\n`,
    );
    await chmod(cli, 0o755);
    process.env.PATH = `${join(dir, "bin")}${delimiter}${savedPath ?? ""}`;
    const scope = await loadStackScope({ stackName: "dev", cwd: join(dir, "project") });
    expect(scope.doc.source).toBe("pulumi stack export --stack dev");
    expect(scope.stack.streams.map((s) => s.name)).toEqual(["orders"]);
  });
});
