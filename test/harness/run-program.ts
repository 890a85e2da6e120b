/**
 * Run a Pulumi TypeScript program under pulumi.runtime.setMocks and write every registered
 * resource (type, name, URN, parent, dependencies, property dependencies, inputs with secret
 * envelopes, mock outputs) as JSON. One program per process: Pulumi's runtime state is global.
 *
 * Usage: tsx test/harness/run-program.ts <program.ts> <out.json>
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type { CapturedProgram, CapturedResource } from "./captured";
import { mockOutputs } from "./mock-outputs";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as {
  MockMonitor: { prototype: { registerResource: (req: RegisterRequest, cb: (err: unknown, res?: RegisterResponse) => void) => Promise<void> } };
};

interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(fn: (v: { getUrnsList(): string[] }, k: string) => void): void };
  getObject(): Struct | undefined;
}
interface RegisterResponse {
  getUrn(): string;
  getObject(): Struct | undefined;
}

const [programArg, outArg] = process.argv.slice(2);
if (!programArg || !outArg) {
  console.error("usage: tsx test/harness/run-program.ts <program.ts> <out.json>");
  process.exit(2);
}

function isEnvelope(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** Unwrap secret envelopes, collecting their paths. */
export function unwrapSecrets(v: unknown, p: string, out: string[]): unknown {
  if (isEnvelope(v)) {
    out.push(p);
    return unwrapSecrets(v.value, p, out);
  }
  if (Array.isArray(v)) return v.map((e, i) => unwrapSecrets(e, p ? `${p}.${i}` : String(i), out));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, unwrapSecrets(e, p ? `${p}.${k}` : k, out)]));
  }
  return v;
}

const captured: CapturedResource[] = [];
const original = MockMonitor.prototype.registerResource;
MockMonitor.prototype.registerResource = function (req, callback) {
  const inputs = req.getObject()?.toJavaScript() ?? {};
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
  return original.call(this, req, (err, res) => {
    if (!err && res) {
      const secretPaths: string[] = [];
      const plainInputs = unwrapSecrets(inputs, "", secretPaths) as Record<string, unknown>;
      captured.push({
        type: req.getType(),
        name: req.getName(),
        urn: res.getUrn(),
        custom: req.getCustom(),
        ...(req.getParent() ? { parent: req.getParent() } : {}),
        ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        inputs,
        plainInputs,
        secretPaths,
        outputs: res.getObject()?.toJavaScript() ?? {},
      });
    }
    callback(err, res);
  });
};

void pulumi.runtime
  .setMocks(
    {
      newResource: (args) => mockOutputs(args.type, args.name, args.inputs),
      call: (args) => args.inputs,
    },
    "kinesis-guard-example",
    "dev",
    false,
  )
  .then(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.resolve(programArg));
  });

process.once("beforeExit", () => {
  const result: CapturedProgram = { program: programArg, resources: captured };
  fs.writeFileSync(outArg, JSON.stringify(result, null, 1));
});
