/**
 * action.yml runs as a workflow would run it: the composite action's steps are read with the yaml
 * package, `${{ inputs.* }}`, `${{ github.* }}` and `${{ steps.*.outputs.* }}` substituted, `if:`
 * conditions evaluated, and each `run:` script executed with bash the way the runner does
 * (`bash --noprofile --norc -eo pipefail`, $GITHUB_ACTION_PATH, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY,
 * $GITHUB_WORKSPACE) in a temporary workspace holding the committed example document. `uses:`
 * steps (actions/setup-node) are the runner's business and are skipped. examples/ci/pr-gate.yml
 * uses the action with inputs it declares.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../reliability/run-cli";

interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
const dir = mkdtempSync(join(tmpdir(), "kg-action-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ActionRun {
  /** Exit code of the first failing step (0 when all passed). */
  code: number;
  failedStep?: string;
  outputs: Record<string, string>;
  stdout: string;
  summary: string;
  workspace: string;
}

function parseOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, "utf8").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

/** Run the composite action's steps with these inputs, as the runner would. */
function runAction(name: string, given: Record<string, string>): ActionRun {
  for (const k of Object.keys(given)) expect(action.inputs, `input ${k}`).toHaveProperty(k);
  const inputs: Record<string, string> = {};
  for (const [k, spec] of Object.entries(action.inputs)) {
    if (spec.required) expect(given[k], `required input ${k}`).toBeDefined();
    inputs[k] = given[k] ?? spec.default ?? "";
  }
  const workspace = join(dir, name);
  mkdirSync(join(workspace, ".git"), { recursive: true });
  copyFileSync(join(ROOT, "examples", "ci", "stack-export.json"), join(workspace, "state.json"));
  const summaryFile = join(workspace, "..", `${name}-summary.md`);
  writeFileSync(summaryFile, "");
  const github: Record<string, string> = { server_url: "https://github.com", action_repository: "acme/kinesis-guard", action_ref: "v0.1.0", workspace };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expr = (e: string): string => {
    const t = e.trim();
    let m = /^inputs\.([\w-]+)$/.exec(t);
    if (m) return inputs[m[1]!] ?? "";
    m = /^github\.(\w+)$/.exec(t);
    if (m) return github[m[1]!] ?? "";
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(t);
    if (m) return stepOutputs[m[1]!]?.[m[2]!] ?? "";
    throw new Error(`expression the test does not know: ${t}`);
  };
  const subst = (s: string) => s.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => expr(e));
  const condition = (c: string): boolean => {
    const m = /^(.+?)\s*(==|!=)\s*'(.*)'$/.exec(c.replace(/^\$\{\{|\}\}$/g, "").trim());
    if (!m) throw new Error(`condition the test does not know: ${c}`);
    const v = expr(m[1]!);
    return m[2] === "==" ? v === m[3] : v !== m[3];
  };
  let stdout = "";
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.if !== undefined && !condition(step.if)) continue;
    if (step.uses) continue; // the runner's business (actions/setup-node)
    expect(step.shell, `step ${step.name}: composite run steps need a shell`).toBe("bash");
    const outFile = join(dir, `${name}-${i}.out`);
    writeFileSync(outFile, "");
    const script = join(dir, `${name}-${i}.sh`);
    writeFileSync(script, subst(step.run!));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: "true",
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      NODE_NO_WARNINGS: "1",
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, subst(String(v))])),
    };
    const cwd = join(workspace, subst(step["working-directory"] ?? "."));
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env, encoding: "utf8", timeout: 120_000 });
    stdout += r.stdout + r.stderr;
    if (step.id) stepOutputs[step.id] = parseOutputs(outFile);
    if (r.status !== 0) return { code: r.status ?? -1, failedStep: step.name ?? String(i), outputs: actionOutputs(), stdout, summary: readFileSync(summaryFile, "utf8"), workspace };
  }
  return { code: 0, outputs: actionOutputs(), stdout, summary: readFileSync(summaryFile, "utf8"), workspace };

  function actionOutputs(): Record<string, string> {
    return Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, subst(o.value)]));
  }
}

describe("action.yml (composite)", () => {
  it("is a composite action whose inputs include the document, config, formats and gate", () => {
    expect(action.runs.using).toBe("composite");
    for (const k of ["document", "config", "formats", "gate", "fail-on"]) expect(action.inputs).toHaveProperty(k);
    expect(action.inputs.document!.required).toBe(true);
  });

  it("scans the document, writes the outputs, appends the summary, annotates, and fails the step on violations (gate: true)", () => {
    const r = runAction("gate", { document: "state.json", "sarif-artifact": "infra/index.ts" });
    expect(r.code).toBe(1);
    expect(r.failedStep).toBe("Gate");
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.outputs.sarif).toBe("kinesis-guard-scan/kinesis-guard.sarif");
    for (const f of ["kinesis-guard.sarif", "kinesis-guard.junit.xml", "kinesis-guard-summary.md", "kinesis-guard.json"]) {
      expect(existsSync(join(r.workspace, "kinesis-guard-scan", f)), f).toBe(true);
    }
    expect(r.summary).toMatch(/## ❌ kinesis-guard scan: failed/);
    expect(r.stdout).toMatch(/^::error file=infra\/index\.ts,line=1,title=/m);
    // helpUri from the action's own repository and ref.
    const sarif = JSON.parse(readFileSync(join(r.workspace, "kinesis-guard-scan", "kinesis-guard.sarif"), "utf8")) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[] };
    const first = sarif.runs[0]!.tool.driver.rules[0]!;
    expect(first.helpUri).toBe(`https://github.com/acme/kinesis-guard/blob/v0.1.0/docs/rules.md#${first.id}`);
  });

  it("gate: false only sets the exit code; fail-on none and an advisory config pass", () => {
    const r = runAction("no-gate", { document: "state.json", gate: "false", formats: "json", annotations: "false" });
    expect(r.code).toBe(0);
    expect(r.outputs["exit-code"]).toBe("1");
    expect(r.outputs.sarif).toBe("");
    expect(r.stdout).not.toMatch(/^::/m);
    const cfgDir = join(dir, "cfg");
    mkdirSync(cfgDir, { recursive: true });
    writeFileSync(join(cfgDir, "lenient.yaml"), "all: advisory\n");
    const lenient = runAction("lenient", { document: "state.json", config: join(cfgDir, "lenient.yaml"), "fail-on": "none" });
    expect(lenient.code).toBe(0);
    expect(lenient.outputs["exit-code"]).toBe("0");
  });

  it("a missing document is exit 2, and the gate fails with it", () => {
    const r = runAction("missing", { document: "nope.json" });
    expect(r.code).toBe(2);
    expect(r.outputs["exit-code"]).toBe("2");
    expect(r.stdout).toMatch(/nope\.json: cannot read the file/);
  });

  it("examples/ci/pr-gate.yml uses the action with inputs it declares", () => {
    const wf = parse(readFileSync(join(ROOT, "examples", "ci", "pr-gate.yml"), "utf8")) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps).filter((s) => /\/kinesis-guard@/.test(s.uses ?? ""));
    expect(uses).toHaveLength(1);
    for (const k of Object.keys(uses[0]!.with ?? {})) expect(action.inputs, `pr-gate.yml passes ${k}`).toHaveProperty(k);
    expect(uses[0]!.with?.document).toBeDefined();
  });
});
