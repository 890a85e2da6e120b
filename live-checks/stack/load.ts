/**
 * Reads a Pulumi stack document: the JSON of `pulumi stack export` (an "untyped deployment":
 * { version, deployment: { manifest, secrets_providers, resources } }), a local-backend checkpoint
 * file ({ version, checkpoint: { latest: deployment } }), or the JSON of `pulumi preview --json`
 * ({ config, steps: [{ op, urn, newState }], changeSummary }).
 * Deployment versions: 3 is what current CLIs write, 4 adds a `features` list (same resources);
 * 2 has the same resource shape and is read with a note; 1 (pre-1.0 CLI, no provider references)
 * and unknown future versions are refused with what to do.
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_stack_export/ ,
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_preview/
 */
import { readFile } from "node:fs/promises";
import { MAX_INPUT_DEPTH, tooDeepAt } from "../input-checks";
import { termValue } from "../report/terminal";
import { isSecret, SECRET_PLACEHOLDER, unwrapProperties } from "./secrets";
import { StackDocumentError, type StackDocument, type StackResource } from "./types";

const SUPPORTED_VERSIONS = [2, 3, 4];
/** Preview step ops whose resource will not exist after the update. */
const GONE_OPS = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "read-discard", "remove-pending-replace"]);
/** Ops of the steps of one replacement, which share their URN (https://www.pulumi.com/docs/iac/cli/commands/pulumi_preview/). */
const REPLACEMENT_OPS = new Set(["create-replacement", "replace", "delete-replaced", "discard-replaced", "import-replacement", "read-replacement", "remove-pending-replace"]);

export interface LoadOptions {
  /** Region for resources whose provider names none (the CLI's --region). */
  readonly defaultRegion?: string;
}

export async function readStackDocument(path: string, opts: LoadOptions = {}): Promise<StackDocument> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new StackDocumentError(`${path}: cannot read the file (${code})`);
  }
  return parseStackDocument(text, path, opts);
}

const HOW =
  "expected the JSON written by `pulumi stack export --file FILE` or `pulumi preview --json > FILE`";

/**
 * Where a JSON syntax error is, never what is there: V8's message quotes the text around it
 * (`Unexpected token 'p', "password"... is not valid JSON`), which in a `--show-secrets` export
 * can be the start of a secret.
 */
function jsonErrorWhere(message: string, text: string): string {
  const pos = /at position (\d+)/.exec(message);
  if (!pos) return "a syntax error";
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `a syntax error at line ${line}, column ${column}`;
}

