/**
 * The policies as a package: `npm pack` the repository, install the tarball into a consumer's own
 * policy pack offline (unpacked and linked against this repository's node_modules, as npm would lay
 * it out; no registry), spread kinesisGuardPolicies() beside the consumer's own policy in the
 * consumer's `new PolicyPack(...)`, drive it over the Analyzer protocol as the engine does, and get
 * the repo-root pack's verdicts, secrets included. The consumer's @pulumi/policy is its own copy,
 * not kinesis-guard's (npm nests a second copy when versions differ): nothing may depend on patching
 * the SDK instance that serves the pack. Also `policy-pack/`, what `pulumi policy publish` uploads.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { PackClient, type Diagnostic } from "../harness/analyzer";
import { captureProgram, previewThroughPack } from "../harness/program";
import type { CapturedProgram } from "../harness/captured";

const ROOT = join(__dirname, "..", "..");
const OWN_POLICY = "streams-need-an-owner";
const work = mkdtempSync(join(tmpdir(), "kg-compose-"));
// Never the registry: npm runs offline, the consumer's node_modules is laid out by hand.
const npmEnv = { ...process.env, npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

/** `npm pack` in `dir` into `work`; returns the tarball's path. */
function npmPack(dir: string): string {
  const out = execFileSync("npm", ["pack", "--pack-destination", work, "--json"], { cwd: dir, env: npmEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  const [info] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
  return join(work, info!.filename);
}

function unpack(tarball: string, into: string): void {
  mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
}

/** This repository's installed copy of `name` (its real directory). */
const installed = (name: string) => realpathSync(join(ROOT, "node_modules", name));
function link(name: string, nodeModules: string, target = installed(name)): void {
  mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
  symlinkSync(target, join(nodeModules, name), "dir");
}
const dependenciesOf = (dir: string) => Object.keys((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies?: object }).dependencies ?? {});

const CONSUMER_PACK = `import { PolicyPack, type ResourceValidationPolicy } from "@pulumi/policy";
import { kinesisGuardPolicies } from "kinesis-guard/policy";

const streamsNeedAnOwner: ResourceValidationPolicy = {
  name: "${OWN_POLICY}",
  description: "Every Kinesis stream names its owner in an Owner tag.",
  enforcementLevel: "advisory",
  validateResource: (args, reportViolation) => {
    if (args.type === "aws:kinesis/stream:Stream" && !(args.props.tags ?? {}).Owner) reportViolation("no Owner tag");
  },
};

new PolicyPack("my-org-policies", { policies: [...kinesisGuardPolicies(), streamsNeedAnOwner] });
`;

/**
 * A consumer's policy pack with kinesis-guard installed from `tarball`. `hostCopy`: the consumer's
 * @pulumi/policy is a copy of its own and kinesis-guard gets a nested one (two SDK instances);
 * otherwise both share one, as npm dedupes them.
 */
function consumerPack(name: string, tarball: string, hostCopy: boolean): string {
  const dir = join(work, name);
  const nm = join(dir, "node_modules");
  const kg = join(nm, "kinesis-guard");
  unpack(tarball, kg);
  writeFileSync(join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: my organization's policies\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "my-org-policies", version: "1.0.0", private: true, dependencies: { "@pulumi/policy": "^1.21.0", "kinesis-guard": `file:${tarball}` } }, null, 2));
  writeFileSync(join(dir, "index.ts"), CONSUMER_PACK);
  if (hostCopy) {
    cpSync(installed("@pulumi/policy"), join(nm, "@pulumi/policy"), { recursive: true });
    link("@pulumi/policy", join(kg, "node_modules"));
  } else {
    link("@pulumi/policy", nm);
  }
  for (const dep of new Set([...dependenciesOf(kg), ...dependenciesOf(join(nm, "@pulumi/policy"))])) {
    if (!existsSync(join(nm, dep))) link(dep, nm);
  }
  return dir;
}

/** The published pack: policy-pack/'s tarball unpacked, its dependencies installed (linked). */
function publishedPack(tarball: string): string {
  const dir = join(work, "published");
  unpack(tarball, dir);
  for (const dep of dependenciesOf(dir)) link(dep, join(dir, "node_modules"));
  link("@grpc/grpc-js", join(dir, "node_modules"));
  link("google-protobuf", join(dir, "node_modules"));
  return dir;
}

type Verdict = Pick<Diagnostic, "policyName" | "urn" | "enforcementLevel" | "severity" | "message">;
const verdicts = (diags: readonly Diagnostic[]): Verdict[] =>
  diags
    .filter((d) => d.policyName !== OWN_POLICY)
    .map(({ policyName, urn, enforcementLevel, severity, message }) => ({ policyName, urn, enforcementLevel, severity, message }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const packs: Record<"root" | "twoCopies" | "deduped" | "published", PackClient | undefined> = { root: undefined, twoCopies: undefined, deduped: undefined, published: undefined };
let dirs: { twoCopies: string; deduped: string; published: string };
let compliant: CapturedProgram;
let nonCompliant: CapturedProgram;

beforeAll(async () => {
  const tarball = npmPack(ROOT);
  const publishTarball = npmPack(join(ROOT, "policy-pack"));
  dirs = { twoCopies: consumerPack("consumer", tarball, true), deduped: consumerPack("consumer-deduped", tarball, false), published: publishedPack(publishTarball) };
  compliant = captureProgram("examples/compliant/index.ts");
  nonCompliant = captureProgram("examples/non-compliant/index.ts");
  // One at a time: each start compiles (ts-node type-checks the consumer's index.ts).
  packs.root = await PackClient.start(ROOT);
  packs.twoCopies = await PackClient.start(dirs.twoCopies);
  packs.deduped = await PackClient.start(dirs.deduped);
  packs.published = await PackClient.start(dirs.published);
  for (const p of Object.values(packs)) {
    await p!.configureStack();
    await p!.configure({});
  }
}, 600_000);

afterAll(async () => {
  await Promise.all(Object.values(packs).map((p) => p?.close()));
  rmSync(work, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("holds built JavaScript with types, the pack manifest and no TypeScript sources", () => {
    const kg = join(dirs.twoCopies, "node_modules", "kinesis-guard");
    for (const f of ["dist/policy.js", "dist/policy.d.ts", "dist/index.js", "index.js", "PulumiPolicy.yaml"]) expect(existsSync(join(kg, f)), f).toBe(true);
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === "node_modules" ? [] : walk(join(d, e.name))) : [join(d, e.name)]));
    expect(walk(kg).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    // Only what the policies need at run time: no AWS SDK, tsx or TypeScript for a pack that composes them
    // (TypeBox builds the rules' config schemas when the rules load).
    expect(dependenciesOf(kg).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "@sinclair/typebox", "ajv"]);
    expect(dependenciesOf(dirs.published).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "@sinclair/typebox", "ajv"]);
    const published = JSON.parse(readFileSync(join(dirs.published, "package.json"), "utf8")) as { version: string; devDependencies?: object };
    expect(published.devDependencies).toBeUndefined(); // Pulumi installs a published pack's devDependencies too
    expect(published.version).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    expect(readFileSync(join(dirs.published, "PulumiPolicy.yaml"), "utf8")).toBe(readFileSync(join(ROOT, "PulumiPolicy.yaml"), "utf8"));
  });

  it.each([
    ["node16", "node16"],
    ["commonjs", "node10"],
  ])("its types resolve for a consumer compiled with module %s, moduleResolution %s", (module, moduleResolution) => {
    const tsc = join(installed("typescript"), "bin", "tsc");
    const args = ["--noEmit", "--strict", "--skipLibCheck", "--types", "node", "--typeRoots", join(ROOT, "node_modules", "@types"), "--module", module, "--moduleResolution", moduleResolution, "index.ts"];
    const r = spawnSync(process.execPath, [tsc, ...args], { cwd: dirs.deduped, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("the two-copies consumer really runs two @pulumi/policy instances", () => {
    const host = realpathSync(join(dirs.twoCopies, "node_modules", "@pulumi", "policy"));
    const own = realpathSync(dirname(require.resolve("@pulumi/policy/package.json", { paths: [join(dirs.twoCopies, "node_modules", "kinesis-guard")] })));
    expect(own).not.toBe(host);
  });
});

describe("composed into a consumer's own PolicyPack", () => {
  it("lists every kinesis-guard policy with the repo pack's levels, beside the consumer's own", async () => {
    const rootInfo = await packs.root!.getAnalyzerInfo();
    for (const key of ["twoCopies", "deduped"] as const) {
      const info = await packs[key]!.getAnalyzerInfo();
      expect(info.name).toBe("my-org-policies");
      const ours = info.policies.filter((p) => p.name !== OWN_POLICY);
      expect(ours.map((p) => [p.name, p.enforcementLevel, p.severity])).toEqual(rootInfo.policies.map((p) => [p.name, p.enforcementLevel, p.severity]));
      expect(info.policies.map((p) => p.name)).toContain(OWN_POLICY);
    }
  });

  it("the compliant example carries secret credentials (what the packs must see through)", () => {
    const firehoses = compliant.resources.filter((r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    const secretCredentials = firehoses.flatMap((r) =>
      Object.entries(r.inputs).flatMap(([block, v]) =>
        v && typeof v === "object"
          ? Object.entries(v as Record<string, unknown>)
              .filter(([k, x]) => ["password", "hecToken", "accessKey", "privateKey", "keyPassphrase"].includes(k) && (x as Record<string, unknown>)?.[specialSigKey] === specialSecretSig)
              .map(([k]) => `${r.name}.${block}.${k}`)
          : [],
      ),
    );
    expect(secretCredentials.length).toBeGreaterThanOrEqual(3);
  });

  for (const [label, program] of [["compliant", () => compliant], ["non-compliant", () => nonCompliant]] as const) {
    it(`${label} example: the same verdicts as the repo-root pack, in both consumer layouts and the published pack`, async () => {
      const expected = verdicts(await previewThroughPack(packs.root!, program()));
      if (label === "compliant") expect(expected).toEqual([]);
      else expect(expected.length).toBeGreaterThan(10);
      for (const key of ["twoCopies", "deduped", "published"] as const) {
        const diags = await previewThroughPack(packs[key]!, program());
        expect(verdicts(diags), key).toEqual(expected);
        expect(diags.filter((d) => d.policyName === "kdf-plaintext-credentials" && label === "compliant"), key).toEqual([]);
        // The consumer's own policy ran beside kinesis-guard's.
        if (key !== "published") expect(diags.some((d) => d.policyName === OWN_POLICY), key).toBe(true);
      }
    }, 120_000);
  }
});
