import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("kinesis-guard", { policies });
