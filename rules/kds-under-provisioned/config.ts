/**
 * kds-under-provisioned's config. It is declared with the other capacity rules' in
 * rules/metric/capacity-configs.ts: the capacity plan those rules share reads all three, and the
 * shared helpers import no rule (no import cycle).
 */
export { UNDER_PROVISIONED_CONFIG as CONFIG, type UnderProvisionedConfig as Config } from "../metric/capacity-configs";
