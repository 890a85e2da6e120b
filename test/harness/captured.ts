/** What the program runner captures per registered resource (JSON-serializable, wire form). */
export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly custom: boolean;
  readonly parent?: string;
  readonly provider?: string;
  readonly dependencies: readonly string[];
  /** Top-level property -> URNs its value was computed from. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Inputs as the engine would send them to Analyze: secrets as wire envelopes. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Inputs with secrets unwrapped. */
  readonly plainInputs: Readonly<Record<string, unknown>>;
  /** Dotted paths of inputs that were secrets. */
  readonly secretPaths: readonly string[];
  /** State after "create" (mock provider): inputs plus computed outputs, secrets as envelopes. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface CapturedProgram {
  readonly program: string;
  readonly resources: readonly CapturedResource[];
}
