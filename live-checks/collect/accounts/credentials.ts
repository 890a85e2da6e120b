/**
 * Credentials per audited account: the caller's own (the SDK's chain for --profile) in the caller's
 * account, else the audit role assumed with STS AssumeRole through the SDK's own provider
 * (fromTemporaryCredentials), shared by every client of the account and renewed before it expires,
 * so audits longer than the role's session (1 hour by default) keep going.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Renew this long before the expiration (the SDK clients' own margin is 5 minutes too). */
const RENEW_BEFORE_MS = 5 * 60_000;

export function baseCredentials(profile: string | undefined): AwsCredentialIdentityProvider {
  return fromNodeProviderChain(profile ? { profile } : {});
}

/**
 * One provider for all the clients of an account: without it each client would call AssumeRole
 * itself. A failed attempt is not kept: the next call tries again.
 */
export function shared(provider: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (current) {
      const c = await current.catch(() => undefined);
      if (c && (c.expiration === undefined || c.expiration.getTime() - now() > RENEW_BEFORE_MS)) return c;
    }
    current = provider();
    return current;
  };
}

export interface AssumeSettings {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  /** Seconds (default 3600, the role's default maximum). */
  readonly durationSeconds?: number;
  readonly base: AwsCredentialIdentityProvider;
  /** STS's region (the regional endpoint of the audit's first region). */
  readonly region: string;
  readonly endpointUrl?: string;
}

export function assumedRole(s: AssumeSettings): AwsCredentialIdentityProvider {
  return shared(
    fromTemporaryCredentials({
      params: { RoleArn: s.roleArn, RoleSessionName: s.sessionName, ...(s.externalId !== undefined ? { ExternalId: s.externalId } : {}), DurationSeconds: s.durationSeconds ?? 3600 },
      masterCredentials: s.base,
      // maxAttempts 3: a throttled AssumeRole is retried; AccessDenied is not retried by the SDK.
      clientConfig: { region: s.region, maxAttempts: 3, requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 15_000 }), ...(s.endpointUrl ? { endpoint: s.endpointUrl } : {}) },
    }),
  );
}

/** The default --role-session-name: names the tool in CloudTrail. */
export const DEFAULT_SESSION_NAME = "kinesis-guard-audit";
