/**
 * Which accounts an organization-wide audit covers (issue 16): `--account ID` (repeatable),
 * `--accounts FILE`, `--organization` (Organizations ListAccounts), minus `--exclude-account`, and
 * the role assumed in each (`arn:<partition>:iam::<account>:role/<name>`).
 */
import { readFile } from "node:fs/promises";

/** One account to audit, with what may differ per account (the --accounts file). */
export interface AccountTarget {
  readonly id: string;
  /** Account name (Organizations), when known. */
  readonly name?: string;
  /** Role name to assume there (default: --role-name). */
  readonly roleName?: string;
  /** Regions to audit there (default: the audit's regions). */
  readonly regions?: readonly string[];
}

export const ACCOUNT_ID_RE = /^\d{12}$/;
const ROLE_NAME_RE = /^[\w+=,.@-]{1,64}$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export class AccountsInputError extends Error {
  override name = "AccountsInputError";
}

export function checkAccountId(id: string, where: string): string {
  const v = id.trim();
  if (!ACCOUNT_ID_RE.test(v)) throw new AccountsInputError(`${where}: ${JSON.stringify(id)} is not an AWS account id (12 digits)`);
  return v;
}

export function checkRoleName(name: string, where: string): string {
  if (!ROLE_NAME_RE.test(name)) throw new AccountsInputError(`${where}: ${JSON.stringify(name)} is not an IAM role name (letters, digits and +=,.@_- , at most 64)`);
  return name;
}

/**
 * The --accounts file: one account a line, `ID [role=NAME] [regions=r1,r2]`, `#` comments; or a
 * JSON array of `{ "id": "...", "role": "...", "regions": [...] }` (a file starting with `[`).
 */
export function parseAccountsFile(text: string, source: string): AccountTarget[] {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  const out: AccountTarget[] = [];
  if (trimmed.startsWith("[")) {
    let raw: unknown;
    try {
      raw = JSON.parse(trimmed);
    } catch (e) {
      throw new AccountsInputError(`${source}: not valid JSON (${(e as Error).message})`);
    }
    (raw as unknown[]).forEach((item, i) => {
      const where = `${source}[${i}]`;
      if (typeof item === "string") return out.push({ id: checkAccountId(item, where) });
      if (!item || typeof item !== "object") throw new AccountsInputError(`${where}: expected an account id or { "id": ..., "role": ..., "regions": [...] }`);
      const o = item as Record<string, unknown>;
      const regions = o.regions === undefined ? undefined : Array.isArray(o.regions) ? o.regions.map(String) : undefined;
      if (o.regions !== undefined && !regions) throw new AccountsInputError(`${where}.regions: expected a list of region names`);
      out.push({
        id: checkAccountId(String(o.id ?? ""), `${where}.id`),
        ...(o.name !== undefined ? { name: String(o.name) } : {}),
        ...(o.role !== undefined ? { roleName: checkRoleName(String(o.role), `${where}.role`) } : {}),
        ...(regions ? { regions: regions.map((r) => checkRegion(r, `${where}.regions`)) } : {}),
      });
    });
    return out;
  }
  trimmed.split(/\r?\n/).forEach((line, i) => {
    const content = line.replace(/#.*$/, "").trim();
    if (!content) return;
    const where = `${source}:${i + 1}`;
    const [id, ...rest] = content.split(/\s+/);
    let roleName: string | undefined;
    let regions: string[] | undefined;
    for (const part of rest) {
      const [k, v] = part.split("=", 2);
      if (k === "role" && v) roleName = checkRoleName(v, where);
      else if (k === "regions" && v) regions = v.split(",").filter(Boolean).map((r) => checkRegion(r, where));
      else throw new AccountsInputError(`${where}: ${JSON.stringify(part)}: expected role=NAME or regions=r1,r2`);
    }
    out.push({ id: checkAccountId(id!, where), ...(roleName ? { roleName } : {}), ...(regions ? { regions } : {}) });
  });
  return out;
}

function checkRegion(r: string, where: string): string {
  if (r !== "all" && !REGION_RE.test(r)) throw new AccountsInputError(`${where}: ${JSON.stringify(r)} is not an AWS region name (e.g. us-east-1) or "all"`);
  return r;
}

export async function loadAccountsFile(path: string): Promise<AccountTarget[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new AccountsInputError(`--accounts ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const list = parseAccountsFile(text, path);
  if (list.length === 0) throw new AccountsInputError(`--accounts ${path}: no account id in the file`);
  return list;
}

/** Targets in first-seen order, one per id (a later duplicate's role/regions complete the first's). */
export function dedupeTargets(targets: readonly AccountTarget[], exclude: readonly string[] = []): AccountTarget[] {
  const skip = new Set(exclude);
  const byId = new Map<string, AccountTarget>();
  for (const t of targets) {
    if (skip.has(t.id)) continue;
    const prev = byId.get(t.id);
    byId.set(t.id, prev ? { ...t, ...prev } : t);
  }
  return [...byId.values()];
}

/** The partition of a region (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The partition of an ARN ("arn:aws-cn:..."), when it is one. */
export function partitionOfArn(arn: string | undefined): string | undefined {
  const m = /^arn:([\w-]+):/.exec(arn ?? "");
  return m?.[1];
}

export function roleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
