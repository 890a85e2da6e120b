/**
 * Property-by-property comparison of a stack resource's deployed state with the live resource,
 * both already in the normalized model. One Difference per property that differs; values that
 * either side cannot tell (UNKNOWN, an unreadable secret) are not compared.
 */
import { isKnown, type DeliveryStreamConfig, type Maybe, type StreamConfig, type Tags } from "../../rules/model";
import { SECRET_PLACEHOLDER } from "../stack/secrets";

export interface Difference {
  /** Pulumi property path, e.g. "retentionPeriod", "extendedS3Configuration.bufferingSize". */
  readonly property: string;
  /** Printable values. */
  readonly stackValue: string;
  readonly liveValue: string;
  /** Security-relevant differences (encryption weakened) are high severity. */
  readonly severity: "high" | "medium";
  /** The AWS CLI command that reverts the live resource to the stack's value, when one command does. */
  readonly revert?: string;
}

type Comparable = string | number | boolean | undefined | readonly string[];

function show(v: Comparable): string {
  if (v === undefined) return "(not set)";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.join(", ")}]`;
  return String(v);
}

function same(a: Comparable, b: Comparable): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = [...((a as readonly string[] | undefined) ?? [])].sort();
    const y = [...((b as readonly string[] | undefined) ?? [])].sort();
    return x.length === y.length && x.every((e, i) => e === y[i]);
  }
  return a === b;
}

/** Both sides readable: known, and not a secret whose value the state does not hold. */
function comparable<T>(v: Maybe<T>): v is T {
  return isKnown(v) && v !== SECRET_PLACEHOLDER;
}

/**
 * KMS keys can be named by alias, alias ARN, key id or key ARN; compare the alias or key id part.
 * (The two sides may name the same key differently; an alias and a key id of the same key cannot be
 * told apart offline and count as different.)
 */
export function normalizeKmsKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const m = /^arn:aws[a-z-]*:kms:[^:]*:[^:]*:(alias\/.+|key\/.+)$/.exec(key);
  const tail = m ? m[1]! : key;
  return tail.startsWith("key/") ? tail.slice(4) : tail;
}

/** Tags AWS sets itself (aws:*) are not the program's. */
function userTags(t: Tags | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(t ?? {}).filter(([k]) => !k.toLowerCase().startsWith("aws:")));
}

function tagDiff(stack: Maybe<Tags>, live: Maybe<Tags>, resourceArg: string, cli: "kinesis" | "firehose"): Difference | undefined {
  if (!comparable(stack) || !comparable(live)) return undefined;
  const s = userTags(stack);
  const l = userTags(live);
  const keys = [...new Set([...Object.keys(s), ...Object.keys(l)])].sort();
  const changed = keys.filter((k) => s[k] !== l[k] && s[k] !== SECRET_PLACEHOLDER);
  if (changed.length === 0) return undefined;
  const fmt = (m: Record<string, string>) => changed.map((k) => `${k}=${m[k] ?? "(absent)"}`).join(", ");
  const toSet = changed.filter((k) => s[k] !== undefined);
  const toRemove = changed.filter((k) => s[k] === undefined);
  const cmds: string[] = [];
  if (cli === "kinesis") {
    if (toSet.length) cmds.push(`aws kinesis add-tags-to-stream ${resourceArg} --tags ${toSet.map((k) => `${k}=${s[k]}`).join(",")}`);
    if (toRemove.length) cmds.push(`aws kinesis remove-tags-from-stream ${resourceArg} --tag-keys ${toRemove.join(" ")}`);
  } else {
    if (toSet.length) cmds.push(`aws firehose tag-delivery-stream ${resourceArg} --tags ${toSet.map((k) => `Key=${k},Value=${s[k]}`).join(" ")}`);
    if (toRemove.length) cmds.push(`aws firehose untag-delivery-stream ${resourceArg} --tag-keys ${toRemove.join(" ")}`);
  }
  return { property: "tags", stackValue: fmt(s), liveValue: fmt(l), severity: "medium", revert: cmds.join(" && ") };
}

function diff(property: string, stack: Maybe<Comparable>, live: Maybe<Comparable>, extra: Partial<Difference> = {}): Difference | undefined {
  if (!comparable(stack) || !comparable(live) || same(stack, live)) return undefined;
  return { property, stackValue: show(stack), liveValue: show(live), severity: "medium", ...extra };
}

/** Differences of a Data Stream, in a fixed order. */
export function compareStreams(stack: StreamConfig, live: StreamConfig): Difference[] {
  const name = typeof live.name === "string" ? live.name : String(stack.name);
  const arg = `--stream-name ${name}`;
  const out: (Difference | undefined)[] = [];
  const sEnc = stack.encryptionType;
  const lEnc = live.encryptionType;
  out.push(
    diff("encryptionType", sEnc, lEnc, {
      severity: sEnc === "KMS" ? "high" : "medium",
      revert:
        sEnc === "KMS"
          ? `aws kinesis start-stream-encryption ${arg} --encryption-type KMS --key-id ${comparable(stack.kmsKeyId) && stack.kmsKeyId ? stack.kmsKeyId : "alias/aws/kinesis"}`
          : `aws kinesis stop-stream-encryption ${arg} --encryption-type KMS --key-id ${comparable(live.kmsKeyId) ? live.kmsKeyId : "<key>"}`,
    }),
  );
  if (sEnc === "KMS" && lEnc === "KMS" && comparable(stack.kmsKeyId) && comparable(live.kmsKeyId)) {
    if (normalizeKmsKey(stack.kmsKeyId) !== normalizeKmsKey(live.kmsKeyId)) {
      out.push({
        property: "kmsKeyId",
        stackValue: show(stack.kmsKeyId),
        liveValue: show(live.kmsKeyId),
        severity: "high",
        ...(stack.kmsKeyId ? { revert: `aws kinesis start-stream-encryption ${arg} --encryption-type KMS --key-id ${stack.kmsKeyId}` } : {}),
      });
    }
  }
  const sRet = stack.retentionHours;
  const lRet = live.retentionHours;
  out.push(
    diff("retentionPeriod", sRet, lRet, {
      ...(typeof sRet === "number" && typeof lRet === "number"
        ? { revert: `aws kinesis ${sRet > lRet ? "increase" : "decrease"}-stream-retention-period ${arg} --retention-period-hours ${sRet}` }
        : {}),
    }),
  );
  out.push(
    diff("streamModeDetails.streamMode", stack.mode, live.mode, {
      ...(comparable(stack.mode) && comparable(live.arn) && live.arn ? { revert: `aws kinesis update-stream-mode --stream-arn ${live.arn} --stream-mode-details StreamMode=${stack.mode}` } : {}),
    }),
  );
  // Shard count only means something in provisioned mode on both sides.
  if (stack.mode === "PROVISIONED" && live.mode === "PROVISIONED") {
    out.push(
      diff("shardCount", stack.shardCount, live.shardCount, {
        ...(typeof stack.shardCount === "number" ? { revert: `aws kinesis update-shard-count ${arg} --target-shard-count ${stack.shardCount} --scaling-type UNIFORM_SCALING` } : {}),
      }),
    );
  }
  if (comparable(stack.shardLevelMetrics) && comparable(live.shardLevelMetrics)) {
    const s = new Set(stack.shardLevelMetrics);
    const l = new Set(live.shardLevelMetrics);
    const enable = [...s].filter((m) => !l.has(m)).sort();
    const disable = [...l].filter((m) => !s.has(m)).sort();
    const cmds = [
      ...(enable.length ? [`aws kinesis enable-enhanced-monitoring ${arg} --shard-level-metrics ${enable.join(" ")}`] : []),
      ...(disable.length ? [`aws kinesis disable-enhanced-monitoring ${arg} --shard-level-metrics ${disable.join(" ")}`] : []),
    ];
    out.push(diff("shardLevelMetrics", [...s].sort(), [...l].sort(), { revert: cmds.join(" && ") }));
  }
  out.push(tagDiff(stack.tags, live.tags, arg, "kinesis"));
  return out.filter((d): d is Difference => d !== undefined);
}

/** Differences of a delivery stream, in a fixed order. Configuration changes revert with `pulumi up` (UpdateDestination needs the whole block). */
export function compareDeliveryStreams(stack: DeliveryStreamConfig, live: DeliveryStreamConfig): Difference[] {
  const name = typeof live.name === "string" ? live.name : String(stack.name);
  const out: (Difference | undefined)[] = [];
  out.push(diff("destination", stack.destination, live.destination));
  out.push(diff("kinesisSourceConfiguration", stack.source.type, live.source.type));
  if (stack.source.type === "KinesisStreamAsSource" && live.source.type === "KinesisStreamAsSource") {
    out.push(diff("kinesisSourceConfiguration.kinesisStreamArn", stack.source.streamArn, live.source.streamArn));
  }
  if (stack.buffering && live.buffering) {
    out.push(diff("bufferingSize", stack.buffering.sizeMb, live.buffering.sizeMb));
    out.push(diff("bufferingInterval", stack.buffering.intervalSeconds, live.buffering.intervalSeconds));
  }
  out.push(diff("processingConfiguration (Lambda processor enabled)", stack.lambdaProcessor, live.lambdaProcessor));
  if (stack.lambdaProcessor === true && live.lambdaProcessor === true && stack.lambdaArns && live.lambdaArns) {
    out.push(diff("processingConfiguration (Lambda ARNs)", stack.lambdaArns, live.lambdaArns));
  }
  if (stack.s3BackupMode !== undefined && live.s3BackupMode !== undefined) {
    out.push(diff("s3BackupMode", stack.s3BackupMode, live.s3BackupMode, { severity: stack.backsUpFailedRecordsToS3 === true ? "high" : "medium" }));
  } else {
    out.push(diff("s3BackupMode (failed records backed up to S3)", stack.backsUpFailedRecordsToS3, live.backsUpFailedRecordsToS3, { severity: stack.backsUpFailedRecordsToS3 === true ? "high" : "medium" }));
  }
  const sseOn = stack.sse.enabled === true;
  out.push(
    diff("serverSideEncryption.enabled", stack.sse.enabled ?? false, live.sse.enabled ?? false, {
      severity: sseOn ? "high" : "medium",
      revert: sseOn
        ? `aws firehose start-delivery-stream-encryption --delivery-stream-name ${name} --delivery-stream-encryption-configuration-input KeyType=${comparable(stack.sse.keyType) && stack.sse.keyType ? stack.sse.keyType : "AWS_OWNED_CMK"}`
        : `aws firehose stop-delivery-stream-encryption --delivery-stream-name ${name}`,
    }),
  );
  if (sseOn && live.sse.enabled === true) {
    out.push(diff("serverSideEncryption.keyType", stack.sse.keyType, live.sse.keyType, { severity: "high" }));
    if (stack.sse.keyType === "CUSTOMER_MANAGED_CMK") out.push(diff("serverSideEncryption.keyArn", stack.sse.keyArn, live.sse.keyArn, { severity: "high" }));
  }
  out.push(tagDiff(stack.tags, live.tags, `--delivery-stream-name ${name}`, "firehose"));
  return out.filter((d): d is Difference => d !== undefined);
}
