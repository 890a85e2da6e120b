/**
 * An Analyzer gRPC client that drives the policy pack the way the Pulumi engine does: spawn
 * `node @pulumi/pulumi/cmd/run-policy-pack <engine-addr> <pack-dir>` (what the CLI's policy
 * analyzer plugin runs for a nodejs pack), read the port it prints, then call GetAnalyzerInfo,
 * ConfigureStack, Configure, Analyze, AnalyzeStack and Remediate over 127.0.0.1.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { CapturedResource } from "./captured";

const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

export type Enforcement = "advisory" | "mandatory" | "disabled" | "remediate";
const ENFORCEMENT: readonly Enforcement[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITY = ["unspecified", "low", "medium", "high", "critical"];

export interface Diagnostic {
  readonly policyName: string;
  readonly message: string;
  readonly enforcementLevel: Enforcement;
  readonly urn: string;
  readonly severity: string;
  readonly description: string;
}

export interface PolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: Enforcement;
  readonly severity: string;
  readonly remediationSteps: string;
  readonly url: string;
  readonly configSchema?: { readonly properties: Record<string, unknown>; readonly required: string[] };
}

export interface Remediation {
  readonly policyName: string;
  readonly properties?: Record<string, unknown>;
  readonly diagnostic: string;
}

/** A resource as the engine describes it to the analyzer. */
export interface AnalyzerInput {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Wire-form properties: secrets as envelopes, unknowns as sentinel strings. */
  readonly properties: Record<string, unknown>;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly provider?: { type: string; name: string; urn: string; properties: Record<string, unknown> };
}

/** Analyze sees inputs; AnalyzeStack sees outputs (the state after the update). */
export function asInput(r: CapturedResource, which: "inputs" | "outputs"): AnalyzerInput {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    properties: { ...(which === "inputs" ? r.inputs : r.outputs) },
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  };
}

