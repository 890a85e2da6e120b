/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, ...). The log is built as a typed object
 * and serialized with JSON.stringify: no string building. The types below are the subset of the
 * SARIF 2.1.0 object model we emit (OASIS standard: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html);
 * tests validate the output against the schema in schemas/sarif-2.1.0.json.
 * GitHub's ingestion rules (security-severity, partialFingerprints):
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from "node:crypto";
import type { Severity } from "../../rules/model";
import { DRIFT_RULES } from "../drift/rules";
import type { Suppression } from "../suppressions";
import type { CheckReport, ReportFinding, ReportRule, ReportSuppressedFinding } from "./view-model";

/** Drift checks only exist in audits; a scan's SARIF lists the policies alone. */
const DRIFT_IDS = new Set(DRIFT_RULES.map((r) => r.id));

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

export type SarifLevel = "none" | "note" | "warning" | "error";

export interface SarifMessage {
  readonly text: string;
  readonly markdown?: string;
}
export interface SarifReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: SarifLevel; readonly enabled: boolean };
  readonly properties: { readonly tags: readonly string[]; readonly "security-severity": string; readonly issue: string; readonly enforcement: string };
}
export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string };
    readonly region: { readonly startLine: number };
  };
  readonly logicalLocations: readonly { readonly name: string; readonly fullyQualifiedName: string; readonly kind: string }[];
}
export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, unknown>>;
  /** An accepted finding: status accepted; kind "external" (config exemption, baseline) or "inSource" (exemption tag), see suppressionKind. */
  readonly suppressions?: readonly { readonly kind: "external" | "inSource"; readonly status: "accepted"; readonly justification: string }[];
}
export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: SarifMessage;
}
export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version: string;
      readonly semanticVersion: string;
      readonly informationUri?: string;
      readonly rules: readonly SarifReportingDescriptor[];
    };
  };
  readonly automationDetails?: { readonly id: string };
  /** The audited AWS account (audit). */
  readonly properties?: { readonly awsAccountId: string };
  readonly invocations: readonly {
    readonly executionSuccessful: boolean;
    readonly exitCode: number;
    readonly endTimeUtc: string;
    readonly toolExecutionNotifications: readonly SarifNotification[];
  }[];
  readonly results: readonly SarifResult[];
}
export interface SarifLog {
  readonly $schema: string;
  readonly version: "2.1.0";
  readonly runs: readonly SarifRun[];
}

/** GitHub ranks security alerts by this number (critical >= 9, high >= 7, medium >= 4, low > 0). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { high: "8.0", medium: "5.5", low: "3.0" };
const SEVERITY_LEVEL: Readonly<Record<Severity, SarifLevel>> = { high: "error", medium: "warning", low: "note" };

function ruleLevel(r: ReportRule): SarifLevel {
  return r.enforcement === "mandatory" ? "error" : SEVERITY_LEVEL[r.severity];
}

/** A finding that fails the gate is an error; the rest keep their severity's level. */
function resultLevel(f: Pick<ReportFinding, "failsGate" | "severity">): SarifLevel {
  return f.failsGate ? "error" : SEVERITY_LEVEL[f.severity];
}

/** accountId and region of an ARN ref (arn:partition:service:region:account:...); nothing for other refs. */
function arnScope(ref: string): { accountId?: string; region?: string } {
  const [arn, , , region, account] = ref.split(":");
  if (arn !== "arn") return {};
  return { ...(account && /^\d{12}$/.test(account) ? { accountId: account } : {}), ...(region ? { region } : {}) };
}

/** Stable across runs, so code scanning tracks one alert per (rule, resource, property). */
function fingerprint(f: Pick<ReportFinding, "ruleId" | "resource" | "property">): string {
  return createHash("sha256").update(`${f.ruleId}\u0000${f.resource.ref}\u0000${f.property ?? ""}`).digest("hex");
}

