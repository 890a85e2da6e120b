/**
 * An audit scoped to a stack, made safe to print: every field of a live resource whose property
 * the stack keeps secret is shown as [secret] in every report (the KMS key, a tag's value, Lambda
 * ARNs, the VPC, the SSE key, the source stream ARN), and every finding's printable fields are
 * redacted of those values and of the document's secret values (secrets.ts redactFinding: whole
 * tokens only). Applied after the analysis (the rules judged the real values) and before any
 * report is rendered, so the JSON, CSV, dashboard, stubs, console and CI outputs all see the same
 * redacted analysis.
 *
 * Not redacted: a resource's identity (name, ARN: the report is about that resource) and numbers
 * and enums the analysis computes with (shard count, retention, encryption type, mode, buffering),
 * even when the program made them secret; docs/guarantees.md says so.
 */
import type { AuditAnalysis } from "../analyze";
import { isKnown, type DeliverySource, type DeliveryStreamConfig, type Finding, type Maybe, type StreamConfig, type Tags } from "../../rules/model";
import { DESTINATION_CONFIG_KEY } from "../../rules/lib/destinations";
import { redactFinding, SECRET_PLACEHOLDER } from "./secrets";
import type { SecretScope } from "./secret-scope";

type PathTest = (path: string) => boolean;

function redactTags(tags: StreamConfig["tags"], isSecret: PathTest, hidden: string[]): StreamConfig["tags"] {
  if (!isKnown(tags) || tags === undefined) return tags;
  let changed = false;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags as Tags)) {
    if (isSecret(`tags.${k}`) || isSecret(`tagsAll.${k}`)) {
      hidden.push(v);
      out[k] = SECRET_PLACEHOLDER;
      changed = true;
    } else out[k] = v;
  }
  return changed ? out : tags;
}

/** The placeholder instead of a string value that is secret (remembering the value); other values unchanged. */
function hideString<T>(v: T, secret: boolean, hidden: string[]): T {
  if (!secret || typeof v !== "string") return v;
  hidden.push(v);
  return SECRET_PLACEHOLDER as T;
}

function redactStream(s: StreamConfig, isSecret: PathTest, hidden: string[]): StreamConfig {
  return { ...s, kmsKeyId: hideString(s.kmsKeyId, isSecret("kmsKeyId"), hidden), tags: redactTags(s.tags, isSecret, hidden) };
}

function redactDeliveryStream(d: DeliveryStreamConfig, isSecret: PathTest, hidden: string[]): DeliveryStreamConfig {
  const block = isKnown(d.destination) ? DESTINATION_CONFIG_KEY[d.destination] : undefined;
  const inBlock = (p: string) => block !== undefined && isSecret(`${block}.${p}`);
  const lambdaSecret = inBlock("processingConfiguration");
  const vpcSecret = inBlock("vpcConfig");
  if (lambdaSecret) hidden.push(...(d.lambdaArns ?? []));
  const source: DeliverySource =
    d.source.type === "KinesisStreamAsSource"
      ? { ...d.source, streamArn: hideString<Maybe<string | undefined>>(d.source.streamArn, isSecret("kinesisSourceConfiguration.kinesisStreamArn"), hidden) }
      : d.source;
  let vpc = d.vpc;
  if (vpc && vpcSecret) {
    const subnets = isKnown(vpc.subnetIds) ? vpc.subnetIds : [];
    hidden.push(...subnets);
    vpc = { ...vpc, vpcId: hideString(vpc.vpcId, true, hidden), subnetIds: subnets.map(() => SECRET_PLACEHOLDER) };
  }
  return {
    ...d,
    source,
    ...(lambdaSecret && d.lambdaArns ? { lambdaArns: d.lambdaArns.map(() => SECRET_PLACEHOLDER) } : {}),
    ...(vpc ? { vpc } : {}),
    sse: { ...d.sse, keyArn: hideString(d.sse.keyArn, isSecret("serverSideEncryption.keyArn"), hidden) },
    tags: redactTags(d.tags, isSecret, hidden),
  };
}

/**
 * @param matched stack resource URN -> live resource ref (the drift check's matches)
 */
export function redactAnalysisForStack(a: AuditAnalysis, matched: ReadonlyMap<string, string>, secrets: SecretScope): AuditAnalysis {
  const urnOf = new Map([...matched].map(([urn, live]) => [live, urn]));
  const hiddenByRef = new Map<string, string[]>();
  const testFor = (ref: string): PathTest | undefined => {
    const urn = urnOf.get(ref);
    return urn === undefined ? undefined : (p) => secrets.isSecret(urn, p, "state");
  };
  const hiddenFor = (ref: string) => {
    let h = hiddenByRef.get(ref);
    if (!h) hiddenByRef.set(ref, (h = []));
    return h;
  };
  // Configs first: the values they hide are redacted from the findings next.
  const streamConfigs = a.streams.map((r) => {
    const test = testFor(r.stream.id.ref);
    return test ? redactStream(r.stream, test, hiddenFor(r.stream.id.ref)) : r.stream;
  });
  const deliveryConfigs = a.deliveryStreams.map((r) => {
    const test = testFor(r.deliveryStream.id.ref);
    return test ? redactDeliveryStream(r.deliveryStream, test, hiddenFor(r.deliveryStream.id.ref)) : r.deliveryStream;
  });
  const memo = new Map<Finding, Finding>();
  const rf = (f: Finding): Finding => {
    let out = memo.get(f);
    if (!out) {
      out = redactFinding(f, [...secrets.values, ...(hiddenByRef.get(f.resource.ref) ?? [])]);
      memo.set(f, out);
    }
    return out;
  };
  return {
    ...a,
    streams: a.streams.map((r, i) => ({ ...r, stream: streamConfigs[i]!, findings: r.findings.map(rf) })),
    deliveryStreams: a.deliveryStreams.map((r, i) => ({ ...r, deliveryStream: deliveryConfigs[i]!, findings: r.findings.map(rf) })),
    findings: a.findings.map(rf),
    ...(a.otherFindings ? { otherFindings: a.otherFindings.map(rf) } : {}),
  };
}
