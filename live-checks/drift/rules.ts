/**
 * The drift "rules": not policies of the pack (they compare two states, not one configuration),
 * so they live beside the catalog rather than in it, with the same metadata shape the reports use.
 */
import type { RuleSummary } from "../../rules/catalog";

export type DriftRuleMeta = RuleSummary;

export const DRIFT_CHANGED = "stack-drift";
export const DRIFT_MISSING_IN_AWS = "stack-resource-missing";
export const DRIFT_NOT_IN_STACK = "stack-unmanaged-resource";

const REFRESH_DOC = "https://www.pulumi.com/docs/iac/cli/commands/pulumi_refresh/";

export const DRIFT_RULES: readonly DriftRuleMeta[] = [
  {
    id: DRIFT_CHANGED,
    issue: "Configuration Drift",
    title: "Live configuration differs from the stack's deployed state",
    severity: "medium",
    category: "reliability",
    description:
      "A property of a stack resource has a different value in AWS than in the stack's last deployed state: it was changed out of band (console, CLI, another tool). The next `pulumi up` may silently revert it, or the stack no longer describes what runs.",
    remediation:
      "Decide which side is right: revert the out-of-band change by running `pulumi up` (the program wins), or adopt it with `pulumi refresh` and update the program to match.",
    docsUrl: REFRESH_DOC,
  },
  {
    id: DRIFT_MISSING_IN_AWS,
    issue: "Stack Resource Missing",
    title: "Stack resource no longer exists in AWS",
    severity: "high",
    category: "reliability",
    description: "The stack's state lists a stream or delivery stream that the live audit did not find in its region: it was deleted out of band (or the audit could not see it).",
    remediation: "Recreate it with `pulumi up`, or drop it from the state with `pulumi refresh` if the deletion was intended (and remove it from the program).",
    docsUrl: REFRESH_DOC,
  },
  {
    id: DRIFT_NOT_IN_STACK,
    issue: "Unmanaged Resource",
    title: "Live resource tagged for this stack but not in it",
    severity: "low",
    category: "reliability",
    description:
      "A live stream or delivery stream carries the stack's ownership tags (pulumi:project and pulumi:stack) but is not in the stack's state: it was created by hand or left behind.",
    remediation: "Bring it under management with `pulumi import`, or delete it if it is a leftover.",
    docsUrl: "https://www.pulumi.com/docs/iac/adopting-pulumi/import/",
  },
];

const byId = new Map(DRIFT_RULES.map((r) => [r.id, r]));

/** A drift rule's metadata; undefined for other ids. */
export function driftRule(id: string): DriftRuleMeta | undefined {
  return byId.get(id);
}

