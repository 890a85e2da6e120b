/** How a finding reads as a policy violation: what, where, found vs expected, and the fix. */
import type { Finding } from "../rules/model";
import { termValue } from "../live-checks/report/terminal";
import { redactText } from "../live-checks/stack/secrets";
import { secretValuesSeen } from "../adapters/pulumi/plain";

/**
 * The message never holds a value that reached the pack as a secret (a secret vpcId in the VPC
 * endpoint message): rules print model values without knowing they were secrets, so the message is
 * redacted of every secret value the adapter has seen (whole tokens only: a name that merely
 * contains a secret's text stays intact). The Pulumi CLI prints it in a terminal or CI log: names
 * and tags in it are made safe there (no control characters, no line that opens a workflow command;
 * live-checks/report/terminal.ts).
 */
export function violationMessage(f: Finding): string {
  const where = f.property ? ` [${f.property}: found ${f.found ?? "?"}, expected ${f.expected ?? "?"}]` : "";
  return termValue(redactText(`${f.details}${where} Fix: ${f.remediation}`, secretValuesSeen()));
}
