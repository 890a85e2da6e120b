/**
 * The simulated organization (simulator/organization.ts) through the real SDK v3 clients: STS
 * AssumeRole (success, AccessDenied for a missing role, an untrusted caller, a wrong external id),
 * Organizations ListAccounts (paginated, management account only), EC2 DescribeRegions, and
 * per-account resources and quotas reached with the assumed role's credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { generateOrganization, generatedAccountId } from "../../simulator/fleet-generator";
import { startOrganizationSimulator, type OrganizationSimulatorHandle } from "../../simulator/organization";

const MGMT = { accessKeyId: "AKIDMANAGEMENT", secretAccessKey: "secret" };
const MEMBER_CALLER = { accessKeyId: "AKIDMEMBERUSER", secretAccessKey: "secret" };
let sim: OrganizationSimulatorHandle;
const common = () => ({ endpoint: sim.endpoint, region: "us-east-1", requestHandler: new NodeHttpHandler(), maxAttempts: 1 });

beforeAll(async () => {
  const org = generateOrganization({ accounts: 25, regions: ["us-east-1", "eu-west-1"], streamsPerRegion: 2, deliveryStreamsPerRegion: 1, shardsPerStream: 1, externalId: "ext-123" });
  sim = await startOrganizationSimulator({
    organization: {
      ...org,
      // One member account without the role; the caller AKIDMEMBERUSER lives in member 0.
      accounts: org.accounts.map((a) => (a.id === generatedAccountId(3) ? { ...a, roles: [] } : a)),
      callerAccessKeys: { [MEMBER_CALLER.accessKeyId]: generatedAccountId(0) },
    },
    quotas: true,
  });
});
afterAll(async () => sim?.close());

describe("simulated organization", () => {
  it("lists the accounts page by page, for the management account only", async () => {
    const client = new OrganizationsClient({ ...common(), credentials: MGMT });
    const first = await client.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20); // AWS's page size limit
    expect(first.NextToken).toBeDefined();
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
    expect(ids).toHaveLength(26);
    expect(ids).toContain(generatedAccountId(24));
    const member = new OrganizationsClient({ ...common(), credentials: MEMBER_CALLER });
    await expect(member.send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  it("assumes a member role with the right external id, and the credentials land in that account", async () => {
    const sts = new STSClient({ ...common(), credentials: MGMT });
    const roleArn = `arn:aws:iam::${generatedAccountId(7)}:role/KinesisGuardAudit`;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "kg-test", ExternalId: "ext-123" }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${generatedAccountId(7)}:assumed-role/KinesisGuardAudit/kg-test`);
    const credentials = fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: "kg-test", ExternalId: "ext-123" }, masterCredentials: MGMT, clientConfig: common() });
    const who = await new STSClient({ ...common(), credentials }).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(generatedAccountId(7));
    const streams = await new KinesisClient({ ...common(), credentials }).send(new ListStreamsCommand({}));
    expect(streams.StreamSummaries?.map((s) => s.StreamARN)).toEqual([
      `arn:aws:kinesis:us-east-1:${generatedAccountId(7)}:stream/stream-0`,
      `arn:aws:kinesis:us-east-1:${generatedAccountId(7)}:stream/stream-1`,
    ]);
    const regions = await new EC2Client({ ...common(), credentials }).send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("refuses with AccessDenied: a wrong or missing external id, a role that does not exist, a caller the role does not trust", async () => {
    const sts = new STSClient({ ...common(), credentials: MGMT });
    const arn = (i: number) => `arn:aws:iam::${generatedAccountId(i)}:role/KinesisGuardAudit`;
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: arn(1), RoleSessionName: "kg", ExternalId: "wrong" }))).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: arn(1), RoleSessionName: "kg" }))).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: arn(3), RoleSessionName: "kg", ExternalId: "ext-123" }))).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::999999999999:role/KinesisGuardAudit", RoleSessionName: "kg", ExternalId: "ext-123" }))).rejects.toMatchObject({ name: "AccessDenied" });
    const member = new STSClient({ ...common(), credentials: MEMBER_CALLER });
    await expect(member.send(new AssumeRoleCommand({ RoleArn: arn(1), RoleSessionName: "kg", ExternalId: "ext-123" }))).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("keeps quotas per account: two accounts each get their own ListStreams bucket", async () => {
    const credsOf = (i: number) =>
      fromTemporaryCredentials({ params: { RoleArn: `arn:aws:iam::${generatedAccountId(i)}:role/KinesisGuardAudit`, RoleSessionName: "kg", ExternalId: "ext-123" }, masterCredentials: MGMT, clientConfig: common() });
    const before = sim.throttled()["Kinesis.ListStreams"] ?? 0;
    // 5 ListStreams per account at once: within each account's 5 TPS bucket, so no throttle, while
    // 10 in one account would be.
    const a = new KinesisClient({ ...common(), credentials: credsOf(10) });
    const b = new KinesisClient({ ...common(), credentials: credsOf(11) });
    await Promise.all([...Array.from({ length: 5 }, () => a.send(new ListStreamsCommand({}))), ...Array.from({ length: 5 }, () => b.send(new ListStreamsCommand({})))]);
    expect(sim.throttled()["Kinesis.ListStreams"] ?? 0).toBe(before);
    const c = new KinesisClient({ ...common(), credentials: credsOf(12) });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => c.send(new ListStreamsCommand({}))));
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
    expect(sim.callsByAccount()[generatedAccountId(10)]?.["Kinesis.ListStreams"]).toBe(5);
  });
});
