/**
 * The CloudFormation template the StackSet deploys into every member account: the read-only audit
 * role kinesis-guard assumes there (docs/iam-policy.json as its inline policy, the trust policy of
 * docs/iam-trust-policy.json with the management account and external id filled in).
 * Pure data, so test/security/iam-policy.test.ts can check it against the docs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface AuditRoleOptions {
  /** The account kinesis-guard runs from (management or delegated administrator). */
  readonly auditorAccountId: string;
  readonly externalId: string;
  /** Default KinesisGuardAudit (kinesis-guard's default --role-name). */
  readonly roleName?: string;
}

interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** docs/iam-policy.json: the read-only actions of the audit, nothing else. */
export function auditPolicy(): PolicyDocument {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "docs", "iam-policy.json"), "utf8")) as PolicyDocument;
}

export function auditRoleTemplate(o: AuditRoleOptions): Record<string, unknown> {
  const roleName = o.roleName ?? "KinesisGuardAudit";
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "kinesis-guard read-only audit role (Kinesis, Firehose, CloudWatch, tags, VPC endpoints, regions)",
    Resources: {
      KinesisGuardAuditRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: roleName,
          // One hour is the role's default and kinesis-guard renews its session before it ends.
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "KinesisGuardAuditFromManagementAccount",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${o.auditorAccountId}:root` },
                Action: "sts:AssumeRole",
                // The confused-deputy guard: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
                Condition: { StringEquals: { "sts:ExternalId": o.externalId } },
              },
            ],
          },
          Policies: [{ PolicyName: "kinesis-guard-read-only", PolicyDocument: auditPolicy() }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["KinesisGuardAuditRole", "Arn"] } } },
  };
}