export function parseStackDocument(text: string, source: string, opts: LoadOptions = {}): StackDocument {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") throw new StackDocumentError(`${source}: the file is empty; ${HOW}`);
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch (e) {
    const msg = (e as Error).message;
    if (/end of (JSON )?input|Unterminated/i.test(msg)) {
      throw new StackDocumentError(`${source}: the JSON is truncated (it ends after ${trimmed.length} characters); re-create it with \`pulumi stack export --file FILE\` or \`pulumi preview --json > FILE\``);
    }
    const hint = trimmed.startsWith("{") || trimmed.startsWith("[") ? "" : " (it does not start with \"{\": was `pulumi preview` run without --json?)";
    throw new StackDocumentError(`${source}: not JSON (${jsonErrorWhere(msg, trimmed)})${hint}; ${HOW}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new StackDocumentError(`${source}: the JSON is not an object; ${HOW}`);
  }
  // Every later step walks the properties recursively: refuse a hostile depth here, with a message,
  // rather than overflow the stack there.
  const deep = tooDeepAt(raw);
  if (deep !== undefined) {
    throw new StackDocumentError(`${source}: the JSON nests more than ${MAX_INPUT_DEPTH} levels deep (at ${deep}); no Pulumi stack export or preview does: check that the file is what ${HOW.replace(/^expected /, "")} produces`);
  }
  const doc = raw as Record<string, unknown>;
  if (Array.isArray(doc.steps)) return fromPreview(doc, source, opts);
  if ("deployment" in doc || "checkpoint" in doc) return fromDeployment(doc, source, opts);
  throw new StackDocumentError(`${source}: neither a stack export (no "version"/"deployment") nor a preview (no "steps"); ${HOW}`);
}

interface RawResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly custom: boolean;
  readonly inputs: unknown;
  readonly outputs: unknown;
  readonly parent?: string;
  readonly provider?: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

function fromDeployment(doc: Record<string, unknown>, source: string, opts: LoadOptions): StackDocument {
  const version = doc.version;
  const notes: string[] = [];
  if (typeof version !== "number") throw new StackDocumentError(`${source}: "version" is missing or not a number; ${HOW}`);
  if (version === 1) {
    throw new StackDocumentError(`${source}: deployment version 1 (written by a Pulumi CLI before 1.0) is not supported; export the stack again with a current CLI (\`pulumi stack export --file FILE\` writes version 3)`);
  }
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new StackDocumentError(`${source}: deployment version ${version} is not supported (supported: ${SUPPORTED_VERSIONS.join(", ")}); upgrade kinesis-guard, or export with a CLI that writes version 3`);
  }
  if (version === 2) notes.push(`${source}: deployment version 2 read with the version 3 resource layout`);
  let deployment: unknown;
  let format: StackDocument["format"] = "stack-export";
  if ("checkpoint" in doc) {
    format = "checkpoint";
    const cp = doc.checkpoint as Record<string, unknown> | null;
    deployment = cp && typeof cp === "object" ? cp.latest : undefined;
    if (deployment === undefined || deployment === null) {
      // A checkpoint of a stack that was never deployed has no "latest".
      return finish({ format, source, resources: [], notes: [...notes, `${source}: the stack has never been deployed (no "checkpoint.latest")`], opts });
    }
  } else {
    deployment = doc.deployment;
  }
  if (deployment === null || typeof deployment !== "object" || Array.isArray(deployment)) {
    throw new StackDocumentError(`${source}: "${format === "checkpoint" ? "checkpoint.latest" : "deployment"}" is not an object; ${HOW}`);
  }
  const d = deployment as Record<string, unknown>;
  const where = format === "checkpoint" ? "checkpoint.latest.resources" : "deployment.resources";
  if (d.resources === undefined || d.resources === null) {
    return finish({ format, source, resources: [], notes: [...notes, `${source}: the stack has no resources`], opts });
  }
  if (!Array.isArray(d.resources)) throw new StackDocumentError(`${source}: "${where}" is not an array`);
  if (Array.isArray(d.pending_operations) && d.pending_operations.length > 0) {
    notes.push(`${source}: the stack has ${d.pending_operations.length} pending operation(s) from an interrupted update; run \`pulumi refresh\` for an exact state`);
  }
  const resources: RawResource[] = [];
  let pendingDelete = 0;
  // Two live resources with one URN: Pulumi's own integrity check refuses such a state ("duplicate
  // resource ... (not marked for deletion)"); judging either copy would be a guess.
  const firstIndex = new Map<string, number>();
  d.resources.forEach((r: unknown, i: number) => {
    const res = rawResource(r, `${source}: ${where}[${i}]`);
    if ((r as Record<string, unknown>).delete === true) {
      pendingDelete++;
      return;
    }
    const seen = firstIndex.get(res.urn);
    if (seen !== undefined) {
      throw new StackDocumentError(
        `${source}: ${where}[${i}] has the same URN as ${where}[${seen}] (${termValue(res.urn)}) and neither is pending deletion; a stack's resources have distinct URNs, so the file was edited or merged by hand: export the stack again with \`pulumi stack export --file FILE\``,
      );
    }
    firstIndex.set(res.urn, i);
    resources.push(res);
  });
  if (pendingDelete > 0) notes.push(`${source}: ${pendingDelete} resource(s) pending deletion were left out`);
  return finish({ format, source, resources, notes, opts, useOutputs: true });
}

