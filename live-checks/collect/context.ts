/** What every collection step of one region shares: clients, the scheduler, and where problems go. */
import type { CollectionError } from "../snapshot";
import type { RegionClients } from "./clients";
import type { Progress } from "./progress";
import type { Scheduler } from "./scheduler";

export interface RegionContext {
  readonly region: string;
  readonly clients: RegionClients;
  readonly scheduler: Scheduler;
  readonly progress: Progress;
  /** Data that could not be collected (makes the audit incomplete). */
  readonly errors: CollectionError[];
  /** Things worth knowing that lost no data (fallbacks, resources deleted during the audit). */
  readonly notes: string[];
}

/**
 * Send one request through the scheduler under `api`'s quota, its retries and deadlines. `send`
 * passes the signal on to the SDK (`client.send(command, { abortSignal })`).
 */
export function call<T>(ctx: RegionContext, api: string, send: (abortSignal: AbortSignal) => Promise<T>, stream?: string): Promise<T> {
  return ctx.scheduler.run(api, ctx.region, send, stream);
}

/** Stop paging after this many pages of one listing (a token that never ends must not hang the audit). */
export const MAX_PAGES = 10_000;

/**
 * Follow a paginated API. `fetch(token)` returns the page's items and the next token (undefined at
 * the end). A repeated token or too many pages throws, naming the API.
 */
export async function paginate<T>(api: string, fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, next } = await fetch(token);
    out.push(...items);
    if (!next) return out;
    if (seen.has(next)) throw new Error(`${api} returned the same pagination token twice; the listing may be incomplete`);
    seen.add(next);
    token = next;
  }
  throw new Error(`${api} returned more than ${MAX_PAGES} pages; stopped paging, the listing may be incomplete`);
}
