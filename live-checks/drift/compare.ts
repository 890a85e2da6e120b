/**
 * Property-by-property comparison of a stack resource's deployed state with the live resource,
 * both already in the normalized model. One Difference per property that differs; values that
 * either side cannot tell (UNKNOWN, an unreadable secret) are not compared.
 *
 * Secrets are redacted by where the value came from: when the stack holds a property as a Pulumi
 * secret (`isSecret(path)` over its Pulumi property paths), the difference is still found (the
 * plaintext of a --show-secrets export is compared), but both printed values are "[secret]" - the
 * live value of a property the program keeps secret is no less sensitive - and a revert command
 * gets a quoted stand-in ('[secret kmsKeyId]') where the value would go. Nothing is searched for in
 * text, so names that merely contain a secret's text stay intact.
 */
import { isKnown, type DeliveryStreamConfig, type Maybe, type StreamConfig, type Tags } from "../../rules/model";
import { DESTINATION_CONFIG_KEY, bufferingPath } from "../../rules/lib/destinations";
import { SECRET_PLACEHOLDER } from "../secret-placeholder";

/** Is the stack resource's property at this Pulumi path (or a part of it, or a block around it) a secret? */
export type SecretPathTest = (path: string) => boolean;
const NO_SECRETS: SecretPathTest = () => false;

/** A value inside a revert command, or a quoted stand-in when the stack keeps it secret. */
function cliValue(value: string, path: string, isSecret: SecretPathTest): string {
  return isSecret(path) ? `'[secret ${path}]'` : value;
}

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

/**
 * Tags: one Difference listing every changed key. A tag whose value the stack keeps secret (the
 * `tags` / `tagsAll` map, or that one key) prints as key=[secret] on both sides.
 */
function tagDiff(stack: Maybe<Tags>, live: Maybe<Tags>, resourceArg: string, cli: "kinesis" | "firehose", isSecret: SecretPathTest): Difference | undefined {
  if (!comparable(stack) || !comparable(live)) return undefined;
  const s = userTags(stack);
  const l = userTags(live);
  const keys = [...new Set([...Object.keys(s), ...Object.keys(l)])].sort();
  const changed = keys.filter((k) => s[k] !== l[k] && s[k] !== SECRET_PLACEHOLDER);
  if (changed.length === 0) return undefined;
  const secretKey = (k: string) => isSecret(`tags.${k}`) || isSecret(`tagsAll.${k}`);
  const fmt = (m: Record<string, string>) => changed.map((k) => `${k}=${m[k] === undefined ? "(absent)" : secretKey(k) ? SECRET_PLACEHOLDER : m[k]}`).join(", ");
  const val = (k: string) => (secretKey(k) ? `'[secret tags.${k}]'` : s[k]);
  const toSet = changed.filter((k) => s[k] !== undefined);
  const toRemove = changed.filter((k) => s[k] === undefined);
  const cmds: string[] = [];
  if (cli === "kinesis") {
    if (toSet.length) cmds.push(`aws kinesis add-tags-to-stream ${resourceArg} --tags ${toSet.map((k) => `${k}=${val(k)}`).join(",")}`);
    if (toRemove.length) cmds.push(`aws kinesis remove-tags-from-stream ${resourceArg} --tag-keys ${toRemove.join(" ")}`);
  } else {
    if (toSet.length) cmds.push(`aws firehose tag-delivery-stream ${resourceArg} --tags ${toSet.map((k) => `Key=${k},Value=${val(k)}`).join(" ")}`);
    if (toRemove.length) cmds.push(`aws firehose untag-delivery-stream ${resourceArg} --tag-keys ${toRemove.join(" ")}`);
  }
  return { property: "tags", stackValue: fmt(s), liveValue: fmt(l), severity: "medium", revert: cmds.join(" && ") };
}

/**
 * One property's Difference, or undefined when equal or not comparable. `paths` are the stack's
 * Pulumi property paths the value comes from: when one is secret, both values print as [secret].
 */
function diff(property: string, stack: Maybe<Comparable>, live: Maybe<Comparable>, extra: Partial<Difference> = {}, paths: readonly string[] = [], isSecret: SecretPathTest = NO_SECRETS): Difference | undefined {
  if (!comparable(stack) || !comparable(live) || same(stack, live)) return undefined;
  const secret = paths.some(isSecret);
  return { property, stackValue: secret ? SECRET_PLACEHOLDER : show(stack), liveValue: secret ? SECRET_PLACEHOLDER : show(live), severity: "medium", ...extra };
}

