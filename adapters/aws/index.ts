/** AWS API responses -> the normalized model (rules/model.ts). */
export { adaptStream, adaptShards, shardLevelMetrics, ALL_SHARD_LEVEL_METRICS } from "./stream";
export { adaptConsumer } from "./consumer";
export { adaptDeliveryStream, destinationView, enabledLambdaArns } from "./delivery-stream";
export { adaptAlarm } from "./alarm";
export { adaptVpcEndpoint } from "./vpc-endpoint";
export * from "./types";