export function buildSarif(report: CheckReport): SarifLog {
  const rules = report.rules.filter((r) => r.enforcement !== "disabled" && (report.kind === "audit" || !DRIFT_IDS.has(r.id)));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const all: (ReportFinding | ReportSuppressedFinding)[] = [...report.findings, ...report.suppressed];
  const results: SarifResult[] = all.map((f) => {
    const ruleIndex = index.get(f.ruleId);
    if (ruleIndex === undefined) throw new Error(`SARIF: rule "${f.ruleId}" missing from the driver's rules`);
    const where = f.property ? `${f.resource.displayName} (${f.property})` : f.resource.displayName;
    return {
      ruleId: f.ruleId,
      ruleIndex,
      level: resultLevel(f),
      message: { text: `${f.issue}: ${where}: ${f.details} Fix: ${f.remediation}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: report.artifactUri }, region: { startLine: 1 } },
          logicalLocations: [{ name: f.resource.displayName, fullyQualifiedName: f.resource.ref, kind: "resource" }],
        },
      ],
      partialFingerprints: { "kinesisGuardFinding/v1": fingerprint(f) },
      properties: {
        severity: f.severity,
        enforcement: f.enforcement,
        resourceType: f.resource.type,
        // The resource's account and region (live audits: the ref is its ARN), so results of an
        // organization-wide audit can be filtered per account.
        ...arnScope(f.resource.ref),
        ...(f.property === undefined ? {} : { property: f.property }),
        ...(f.found === undefined ? {} : { found: f.found }),
        ...(f.expected === undefined ? {} : { expected: f.expected }),
        ...(f.monthlyImpactUsd === undefined ? {} : { monthlyImpactUsd: f.monthlyImpactUsd }),
        ...("suppression" in f ? { suppressedBy: f.suppression.kind, ...(f.suppression.expires ? { exemptionExpires: f.suppression.expires } : {}) } : {}),
      },
      // SARIF 3.35: a suppressed result stays in the log; GitHub shows it as a dismissed alert.
      ...("suppression" in f
        ? { suppressions: [{ kind: suppressionKind(f.suppression), status: "accepted" as const, justification: `${f.suppression.kind}: ${f.suppression.reason}${f.suppression.expires ? ` (until ${f.suppression.expires})` : ""}` }] }
        : {}),
    };
  });
  const notifications: SarifNotification[] = [
    ...report.errors.map((text) => ({ level: "error" as const, message: { text } })),
    ...report.notes.map((text) => ({ level: "note" as const, message: { text } })),
  ];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            ...(report.tool.informationUri ? { informationUri: report.tool.informationUri } : {}),
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              // helpUri: the rule's section of docs/rules.md when kinesis-guard's repository is known
              // (output/repo-links.ts); never a made-up URL. The help text always has both links.
              help: {
                text: `${r.remediation}${r.ruleDocPath ? ` Rule documentation: ${r.ruleDocUrl ?? r.ruleDocPath}.` : ""} AWS documentation: ${r.docsUrl}`,
                markdown: `${r.remediation}\n\n${r.ruleDocPath ? `[kinesis-guard rule documentation](${r.ruleDocUrl ?? r.ruleDocPath}) · ` : ""}[AWS documentation](${r.docsUrl})`,
              },
              ...(r.ruleDocUrl ? { helpUri: r.ruleDocUrl } : {}),
              defaultConfiguration: { level: ruleLevel(r), enabled: true },
              properties: {
                tags: [r.category, r.id.startsWith("kdf-") ? "firehose" : r.id.startsWith("kds-") ? "kinesis" : "drift"],
                "security-severity": SECURITY_SEVERITY[r.severity],
                issue: r.issue,
                enforcement: r.enforcement,
              },
            })),
          },
        },
        // No fixed automationDetails: GitHub's upload-sarif `category:` input sets it, so two stacks
        // scanned in one repository keep their own alerts. --sarif-category sets it here instead
        // ("category/" form: the part before the last "/" is the category).
        // https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#runautomationdetails-object
        ...(report.sarifCategory ? { automationDetails: { id: report.sarifCategory.endsWith("/") ? report.sarifCategory : `${report.sarifCategory}/` } } : {}),
        ...(report.account ? { properties: { awsAccountId: report.account } } : {}),
        invocations: [
          {
            executionSuccessful: !report.incomplete,
            exitCode: report.exitCode,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
}

/**
 * SARIF 2.1.0 §3.35.2 knows two kinds of suppression: "inSource", expressed in the analyzed artifact
 * itself (a pragma, an attribute), and "external", kept apart from it (a suppression file, a
 * database). Config exemptions and the baseline are files of their own: "external". The exemption
 * tag is part of the resource that is judged - written in its Pulumi inputs for `scan`, set on the
 * AWS resource for `audit` - and goes with it, as an attribute does with code: "inSource". (A tag is
 * not source code; but what SARIF distinguishes is where the suppression lives, with the analyzed
 * thing or beside it, and a tag lives with it.)
 */
function suppressionKind(s: Suppression): "external" | "inSource" {
  return s.kind === "tag" ? "inSource" : "external";
}
