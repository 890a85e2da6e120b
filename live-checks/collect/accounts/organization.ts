/**
 * The organization's accounts: Organizations ListAccounts (from the management account or a
 * delegated administrator), or the accounts under given OUs (ListAccountsForParent, recursively
 * through ListOrganizationalUnitsForParent). Only ACTIVE accounts are audited: a suspended account
 * cannot be called. https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 * (This module is loaded only by --organization: collect/accounts/index.ts is loaded on use.)
 */
import { ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient, type Account } from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { baseCredentials } from "./credentials";
import { paginate } from "../context";
import type { AccountTarget } from "./targets";

export interface ListedAccounts {
  readonly targets: AccountTarget[];
  /** Accounts listed but not audited, with why (e.g. SUSPENDED). */
  readonly skipped: { readonly id: string; readonly name?: string; readonly reason: string }[];
}

/** Organizations has one endpoint per partition, in us-east-1 for the commercial partition. */
export function organizationsClient(o: { regions: readonly string[]; profile?: string; endpointUrl?: string }): OrganizationsClient {
  const region = o.regions.some((r) => r.startsWith("cn-")) ? "cn-northwest-1" : o.regions.some((r) => r.startsWith("us-gov-")) ? "us-gov-west-1" : "us-east-1";
  return new OrganizationsClient({
    region,
    credentials: baseCredentials(o.profile),
    maxAttempts: 5,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
  });
}

export async function listOrganizationAccounts(client: OrganizationsClient, ous: readonly string[] = []): Promise<ListedAccounts> {
  const accounts: Account[] = [];
  if (ous.length === 0) {
    accounts.push(...(await paginate("Organizations.ListAccounts", async (token) => {
      const out = await client.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) }));
      return { items: out.Accounts ?? [], next: out.NextToken || undefined };
    })));
  } else {
    const seen = new Set<string>();
    const queue = [...ous];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      if (seen.has(parent)) continue;
      seen.add(parent);
      accounts.push(...(await paginate("Organizations.ListAccountsForParent", async (token) => {
        const out = await client.send(new ListAccountsForParentCommand({ ParentId: parent, ...(token ? { NextToken: token } : {}) }));
        return { items: out.Accounts ?? [], next: out.NextToken || undefined };
      })));
      const children = await paginate("Organizations.ListOrganizationalUnitsForParent", async (token) => {
        const out = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent, ...(token ? { NextToken: token } : {}) }));
        return { items: out.OrganizationalUnits ?? [], next: out.NextToken || undefined };
      });
      queue.push(...children.map((u) => u.Id).filter((id): id is string => typeof id === "string"));
    }
  }
  const targets: AccountTarget[] = [];
  const skipped: { id: string; name?: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const a of accounts) {
    if (!a.Id || seen.has(a.Id)) continue;
    seen.add(a.Id);
    // State replaces the deprecated Status (both are returned for now).
    const state = String(a.State ?? a.Status ?? "ACTIVE");
    if (state === "ACTIVE") targets.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}) });
    else skipped.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}), reason: `account ${state.toLowerCase()} in the organization` });
  }
  targets.sort((x, y) => x.id.localeCompare(y.id));
  return { targets, skipped };
}
