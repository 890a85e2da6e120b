/**
 * Wire protocols: which service and operation a request is for, its input, and how answers and
 * errors are written back, exactly as the installed clients (AWS SDK v3) and boto3 expect:
 * - awsJson1_1 (Kinesis, Firehose, Tagging) and awsJson1_0 with awsQuery compatibility (the v3
 *   CloudWatch client: X-Amz-Target GraniteServiceVersion20100801.*, header x-amzn-query-mode).
 *   https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 *   https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait
 * - awsQuery (CloudWatch from boto3 / older SDKs): form-encoded Action=..., XML answers.
 * - ec2Query (EC2): form-encoded Action=..., XML answers with <Response><Errors>.
 * The service is taken from X-Amz-Target, else from the SigV4 credential scope
 * (Credential=AKID/date/REGION/SERVICE/aws4_request), which also gives the region.
 */
import { randomUUID } from "node:crypto";

export type ServiceName = "Kinesis" | "Firehose" | "CloudWatch" | "Tagging" | "EC2";
export type Protocol = "json" | "query" | "ec2";

export interface ParsedRequest {
  readonly service: ServiceName;
  readonly operation: string;
  readonly protocol: Protocol;
  /** "1.0" or "1.1" for JSON protocols. */
  readonly jsonVersion?: string;
  readonly region: string;
  /** JSON body, or the form parameters unflattened into objects and arrays (values stay strings). */
  readonly input: Record<string, unknown>;
  /** Canonical body text (for deterministic fault draws). */
  readonly bodyText: string;
}

/** A service error, written in the protocol's error shape. */
export class ApiError extends Error {
  constructor(
    /** Error code (awsJson __type / query <Code>). */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Query-protocol fault type. */
    readonly fault: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.name = code;
  }
}

/** A timestamp in an answer: epoch seconds in JSON, ISO 8601 in XML. */
export class Timestamp {
  constructor(readonly epochSeconds: number) {}
  toISOString(): string {
    return new Date(this.epochSeconds * 1000).toISOString();
  }
}

const TARGET_PREFIX: Record<string, ServiceName> = {
  Kinesis_20131202: "Kinesis",
  Firehose_20150804: "Firehose",
  GraniteServiceVersion20100801: "CloudWatch",
  ResourceGroupsTaggingAPI_20170126: "Tagging",
};
const SIGNING_NAME: Record<string, ServiceName> = {
  kinesis: "Kinesis",
  firehose: "Firehose",
  monitoring: "CloudWatch",
  tagging: "Tagging",
  ec2: "EC2",
};
export const DEFAULT_REGION = "us-east-1";

/** Region and signing service from a SigV4 Authorization header. */
export function credentialScope(authorization: string | undefined): { region?: string; service?: string } {
  const m = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  return m ? { region: m[1], service: m[2] } : {};
}

/** "A.member.1.B=x" -> { A: [ { B: "x" } ] }; EC2's "Filter.1.Value.1" works the same way. */
export function unflattenForm(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const parts = key.split(".").filter((p) => p !== "member" && p !== "item");
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const next = parts[i + 1];
      const k: string | number = /^\d+$/.test(part) ? Number(part) - 1 : part;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[k] = value;
        return;
      }
      if (container[k] === undefined) container[k] = next !== undefined && /^\d+$/.test(next) ? [] : {};
      node = container[k] as Record<string, unknown> | unknown[];
    });
  }
  return root;
}

/**
 * Identify service, operation, protocol and region of a request.
 * @throws ApiError for a request no protocol matches.
 */