/** Differences of a Data Stream, in a fixed order. `isSecret` tests the stack resource's property paths. */
export function compareStreams(stack: StreamConfig, live: StreamConfig, isSecret: SecretPathTest = NO_SECRETS): Difference[] {
  const name = typeof live.name === "string" ? live.name : String(stack.name);
  const arg = `--stream-name ${name}`;
  const out: (Difference | undefined)[] = [];
  const sEnc = stack.encryptionType;
  const lEnc = live.encryptionType;
  const key = (v: string) => cliValue(v, "kmsKeyId", isSecret);
  out.push(
    diff(
      "encryptionType",
      sEnc,
      lEnc,
      {
        severity: sEnc === "KMS" ? "high" : "medium",
        revert:
          sEnc === "KMS"
            ? `aws kinesis start-stream-encryption ${arg} --encryption-type KMS --key-id ${comparable(stack.kmsKeyId) && stack.kmsKeyId ? key(stack.kmsKeyId) : "alias/aws/kinesis"}`
            : `aws kinesis stop-stream-encryption ${arg} --encryption-type KMS --key-id ${comparable(live.kmsKeyId) && live.kmsKeyId ? key(live.kmsKeyId) : "<key>"}`,
      },
      ["encryptionType"],
      isSecret,
    ),
  );
  if (sEnc === "KMS" && lEnc === "KMS" && comparable(stack.kmsKeyId) && comparable(live.kmsKeyId)) {
    if (normalizeKmsKey(stack.kmsKeyId) !== normalizeKmsKey(live.kmsKeyId)) {
      const secret = isSecret("kmsKeyId");
      out.push({
        property: "kmsKeyId",
        stackValue: secret ? SECRET_PLACEHOLDER : show(stack.kmsKeyId),
        liveValue: secret ? SECRET_PLACEHOLDER : show(live.kmsKeyId),
        severity: "high",
        ...(stack.kmsKeyId ? { revert: `aws kinesis start-stream-encryption ${arg} --encryption-type KMS --key-id ${key(stack.kmsKeyId)}` } : {}),
      });
    }
  }
  const sRet = stack.retentionHours;
  const lRet = live.retentionHours;
  out.push(
    diff(
      "retentionPeriod",
      sRet,
      lRet,
      {
        ...(typeof sRet === "number" && typeof lRet === "number"
          ? { revert: `aws kinesis ${sRet > lRet ? "increase" : "decrease"}-stream-retention-period ${arg} --retention-period-hours ${cliValue(String(sRet), "retentionPeriod", isSecret)}` }
          : {}),
      },
      ["retentionPeriod"],
      isSecret,
    ),
  );
  out.push(
    diff(
      "streamModeDetails.streamMode",
      stack.mode,
      live.mode,
      {
        ...(comparable(stack.mode) && comparable(live.arn) && live.arn
          ? { revert: `aws kinesis update-stream-mode --stream-arn ${live.arn} --stream-mode-details StreamMode=${cliValue(String(stack.mode), "streamModeDetails.streamMode", isSecret)}` }
          : {}),
      },
      ["streamModeDetails.streamMode"],
      isSecret,
    ),
  );
  // Shard count only means something in provisioned mode on both sides.
  if (stack.mode === "PROVISIONED" && live.mode === "PROVISIONED") {
    out.push(
      diff(
        "shardCount",
        stack.shardCount,
        live.shardCount,
        {
          ...(typeof stack.shardCount === "number"
            ? { revert: `aws kinesis update-shard-count ${arg} --target-shard-count ${cliValue(String(stack.shardCount), "shardCount", isSecret)} --scaling-type UNIFORM_SCALING` }
            : {}),
        },
        ["shardCount"],
        isSecret,
      ),
    );
  }
  if (comparable(stack.shardLevelMetrics) && comparable(live.shardLevelMetrics)) {
    const s = new Set(stack.shardLevelMetrics);
    const l = new Set(live.shardLevelMetrics);
    const secret = isSecret("shardLevelMetrics");
    const enable = [...s].filter((m) => !l.has(m)).sort();
    const disable = [...l].filter((m) => !s.has(m)).sort();
    const list = (ms: string[]) => (secret ? "'[secret shardLevelMetrics]'" : ms.join(" "));
    const cmds = [
      ...(enable.length ? [`aws kinesis enable-enhanced-monitoring ${arg} --shard-level-metrics ${list(enable)}`] : []),
      ...(disable.length ? [`aws kinesis disable-enhanced-monitoring ${arg} --shard-level-metrics ${list(disable)}`] : []),
    ];
    out.push(diff("shardLevelMetrics", [...s].sort(), [...l].sort(), { revert: cmds.join(" && ") }, ["shardLevelMetrics"], isSecret));
  }
  out.push(tagDiff(stack.tags, live.tags, arg, "kinesis", isSecret));
  return out.filter((d): d is Difference => d !== undefined);
}

