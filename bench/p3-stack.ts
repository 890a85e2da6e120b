/**
 * Large Pulumi stacks for P3, built from the example programs as the engine sees them: both
 * programs are run once under mocks (test/harness), then copied with every URN and every physical
 * name made unique per copy, so copy k's alarms watch copy k's streams, its consumers and
 * delivery streams point at its own streams, and its VPC endpoint sits in its own VPC. The wire
 * shapes (secret envelopes, property dependencies, outputs) are exactly what the harness captured.
 */
import { captureProgram } from "../test/harness/program";
import type { CapturedProgram, CapturedResource } from "../test/harness/captured";

const NAMED_TYPES = new Set([
  "aws:kinesis/stream:Stream",
  "aws:kinesis/streamConsumer:StreamConsumer",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
]);

export const PROGRAMS = ["examples/compliant/index.ts", "examples/non-compliant/index.ts"] as const;

/** Run the example programs under mocks (about 10 s each). */
export function captureExamples(): CapturedProgram[] {
  return PROGRAMS.map((p) => captureProgram(p));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Renames one program's resources for copy `suffix`. */
class ProgramCopier {
  private readonly urns: Set<string>;
  /** Whole string values renamed: stream / consumer / delivery stream names and VPC ids. */
  private readonly exact: Set<string>;
  /** The same names inside ARNs, bounded by "/" or ":" (stream/<name>, consumer/<name>:...). */
  private readonly inArn: RegExp | undefined;

  constructor(private readonly program: CapturedProgram) {
    this.urns = new Set(program.resources.map((r) => r.urn));
    const names = new Set<string>();
    const vpcIds = new Set<string>();
    for (const r of program.resources) {
      const name = r.inputs.name;
      if (NAMED_TYPES.has(r.type) && typeof name === "string") names.add(name);
      if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && typeof r.inputs.vpcId === "string") vpcIds.add(r.inputs.vpcId);
    }
    this.exact = new Set([...names, ...vpcIds]);
    // Longest first, so "orders-stream-replica" wins over "orders-stream".
    const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.inArn = alternatives.length ? new RegExp(`(?<=[/:])(${alternatives.join("|")})(?=$|[/:])`, "g") : undefined;
  }

  copy(suffix: string): CapturedResource[] {
    const urn = (u: string) => (this.urns.has(u) ? `${u}${suffix}` : u);
    const value = (v: unknown): unknown => {
      if (typeof v === "string") {
        if (this.exact.has(v)) return `${v}${suffix}`;
        return this.inArn ? v.replace(this.inArn, `$1${suffix}`) : v;
      }
      if (Array.isArray(v)) return v.map(value);
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
      return v;
    };
    return this.program.resources.map((r) => ({
      ...r,
      name: `${r.name}${suffix}`,
      urn: urn(r.urn),
      ...(r.parent ? { parent: urn(r.parent) } : {}),
      dependencies: r.dependencies.map(urn),
      propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, us]) => [k, us.map(urn)])),
      inputs: value(r.inputs) as Record<string, unknown>,
      plainInputs: value(r.plainInputs) as Record<string, unknown>,
      outputs: value(r.outputs) as Record<string, unknown>,
    }));
  }
}

/**
 * A stack of exactly `size` resources: copies of the programs, interleaved, the last copy cut short.
 * Every copy gets a distinct suffix per program (the two examples share logical names).
 */
export function buildStack(programs: readonly CapturedProgram[], size: number): CapturedResource[] {
  if (!programs.some((p) => p.resources.length > 0)) throw new Error("buildStack: the captured programs registered no resources");
  const copiers = programs.map((p) => new ProgramCopier(p));
  const out: CapturedResource[] = [];
  for (let k = 0; out.length < size; k++) {
    for (const [i, c] of copiers.entries()) {
      out.push(...c.copy(`-${String.fromCharCode(97 + i)}${k}`));
      if (out.length >= size) break;
    }
  }
  return out.slice(0, size);
}

/** Resource count per type, for the report. */
export function typeBreakdown(resources: readonly CapturedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}