type Call = (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

export class PackClient {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: Record<string, Call> & grpc.Client,
    readonly stderr: () => string,
  ) {}

  /** Spawn the pack in `packDir` (the repo root by default) and connect once it prints its port. */
  static async start(packDir = path.resolve(__dirname, "../.."), timeoutMs = 60_000): Promise<PackClient> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The engine address is only used by the pack for logging; no engine runs here.
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`policy pack did not print a port within ${timeoutMs} ms; stderr:\n${err}`)), timeoutMs);
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`policy pack exited with code ${code} before printing a port; stderr:\n${err}`));
      });
    });
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PackClient(child, client, () => err);
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const fn = this.client[method];
      if (!fn) return reject(new Error(`no method ${method}`));
      fn.call(this.client, req, (err, res) => (err ? reject(err) : resolve(res as T)));
    });
  }

  async getAnalyzerInfo(): Promise<{ name: string; version: string; supportsConfig: boolean; policies: PolicyInfo[] }> {
    const res = await this.call<{
      getName(): string;
      getVersion(): string;
      getSupportsconfig(): boolean;
      getPoliciesList(): {
        getName(): string;
        getDescription(): string;
        getEnforcementlevel(): number;
        getSeverity(): number;
        getRemediationSteps(): string;
        getUrl(): string;
        getConfigschema(): { getProperties(): { toJavaScript(): Record<string, unknown> } | undefined; getRequiredList(): string[] } | undefined;
      }[];
    }>("getAnalyzerInfo", new Empty());
    return {
      name: res.getName(),
      version: res.getVersion(),
      supportsConfig: res.getSupportsconfig(),
      policies: res.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: ENFORCEMENT[p.getEnforcementlevel()] ?? "advisory",
          severity: SEVERITY[p.getSeverity()] ?? "unspecified",
          remediationSteps: p.getRemediationSteps(),
          url: p.getUrl(),
          ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
        };
      }),
    };
  }

  async configureStack(stack = "dev", project = "kinesis-guard-example", dryRun = true): Promise<void> {
    const req = new pb.AnalyzerStackConfigureRequest();
    req.setStack(stack);
    req.setProject(project);
    req.setOrganization("organization");
    req.setDryRun(dryRun);
    await this.call("configureStack", req);
  }

  /** Configure: per policy, an enforcement level and its properties (as the CLI sends them). */
  async configure(config: Record<string, { enforcementLevel?: Enforcement } & Record<string, unknown>>): Promise<void> {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, { enforcementLevel, ...props }] of Object.entries(config)) {
      const pc = new pb.PolicyConfig();
      pc.setEnforcementlevel(ENFORCEMENT.indexOf(enforcementLevel ?? "advisory"));
      pc.setProperties(Struct.fromJavaScript(props));
      map.set(name, pc);
    }
    await this.call("configure", req);
  }

  async analyze(r: AnalyzerInput): Promise<Diagnostic[]> {
    const res = await this.call<{ getDiagnosticsList(): unknown[] }>("analyze", this.analyzeRequest(r));
    return res.getDiagnosticsList().map(toDiagnostic);
  }

  async analyzeStack(resources: readonly AnalyzerInput[]): Promise<Diagnostic[]> {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const ar = new pb.AnalyzerResource();
        ar.setType(r.type);
        ar.setName(r.name);
        ar.setUrn(r.urn);
        ar.setProperties(Struct.fromJavaScript(r.properties));
        ar.setOptions(options(r));
        if (r.parent) ar.setParent(r.parent);
        ar.setDependenciesList([...(r.dependencies ?? [])]);
        const deps = ar.getPropertydependenciesMap();
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
          const d = new pb.AnalyzerPropertyDependencies();
          d.setUrnsList([...urns]);
          deps.set(k, d);
        }
        if (r.provider) ar.setProvider(provider(r.provider));
        return ar;
      }),
    );
    const res = await this.call<{ getDiagnosticsList(): unknown[] }>("analyzeStack", req);
    return res.getDiagnosticsList().map(toDiagnostic);
  }

  async remediate(r: AnalyzerInput): Promise<Remediation[]> {
    const res = await this.call<{
      getRemediationsList(): { getPolicyname(): string; getProperties(): { toJavaScript(): Record<string, unknown> } | undefined; getDiagnostic(): string }[];
    }>("remediate", this.analyzeRequest(r));
    return res.getRemediationsList().map((x) => {
      const props = x.getProperties()?.toJavaScript();
      return { policyName: x.getPolicyname(), diagnostic: x.getDiagnostic(), ...(props ? { properties: props } : {}) };
    });
  }

  private analyzeRequest(r: AnalyzerInput): unknown {
    const req = new pb.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(Struct.fromJavaScript(r.properties));
    req.setOptions(options(r));
    if (r.provider) req.setProvider(provider(r.provider));
    return req;
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill();
      await exited;
    }
  }
}

function options(r: AnalyzerInput): unknown {
  const o = new pb.AnalyzerResourceOptions();
  if (r.parent) o.setParent(r.parent);
  return o;
}

function provider(p: NonNullable<AnalyzerInput["provider"]>): unknown {
  const pr = new pb.AnalyzerProviderResource();
  pr.setType(p.type);
  pr.setName(p.name);
  pr.setUrn(p.urn);
  pr.setProperties(Struct.fromJavaScript(p.properties));
  return pr;
}

function toDiagnostic(d: unknown): Diagnostic {
  const x = d as {
    getPolicyname(): string;
    getMessage(): string;
    getEnforcementlevel(): number;
    getUrn(): string;
    getSeverity(): number;
    getDescription(): string;
  };
  return {
    policyName: x.getPolicyname(),
    message: x.getMessage(),
    enforcementLevel: ENFORCEMENT[x.getEnforcementlevel()] ?? "advisory",
    urn: x.getUrn(),
    severity: SEVERITY[x.getSeverity()] ?? "unspecified",
    description: x.getDescription(),
  };
}
