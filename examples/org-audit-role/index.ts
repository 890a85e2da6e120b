/**
 * Deploys kinesis-guard's read-only audit role to every account of the given OUs with a
 * CloudFormation StackSet using service-managed permissions (AWS Organizations creates the
 * StackSet roles; new accounts joining the OUs get the role automatically).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 *
 * Run from the management account (or a StackSets delegated administrator, callAs DELEGATED_ADMIN):
 *
 *   pulumi config set auditorAccountId 111111111111      # where kinesis-guard runs
 *   pulumi config set --secret externalId <random string>
 *   pulumi config set --path 'organizationalUnitIds[0]' ou-abcd-12345678
 *   pulumi up
 *
 * Then: kinesis-guard audit --organization --role-name KinesisGuardAudit --external-id <the same> --region all
 * (the management account itself is audited with the caller's credentials: StackSets do not
 * deploy to it; attach docs/iam-policy.json and docs/iam-management-policy.json to the caller).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { auditRoleTemplate } from "./template";

const config = new pulumi.Config();
const auditorAccountId = config.require("auditorAccountId");
const organizationalUnitIds = config.requireObject<string[]>("organizationalUnitIds");
const roleName = config.get("roleName") ?? "KinesisGuardAudit";
const callAs = config.get("callAs") ?? "SELF"; // DELEGATED_ADMIN from a StackSets delegated administrator

const templateBody = config.requireSecret("externalId").apply((externalId) => JSON.stringify(auditRoleTemplate({ auditorAccountId, externalId, roleName })));

const stackSet = new aws.cloudformation.StackSet("kinesis-guard-audit-role", {
  name: "kinesis-guard-audit-role",
  description: "kinesis-guard read-only audit role",
  permissionModel: "SERVICE_MANAGED",
  autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
  capabilities: ["CAPABILITY_NAMED_IAM"],
  callAs,
  templateBody,
});

// IAM is global: one region per account is enough.
new aws.cloudformation.StackSetInstance("kinesis-guard-audit-role-ous", {
  stackSetName: stackSet.name,
  callAs,
  stackSetInstanceRegion: "us-east-1",
  deploymentTargets: { organizationalUnitIds },
  operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: "PARALLEL" },
});

export const roleArnPattern = `arn:aws:iam::<member-account>:role/${roleName}`;
export const stackSetName = stackSet.name;
