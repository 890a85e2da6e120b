/**
 * Layering checks (issue 12): rule knowledge stays in rules/, no import cycle in the product's
 * source (between files, and between folders), the simulator (the test oracle for AWS) does not
 * import what it checks. Phase 1 lists the files that
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
const OUTSIDE_RULES = ["adapters", "live-checks", "policies", "simulator", "scripts", "bench", "examples", "index.ts", "policy.ts"];

/** A string literal starting with a rule id prefix: "kds-...", 'kdf-...', `kds-...`. */
const RULE_ID_LITERAL = /["'`]kd[sf]-[a-z0-9-]+/g;

/**
 * Files outside rules/ and test/ that name rules, with their count: only the planted scenarios,
 * whose expected findings are ground truth (data, checked against the real catalog). Everything
 * else asks the rules (defineRule's live, pack and report hooks).
 */
const RULE_IDS_STILL_NAMED: Readonly<Record<string, number>> = {
  "simulator/scenarios/demo-fleet.ts": 43,
  "simulator/scenarios/small-multi-region.ts": 2,
};

/**
 * Simulator files that import rules/: none. The simulator keeps its own AWS tables
 * (simulator/aws-tables.ts, compared with the rules' copy in test/simulator/aws-tables.test.ts).
 * simulator/scenarios/ counts as the simulator: its expected findings are the ground truth the audit
 * is scored against, so a scenario that took a threshold or a metric name from rules/ would agree
 * with a wrong rule by construction. Naming rule ids there (string literals) is fine: that is data,
 * and a wrong id fails the scenario tests against the real catalog.
 */
const SIMULATOR_IMPORTS_OF_RULES: readonly string[] = [];

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

/** The product's source: what ships or runs the product (the test files beside the rules aside). */
const PRODUCT = ["rules", "adapters", "live-checks", "policies", "simulator", "scripts", "bench", "index.ts", "policy.ts"];

/**
 * Import edges (file -> file) that still close a cycle, left to the owners of these files; the
 * list only shrinks. Each is dropped from the graph before the check, so any other cycle fails.
 */
const CYCLE_EDGES_LEFT: readonly string[] = [];

/** Folder edges that still close a folder cycle: none left (the list only shrinks). */
const FOLDER_CYCLE_EDGES_LEFT: readonly string[] = [];

/**
 * Every relative import of a file: run-time, type-only (a cycle of types is still two modules that
 * each need the other) and lazy (`import("./x")`, `require("./x")`).
 */
function allImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/gms)].map((m) => m[1]!),
    ...[...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!),
  ];
  return specs.filter((s) => s.startsWith("."));
}

function productImportGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files(PRODUCT).filter((f) => !f.endsWith(".test.ts")).sort()) {
    graph.set(f, [...new Set(allImports(f).flatMap((s) => resolveImport(f, s) ?? []))].sort());
  }
  return graph;
}

/** The sub-folder a file sits in ("live-checks/stack"), or undefined for a file at an area's top. */
function folderOf(file: string): string | undefined {
  const parts = file.split("/");
  return parts.length >= 3 ? parts.slice(0, 2).join("/") : undefined;
}

/** Cycles found by a depth-first walk, one per back edge: empty exactly when the graph has none. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
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
  return cycles;
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

  it("the shared templates name no rule (a rule's own templates live in its folder)", () => {
    const hbs = (dir: string): string[] =>
      readdirSync(join(ROOT, dir)).flatMap((name) => {
        const rel = join(dir, name);
        return statSync(join(ROOT, rel)).isDirectory() ? hbs(rel) : name.endsWith(".hbs") ? [rel] : [];
      });
    const naming = hbs("templates").filter((f) => /\bkd[sf]-[a-z0-9]+(-[a-z0-9]+)*/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(naming).toEqual([]);
  });

  it("rules/ has no import cycle (run-time imports)", () => {
    const graph = new Map<string, string[]>();
    for (const f of sourceFiles("rules")) {
      graph.set(f, valueImports(f).flatMap((s) => resolveImport(f, s) ?? []).filter((t) => t.startsWith("rules/")));
    }
    expect(findCycles(graph)).toEqual([]);
  });

  it("no import cycle between files of the product's source (run-time, type-only and lazy imports)", () => {
    const graph = productImportGraph();
    for (const edge of CYCLE_EDGES_LEFT) {
      const [from, to] = edge.split(" -> ");
      expect(graph.get(from!), `listed edge ${edge} is gone: remove it from CYCLE_EDGES_LEFT`).toContain(to);
      graph.set(from!, graph.get(from!)!.filter((t) => t !== to));
    }
    expect(findCycles(graph)).toEqual([]);
  });

  it("no import cycle between the product's folders (e.g. live-checks/stack -> live-checks/drift -> live-checks/stack)", () => {
    const folders = new Map<string, Set<string>>();
    for (const [from, targets] of productImportGraph()) {
      for (const to of targets) {
        const a = folderOf(from);
        const b = folderOf(to);
        if (!a || !b || a === b || FOLDER_CYCLE_EDGES_LEFT.includes(`${a} -> ${b}`)) continue;
        folders.set(a, (folders.get(a) ?? new Set()).add(b));
      }
    }
    expect(findCycles(new Map([...folders].map(([k, v]) => [k, [...v].sort()])))).toEqual([]);
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
