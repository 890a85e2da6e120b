/**
 * The organization-wide audit's inputs and plumbing (issue 16): the --accounts file, the account
 * flags' checks, the shared, renewed role credentials, and the progress lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { AccountsInputError, dedupeTargets, parseAccountsFile, roleArn, partitionOf } from "../../live-checks/collect/accounts/targets";
import { shared } from "../../live-checks/collect/accounts/credentials";
import { createOrgProgress } from "../../live-checks/collect/accounts/progress";
import { parseAccountSelection } from "../../live-checks/cli/common";
import { UsageError } from "../../live-checks/exit-codes";
import { runCli, ROOT } from "../reliability/run-cli";

const dir = mkdtempSync(join(tmpdir(), "kg-accounts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--accounts file", () => {
  it("reads one account a line with an optional role and regions, comments and blank lines aside", () => {
    const text = "# prod\n111111111111\n\n222222222222 role=OtherAudit regions=eu-west-1,us-east-1  # payments\n333333333333 regions=all\n";
    expect(parseAccountsFile(text, "a.txt")).toEqual([
      { id: "111111111111" },
      { id: "222222222222", roleName: "OtherAudit", regions: ["eu-west-1", "us-east-1"] },
      { id: "333333333333", regions: ["all"] },
    ]);
  });
  it("reads a JSON array of ids or objects", () => {
    expect(parseAccountsFile('["111111111111", {"id": "222222222222", "role": "R", "regions": ["us-west-2"], "name": "payments"}]', "a.json")).toEqual([
      { id: "111111111111" },
      { id: "222222222222", name: "payments", roleName: "R", regions: ["us-west-2"] },
    ]);
  });
  it("names the file and line of a bad entry", () => {
    expect(() => parseAccountsFile("111111111111\n12345\n", "a.txt")).toThrow(/a\.txt:2: "12345" is not an AWS account id/);
    expect(() => parseAccountsFile("111111111111 region=us-east-1\n", "a.txt")).toThrow(AccountsInputError);
    expect(() => parseAccountsFile("111111111111 regions=mars-1\n", "a.txt")).toThrow(/not an AWS region name/);
  });
  it("keeps one target per account, minus the excluded ones", () => {
    expect(dedupeTargets([{ id: "111111111111" }, { id: "222222222222" }, { id: "111111111111", roleName: "R" }], ["222222222222"])).toEqual([{ id: "111111111111", roleName: "R" }]);
  });
  it("builds the role ARN in the region's partition", () => {
    expect(roleArn(partitionOf("cn-north-1"), "111111111111", "KinesisGuardAudit")).toBe("arn:aws-cn:iam::111111111111:role/KinesisGuardAudit");
    expect(roleArn(partitionOf("us-gov-west-1"), "111111111111", "R")).toBe("arn:aws-us-gov:iam::111111111111:role/R");
    expect(roleArn(partitionOf("eu-west-1"), "111111111111", "R")).toBe("arn:aws:iam::111111111111:role/R");
  });
});

describe("account flags", () => {
  it("a single-account audit takes none of the role flags", () => {
    expect(parseAccountSelection({})).toBeUndefined();
    expect(() => parseAccountSelection({ roleName: "R" })).toThrow(UsageError);
    expect(() => parseAccountSelection({ account: ["111111111111"], ou: ["ou-abcd-12345678"] })).toThrow(/--ou: only with --organization/);
    expect(() => parseAccountSelection({ account: ["1111"] })).toThrow(/--account "1111": not an AWS account id/);
    expect(parseAccountSelection({ organization: true, ou: ["ou-abcd-12345678"], externalId: "x-1" })).toMatchObject({ organization: true, ous: ["ou-abcd-12345678"], roleName: "KinesisGuardAudit", externalId: "x-1" });
  });

  it("the CLI lists the flags and refuses a bad account id (exit 2) before any AWS call", async () => {
    const help = await runCli(["audit", "--help"], { cwd: ROOT });
    for (const flag of ["--account ", "--accounts ", "--organization ", "--ou ", "--exclude-account ", "--role-name ", "--external-id ", "--role-session-name ", "--account-concurrency "]) expect(help.stdout).toContain(flag);
    writeFileSync(join(dir, "bad.txt"), "111111111111\nnot-an-id\n");
    const bad = await runCli(["audit", "--accounts", join(dir, "bad.txt"), "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1", "--out", join(dir, "out")], {
      cwd: dir,
      env: { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "x", NODE_NO_WARNINGS: "1" },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.txt:2: "not-an-id" is not an AWS account id/);
  }, 60_000);
});

describe("role credentials", () => {
  it("are fetched once for all the clients of an account, and renewed 5 minutes before they expire", async () => {
    let now = 1_000_000;
    let calls = 0;
    const provider = shared(async () => ({ accessKeyId: `K${++calls}`, secretAccessKey: "s", expiration: new Date(now + 3_600_000) }), () => now);
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.accessKeyId, b.accessKeyId, calls]).toEqual(["K1", "K1", 1]);
    now += 3_600_000 - 6 * 60_000; // 6 minutes left: kept
    expect((await provider()).accessKeyId).toBe("K1");
    now += 2 * 60_000; // 4 minutes left: renewed
    expect((await provider()).accessKeyId).toBe("K2");
  });
  it("a failed AssumeRole is not kept: the next call tries again", async () => {
    let calls = 0;
    const provider = shared(async () => {
      calls++;
      if (calls === 1) throw new Error("AccessDenied");
      return { accessKeyId: "K", secretAccessKey: "s" };
    });
    await expect(provider()).rejects.toThrow("AccessDenied");
    expect((await provider()).accessKeyId).toBe("K");
  });
});

describe("progress", () => {
  it("prints account-regions done out of those known, and requests, one line each (CI logs)", () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const p = createOrgProgress("plain", out);
    p.addAccountRegions(2);
    p.accountRegionDone("111111111111 us-east-1", 40);
    p.accountFailed("222222222222", "could not assume ...: AccessDenied");
    p.accountRegionDone("111111111111 eu-west-1", 2);
    p.stop();
    expect(text.trim().split("\n")).toEqual([
      "kinesis-guard: 111111111111 us-east-1 collected (1/2 account-regions, 40 requests)",
      "kinesis-guard: account 222222222222 not audited: could not assume ...: AccessDenied",
      "kinesis-guard: 111111111111 eu-west-1 collected (2/2 account-regions, 42 requests)",
      "kinesis-guard: collection finished (2/2 account-regions, 42 requests)",
    ]);
  });
});
