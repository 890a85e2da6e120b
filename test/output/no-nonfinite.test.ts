/**
 * No NaN or Infinity in any output (issue 14, point 9). Every file the real CLI writes, and its
 * console, is walked: JSON numbers must be finite and no text may say NaN or Infinity ("CV NaN",
 * "$NaN/month", "Infinity shards"). Inputs: the planted demo fleet audited live against the
 * simulator (every rule path), a snapshot whose metric values sit at the accepted maximum (1e18,
 * alternating with 0: the largest numbers the arithmetic must survive), and scans of the example
 * Pulumi programs. Impossible values (1e308) are refused at the input (test/bad-input/input-sanity).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";
import { runCli, ROOT, type CliRun } from "../reliability/run-cli";
import { captureProgram } from "../harness/program";
import { previewFromCapture, stackExportFromCapture } from "../stack/from-capture";
import { MAX_METRIC_VALUE } from "../../live-checks/input-checks";

const dir = mkdtempSync(join(tmpdir(), "kg-finite-"));
let sim: SimulatorHandle;
const runs: Record<string, CliRun> = {};
const inputs = new Set<string>();

const walkFiles = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walkFiles(join(d, n)) : [join(d, n)]));

/** Where a parsed JSON value holds a number that is not finite, or a string saying NaN / Infinity. */
function badJson(v: unknown, path = ""): string[] {
  if (typeof v === "number") return Number.isFinite(v) ? [] : [`${path}: ${v}`];
  if (typeof v === "string") return NON_FINITE_TEXT.test(v) ? [`${path}: ${JSON.stringify(v)}`] : [];
  if (Array.isArray(v)) return v.flatMap((e, i) => badJson(e, `${path}[${i}]`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, e]) => badJson(e, path ? `${path}.${k}` : k));
  return [];
}
const NON_FINITE_TEXT = /\bNaN\b|\bInfinity\b/;

beforeAll(async () => {
  sim = await startSimulator({ scenario: loadScenario(join(ROOT, "simulator", "scenarios", "demo-fleet.json")) });
  const snap = fixtureSnapshot() as unknown as { metrics: { values: number[] }[] };
  for (const m of snap.metrics) m.values = m.values.map((_, i) => (i % 2 ? MAX_METRIC_VALUE : 0));
  const bound = join(dir, "at-the-bound.json");
  writeFileSync(bound, JSON.stringify(snap));
  const compliant = join(dir, "compliant-export.json");
  writeFileSync(compliant, JSON.stringify(stackExportFromCapture(captureProgram("examples/compliant/index.ts"))));
  const nonCompliant = join(dir, "non-compliant-preview.json");
  writeFileSync(nonCompliant, JSON.stringify(previewFromCapture(captureProgram("examples/non-compliant/index.ts"))));
  for (const p of [bound, compliant, nonCompliant]) inputs.add(p);
  const ci = ["--ci-format", "sarif,junit,markdown,json", "--fail-on", "none", "--no-progress"];
  const [demo, atBound, s1, s2] = await Promise.all([
    runCli(["audit", "--endpoint-url", sim.endpoint, "--region", "us-east-1", "--region", "eu-west-1", "--out", join(dir, "demo"), ...ci], { cwd: dir }),
    runCli(["audit", "--from-snapshot", bound, "--out", join(dir, "bound"), ...ci], { cwd: dir }),
    runCli(["scan", compliant, "--out", join(dir, "scan-compliant")], { cwd: dir }),
    runCli(["scan", nonCompliant, "--out", join(dir, "scan-non-compliant")], { cwd: dir }),
  ]);
  Object.assign(runs, { demo, atBound, s1, s2 });
}, 300_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("every output is finite", () => {
  it("the runs finished", () => {
    for (const [n, r] of Object.entries(runs)) expect([0, 1, 3], `${n}: ${r.stderr}`).toContain(r.status);
    expect(walkFiles(join(dir, "demo")).length).toBeGreaterThan(20);
  });

  it("no JSON number is NaN or Infinity, and no text says so, in any file or console", () => {
    const problems: string[] = [];
    let jsonFiles = 0;
    for (const f of walkFiles(dir).filter((x) => !inputs.has(x))) {
      const text = readFileSync(f, "utf8");
      if (/\.(json|sarif)$/.test(f)) {
        jsonFiles++;
        problems.push(...badJson(JSON.parse(text)).map((p) => `${f.replace(dir, "")} ${p}`));
      } else if (NON_FINITE_TEXT.test(text)) {
        problems.push(`${f.replace(dir, "")}: ${text.match(new RegExp(`.{0,40}(${NON_FINITE_TEXT.source}).{0,20}`))?.[0]}`);
      }
    }
    for (const [n, r] of Object.entries(runs)) if (NON_FINITE_TEXT.test(r.stdout + r.stderr)) problems.push(`${n} console`);
    expect(jsonFiles).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it("the check is real: it finds a NaN written as null-free JSON text and in prose", () => {
    expect(badJson(JSON.parse('{"a":[1,{"b":"CV NaN"}]}'))).toEqual(['a[1].b: "CV NaN"']);
    expect(badJson({ x: Number.POSITIVE_INFINITY })).toEqual(["x: Infinity"]);
    expect(NON_FINITE_TEXT.test("saves $NaN/month")).toBe(true);
  });
});