export function parseRequest(headers: Readonly<Record<string, string | string[] | undefined>>, body: string): ParsedRequest {
  const h = (n: string) => {
    const v = headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  const scope = credentialScope(h("authorization"));
  const region = scope.region ?? DEFAULT_REGION;
  const target = h("x-amz-target");
  if (target) {
    const dot = target.lastIndexOf(".");
    const service = TARGET_PREFIX[target.slice(0, dot)];
    if (!service) throw new ApiError("UnknownOperationException", `The simulator does not serve target ${target}`);
    let input: Record<string, unknown> = {};
    if (body.trim()) {
      try {
        const parsed: unknown = JSON.parse(body);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
        else throw new Error("not an object");
      } catch {
        throw new ApiError("SerializationException", "Request body is not a JSON object");
      }
    }
    const ct = h("content-type") ?? "";
    return { service, operation: target.slice(dot + 1), protocol: "json", jsonVersion: ct.includes("1.0") ? "1.0" : "1.1", region, input, bodyText: body };
  }
  const params = new URLSearchParams(body);
  const action = params.get("Action");
  if (action) {
    let service = scope.service ? SIGNING_NAME[scope.service] : undefined;
    if (!service) service = action === "DescribeVpcEndpoints" ? "EC2" : "CloudWatch";
    if (service !== "CloudWatch" && service !== "EC2") {
      throw new ApiError("InvalidAction", `The simulator serves ${service} only over JSON (X-Amz-Target)`);
    }
    params.delete("Action");
    params.delete("Version");
    return { service, operation: action, protocol: service === "EC2" ? "ec2" : "query", region, input: unflattenForm(params), bodyText: body };
  }
  throw new ApiError("MissingAction", "Request has neither an X-Amz-Target header nor an Action parameter");
}

// ---- answers ---------------------------------------------------------------------------------

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function jsonReplacer(_k: string, v: unknown): unknown {
  return v instanceof Timestamp ? v.epochSeconds : v;
}

const XML_NS: Record<string, string> = {
  CloudWatch: "http://monitoring.amazonaws.com/doc/2010-08-01/",
  EC2: "http://ec2.amazonaws.com/doc/2016-11-15/",
};

export function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

/** awsQuery XML for a value: objects become elements, arrays become <member> lists. */
function toXml(value: unknown, itemTag: string): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Timestamp) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<${itemTag}>${toXml(v, itemTag)}</${itemTag}>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v, itemTag)}</${k}>`)
      .join("");
  }
  return xmlEscape(String(value));
}

/** A successful answer in the request's protocol. `output` is the operation's output structure. */
export function writeOutput(req: Pick<ParsedRequest, "protocol" | "operation" | "service" | "jsonVersion">, output: unknown): WireResponse {
  const requestId = randomUUID();
  if (req.protocol === "json") {
    return {
      status: 200,
      headers: { "content-type": `application/x-amz-json-${req.jsonVersion ?? "1.1"}`, "x-amzn-requestid": requestId },
      body: JSON.stringify(output ?? {}, jsonReplacer),
    };
  }
  if (req.protocol === "ec2") {
    // ec2Query: lowerCamel members, lists of <item>, requestId inside the response element.
    const inner = toXml(output, "item");
    return {
      status: 200,
      headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<${req.operation}Response xmlns="${XML_NS.EC2}"><requestId>${requestId}</requestId>${inner}</${req.operation}Response>`,
    };
  }
  const inner = toXml(output, "member");
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<${req.operation}Response xmlns="${XML_NS.CloudWatch}">` +
      `<${req.operation}Result>${inner}</${req.operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${req.operation}Response>`,
  };
}

/**
 * An error in the request's protocol. CloudWatch over JSON is awsQuery-compatible: the query error
 * code travels in the x-amzn-query-error header ("Code;Sender"), which the SDK reads first.
 */
export function writeError(req: Pick<ParsedRequest, "protocol" | "service" | "jsonVersion"> | undefined, err: ApiError): WireResponse {
  const requestId = randomUUID();
  const protocol = req?.protocol ?? "json";
  if (protocol === "json") {
    const headers: Record<string, string> = {
      "content-type": `application/x-amz-json-${req?.jsonVersion ?? "1.1"}`,
      "x-amzn-requestid": requestId,
    };
    let type = err.code;
    if (req?.service === "CloudWatch") {
      headers["x-amzn-query-error"] = `${err.code};${err.fault}`;
      type = `com.amazonaws.cloudwatch#${err.code}`;
    }
    return { status: err.status, headers, body: JSON.stringify({ __type: type, message: err.message }) };
  }
  if (protocol === "ec2") {
    return {
      status: err.status,
      headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  }
  return {
    status: err.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XML_NS.CloudWatch}"><Error><Type>${err.fault}</Type>` +
      `<Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

// ---- input helpers (JSON numbers / query strings alike) ---------------------------------------

export function optString(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw new ApiError("ValidationException", `${key} must be a string`);
  return v;
}

export function optNumber(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) throw new ApiError("ValidationException", `${key} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

/** Epoch seconds from JSON (epoch seconds number) or query (ISO 8601 string, or epoch). */
export function optTime(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v) / 1000;
    if (Number.isFinite(n)) return n;
  }
  throw new ApiError("InvalidParameterValue", `${key} is not a valid timestamp: ${JSON.stringify(v)}`);
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== undefined);
  return [v];
}

export function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Opaque pagination tokens: base64 of a small JSON object. */
export function encodeToken(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

export function decodeToken(token: string, errorCode = "InvalidArgumentException"): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (v && typeof v === "object") return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ApiError(errorCode, `Invalid pagination token: ${token.slice(0, 40)}`);
}
