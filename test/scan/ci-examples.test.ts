/**
 * The CI examples stay runnable: the workflows are valid YAML, every kinesis-guard flag they use
 * exists in that command's --help, and the sample config they pass is a valid config file.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfigFile } from "../../live-checks/config-file";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "kinesis-guard.js");

interface Workflow {
  on: unknown;
  jobs: Record<string, { steps: { run?: string; uses?: string }[] }>;
}

function kinesisGuardCommands(file: string): string[] {
  const wf = parse(readFileSync(join(ROOT, "examples", "ci", file), "utf8")) as Workflow;
  expect(wf.on).toBeDefined();
  const runs = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
  return runs
    .map((r) => r.replace(/\\\n\s*/g, " "))
    .flatMap((r) => r.split("\n"))
    .filter((l) => l.includes("kinesis-guard.js "))
    .map((l) => l.slice(l.indexOf("kinesis-guard.js ") + "kinesis-guard.js ".length).trim());
}

const helpCache = new Map<string, string>();
function help(command: string): string {
  if (!helpCache.has(command)) helpCache.set(command, execFileSync(process.execPath, [BIN, command, "--help"], { encoding: "utf8" }));
  return helpCache.get(command)!;
}

describe("examples/ci", () => {
  // pr-gate.yml runs kinesis-guard through action.yml (test/ci/action.test.ts runs its steps).
  for (const [file, command] of [["post-deploy-audit.yml", "audit"]] as const) {
    it(`${file}: runs \`kinesis-guard ${command}\` with flags that exist`, () => {
      const cmds = kinesisGuardCommands(file);
      expect(cmds.length).toBe(1);
      const [name, ...args] = cmds[0]!.split(/\s+/);
      expect(name).toBe(command);
      const flags = args.filter((a) => a.startsWith("--"));
      expect(flags.length).toBeGreaterThan(2);
      for (const flag of flags) expect(help(command), `${file}: ${flag}`).toContain(`${flag} `);
    });
  }

  it("org-audit-matrix.yml: the per-OU collection and the merge use flags that exist (issue 16)", () => {
    const cmds = kinesisGuardCommands("org-audit-matrix.yml");
    expect(cmds).toHaveLength(2);
    expect(cmds[0]).toMatch(/^audit --organization --ou .* --save-snapshot /);
    expect(cmds[1]).toMatch(/^audit --from-snapshot snapshots /);
    for (const cmd of cmds) {
      const flags = cmd.split(/\s+/).filter((a) => a.startsWith("--"));
      for (const flag of flags) expect(help("audit"), `org-audit-matrix.yml: ${flag}`).toContain(`${flag} `);
    }
  });

  it("action.yml: every flag its scan step passes exists in `scan --help`", () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as { runs: { steps: { run?: string }[] } };
    // The flags the script adds to `args` (npm's --prefix etc. are not kinesis-guard's).
    const flags = new Set(action.runs.steps.flatMap((s) => [...(s.run ?? "").matchAll(/args(?:=\(|\+=\().*?(--[a-z][a-z-]+)/g)].map((m) => m[1]!)));
    expect(flags.size).toBeGreaterThan(5);
    for (const flag of flags) expect(help("scan"), `action.yml: ${flag}`).toContain(`${flag} `);
  });

  it("the sample config is a valid kinesis-guard config", async () => {
    const config = await loadConfigFile(join(ROOT, "examples", "ci", "kinesis-guard.json"));
    expect(config.enforcement["kds-encryption"]).toBe("mandatory");
    expect(config.settings.regions).toEqual(["us-east-1"]);
  });
});
