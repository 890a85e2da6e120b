/**
 * Layering checks (issue 12): rule knowledge stays in rules/, rules/ has no import cycle, the
 * simulator (the test oracle for AWS) does not import what it checks. Phase 1 lists the files that
 * still break a rule, each with its current count: a new offender, or a new occurrence in a listed
 * file, fails; a count that went down must be lowered here (the lists only shrink).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Top-level folders and files holding code, apart from rules/ and test/ (which may name rules). */
const OUTSIDE_RULES = ["live-checks", "policies", "simulator", "scripts", "bench", "examples", "index.ts", "policy.ts"];

/** A string literal starting with a rule id prefix: "kds-...", 'kdf-...', `kds-...`. */
const RULE_ID_LITERAL = /["'`]kd[sf]-[a-z0-9-]+/g;

/**
 * Files outside rules/ and test/ that still name rules, with their count (issue 12 phase 2 moves
 * this knowledge into the rules; the planted scenarios' expected findings are ground truth and stay).
 */
const RULE_IDS_STILL_NAMED: Readonly<Record<string, number>> = {
  "live-checks/cli/audit.ts": 2,
  "live-checks/report/dashboard-model.ts": 1,
  "policies/index.ts": 2,
  "policies/resource-policies.ts": 16,
  "policies/stack-policies.ts": 7,
  "scripts/demo.ts": 1,
  "scripts/rules-doc.ts": 1,
  "simulator/scenarios/demo-fleet.ts": 43,
  "simulator/scenarios/small-multi-region.ts": 2,
};

/** Simulator files that still import rules/ (phase 2: the simulator keeps its own AWS tables). */
const SIMULATOR_IMPORTS_OF_RULES: readonly string[] = ["simulator/scenario.ts", "simulator/world.ts"];

function files(entries: readonly string[]): string[] {
  return entries.flatMap((e) => (statSync(join(ROOT, e)).isDirectory() ? sourceFiles(e) : [e]));
}

/** Relative module specifiers a file imports at run time (type-only imports are erased by tsc). */
function valueImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s+["']([^"']+)["']/gms;
  for (const m of text.matchAll(re)) {
    if (m[2]) continue;
    const braces = /^\{([^}]*)\}$/.exec(m[3]!.trim());
    if (braces && braces[1]!.split(",").map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith("type "))) continue;
    out.push(m[4]!);
  }
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) out.push(m[1]!);
  return out.filter((s) => s.startsWith("."));
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

describe("architecture", () => {
  it("no rule id string literal outside rules/ and test/ beyond the listed files and counts", () => {
    const found: Record<string, number> = {};
    for (const f of files(OUTSIDE_RULES)) {
      const n = (readFileSync(join(ROOT, f), "utf8").match(RULE_ID_LITERAL) ?? []).length;
      if (n > 0) found[f] = n;
    }
    expect(found).toEqual(RULE_IDS_STILL_NAMED);
  });

  it("rules/ has no import cycle (run-time imports)", () => {
    const graph = new Map<string, string[]>();
    for (const f of sourceFiles("rules")) {
      graph.set(f, valueImports(f).flatMap((s) => resolveImport(f, s) ?? []).filter((t) => t.startsWith("rules/")));
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (f: string, stack: string[]) => {
      state.set(f, "open");
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === "open") cycles.push([...stack.slice(stack.indexOf(t)), t].join(" -> "));
        else if (!state.has(t)) visit(t, [...stack, t]);
      }
      state.set(f, "done");
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });

  it("the simulator imports nothing from rules/ beyond the listed files", () => {
    const importing = sourceFiles("simulator")
      .filter((f) => valueImports(f).concat(typeImports(f)).some((s) => resolve(ROOT, dirname(f), s).startsWith(join(ROOT, "rules"))))
      .map((f) => relative(ROOT, join(ROOT, f)))
      .sort();
    expect(importing).toEqual(SIMULATOR_IMPORTS_OF_RULES);
  });
});

/** Type-only relative imports (the simulator may not even take types from rules/). */
function typeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s+type\s[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => m[1]!).filter((s) => s.startsWith("."));
}