function fromPreview(doc: Record<string, unknown>, source: string, opts: LoadOptions): StackDocument {
  const notes: string[] = [];
  const config = (doc.config && typeof doc.config === "object" ? doc.config : {}) as Record<string, unknown>;
  const diagnostics = Array.isArray(doc.diagnostics) ? (doc.diagnostics as Record<string, unknown>[]) : [];
  const errors = diagnostics.filter((x) => x && x.severity === "error").length;
  if (errors > 0) notes.push(`${source}: the preview reported ${errors} error diagnostic(s); its resource list may be incomplete`);
  // Resources that exist after the update: those of steps with a new state. A replaced resource
  // has a create-replacement step (kept) and a delete-replaced step (skipped).
  const byUrn = new Map<string, RawResource>();
  // A URN appears in several steps only as one replacement (create-replacement, replace,
  // delete-replaced, ...); any other repetition is not something `pulumi preview` writes.
  const opsByUrn = new Map<string, { ops: string[]; first: number }>();
  (doc.steps as unknown[]).forEach((s: unknown, i: number) => {
    if (s === null || typeof s !== "object") throw new StackDocumentError(`${source}: steps[${i}] is not an object`);
    const step = s as Record<string, unknown>;
    const op = String(step.op ?? "");
    const stepUrn = typeof step.urn === "string" ? step.urn : undefined;
    if (stepUrn !== undefined) {
      const entry = opsByUrn.get(stepUrn) ?? { ops: [], first: i };
      entry.ops.push(op);
      opsByUrn.set(stepUrn, entry);
      if (entry.ops.length > 1 && (entry.ops.some((o) => !REPLACEMENT_OPS.has(o)) || new Set(entry.ops).size < entry.ops.length)) {
        throw new StackDocumentError(
          `${source}: steps[${i}] repeats the URN of steps[${entry.first}] (${termValue(stepUrn)}; ops ${termValue(entry.ops.join(", "))}); a preview lists each resource once (or once per step of a replacement): re-create it with \`pulumi preview --json > FILE\``,
        );
      }
    }
    if (GONE_OPS.has(op)) return;
    if (step.newState === undefined || step.newState === null) return;
    const res = rawResource(step.newState, `${source}: steps[${i}].newState`);
    byUrn.set(res.urn, res);
  });
  const region = typeof config["aws:region"] === "string" ? (config["aws:region"] as string) : undefined;
  return finish({ format: "preview", source, resources: [...byUrn.values()], notes, opts, stackRegion: region });
}

function rawResource(r: unknown, where: string): RawResource {
  if (r === null || typeof r !== "object" || Array.isArray(r)) throw new StackDocumentError(`${where} is not an object`);
  const o = r as Record<string, unknown>;
  if (typeof o.urn !== "string" || !o.urn.startsWith("urn:pulumi:")) throw new StackDocumentError(`${where}: "urn" is missing or not a Pulumi URN`);
  if (typeof o.type !== "string" || o.type === "") throw new StackDocumentError(`${where} (${termValue(o.urn)}): "type" is missing`);
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const propDeps: Record<string, string[]> = {};
  if (o.propertyDependencies && typeof o.propertyDependencies === "object") {
    for (const [k, v] of Object.entries(o.propertyDependencies as Record<string, unknown>)) propDeps[k] = strings(v);
  }
  return {
    urn: o.urn,
    type: o.type,
    ...(typeof o.id === "string" && o.id !== "" ? { id: o.id } : {}),
    custom: o.custom !== false,
    inputs: o.inputs ?? {},
    outputs: o.outputs ?? {},
    ...(typeof o.parent === "string" && o.parent ? { parent: o.parent } : {}),
    ...(typeof o.provider === "string" && o.provider ? { provider: o.provider } : {}),
    dependencies: strings(o.dependencies),
    propertyDependencies: propDeps,
  };
}

