/**
 * The simulator's HTTP server: one node:http server for every service. Per request: parse the
 * protocol, count it, apply latency, region/permission faults, quotas and injected faults, then
 * run the operation and write the answer in the request's protocol.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { accessDeniedError, disabledRegionError, serverError, throttlingError } from "./errors";
import { FaultInjector, type FaultConfig } from "./faults";
import { ApiError, parseRequest, writeError, writeOutput, type ParsedRequest, type ServiceName, type WireResponse } from "./protocol/wire";
import { QuotaEnforcer, resolveQuotas, type QuotaOption } from "./quotas";
import { CLOUDWATCH_OPERATIONS, metricDataCost } from "./services/cloudwatch";
import { emptyRegion, type OpContext, type OpHandler } from "./services/context";
import { EC2_OPERATIONS } from "./services/ec2";
import { FIREHOSE_OPERATIONS } from "./services/firehose";
import { KINESIS_OPERATIONS, kinesisQuotaScope } from "./services/kinesis";
import { handleSts, isStsRequest } from "./services/sts";
import { TAGGING_OPERATIONS } from "./services/tagging";
import type { RegionWorld, World } from "./world";

const OPERATIONS: Record<ServiceName, Readonly<Record<string, OpHandler>>> = {
  Kinesis: KINESIS_OPERATIONS,
  Firehose: FIREHOSE_OPERATIONS,
  CloudWatch: CLOUDWATCH_OPERATIONS,
  Tagging: TAGGING_OPERATIONS,
  EC2: EC2_OPERATIONS,
};

export interface ServerOptions {
  readonly world: World;
  readonly latencyMs: number;
  readonly quotas?: QuotaOption;
  readonly faults?: FaultConfig;
  /** Simulator clock (epoch ms); metric data ends here. */
  readonly clock: () => number;
  /**
   * CloudWatch cross-account observability: the region of a source account this (monitoring)
   * account may read metrics of, undefined when it is not linked (simulator/organization.ts).
   */
  readonly linkedRegion?: (accountId: string, region: string) => RegionWorld | undefined;
}

