/**
 * kds-hot-shard's config. It is declared with the other capacity rules' in
 * rules/metric/capacity-configs.ts: the capacity plan those rules share reads all three, and the
 * shared helpers import no rule (no import cycle).
 */
export { HOT_SHARD_CONFIG as CONFIG, type HotShardConfig as Config } from "../metric/capacity-configs";
