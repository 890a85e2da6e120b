/** Every policy of the pack, built from the rule catalog. */
import type { Policies } from "@pulumi/policy";
import { installSecretTracking } from "./adapter/secrets";
import { resourcePolicies } from "./resource-policies";
import { stackPolicies } from "./stack-policies";

// Before any request is served: lets kdf-plaintext-credentials tell secrets from plain strings.
installSecretTracking();

export const policies: Policies = [...resourcePolicies, ...stackPolicies];
