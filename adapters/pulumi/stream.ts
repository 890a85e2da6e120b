/**
 * aws:kinesis/stream:Stream props -> StreamConfig, with the provider's defaults for missing inputs
 * (encryptionType NONE, retentionPeriod 24, streamMode PROVISIONED, no shard-level metrics;
 * https://www.pulumi.com/registry/packages/aws/api-docs/kinesis/stream/).
 */
import { UNKNOWN, type Maybe, type StreamConfig, type StreamMode } from "../../rules/model";
import { ALL_SHARD_LEVEL_METRICS } from "../../rules/model";
import { toPlain } from "./plain";
import { arnRegion, at, num, orDefault, str, strList, tags } from "./read";
import type { PulumiResource } from "./resource";

export function streamFromPulumi(r: PulumiResource): StreamConfig {
  const { props } = toPlain(r.props);
  const arn = str(at(props, "arn"));
  const mode = orDefault(str(at(props, "streamModeDetails.streamMode")), "PROVISIONED");
  const metrics = strList(at(props, "shardLevelMetrics"));
  const enc = orDefault(str(at(props, "encryptionType")), "NONE");
  return {
    kind: "stream",
    id: { ref: r.urn, displayName: r.name, type: r.type },
    name: orDefault(str(at(props, "name")), r.name),
    arn,
    region: regionOf(str(at(props, "region")), r.providerRegion, arn),
    mode: mode === UNKNOWN ? UNKNOWN : (mode.toUpperCase() as StreamMode),
    shardCount: num(at(props, "shardCount")),
    retentionHours: orDefault(num(at(props, "retentionPeriod")), 24),
    encryptionType: enc === UNKNOWN ? UNKNOWN : enc.toUpperCase() === "KMS" ? "KMS" : "NONE",
    kmsKeyId: str(at(props, "kmsKeyId")),
    shardLevelMetrics:
      metrics === UNKNOWN ? UNKNOWN : (metrics ?? []).includes("ALL") ? [...ALL_SHARD_LEVEL_METRICS] : (metrics ?? []),
    tags: tagsOf(props),
  };
}

/** Tags including the provider's default tags (tagsAll, an output) when present. */
export function tagsOf(props: Parameters<typeof at>[0]): ReturnType<typeof tags> {
  const all = at(props, "tagsAll");
  return all === undefined ? tags(at(props, "tags")) : tags(all);
}

/** The resource's region: its own `region` input (aws v7), its provider's, or its ARN's. */
export function regionOf(own: Maybe<string | undefined>, provider: Maybe<string | undefined> | undefined, arn: Maybe<string | undefined>): Maybe<string | undefined> {
  if (own !== undefined) return own;
  if (provider !== undefined) return provider;
  return arnRegion(arn);
}
