/**
 * A simulated AWS Organization: accounts as a dimension of the simulated world (issue 16). One
 * loopback endpoint serves every account; the credentials a request is signed with say which
 * account it is in:
 *
 * - the caller's own keys (any access key id not issued here) are the management account's (or,
 *   with `callerAccessKeys`, the account they are mapped to);
 * - STS AssumeRole (`arn:aws:iam::<account>:role/<name>`) issues temporary keys of that account,
 *   refused with AccessDenied, as AWS does, when the role does not exist, does not trust the
 *   caller's account, or wants another external id
 *   (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html);
 * - Organizations ListAccounts / ListAccountsForParent / ListOrganizationalUnitsForParent /
 *   ListRoots (paginated, 20 a page at most, as AWS) answer only in the management account (or a
 *   delegated administrator); others get AccessDeniedException
 *   (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html);
 * - every other request goes to the account's own single-account simulator (simulator/server.ts):
 *   its own world (resources, EC2 DescribeRegions = the account's scenario regions) and its own
 *   quota buckets, so quotas are per account and region as on AWS.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FaultConfig } from "./faults";
import type { QuotaOption } from "./quotas";
import type { Scenario } from "./scenario";
import { createSimulatorServer, listen, readBody, send, type Counters, type RequestHandler } from "./server";
import { ApiError, credentialScope, decodeToken, encodeToken, optNumber, optString, writeError, writeOutput, xmlEscape, type WireResponse } from "./protocol/wire";
import { buildWorld, type World } from "./world";
import { emptyRegion } from "./services/context";

export interface SimRole {
  readonly name: string;
  /** Accounts whose principals may assume the role (its trust policy); default: the management account. */
  readonly trustedAccounts?: readonly string[];
  /** sts:ExternalId the trust policy requires (condition StringEquals), when any. */
  readonly externalId?: string;
}

export interface SimAccount {
  readonly id: string;
  readonly name?: string;
  /** ListAccounts' Status (default ACTIVE). */
  readonly status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  /** The OU (or root) the account sits in (default the root, "r-sim0"). */
  readonly parent?: string;
  /** Roles the account has (default: none: only the management account's own credentials reach it). */
  readonly roles?: readonly SimRole[];
  /** The account's resources; its regions are the regions enabled in the account (DescribeRegions). */
  readonly scenario: Scenario;
  /** Faults of this account only (e.g. accessDenied on every Kinesis call). */
  readonly faults?: FaultConfig;
  /** CloudWatch cross-account observability: the source accounts this monitoring account reads metrics of. */
  readonly monitors?: readonly string[];
}

export interface SimOrganizationalUnit {
  readonly id: string;
  readonly name: string;
  /** Parent OU or root id (default the root). */
  readonly parent?: string;
}

export interface OrganizationScenario {
  readonly managementAccountId: string;
  readonly accounts: readonly SimAccount[];
  readonly organizationalUnits?: readonly SimOrganizationalUnit[];
  /** Accounts besides the management account allowed to call Organizations' list APIs. */
  readonly delegatedAdministrators?: readonly string[];
  /** Access key id -> account, for callers that are not in the management account. */
  readonly callerAccessKeys?: Readonly<Record<string, string>>;
}

export interface OrganizationSimulatorOptions {
  readonly organization: OrganizationScenario;
  readonly latencyMs?: number;
  /** Per account and region (each account has its own buckets). */
  readonly quotas?: QuotaOption;
  readonly port?: number;
  readonly host?: string;
  readonly clock?: () => number;
  /** Lifetime of issued temporary credentials, seconds (default: the request's DurationSeconds, else 3600). */
  readonly credentialLifetimeSeconds?: number;
}

export interface OrganizationSimulatorHandle {
  readonly endpoint: string;
  close(): Promise<void>;
  /** Requests per "Service.Operation" over all accounts (STS and Organizations included). */
  calls(): Record<string, number>;
  /** Requests per account, "Service.Operation" -> count. */
  callsByAccount(): Record<string, Record<string, number>>;
  /** Throttled answers over all accounts. */
  throttled(): Record<string, number>;
  /** Temporary credentials issued so far (AssumeRole successes). */
  readonly issued: () => number;
}