export interface Counters {
  readonly calls: Map<string, number>;
  readonly throttled: Map<string, number>;
  /** Injected faults per "kind:Service.Operation". */
  readonly faults: Map<string, number>;
  /** Datapoints asked for by the GetMetricData requests the quotas let through. */
  readonly datapoints: Map<string, number>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, r: WireResponse, truncate = false): void {
  const body = truncate ? r.body.slice(0, Math.max(1, Math.floor(r.body.length / 2))) : r.body;
  res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Answer with the right status, headers and length, the body one byte at a time with `intervalMs`
 * between bytes (loopback only: a slow peer, not a dead one). Stops when the client goes away.
 */
async function trickle(req: IncomingMessage, res: ServerResponse, r: WireResponse, intervalMs: number): Promise<void> {
  const body = Buffer.from(r.body, "utf8");
  res.writeHead(r.status, { ...r.headers, "content-length": body.length });
  res.flushHeaders();
  for (let i = 0; i < body.length; i++) {
    if (res.destroyed || req.socket.destroyed) return;
    res.write(body.subarray(i, i + 1));
    await sleep(intervalMs);
  }
  if (!res.destroyed) res.end();
}

/** Answers one request whose body was already read (an organization's front server routes by account, simulator/organization.ts). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>;

export function createSimulatorServer(opts: ServerOptions): { server: Server; counters: Counters; sockets: Set<Socket>; handle: RequestHandler } {
  const counters: Counters = { calls: new Map(), throttled: new Map(), faults: new Map(), datapoints: new Map() };
  const quotas = new QuotaEnforcer(resolveQuotas(opts.quotas));
  const faults = new FaultInjector(opts.faults);
  const sockets = new Set<Socket>();

  const run = (parsed: ParsedRequest): WireResponse => {
    const op = `${parsed.service}.${parsed.operation}`;
    const handler = OPERATIONS[parsed.service][parsed.operation];
    if (!handler) {
      const code = parsed.protocol === "json" ? "UnknownOperationException" : "InvalidAction";
      return writeError(parsed, new ApiError(code, `The simulator does not implement ${op}`));
    }
    const region = opts.world.regions.get(parsed.region) ?? emptyRegion(parsed.region);
    const ctx: OpContext = {
      req: parsed,
      input: parsed.input,
      world: opts.world,
      region,
      nowSeconds: Math.floor(opts.clock() / 1000),
      ...(opts.linkedRegion ? { linkedRegion: (account: string) => opts.linkedRegion!(account, parsed.region) } : {}),
      endlessPagination: faults.isEndless(op),
      isVanished: (kind, name) => faults.isVanished(kind, parsed.region, name, op),
    };
    try {
      return writeOutput(parsed, handler(ctx));
    } catch (e) {
      if (e instanceof ApiError) return writeError(parsed, e);
      // A simulator bug: answer like AWS's internal error, and say what broke.
      return writeError(parsed, new ApiError("InternalFailure", `simulator error in ${op}: ${(e as Error).message}`, 500));
    }
  };

  const handle: RequestHandler = async (req, res, body) => {
    // STS (GetCallerIdentity: the audit's identity check) is answered apart from the world's services.
    if (isStsRequest(req.headers, body)) {
      bump(counters.calls, "STS.GetCallerIdentity");
      return send(res, handleSts(req.headers, body, { accountId: opts.world.accountId }));
    }
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(req.headers, body);
    } catch (e) {
      send(res, writeError(undefined, e instanceof ApiError ? e : new ApiError("InternalFailure", String(e), 500)));
      return;
    }
    const op = `${parsed.service}.${parsed.operation}`;
    bump(counters.calls, op);
    if (opts.latencyMs > 0) await sleep(opts.latencyMs);
    if (faults.isRegionDisabled(parsed.region)) return send(res, writeError(parsed, disabledRegionError(parsed.service)));
    if (faults.isAccessDenied(op)) return send(res, writeError(parsed, accessDeniedError(parsed.service, parsed.operation, opts.world.accountId)));
    const scope = parsed.service === "Kinesis" ? kinesisQuotaScope(parsed.input) : undefined;
    if (!quotas.take(parsed.region, op, scope)) {
      bump(counters.throttled, op);
      return send(res, writeError(parsed, throttlingError(parsed.service, parsed.operation)));
    }
    if (op === "CloudWatch.GetMetricData") {
      const cost = metricDataCost(parsed.input, Math.floor(opts.clock() / 1000));
      if (!quotas.takeDatapoints(parsed.region, op, cost.datapoints, cost.recentStart)) {
        bump(counters.throttled, op);
        return send(res, writeError(parsed, throttlingError(parsed.service, parsed.operation)));
      }
      bump(counters.datapoints, op, cost.datapoints);
    }
    const fault = faults.draw(op, parsed.region, body);
    if (fault) bump(counters.faults, `${fault}:${op}`);
    switch (fault) {
      case "throttle":
        bump(counters.throttled, op);
        return send(res, writeError(parsed, throttlingError(parsed.service, parsed.operation)));
      case "server-error":
        return send(res, writeError(parsed, serverError(parsed.service, (counters.faults.get(`${fault}:${op}`) ?? 0) % 2 === 0)));
      case "timeout":
        await sleep(faults.timeoutHoldMs);
        req.socket.destroy();
        return;
      case "malformed":
        return send(res, run(parsed), true);
      case "trickle":
        return trickle(req, res, run(parsed), faults.trickleIntervalMs);
      default:
        return send(res, run(parsed));
    }
  };

  const server = createServer((req, res) => {
    readBody(req).then((body) => handle(req, res, body)).catch((e: unknown) => {
      if (!res.headersSent) send(res, writeError(undefined, new ApiError("InternalFailure", `simulator error: ${String(e)}`, 500)));
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return { server, counters, sockets, handle };
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
