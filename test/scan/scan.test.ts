/**
 * `scan` equals the pack: the example programs are captured under Pulumi mocks, written as the
 * documents the CLI writes (`pulumi preview --json`, `pulumi stack export`), scanned offline, and
 * compared with what the pack reports for the same resources through the Analyzer gRPC protocol.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackClient, type Diagnostic } from "../harness/analyzer";
import { captureProgram, previewThroughPack } from "../harness/program";
import type { CapturedProgram } from "../harness/captured";
import { previewFromCapture, stackExportFromCapture } from "../stack/from-capture";
import { runScan } from "../../live-checks/cli/scan";
import { sarifValidator } from "../output/sarif-schema";
import { parseJunit } from "../output/junit-parse";
import type { CheckReport } from "../../live-checks/report/view-model";

/** The pack names kdf-encryption's stack part "kdf-encryption-source" (policy names are unique); the rule id is kdf-encryption. */
const ruleOfPolicy = (policy: string) => (policy === "kdf-encryption-source" ? "kdf-encryption" : policy);
const packPairs = (diags: readonly Diagnostic[]) => [...new Set(diags.map((d) => `${ruleOfPolicy(d.policyName)} ${d.enforcementLevel} ${d.urn}`))].sort();
const scanPairs = (r: CheckReport) => [...new Set(r.findings.map((f) => `${f.ruleId} ${f.enforcement} ${f.resource.ref}`))].sort();

let dir: string;
let pack: PackClient;
const captured: Record<string, CapturedProgram> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kg-scan-"));
  for (const name of ["compliant", "non-compliant"]) {
    captured[name] = captureProgram(`examples/${name}/index.ts`);
    await writeFile(join(dir, `${name}-preview.json`), JSON.stringify(previewFromCapture(captured[name]!), null, 1));
    await writeFile(join(dir, `${name}-export.json`), JSON.stringify(stackExportFromCapture(captured[name]!), null, 1));
    await writeFile(join(dir, `${name}-export-show-secrets.json`), JSON.stringify(stackExportFromCapture(captured[name]!, "us-east-1", true), null, 1));
  }
  pack = await PackClient.start();
  await pack.configureStack();
});

afterAll(async () => {
  await pack?.close();
});

async function scan(file: string, extra: Partial<Parameters<typeof runScan>[0]> = {}) {
  return runScan({ file: join(dir, file), outDir: join(dir, `out-${file}`), env: {}, ...extra });
}

describe("scan equals the pack through the analyzer protocol", () => {
  for (const name of ["compliant", "non-compliant"]) {
    it(`${name}: preview JSON -> the same (policy, enforcement, resource) violations`, async () => {
      const expected = packPairs(await previewThroughPack(pack, captured[name]!));
      const { report } = await scan(`${name}-preview.json`);
      expect(scanPairs(report)).toEqual(expected);
      if (name === "compliant") expect(expected).toEqual([]);
      else expect(expected.length).toBeGreaterThan(5);
    });

    it(`${name}: stack export (encrypted or --show-secrets) -> the same violations`, async () => {
      const expected = packPairs(await previewThroughPack(pack, captured[name]!));
      expect(scanPairs((await scan(`${name}-export.json`)).report)).toEqual(expected);
      expect(scanPairs((await scan(`${name}-export-show-secrets.json`)).report)).toEqual(expected);
    });
  }

  it("the non-compliant example's violations are exactly the ones its program documents", async () => {
    const documented = JSON.parse(await readFile("examples/non-compliant/expected-violations.json", "utf8")) as unknown;
    const { report } = await scan("non-compliant-preview.json");
    const got = report.findings.map((f) => `${f.ruleId} ${f.resource.displayName}`).sort();
    const list = (Array.isArray(documented) ? documented : ((documented as { violations?: unknown[] }).violations ?? [])) as Record<string, string>[];
    const want = [...new Set(list.map((v) => `${ruleOfPolicy(v.policy ?? v.ruleId ?? "")} ${v.resource ?? v.name ?? ""}`))].sort();
    expect([...new Set(got)]).toEqual(want);
  });
});

describe("scan outputs on the examples", () => {
  it("non-compliant: fails the gate (mandatory violations), SARIF validates, JUnit parses, no secret leaks (even from a --show-secrets export)", async () => {
    const { report, written, exitCode } = await scan("non-compliant-export-show-secrets.json", { formats: ["sarif", "junit", "markdown", "json"] });
    expect(exitCode).toBe(1);
    expect(report.summary.mandatory).toBeGreaterThan(0);
    const validate = sarifValidator();
    const sarif = JSON.parse(await readFile(written.files.sarif!, "utf8")) as unknown;
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const junit = parseJunit(await readFile(written.files.junit!, "utf8"));
    // One test case per resource, plus one skipped per suppressed finding: the example's legacy-stream
    // is tagged kinesis-guard:exempt=all, so its advisory findings are listed as suppressed by the tag.
    expect(report.suppressed.length).toBeGreaterThan(0);
    expect(report.suppressed.every((f) => f.resource.displayName === "legacy-stream" && f.suppression.kind === "tag")).toBe(true);
    expect(junit.suites.tests).toBe(report.resources.length + report.suppressed.length);
    expect(junit.suites.failures).toBe(new Set(report.findings.filter((f) => f.failsGate).map((f) => f.resource.ref)).size);
    // every secret value the program holds stays out of every output
    const all = (await Promise.all(Object.values(written.files).map((p) => readFile(p!, "utf8")))).join("\n");
    let secrets = 0;
    for (const r of captured["non-compliant"]!.resources) {
      for (const p of r.secretPaths) {
        const v = p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r.plainInputs);
        if (typeof v === "string" && v.length >= 4) {
          secrets++;
          expect(all).not.toContain(v);
        }
      }
    }
    expect(secrets).toBeGreaterThan(0);
  });

  it("compliant: passes (exit 0) with every resource listed", async () => {
    const { report, exitCode } = await scan("compliant-export.json");
    expect(exitCode).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.resources.map((r) => r.displayName).sort()).toEqual(
      captured["compliant"]!.resources
        .filter((r) => r.type === "aws:kinesis/stream:Stream" || r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")
        .map((r) => r.name)
        .sort(),
    );
  });
});
