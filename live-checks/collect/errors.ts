/**
 * Classifying AWS SDK errors: throttling and transient failures are retried (they slow the audit,
 * never fail it); access denied and missing resources are reported; everything gets a short,
 * printable message that names the API (never a response body: it could carry configuration values).
 */

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
}

function asSdkError(e: unknown): SdkErrorLike {
  return typeof e === "object" && e !== null ? (e as SdkErrorLike) : { message: String(e) };
}

const THROTTLE_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "LimitExceededException", // Kinesis control plane answers throttling with this
  "TooManyRequestsException",
  "RequestLimitExceeded", // EC2
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
]);

const ACCESS_DENIED_NAMES = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnauthorizedOperation", // EC2
  "AuthorizationError",
  "UnrecognizedClientException", // also what a region not enabled for the account answers
  "InvalidClientTokenId",
  "OptInRequired",
]);

const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "EAI_AGAIN", "ENOTFOUND", "ERR_STREAM_PREMATURE_CLOSE"]);

export function errorName(e: unknown): string {
  const err = asSdkError(e);
  return err.name ?? err.code ?? "Error";
}

export function isThrottle(e: unknown): boolean {
  const err = asSdkError(e);
  return THROTTLE_NAMES.has(errorName(e)) || err.$metadata?.httpStatusCode === 429 || err.$retryable?.throttling === true;
}

export function isAccessDenied(e: unknown): boolean {
  const err = asSdkError(e);
  return !isThrottle(e) && (ACCESS_DENIED_NAMES.has(errorName(e)) || err.$metadata?.httpStatusCode === 403);
}

/**
 * A region that is not enabled for the account (or credentials it does not know) answers every call
 * with UnrecognizedClientException / InvalidClientTokenId / OptInRequired: no IAM policy fixes that.
 */
export function isRegionRefused(e: unknown): boolean {
  return ["UnrecognizedClientException", "InvalidClientTokenId", "OptInRequired"].includes(errorName(e));
}

export function isNotFound(e: unknown): boolean {
  return errorName(e) === "ResourceNotFoundException";
}

/**
 * Worth another round after the SDK's own retries gave up: throttling, 5xx, timeouts, dropped
 * connections and unparsable (truncated) bodies. Not access denied, validation or not-found errors.
 */
export function isTransient(e: unknown): boolean {
  if (isThrottle(e)) return true;
  const err = asSdkError(e);
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  const name = errorName(e);
  if (name === "TimeoutError" || name === "RequestTimeout" || name === "AbortError" || name === "SyntaxError") return true;
  if (name === "ServiceUnavailable" || name === "ServiceUnavailableException" || name === "InternalFailure" || name === "InternalServiceError") return true;
  const code = (e as { code?: string }).code;
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  const msg = err.message ?? "";
  // A truncated or malformed body surfaces as a deserialization error of a 200 response.
  return /Deserialization error|Unexpected end of JSON|Unexpected token|socket hang up|timed out|ECONNRESET|Expected .* in JSON|Unterminated string|XML/i.test(msg);
}

/** One line naming the error, e.g. "AccessDeniedException: User ... is not authorized". */
export function describeError(e: unknown): string {
  const err = asSdkError(e);
  const msg = (err.message ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
  const name = errorName(e);
  const attempts = err.$metadata?.attempts;
  const hint = isRegionRefused(e)
    ? " (the credentials are not accepted in this region: is the region enabled for the account? Opt-in regions: https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html)"
    : isAccessDenied(e)
      ? " (grant the read-only actions in docs/iam-policy.json)"
      : "";
  return `${name}${msg && msg !== name ? `: ${msg}` : ""}${hint}${attempts && attempts > 1 ? ` [after ${attempts} attempts]` : ""}`;
}
