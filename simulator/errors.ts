/**
 * The error each service answers for throttling, server faults, missing permissions and a
 * disabled region, in its own vocabulary (the SDK's retry strategy recognizes these codes).
 * - Kinesis control-plane throttling: LimitExceededException
 *   (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html#API_ListStreams_Errors).
 * - CloudWatch: Throttling (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html).
 * - Tagging: ThrottledException (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html).
 * - EC2: RequestLimitExceeded, HTTP 503 (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
 * - Firehose models no throttling error; AWS answers the generic ThrottlingException (our reading).
 */
import { ApiError, type ServiceName } from "./protocol/wire";

export function throttlingError(service: ServiceName, op: string): ApiError {
  switch (service) {
    case "Kinesis":
      return new ApiError("LimitExceededException", `Rate exceeded for ${op}.`);
    case "Firehose":
      return new ApiError("ThrottlingException", "Rate exceeded");
    case "CloudWatch":
      return new ApiError("Throttling", "Rate exceeded");
    case "Tagging":
      return new ApiError("ThrottledException", "Rate exceeded");
    case "EC2":
      return new ApiError("RequestLimitExceeded", "Request limit exceeded.", 503, "Receiver");
  }
}

/** A 500 or 503, alternating by `flip`. */
export function serverError(service: ServiceName, flip: boolean): ApiError {
  if (flip) return new ApiError(service === "EC2" ? "Unavailable" : "ServiceUnavailable", "Service is unavailable. Please retry.", 503);
  const code = service === "CloudWatch" ? "InternalServiceError" : service === "Tagging" ? "InternalServiceException" : service === "EC2" ? "InternalError" : "InternalFailure";
  return new ApiError(code, "We encountered an internal error. Please try again.", 500);
}

export function accessDeniedError(service: ServiceName, op: string, accountId: string): ApiError {
  const action = `${{ Kinesis: "kinesis", Firehose: "firehose", CloudWatch: "cloudwatch", Tagging: "tag", EC2: "ec2" }[service]}:${op}`;
  const message = `User: arn:aws:iam::${accountId}:user/kinesis-guard-auditor is not authorized to perform: ${action}`;
  if (service === "CloudWatch") return new ApiError("AccessDenied", message, 403);
  if (service === "EC2") return new ApiError("UnauthorizedOperation", `You are not authorized to perform this operation. ${message}`, 403);
  return new ApiError("AccessDeniedException", message, 400);
}

/** A region the account has not enabled: AWS rejects the credentials there. */
export function disabledRegionError(service: ServiceName): ApiError {
  if (service === "CloudWatch" || service === "EC2") return new ApiError(service === "EC2" ? "AuthFailure" : "InvalidClientTokenId", "The security token included in the request is invalid.", 403);
  return new ApiError("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
}