/**
 * Differences of a delivery stream, in a fixed order. Configuration changes revert with `pulumi up`
 * (UpdateDestination needs the whole block). `isSecret` tests the stack resource's property paths.
 */
export function compareDeliveryStreams(stack: DeliveryStreamConfig, live: DeliveryStreamConfig, isSecret: SecretPathTest = NO_SECRETS): Difference[] {
  const name = typeof live.name === "string" ? live.name : String(stack.name);
  const out: (Difference | undefined)[] = [];
  // The destination's block: where buffering, processors and backup live (inputs and outputs alike).
  const dest = isKnown(stack.destination) ? stack.destination : undefined;
  const block = dest ? DESTINATION_CONFIG_KEY[dest] : "destination";
  const d = (property: string, s: Maybe<Comparable>, l: Maybe<Comparable>, paths: readonly string[], extra: Partial<Difference> = {}) => diff(property, s, l, extra, paths, isSecret);
  out.push(d("destination", stack.destination, live.destination, ["destination"]));
  out.push(d("kinesisSourceConfiguration", stack.source.type, live.source.type, ["kinesisSourceConfiguration"]));
  if (stack.source.type === "KinesisStreamAsSource" && live.source.type === "KinesisStreamAsSource") {
    out.push(d("kinesisSourceConfiguration.kinesisStreamArn", stack.source.streamArn, live.source.streamArn, ["kinesisSourceConfiguration.kinesisStreamArn"]));
  }
  if (stack.buffering && live.buffering) {
    const path = dest ? bufferingPath(dest) : block;
    out.push(d("bufferingSize", stack.buffering.sizeMb, live.buffering.sizeMb, [`${path}.bufferingSize`]));
    out.push(d("bufferingInterval", stack.buffering.intervalSeconds, live.buffering.intervalSeconds, [`${path}.bufferingInterval`]));
  }
  const processing = `${block}.processingConfiguration`;
  out.push(d("processingConfiguration (Lambda processor enabled)", stack.lambdaProcessor, live.lambdaProcessor, [processing]));
  if (stack.lambdaProcessor === true && live.lambdaProcessor === true && stack.lambdaArns && live.lambdaArns) {
    out.push(d("processingConfiguration (Lambda ARNs)", stack.lambdaArns, live.lambdaArns, [processing]));
  }
  const backupPaths = [`${block}.s3BackupMode`, `${block}.s3BackupConfiguration`, `${block}.s3Configuration`];
  const backupSeverity = { severity: stack.backsUpFailedRecordsToS3 === true ? ("high" as const) : ("medium" as const) };
  if (stack.s3BackupMode !== undefined && live.s3BackupMode !== undefined) {
    out.push(d("s3BackupMode", stack.s3BackupMode, live.s3BackupMode, backupPaths, backupSeverity));
  } else {
    out.push(d("s3BackupMode (failed records backed up to S3)", stack.backsUpFailedRecordsToS3, live.backsUpFailedRecordsToS3, backupPaths, backupSeverity));
  }
  const sseOn = stack.sse.enabled === true;
  out.push(
    d("serverSideEncryption.enabled", stack.sse.enabled ?? false, live.sse.enabled ?? false, ["serverSideEncryption.enabled"], {
      severity: sseOn ? "high" : "medium",
      revert: sseOn
        ? `aws firehose start-delivery-stream-encryption --delivery-stream-name ${name} --delivery-stream-encryption-configuration-input KeyType=${comparable(stack.sse.keyType) && stack.sse.keyType ? cliValue(stack.sse.keyType, "serverSideEncryption.keyType", isSecret) : "AWS_OWNED_CMK"}`
        : `aws firehose stop-delivery-stream-encryption --delivery-stream-name ${name}`,
    }),
  );
  if (sseOn && live.sse.enabled === true) {
    out.push(d("serverSideEncryption.keyType", stack.sse.keyType, live.sse.keyType, ["serverSideEncryption.keyType"], { severity: "high" }));
    if (stack.sse.keyType === "CUSTOMER_MANAGED_CMK") out.push(d("serverSideEncryption.keyArn", stack.sse.keyArn, live.sse.keyArn, ["serverSideEncryption.keyArn"], { severity: "high" }));
  }
  out.push(tagDiff(stack.tags, live.tags, `--delivery-stream-name ${name}`, "firehose", isSecret));
  return out.filter((x): x is Difference => x !== undefined);
}