export const ROOT_ID = "r-sim0";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ORG_TARGET = "AWSOrganizationsV20161128.";
const ROLE_ARN_RE = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

interface Issued {
  readonly account: string;
  readonly role: string;
  readonly session: string;
  readonly secret: string;
  readonly token: string;
  readonly expiresMs: number;
}

interface AccountServer {
  readonly spec: SimAccount;
  readonly handle: RequestHandler;
  readonly counters: Counters;
}

function stsError(status: number, code: string, message: string): WireResponse {
  return {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": randomUUID() },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code>` +
      `<Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

function stsOk(action: string, inner: string): WireResponse {
  const requestId = randomUUID();
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${STS_NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const sorted = (m: ReadonlyMap<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));

export async function startOrganizationSimulator(o: OrganizationSimulatorOptions): Promise<OrganizationSimulatorHandle> {
  const org = o.organization;
  const clock = o.clock ?? (() => Date.now());
  const accounts = new Map<string, AccountServer>();
  const worlds = new Map<string, World>();
  for (const spec of org.accounts) {
    if (worlds.has(spec.id)) throw new Error(`organization scenario: account ${spec.id} twice`);
    worlds.set(spec.id, buildWorld({ ...spec.scenario, accountId: spec.id }));
  }
  for (const spec of org.accounts) {
    const world = worlds.get(spec.id)!;
    const monitors = new Set(spec.monitors ?? []);
    // A linked source account's region with no resources still answers (no data), as on AWS.
    const linkedRegion = monitors.size ? (account: string, region: string) => (monitors.has(account) ? (worlds.get(account)?.regions.get(region) ?? emptyRegion(region)) : undefined) : undefined;
    const inner = createSimulatorServer({ world, latencyMs: o.latencyMs ?? 0, quotas: o.quotas, faults: spec.faults, clock, ...(linkedRegion ? { linkedRegion } : {}) });
    accounts.set(spec.id, { spec, handle: inner.handle, counters: inner.counters });
  }
  if (!accounts.has(org.managementAccountId)) throw new Error(`organization scenario: the management account ${org.managementAccountId} is not among the accounts`);
  const issued = new Map<string, Issued>();
  const frontCalls = new Map<string, number>();

  /** Account (and principal ARN) of the signing key; an issued key that expired is refused. */
  const caller = (headers: IncomingMessage["headers"]): { account: string; arn: string; keyId: string } | WireResponse => {
    const auth = typeof headers.authorization === "string" ? headers.authorization : "";
    const keyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
    if (!keyId) return stsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    if (keyId.startsWith("INVALID")) return stsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    const temp = issued.get(keyId);
    if (temp) {
      if (Date.now() >= temp.expiresMs) return stsError(403, "ExpiredToken", "The security token included in the request is expired");
      if (headers["x-amz-security-token"] !== temp.token) return stsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
      return { account: temp.account, arn: `arn:aws:sts::${temp.account}:assumed-role/${temp.role}/${temp.session}`, keyId };
    }
    if (keyId.startsWith("ASIASIM")) return stsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    const account = org.callerAccessKeys?.[keyId] ?? org.managementAccountId;
    return { account, arn: `arn:aws:iam::${account}:user/simulator-${keyId.toLowerCase().replace(/[^a-z0-9+=,.@_-]/g, "")}`, keyId };
  };

  const assumeRole = (who: { account: string; arn: string }, params: URLSearchParams): WireResponse => {
    const roleArn = params.get("RoleArn") ?? "";
    const session = params.get("RoleSessionName") ?? "";
    if (!/^[\w+=,.@-]{2,64}$/.test(session)) return stsError(400, "ValidationError", `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    const m = ROLE_ARN_RE.exec(roleArn);
    const denied = () => stsError(403, "AccessDenied", `User: ${who.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    if (!m) return stsError(400, "ValidationError", `${roleArn} is invalid`);
    const target = accounts.get(m[2]!);
    const role = target?.spec.roles?.find((r) => r.name === m[3]);
    // AWS answers the same AccessDenied whether the role is missing or does not trust the caller.
    if (!target || !role) return denied();
    if (!(role.trustedAccounts ?? [org.managementAccountId]).includes(who.account)) return denied();
    const externalId = params.get("ExternalId") ?? undefined;
    if (role.externalId !== undefined && role.externalId !== externalId) return denied();
    const duration = Number(params.get("DurationSeconds") ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) return stsError(400, "ValidationError", `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
    const keyId = `ASIASIM${randomBytes(6).toString("hex").toUpperCase()}`;
    const creds: Issued = {
      account: target.spec.id,
      role: role.name,
      session,
      secret: randomBytes(20).toString("base64"),
      token: randomBytes(32).toString("base64"),
      // Real time, not the simulator's metric clock (often fixed in the past by tests): the SDK
      // compares the expiration with its own clock.
      expiresMs: Date.now() + (o.credentialLifetimeSeconds ?? duration) * 1000,
    };
    issued.set(keyId, creds);
    return stsOk(
      "AssumeRole",
      `<Credentials><AccessKeyId>${keyId}</AccessKeyId><SecretAccessKey>${xmlEscape(creds.secret)}</SecretAccessKey><SessionToken>${xmlEscape(creds.token)}</SessionToken>` +
        `<Expiration>${new Date(creds.expiresMs).toISOString()}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROASIM${target.spec.id}:${xmlEscape(session)}</AssumedRoleId><Arn>arn:aws:sts::${target.spec.id}:assumed-role/${xmlEscape(role.name)}/${xmlEscape(session)}</Arn></AssumedRoleUser>`,
    );
  };

  const handleSts = (who: { account: string; arn: string; keyId: string }, body: string): WireResponse => {
    const params = new URLSearchParams(body);
    const action = params.get("Action");
    if (action === "AssumeRole") return assumeRole(who, params);
    if (action === "GetCallerIdentity") {
      return stsOk("GetCallerIdentity", `<Arn>${xmlEscape(who.arn)}</Arn><UserId>${xmlEscape(who.keyId)}</UserId><Account>${who.account}</Account>`);
    }
    return stsError(400, "InvalidAction", `The simulator does not implement STS.${action ?? "(no Action)"}`);
  };

  const ous = org.organizationalUnits ?? [];
  const account = (a: SimAccount) => ({
    Id: a.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:account/o-sim/${a.id}`,
    Email: `aws+${a.id}@example.com`,
    Name: a.name ?? `account-${a.id}`,
    Status: a.status ?? "ACTIVE",
    State: a.status === "SUSPENDED" ? "SUSPENDED" : a.status === "PENDING_CLOSURE" ? "PENDING_CLOSURE" : "ACTIVE",
    JoinedMethod: "CREATED",
    JoinedTimestamp: 1_700_000_000,
  });
  const page = <T>(all: readonly T[], input: Record<string, unknown>, key: string): Record<string, unknown> => {
    const max = optNumber(input, "MaxResults") ?? 20;
    if (!Number.isInteger(max) || max < 1 || max > 20) throw new ApiError("InvalidInputException", "You provided a value that does not match the required pattern (MaxResults must be 1-20).");
    const token = optString(input, "NextToken");
    const offset = token ? Number(decodeToken(token, "InvalidInputException").offset ?? 0) : 0;
    return { [key]: all.slice(offset, offset + max), ...(offset + max < all.length ? { NextToken: encodeToken({ offset: offset + max }) } : {}) };
  };
  const parentOf = (id: string) => {
    const parent = ous.find((u) => u.id === id) ?? (id === ROOT_ID ? { id } : undefined);
    if (!parent) throw new ApiError("ParentNotFoundException", `We can't find a root or OU with the ParentId that you specified: ${id}`);
    return parent.id;
  };
  const ORG_OPERATIONS: Record<string, (input: Record<string, unknown>) => unknown> = {
    ListAccounts: (input) => page(org.accounts.map(account), input, "Accounts"),
    ListAccountsForParent: (input) => {
      const parent = parentOf(String(input.ParentId ?? ""));
      return page(org.accounts.filter((a) => (a.parent ?? ROOT_ID) === parent).map(account), input, "Accounts");
    },
    ListOrganizationalUnitsForParent: (input) => {
      const parent = parentOf(String(input.ParentId ?? ""));
      return page(ous.filter((u) => (u.parent ?? ROOT_ID) === parent).map((u) => ({ Id: u.id, Name: u.name, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/o-sim/${u.id}` })), input, "OrganizationalUnits");
    },
    ListRoots: (input) => page([{ Id: ROOT_ID, Name: "Root", Arn: `arn:aws:organizations::${org.managementAccountId}:root/o-sim/${ROOT_ID}`, PolicyTypes: [] }], input, "Roots"),
  };

  const handleOrganizations = (who: { account: string }, target: string, body: string): WireResponse => {
    const operation = target.slice(ORG_TARGET.length);
    const req = { protocol: "json" as const, service: "Kinesis" as const, operation, jsonVersion: "1.1" as const };
    const handler = ORG_OPERATIONS[operation];
    if (!handler) return writeError(req, new ApiError("UnknownOperationException", `The simulator does not implement Organizations.${operation}`));
    if (who.account !== org.managementAccountId && !(org.delegatedAdministrators ?? []).includes(who.account)) {
      return writeError(req, new ApiError("AccessDeniedException", "You don't have permissions to access this resource.", 400));
    }
    try {
      return writeOutput(req, handler(body.trim() ? (JSON.parse(body) as Record<string, unknown>) : {}));
    } catch (e) {
      return writeError(req, e instanceof ApiError ? e : new ApiError("ServiceException", String(e), 500));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const who = caller(req.headers);
    const scope = credentialScope(typeof req.headers.authorization === "string" ? req.headers.authorization : undefined);
    const target = typeof req.headers["x-amz-target"] === "string" ? req.headers["x-amz-target"] : "";
    if (scope.service === "sts" || (!target && /(^|&)Action=(AssumeRole|GetCallerIdentity)(&|$)/.test(body))) {
      const action = new URLSearchParams(body).get("Action") ?? "?";
      bump(frontCalls, `STS.${action}`);
      if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs));
      return send(res, "status" in who ? who : handleSts(who, body));
    }
    if (target.startsWith(ORG_TARGET)) {
      bump(frontCalls, `Organizations.${target.slice(ORG_TARGET.length)}`);
      if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs));
      return send(res, "status" in who ? who : handleOrganizations(who, target, body));
    }
    if ("status" in who) return send(res, who);
    await accounts.get(who.account)!.handle(req, res, body);
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, writeError(undefined, new ApiError("InternalFailure", `simulator error: ${String(e)}`, 500)));
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const host = o.host ?? "127.0.0.1";
  const addr = await listen(server, o.port ?? 0, host);
  const merged = (pick: (c: Counters) => Map<string, number>, start: Iterable<[string, number]> = []) => {
    const out = new Map<string, number>(start);
    for (const a of accounts.values()) for (const [k, v] of pick(a.counters)) out.set(k, (out.get(k) ?? 0) + v);
    return out;
  };
  return {
    endpoint: `http://${host}:${addr.port}`,
    calls: () => sorted(merged((c) => c.calls, frontCalls)),
    callsByAccount: () => Object.fromEntries([...accounts].map(([id, a]) => [id, sorted(a.counters.calls)])),
    throttled: () => sorted(merged((c) => c.throttled)),
    issued: () => issued.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const s of sockets) s.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
