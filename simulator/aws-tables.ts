/**
 * AWS facts the simulator serves, written down from the AWS documentation and nowhere else.
 *
 * The simulator is the test oracle for AWS: it must not take these from rules/ (a wrong constant
 * there would be copied here and every test would still pass). rules/ keeps its own copy;
 * test/simulator/aws-tables.test.ts compares the two, and a difference means one side is wrong
 * (check it against the page cited beside the value).
 */

/**
 * Every shard-level (enhanced monitoring) metric: what EnableEnhancedMonitoring "ALL" turns on and
 * what a stream reports per ShardId. Sorted by name (the order DescribeStreamSummary returns in the
 * simulator; the reports list them in this order).
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnhancedMetrics.html
 * ("Valid Values: IncomingBytes | IncomingRecords | OutgoingBytes | OutgoingRecords |
 * WriteProvisionedThroughputExceeded | ReadProvisionedThroughputExceeded | IteratorAgeMilliseconds | ALL")
 */
export const KINESIS_SHARD_LEVEL_METRICS = [
  "IncomingBytes",
  "IncomingRecords",
  "IteratorAgeMilliseconds",
  "OutgoingBytes",
  "OutgoingRecords",
  "ReadProvisionedThroughputExceeded",
  "WriteProvisionedThroughputExceeded",
] as const;

export type KinesisShardLevelMetric = (typeof KINESIS_SHARD_LEVEL_METRICS)[number];

/**
 * Firehose destinations, as the Pulumi/Terraform `destination` property spells them (the scenario
 * files use the same words).
 */
export type FirehoseDestinationName =
  | "extended_s3"
  | "s3"
  | "redshift"
  | "elasticsearch"
  | "opensearch"
  | "opensearchserverless"
  | "http_endpoint"
  | "splunk"
  | "snowflake"
  | "iceberg";

/**
 * The AWS/Firehose metric name prefix of each destination: "<prefix>.Success", ".Records", ".Bytes",
 * ".DataFreshness". Source, unless a line says otherwise: "CloudWatch metrics for data delivery",
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
export const FIREHOSE_DELIVERY_METRIC_PREFIX: Readonly<Record<FirehoseDestinationName, string>> = {
  // "Delivery to Amazon S3": DeliveryToS3.Bytes / .DataFreshness / .Records / .Success
  extended_s3: "DeliveryToS3",
  s3: "DeliveryToS3",
  // "Delivery to Amazon Redshift": DeliveryToRedshift.Bytes / .Records / .Success / .DataFreshness
  redshift: "DeliveryToRedshift",
  // The legacy Amazon ES destination (ElasticsearchDestinationConfiguration) keeps the pre-rename
  // name: the same page before the OpenSearch rename ("Delivery to Amazon ES": DeliveryToElasticsearch.*),
  // also in the CloudFormation-generated canned metrics of aws-cdk-lib/aws-kinesisfirehose.
  elasticsearch: "DeliveryToElasticsearch",
  // "Delivery to OpenSearch Service": DeliveryToAmazonOpenSearchService.*
  opensearch: "DeliveryToAmazonOpenSearchService",
  // "Delivery to OpenSearch Serverless": DeliveryToAmazonOpenSearchServerless.*
  opensearchserverless: "DeliveryToAmazonOpenSearchServerless",
  // "Delivery to HTTP Endpoints": DeliveryToHttpEndpoint.* (also listed under "CloudWatch alarms best practices")
  http_endpoint: "DeliveryToHttpEndpoint",
  // "Delivery to Splunk": DeliveryToSplunk.*
  splunk: "DeliveryToSplunk",
  // "Delivery to Snowflake": DeliveryToSnowflake.*
  snowflake: "DeliveryToSnowflake",
  // https://docs.aws.amazon.com/firehose/latest/dev/apache-iceberg-metric.html: DeliveryToIceberg.*
  iceberg: "DeliveryToIceberg",
};
