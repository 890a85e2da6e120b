/**
 * SDK v3 clients, built once per region. Every client uses the HTTP/1.1 handler: the Kinesis
 * client defaults to HTTP/2 (needed only for SubscribeToShard, which we never call), and
 * LocalStack, moto and our simulator speak HTTP/1.1 only. Retries: none in the SDK (one attempt
 * per send, `maxAttempts` 1): the scheduler owns them (retry-policy.ts), paced by each API's quota,
 * with the per-request deadline (deadline.ts) on each attempt. The SDK's standard mode would keep a
 * retry token bucket per client that heavy throttling empties, after which every failure surfaces
 * at once.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { CallStats, instrumentClient } from "./call-stats";

export interface RegionClients {
  readonly region: string;
  readonly kinesis: KinesisClient;
  readonly firehose: FirehoseClient;
  readonly cloudwatch: CloudWatchClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  /**
   * Metrics through a CloudWatch monitoring account (issue 16): GetMetricData is sent with the
   * monitoring account's client, each query naming the audited account (AccountId). Absent: the
   * `cloudwatch` client reads the account's own metrics.
   */
  readonly metrics?: { readonly client: CloudWatchClient; readonly accountId: string };
  /**
   * Built on first use: @aws-sdk/client-ec2 carries the model of all of EC2 (about 75 MB resident
   * once loaded) for the one call we make, DescribeVpcEndpoints, which only fleets delivering
   * into a VPC need.
   */
  ec2(): Promise<EC2Client>;
}

let ec2Module: Promise<typeof import("@aws-sdk/client-ec2")> | undefined;

/** The EC2 SDK module, loaded once on first use (see RegionClients.ec2). */
export function loadEc2Module(): Promise<typeof import("@aws-sdk/client-ec2")> {
  ec2Module ??= import("@aws-sdk/client-ec2");
  return ec2Module;
}

export interface ClientSettings {
  /** Named profile of the shared config/credentials files; default chain when absent. */
  readonly profile?: string;
  /** Custom endpoint for every service (LocalStack, moto, the simulator). */
  readonly endpointUrl?: string;
  readonly maxAttempts: number;
  readonly connectionTimeoutMs: number;
  /** Socket idle timeout per request. */
  readonly requestTimeoutMs: number;
  readonly maxSockets: number;
  readonly stats: CallStats;
  /**
   * Credentials of every client (e.g. an assumed role's, fromTemporaryCredentials, which the
   * clients refresh before they expire); default: the SDK's chain for `profile`.
   */
  readonly credentials?: KinesisClient["config"]["credentials"];
  /** Read metrics from a monitoring account: its credentials, and the audited (source) account's id. */
  readonly monitoring?: { readonly credentials: KinesisClient["config"]["credentials"]; readonly sourceAccountId: string };
}

/**
 * The endpoint to use: the explicit option, else AWS_ENDPOINT_URL. (The SDK also reads
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> itself when no endpoint is configured -
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html - resolving it here too
 * lets us validate it and print it with --verbose.)
 */
export function resolveEndpointUrl(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = explicit ?? (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true" ? undefined : env.AWS_ENDPOINT_URL);
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`endpoint URL ${JSON.stringify(raw)} is not a valid URL (expected e.g. http://127.0.0.1:4566)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`endpoint URL ${JSON.stringify(raw)} must start with http:// or https://`);
  }
  return raw;
}

/** Builds clients per region sharing one connection pool and one credential provider. */
export class ClientFactory {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;
  private readonly built = new Map<string, RegionClients>();
  /** Clients built on first use (EC2), destroyed with the rest. */
  private readonly lazyBuilt: { destroy(): void }[] = [];
  // Resolved once by the first client, then shared, so SSO/assume-role run once per audit.
  private credentials: KinesisClient["config"]["credentials"] | undefined;

  constructor(private readonly settings: ClientSettings) {
    this.credentials = settings.credentials;
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets: settings.maxSockets });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: settings.maxSockets });
  }

  private common(region: string) {
    const s = this.settings;
    return {
      region,
      ...(s.profile !== undefined ? { profile: s.profile } : {}),
      ...(s.endpointUrl !== undefined ? { endpoint: s.endpointUrl } : {}),
      ...(this.credentials !== undefined ? { credentials: this.credentials } : {}),
      maxAttempts: s.maxAttempts,
      // "standard", not "adaptive": the SDK's adaptive limiter is per client, so one throttled API
      // (say DescribeStreamSummary) would slow every Kinesis API, and it collapses the rate on
      // random throttles (4x slower in our 10 %-throttling test). The scheduler paces each API at
      // its own quota and backs that API off on throttles instead (scheduler.ts). With maxAttempts
      // 1 the mode only matters to tests that give the SDK attempts of its own.
      retryMode: "standard",
      requestHandler: new NodeHttpHandler({
        connectionTimeout: s.connectionTimeoutMs,
        requestTimeout: s.requestTimeoutMs,
        httpAgent: this.httpAgent,
        httpsAgent: this.httpsAgent,
      }),
    } as const;
  }

  forRegion(region: string): RegionClients {
    const existing = this.built.get(region);
    if (existing) return existing;
    const kinesis = new KinesisClient(this.common(region));
    this.credentials ??= kinesis.config.credentials;
    let ec2: Promise<EC2Client> | undefined;
    const clients: RegionClients = {
      region,
      kinesis,
      firehose: new FirehoseClient(this.common(region)),
      cloudwatch: new CloudWatchClient(this.common(region)),
      tagging: new ResourceGroupsTaggingAPIClient(this.common(region)),
      ...(this.settings.monitoring
        ? { metrics: { client: new CloudWatchClient({ ...this.common(region), credentials: this.settings.monitoring.credentials }), accountId: this.settings.monitoring.sourceAccountId } }
        : {}),
      ec2: () =>
        (ec2 ??= loadEc2Module().then(({ EC2Client }) => {
          const c = new EC2Client(this.common(region));
          this.instrument(c);
          this.lazyBuilt.push(c);
          return c;
        })),
    };
    for (const c of [clients.kinesis, clients.firehose, clients.cloudwatch, clients.tagging, ...(clients.metrics ? [clients.metrics.client] : [])]) this.instrument(c);
    this.built.set(region, clients);
    return clients;
  }

  private instrument(client: { middlewareStack: unknown }): void {
    instrumentClient(client as unknown as Parameters<typeof instrumentClient>[0], this.settings.stats);
  }

  /** Close every client and the connection pool. */
  destroy(): void {
    for (const c of this.built.values()) {
      c.kinesis.destroy();
      c.firehose.destroy();
      c.cloudwatch.destroy();
      c.tagging.destroy();
      c.metrics?.client.destroy();
    }
    for (const c of this.lazyBuilt) c.destroy();
    this.built.clear();
    this.lazyBuilt.length = 0;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
