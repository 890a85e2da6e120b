/** The policy pack (`pulumi preview --policy-pack .`): every kinesis-guard policy, catalog defaults. */
import { PolicyPack } from "@pulumi/policy";
import { kinesisGuardPolicies } from "./policy";

new PolicyPack("kinesis-guard", { policies: kinesisGuardPolicies() });