/** URN layout: urn:pulumi:<stack>::<project>::<qualified type>::<name>. */
export function parseUrn(urn: string): { stack: string; project: string; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]!.startsWith("urn:pulumi:")) return undefined;
  return { stack: parts[0]!.slice("urn:pulumi:".length), project: parts[1]!, name: parts.slice(3).join("::") };
}

/** "<provider urn>::<provider id>" -> provider urn. */
function providerUrn(ref: string): string {
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

function finish(args: {
  format: StackDocument["format"];
  source: string;
  resources: RawResource[];
  notes: string[];
  opts: LoadOptions;
  useOutputs?: boolean;
  stackRegion?: string;
}): StackDocument {
  const secretValues: string[] = [];
  const unwrap = (v: unknown) => {
    const u = unwrapProperties(v ?? {});
    secretValues.push(...u.secretValues);
    const value = u.value && typeof u.value === "object" && !Array.isArray(u.value) ? (u.value as Record<string, unknown>) : {};
    return { value, secretPaths: [...u.secretPaths] };
  };
  // Region of each AWS provider resource (explicit providers and the default one).
  const providerRegion = new Map<string, string>();
  for (const r of args.resources) {
    if (r.type !== "pulumi:providers:aws") continue;
    const outs = unwrap(r.outputs).value;
    const ins = unwrap(r.inputs).value;
    const region = [outs.region, ins.region].find((x): x is string => typeof x === "string" && /^[a-z]{2}(-[a-z]+)+-\d$/.test(x));
    if (region) providerRegion.set(r.urn, region);
  }
  let encryptedOutputs = 0;
  const resources: StackResource[] = args.resources.map((r) => {
    const inputs = unwrap(r.inputs);
    const outputs = unwrap(r.outputs);
    // The engine marks a whole top-level output secret when any part of its input was (e.g. an
    // HTTP endpoint block holding an access key). Without --show-secrets that block is unreadable;
    // its input (where only the secret field itself is marked) stands in for it.
    for (const [k, v] of Object.entries(outputs.value)) {
      if (isSecret(v) && (v as { value: unknown }).value === SECRET_PLACEHOLDER && k in inputs.value && !isSecret(inputs.value[k])) {
        outputs.value[k] = inputs.value[k];
        outputs.secretPaths = outputs.secretPaths.filter((p) => p !== k).concat(inputs.secretPaths.filter((p) => p === k || p.startsWith(`${k}.`) || p.startsWith(`${k}[`)));
        encryptedOutputs++;
      }
    }
    const useOutputs = args.useOutputs === true && Object.keys(outputs.value).length > 0;
    const props = useOutputs ? outputs : inputs;
    const region = (r.provider ? providerRegion.get(providerUrn(r.provider)) : undefined) ?? args.stackRegion ?? args.opts.defaultRegion;
    const parsed = parseUrn(r.urn);
    return {
      urn: r.urn,
      type: r.type,
      name: parsed?.name ?? r.urn,
      ...(r.id === undefined ? {} : { id: r.id }),
      custom: r.custom,
      props: props.value,
      inputs: inputs.value,
      outputs: outputs.value,
      ...(r.parent === undefined ? {} : { parent: r.parent }),
      ...(r.provider === undefined ? {} : { provider: r.provider }),
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
      secretPaths: props.secretPaths,
      ...(region === undefined ? {} : { region }),
    };
  });
  if (encryptedOutputs > 0) {
    args.notes.push(
      `${args.source}: ${encryptedOutputs} output propert${encryptedOutputs === 1 ? "y is an encrypted secret; its input was" : "ies are encrypted secrets; their inputs were"} used instead (export with --show-secrets for the exact state; secret values are never printed)`,
    );
  }
  const first = resources.map((r) => parseUrn(r.urn)).find((p) => p !== undefined);
  return {
    format: args.format,
    source: args.source,
    ...(first ? { project: first.project, stack: first.stack } : {}),
    resources,
    notes: args.notes,
    secretValues: [...new Set(secretValues)],
  };
}
