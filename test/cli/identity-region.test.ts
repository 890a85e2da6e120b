/**
 * Issue 13 point 4, the AWS habits of `audit`: the region comes from --region, else AWS_REGION /
 * AWS_DEFAULT_REGION, else the profile's region (the SDK's config loader); sts:GetCallerIdentity runs
 * first, so missing or refused credentials exit 2 with the SDK's / STS's message and what to do
 * (before: exit 3, an empty report set and a green dashboard); the account id is in every report;
 * the console lists the findings, grouped by resource, most severe first.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario, startSimulator, type SimulatorHandle } from "../../simulator";
import { runCli, ROOT, type CliRun } from "../reliability/run-cli";

const dir = mkdtempSync(join(tmpdir(), "kg-identity-"));
const scenario = loadScenario(join(ROOT, "simulator", "scenarios", "demo-fleet.json"));
let sim: SimulatorHandle;
// No region and no credentials anywhere unless a test sets them: empty shared files, no profile.
const noAws: NodeJS.ProcessEnv = {
  AWS_REGION: "",
  AWS_DEFAULT_REGION: "",
  AWS_PROFILE: "",
  AWS_ENDPOINT_URL: "",
  AWS_CONFIG_FILE: join(dir, "no-config"),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-credentials"),
  NODE_NO_WARNINGS: "1",
};
const keys = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "test-secret-key" };

function audit(args: string[], env: NodeJS.ProcessEnv, out: string): Promise<CliRun> {
  return runCli(["audit", "--endpoint-url", sim.endpoint, "--no-progress", "--out", out, ...args], { cwd: dir, env: { ...noAws, ...env } });
}

let byEnv: CliRun;
let byDefaultEnv: CliRun;
let byProfile: CliRun;
beforeAll(async () => {
  sim = await startSimulator({ scenario });
  writeFileSync(join(dir, "aws-config"), "[profile audit]\nregion = us-east-1\n");
  writeFileSync(join(dir, "aws-credentials"), "[audit]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = test-secret-key\n");
  // Three audits at once: each resolves its region a different way.
  [byEnv, byDefaultEnv, byProfile] = await Promise.all([
    audit(["--ci-format", "sarif,junit,markdown,json"], { ...keys, AWS_REGION: "us-east-1" }, join(dir, "env")),
    audit([], { ...keys, AWS_DEFAULT_REGION: "us-east-1" }, join(dir, "default-env")),
    audit(["--profile", "audit"], { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_CONFIG_FILE: join(dir, "aws-config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "aws-credentials") }, join(dir, "profile")),
  ]);
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("region resolution", () => {
  it("takes AWS_REGION, AWS_DEFAULT_REGION and the profile's region when --region is absent", () => {
    for (const r of [byEnv, byDefaultEnv, byProfile]) {
      expect(r.stderr).not.toMatch(/no region to audit|internal error/);
      expect(r.status).toBe(1); // the demo fleet has high findings
      expect(r.stdout).toMatch(/^kinesis-guard audit - account 123456789012 - us-east-1 - /);
    }
  });

  it("without any region, exits 2 and names every way to give one", async () => {
    const r = await audit([], keys, join(dir, "none"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no region to audit: pass --region.*AWS_REGION.*AWS_DEFAULT_REGION.*profile/s);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("identity check", () => {
  it("missing credentials: exit 2 with the SDK's message and what to do, no report written", async () => {
    const out = join(dir, "no-creds");
    const r = await audit([], { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" }, out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Could not load credentials from any providers");
    expect(r.stderr).toMatch(/What to do: .*AWS_ACCESS_KEY_ID.*--profile.*aws sts get-caller-identity/s);
    expect(existsSync(out)).toBe(false);
    expect(r.stdout).toBe("");
  });

  it("credentials STS refuses: exit 2 with STS's error", async () => {
    const out = join(dir, "bad-creds");
    const r = await audit([], { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "INVALIDKEYID", AWS_SECRET_ACCESS_KEY: "x" }, out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("InvalidClientTokenId: The security token included in the request is invalid.");
    expect(existsSync(out)).toBe(false);
  });

  it("STS unreachable is not the user's credentials: exit 3", async () => {
    const r = await runCli(["audit", "--endpoint-url", "http://127.0.0.1:9", "--no-progress", "--out", join(dir, "down")], { cwd: dir, env: { ...noAws, ...keys, AWS_REGION: "us-east-1" } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/could not reach STS/);
  });
});

describe("the account in every report", () => {
  it("kinesis_analysis.json, SARIF, JUnit, Markdown, JSON and the console name the account", () => {
    const out = join(dir, "env");
    const analysis = JSON.parse(readFileSync(join(out, "kinesis_analysis.json"), "utf8")) as { account_id: string };
    expect(analysis.account_id).toBe("123456789012");
    const sarif = JSON.parse(readFileSync(join(out, "kinesis-guard.sarif"), "utf8")) as { runs: { properties?: { awsAccountId?: string } }[] };
    expect(sarif.runs[0]!.properties?.awsAccountId).toBe("123456789012");
    expect(readFileSync(join(out, "kinesis-guard.junit.xml"), "utf8")).toContain('<property name="aws-account" value="123456789012"/>');
    expect(readFileSync(join(out, "kinesis-guard-summary.md"), "utf8")).toContain("**Account:** 123456789012");
    expect((JSON.parse(readFileSync(join(out, "kinesis-guard.json"), "utf8")) as { account: string }).account).toBe("123456789012");
  });
});

describe("console findings", () => {
  it("lists every finding, grouped by resource, the most severe resource first and high to low inside", () => {
    const section = byEnv.stdout.split("FINDINGS (most severe first, by resource)\n")[1]!.split("\n\n")[0]!;
    const lines = section.split("\n");
    const analysis = JSON.parse(readFileSync(join(dir, "env", "kinesis_analysis.json"), "utf8")) as { summary: { total_findings: number } };
    const findingLines = lines.filter((l) => /^ {4}(HIGH|MEDIUM|LOW) /.test(l));
    expect(findingLines.length).toBe(analysis.summary.total_findings);
    const rank: Record<string, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };
    let worstBefore = 0;
    let group: number[] = [];
    const groups: number[][] = [];
    for (const l of lines) {
      if (/^ {2}\S/.test(l)) {
        if (group.length) groups.push(group);
        group = [];
      } else group.push(rank[l.trim().split(/\s+/)[0]!]!);
    }
    groups.push(group);
    for (const g of groups) {
      expect([...g].sort()).toEqual(g); // high to low inside a resource
      expect(g[0]!).toBeGreaterThanOrEqual(worstBefore); // resources by their worst finding
      worstBefore = g[0]!;
    }
  });
});
