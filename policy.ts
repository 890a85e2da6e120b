/**
 * The policies as a library (`import { kinesisGuardPolicies } from "kinesis-guard/policy"`), to
 * compose into your own PolicyPack beside AWSGuard or your own policies. No side effects: nothing
 * starts until you construct the PolicyPack.
 */
export { kinesisGuardPolicies, SECRET_INPUTS_POLICY, type KinesisGuardConfig, type PolicySetting } from "./policies/index";
export { ConfigError } from "./rules/config";
