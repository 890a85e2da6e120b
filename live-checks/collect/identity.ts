/**
 * Who is calling: region resolution and the identity check the audit runs before any collection.
 *
 * - Region: --region, else AWS_REGION, else AWS_DEFAULT_REGION (the AWS CLI's variable, which the
 *   JS SDK does not read itself), else the profile's `region` read by the SDK's own config loader
 *   (a client's `config.region()`: AWS_REGION, then the shared config file's profile).
 *   https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html
 * - Identity: sts:GetCallerIdentity, which needs no IAM permission and fails only for missing,
 *   expired or invalid credentials - the check that turns "no credentials" into a clear exit 2
 *   instead of an audit that collects nothing.
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 *
 * @aws-sdk/client-sts is not installed (only the SDK's internal nested STS client, without
 * GetCallerIdentity), so the call is a SigV4-signed awsQuery POST made here with the SDK's own
 * credential chain (a client's `config.credentials()`) and signer.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { SignatureV4 } from "@smithy/signature-v4";

/** What STS says about the caller. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** Missing, expired or invalid credentials (exit 2: the user must fix them). */
export class CredentialsError extends Error {
  override name = "CredentialsError";
}

/** STS could not be reached or answered something else than an identity (exit 3: retry later). */
export class IdentityUnavailableError extends Error {
  override name = "IdentityUnavailableError";
}

export const CREDENTIALS_HELP =
  "set credentials the AWS SDK finds: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), " +
  "or a profile (--profile NAME or AWS_PROFILE; `aws sso login --profile NAME` when it uses SSO), or run where a role is attached; " +
  "check them with `aws sts get-caller-identity`";

/** Region for the audit when none was given: env, then the profile (undefined when none). */
export async function resolveDefaultRegion(o: { profile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string | undefined> {
  const env = o.env ?? process.env;
  for (const v of [env.AWS_REGION, env.AWS_DEFAULT_REGION]) if (v && v.trim()) return v.trim();
  // An empty AWS_REGION is "not set" (as for the AWS CLI), but the SDK's loader would return it
  // as the region and never read the profile.
  if (process.env.AWS_REGION === "") delete process.env.AWS_REGION;
  const client = new KinesisClient(o.profile ? { profile: o.profile } : {});
  try {
    return (await client.config.region()) || undefined;
  } catch {
    return undefined; // "Region is missing": no region anywhere
  } finally {
    client.destroy();
  }
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === "string" ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** node:crypto in the shape the SigV4 signer wants (a hash, or an HMAC when given a secret). */
class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : m[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
};

/** STS's regional endpoint (https://docs.aws.amazon.com/general/latest/gr/sts.html). */
function stsEndpoint(region: string, endpointUrl: string | undefined, env: NodeJS.ProcessEnv): URL {
  const explicit = endpointUrl ?? (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true" ? undefined : env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined);
  if (explicit) return new URL(explicit);
  return new URL(`https://sts.${region}.amazonaws.${region.startsWith("cn-") ? "com.cn" : "com"}/`);
}

function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, { method: "POST", headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** STS error codes that mean "your credentials are the problem". */
const CREDENTIAL_CODES = new Set(["InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "MissingAuthenticationToken", "UnrecognizedClientException", "AccessDenied", "InvalidAccessKeyId"]);

/**
 * sts:GetCallerIdentity with the SDK's credential chain.
 * @throws CredentialsError (no credentials, or STS refuses them) / IdentityUnavailableError (network, 5xx).
 */
export async function getCallerIdentity(o: { region: string; profile?: string; endpointUrl?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CallerIdentity> {
  const env = o.env ?? process.env;
  const client = new KinesisClient({ region: o.region, ...(o.profile ? { profile: o.profile } : {}) });
  let credentials;
  try {
    credentials = await client.config.credentials();
  } catch (e) {
    throw new CredentialsError(`no AWS credentials: ${(e as Error).message}`);
  } finally {
    client.destroy();
  }
  const url = stsEndpoint(o.region, o.endpointUrl, env);
  const body = "Action=GetCallerIdentity&Version=2011-06-15";
  const signer = new SignatureV4({ credentials, region: o.region, service: "sts", sha256: Sha256 });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname || "/",
    query: {},
    headers: { host: url.host, "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body,
  });
  let answer: { status: number; body: string };
  try {
    answer = await post(url, signed.headers, body, o.timeoutMs ?? 15_000);
  } catch (e) {
    throw new IdentityUnavailableError(`could not reach STS at ${url.origin} to check the credentials: ${(e as Error).message}`);
  }
  if (answer.status === 200) {
    const account = tag(answer.body, "Account");
    const arn = tag(answer.body, "Arn");
    if (account && arn) return { account, arn, userId: tag(answer.body, "UserId") ?? "" };
    throw new IdentityUnavailableError(`STS at ${url.origin} answered GetCallerIdentity without an account id`);
  }
  const code = tag(answer.body, "Code") ?? `HTTP ${answer.status}`;
  const message = tag(answer.body, "Message") ?? answer.body.slice(0, 200);
  if (CREDENTIAL_CODES.has(code) || answer.status === 403) throw new CredentialsError(`AWS refused the credentials (${code}: ${message})`);
  throw new IdentityUnavailableError(`STS at ${url.origin} failed (${code}: ${message})`);
}
