/**
 * STS, as little as kinesis-guard needs: GetCallerIdentity in the awsQuery protocol (form-encoded
 * Action=GetCallerIdentity&Version=2011-06-15, XML answer), which AWS's SDKs and the CLI speak to
 * STS. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 *
 * Served before the other services' routing (server.ts): STS is not part of the simulated world's
 * data, only of "who is calling". Like AWS, a request without a SigV4 signature is refused
 * (MissingAuthenticationToken) and an access key the simulator was told to reject
 * (`rejectAccessKeys`, default: ids starting with "INVALID") answers InvalidClientTokenId, the
 * error STS gives for an unknown or deactivated key.
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { credentialScope, xmlEscape, type WireResponse } from "../protocol/wire";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** True when the request is for STS (SigV4 scope "sts", or an unsigned query with an STS action). */
export function isStsRequest(headers: IncomingHttpHeaders, body: string): boolean {
  if (headers["x-amz-target"]) return false;
  const scope = credentialScope(typeof headers.authorization === "string" ? headers.authorization : undefined);
  if (scope.service) return scope.service === "sts";
  return new URLSearchParams(body).get("Action") === "GetCallerIdentity";
}

function errorResponse(status: number, code: string, message: string): WireResponse {
  return {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": randomUUID() },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code>` +
      `<Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

export interface StsOptions {
  readonly accountId: string;
  /** Access key ids refused with InvalidClientTokenId (default: those starting with "INVALID"). */
  readonly rejectAccessKey?: (accessKeyId: string) => boolean;
}

/** Answer an STS request (only GetCallerIdentity is implemented). */
export function handleSts(headers: IncomingHttpHeaders, body: string, o: StsOptions): WireResponse {
  const action = new URLSearchParams(body).get("Action");
  const auth = typeof headers.authorization === "string" ? headers.authorization : "";
  const keyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
  if (!keyId) return errorResponse(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  if ((o.rejectAccessKey ?? ((k: string) => k.startsWith("INVALID")))(keyId)) {
    return errorResponse(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  }
  if (action !== "GetCallerIdentity") return errorResponse(400, "InvalidAction", `The simulator does not implement STS.${action ?? "(no Action)"}`);
  const requestId = randomUUID();
  // The caller is an IAM user named after the access key: enough for "who am I" in reports.
  const arn = `arn:aws:iam::${o.accountId}:user/simulator-${keyId.toLowerCase().replace(/[^a-z0-9+=,.@_-]/g, "")}`;
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
      `<Arn>${xmlEscape(arn)}</Arn><UserId>${xmlEscape(keyId)}</UserId><Account>${xmlEscape(o.accountId)}</Account>` +
      `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  };
}
