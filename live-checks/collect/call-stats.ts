/**
 * Counts AWS requests per "Service.Operation": every HTTP attempt (retries included) and the
 * retries alone. Installed as SDK middleware so that retries made inside the SDK's own retry
 * strategy are counted too.
 */
import type { MiddlewareStack } from "@smithy/types";

export class CallStats {
  private readonly attempts = new Map<string, number>();
  private readonly logical = new Map<string, number>();

  /** A request attempt went on the wire. */
  attempt(api: string): void {
    this.attempts.set(api, (this.attempts.get(api) ?? 0) + 1);
  }

  /** A command was sent (counted once whatever the retries). */
  command(api: string): void {
    this.logical.set(api, (this.logical.get(api) ?? 0) + 1);
  }

  /** The scheduler re-sent a failed command (an outer retry round): its attempts are retries, not a new call. */
  resent(api: string): void {
    this.logical.set(api, (this.logical.get(api) ?? 0) - 1);
  }

  /** Attempts per API, keys sorted. */
  calls(): Record<string, number> {
    return sortedRecord(this.attempts);
  }

  /** Attempts beyond the first of each command, per API, keys sorted; APIs with no retry omitted. */
  retries(): Record<string, number> {
    const out = new Map<string, number>();
    for (const [api, n] of this.attempts) {
      const r = n - (this.logical.get(api) ?? 0);
      if (r > 0) out.set(api, r);
    }
    return sortedRecord(out);
  }
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Short service names where the client's is long (matches the simulator's and the quotas' keys). */
const SERVICE_ALIASES: Readonly<Record<string, string>> = { ResourceGroupsTaggingAPI: "Tagging" };

/** "KinesisClient" + "ListStreamsCommand" -> "Kinesis.ListStreams"; tagging API -> "Tagging.GetResources". */
export function apiName(clientName: string | undefined, commandName: string | undefined): string {
  const raw = (clientName ?? "Unknown").replace(/Client$/, "");
  const service = SERVICE_ALIASES[raw] ?? raw;
  const op = (commandName ?? "Unknown").replace(/Command$/, "");
  return `${service}.${op}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStack = MiddlewareStack<any, any>;

/** Install the counters on a client's middleware stack. */
export function instrumentClient(client: { middlewareStack: AnyStack }, stats: CallStats): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      stats.command(apiName(context.clientName, context.commandName));
      return next(args);
    },
    { step: "initialize", name: "kinesisGuardCountCommands", override: true },
  );
  // The deserialize step runs inside the retry middleware (finalizeRequest), once per attempt.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      stats.attempt(apiName(context.clientName, context.commandName));
      return next(args);
    },
    { step: "deserialize", name: "kinesisGuardCountAttempts", priority: "low", override: true },
  );
}
