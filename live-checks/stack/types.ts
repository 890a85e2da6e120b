/**
 * A Pulumi stack as kinesis-guard reads it, whichever document it came from (`pulumi stack export`
 * or `pulumi preview --json`): the resources with their properties, secrets already redacted.
 */

/** One resource of the document. Property values are plain JSON; secrets replaced, unknowns kept as Pulumi's sentinels. */
export interface StackResource {
  readonly urn: string;
  /** Pulumi type token, e.g. "aws:kinesis/stream:Stream". */
  readonly type: string;
  /** Logical name (last URN segment). */
  readonly name: string;
  /** Provider-assigned id (for Kinesis streams: the ARN; Firehose: the ARN). Absent before creation. */
  readonly id?: string;
  readonly custom: boolean;
  /** The properties the rules see: outputs of a stack export, inputs of a preview step. */
  readonly props: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly parent?: string;
  /** Provider reference "<provider urn>::<provider id>". */
  readonly provider?: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Dotted property paths (in `props`) whose value was a Pulumi secret. */
  readonly secretPaths: readonly string[];
  /** Region from the resource's AWS provider (or the stack's aws:region). */
  readonly region?: string;
}

export interface StackDocument {
  readonly format: "stack-export" | "checkpoint" | "preview";
  /** File it was read from (for messages). */
  readonly source: string;
  /** From the URNs: urn:pulumi:<stack>::<project>::... */
  readonly project?: string;
  readonly stack?: string;
  /** Every resource in the document, all types. */
  readonly resources: readonly StackResource[];
  /** Notes worth telling the user (ignored types, assumptions). Never contain secret values. */
  readonly notes: readonly string[];
  /**
   * Plaintext values of secrets found in the document (only a `--show-secrets` export has them):
   * used to redact any output that might echo one. Never print this.
   */
  readonly secretValues: readonly string[];
}

/** A document that cannot be read: the message names the file and what to do. */
export class StackDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackDocumentError";
  }
}
