/**
 * The organization's accounts: Organizations ListAccounts (from the management account or a
 * delegated administrator), or the accounts under given OUs (ListAccountsForParent, recursively
 * through ListOrganizationalUnitsForParent). Only ACTIVE accounts are audited: a suspended account
 * cannot be called. https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
import type { Account, OrganizationsClient } from "@aws-sdk/client-organizations";
import type { AccountTarget } from "./targets";

/** Loaded on use: only --organization needs the Organizations client. */
const loadOrganizations = () => import("@aws-sdk/client-organizations");

export interface ListedAccounts {
  readonly targets: AccountTarget[];
  /** Accounts listed but not audited, with why (e.g. SUSPENDED). */
  readonly skipped: { readonly id: string; readonly name?: string; readonly reason: string }[];
}

export async function listOrganizationAccounts(client: OrganizationsClient, ous: readonly string[] = []): Promise<ListedAccounts> {
  const { paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } = await loadOrganizations();
  const accounts: Account[] = [];
  if (ous.length === 0) {
    for await (const page of paginateListAccounts({ client }, {})) accounts.push(...(page.Accounts ?? []));
  } else {
    const seen = new Set<string>();
    const queue = [...ous];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      if (seen.has(parent)) continue;
      seen.add(parent);
      for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent })) accounts.push(...(page.Accounts ?? []));
      for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent })) queue.push(...(page.OrganizationalUnits ?? []).map((u) => u.Id!).filter(Boolean));
    }
  }
  const targets: AccountTarget[] = [];
  const skipped: { id: string; name?: string; reason: string }[] = [];
  for (const a of accounts) {
    if (!a.Id) continue;
    // State replaces the deprecated Status (both are returned for now).
    const state = String(a.State ?? a.Status ?? "ACTIVE");
    if (state === "ACTIVE") targets.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}) });
    else skipped.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}), reason: `account ${state.toLowerCase()} in the organization` });
  }
  targets.sort((x, y) => x.id.localeCompare(y.id));
  return { targets, skipped };
}
