/**
 * A compliant Kinesis pipeline: kinesis-guard reports zero violations for it.
 *
 * orders-stream (sensitive, critical) -> enhanced fan-out consumer, replica in us-west-2,
 *   -> orders-to-redshift (Kinesis-sourced Firehose into Redshift, S3 backup, secret password)
 * orders-archive    DirectPut -> S3 (SSE, Lambda transform, 64 MB / 300 s buffering)
 * clickstream-search DirectPut -> OpenSearch inside a VPC that has an S3 gateway endpoint
 * audit-to-splunk   DirectPut -> Splunk (HEC token as a secret)
 * metrics-to-http   DirectPut -> HTTP endpoint (access key as a secret)
 * clickstream       a non-sensitive, non-critical on-demand stream (unencrypted is allowed)
 * Every stream and delivery stream has its CloudWatch alarms (one through metric math).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const redshiftPassword = config.getSecret("redshiftPassword") ?? pulumi.secret("change-me-in-config");
const splunkToken = config.getSecret("splunkHecToken") ?? pulumi.secret("00000000-0000-0000-0000-000000000000");
const httpAccessKey = config.getSecret("httpAccessKey") ?? pulumi.secret("partner-access-key");

const SHARD_METRICS = ["IncomingBytes", "IncomingRecords", "WriteProvisionedThroughputExceeded", "IteratorAgeMilliseconds"];

// ---- Data streams ------------------------------------------------------------------------------

const orders = new aws.kinesis.Stream("orders-stream", {
  name: "orders-stream",
  shardCount: 2,
  retentionPeriod: 24,
  encryptionType: "KMS",
  kmsKeyId: "alias/aws/kinesis",
  shardLevelMetrics: SHARD_METRICS,
  tags: { DataClassification: "confidential", Tier: "tier-1" },
});

// Disaster recovery replica, filled by a replication consumer (not shown).
const ordersReplica = new aws.kinesis.Stream("orders-stream-replica", {
  name: "orders-stream-replica",
  region: "us-west-2",
  shardCount: 2,
  encryptionType: "KMS",
  kmsKeyId: "alias/aws/kinesis",
  tags: { DataClassification: "confidential", Tier: "tier-2", ReplicaOf: "orders-stream" },
});

const clickstream = new aws.kinesis.Stream("clickstream", {
  name: "clickstream",
  streamModeDetails: { streamMode: "ON_DEMAND" },
  tags: { DataClassification: "public", Tier: "tier-3" },
});

new aws.kinesis.StreamConsumer("orders-fraud-detector", { name: "fraud-detector", streamArn: orders.arn });

// ---- Shared plumbing ---------------------------------------------------------------------------

const firehoseRole = new aws.iam.Role("firehose-role", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
});
const lambdaRole = new aws.iam.Role("transform-role", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
});
const transform = new aws.lambda.Function("record-transform", {
  runtime: "nodejs20.x",
  handler: "index.handler",
  role: lambdaRole.arn,
  code: new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(
      "exports.handler = async (e) => ({ records: e.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) });",
    ),
  }),
});
const lambdaProcessing = {
  enabled: true,
  processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: pulumi.interpolate`${transform.arn}:$LATEST` }] }],
};
const bucket = new aws.s3.Bucket("delivery-bucket", {});
const backupBucket = new aws.s3.Bucket("backup-bucket", {});
const s3Staging = { roleArn: firehoseRole.arn, bucketArn: bucket.arn };

// ---- Delivery streams --------------------------------------------------------------------------

const ordersArchive = new aws.kinesis.FirehoseDeliveryStream("orders-archive", {
  name: "orders-archive",
  destination: "extended_s3",
  serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
  extendedS3Configuration: {
    roleArn: firehoseRole.arn,
    bucketArn: bucket.arn,
    bufferingSize: 64,
    bufferingInterval: 300,
    processingConfiguration: lambdaProcessing,
  },
  tags: { DataClassification: "confidential" },
});

const ordersToRedshift = new aws.kinesis.FirehoseDeliveryStream("orders-to-redshift", {
  name: "orders-to-redshift",
  destination: "redshift",
  kinesisSourceConfiguration: { kinesisStreamArn: orders.arn, roleArn: firehoseRole.arn },
  redshiftConfiguration: {
    roleArn: firehoseRole.arn,
    clusterJdbcurl: "jdbc:redshift://analytics.abc123.us-east-1.redshift.amazonaws.com:5439/orders",
    username: "firehose",
    password: redshiftPassword,
    dataTableName: "orders",
    s3Configuration: s3Staging,
    s3BackupMode: "Enabled",
    s3BackupConfiguration: { roleArn: firehoseRole.arn, bucketArn: backupBucket.arn },
    processingConfiguration: lambdaProcessing,
  },
  tags: { DataClassification: "confidential" },
});

const vpc = new aws.ec2.Vpc("search-vpc", { cidrBlock: "10.20.0.0/16" });
const subnetA = new aws.ec2.Subnet("search-a", { vpcId: vpc.id, cidrBlock: "10.20.1.0/24", availabilityZone: "us-east-1a" });
const subnetB = new aws.ec2.Subnet("search-b", { vpcId: vpc.id, cidrBlock: "10.20.2.0/24", availabilityZone: "us-east-1b" });
const searchSg = new aws.ec2.SecurityGroup("search-sg", { vpcId: vpc.id });
const routes = new aws.ec2.RouteTable("search-routes", { vpcId: vpc.id });
new aws.ec2.VpcEndpoint("search-s3-gateway", {
  vpcId: vpc.id,
  serviceName: "com.amazonaws.us-east-1.s3",
  vpcEndpointType: "Gateway",
  routeTableIds: [routes.id],
});
const domain = new aws.opensearch.Domain("search", { domainName: "clickstream", engineVersion: "OpenSearch_2.13" });

const clickstreamSearch = new aws.kinesis.FirehoseDeliveryStream("clickstream-search", {
  name: "clickstream-search",
  destination: "opensearch",
  serverSideEncryption: { enabled: true },
  opensearchConfiguration: {
    roleArn: firehoseRole.arn,
    domainArn: domain.arn,
    indexName: "clicks",
    s3BackupMode: "FailedDocumentsOnly",
    s3Configuration: s3Staging,
    processingConfiguration: lambdaProcessing,
    vpcConfig: { vpcId: vpc.id, subnetIds: [subnetA.id, subnetB.id], securityGroupIds: [searchSg.id], roleArn: firehoseRole.arn },
  },
});

const auditToSplunk = new aws.kinesis.FirehoseDeliveryStream("audit-to-splunk", {
  name: "audit-to-splunk",
  destination: "splunk",
  serverSideEncryption: { enabled: true },
  splunkConfiguration: {
    hecEndpoint: "https://splunk.example.com:8088",
    hecToken: splunkToken,
    s3BackupMode: "FailedEventsOnly",
    s3Configuration: s3Staging,
    processingConfiguration: lambdaProcessing,
  },
});

const metricsToHttp = new aws.kinesis.FirehoseDeliveryStream("metrics-to-http", {
  name: "metrics-to-http",
  destination: "http_endpoint",
  serverSideEncryption: { enabled: true },
  httpEndpointConfiguration: {
    url: "https://ingest.partner.example.com/v1/metrics",
    name: "partner",
    accessKey: httpAccessKey,
    roleArn: firehoseRole.arn,
    s3BackupMode: "FailedDataOnly",
    s3Configuration: s3Staging,
    processingConfiguration: lambdaProcessing,
  },
});

// ---- Alarms ------------------------------------------------------------------------------------

const alarmTopic = new aws.sns.Topic("kinesis-alarms");

function streamAlarms(key: string, stream: aws.kinesis.Stream, region?: string): void {
  new aws.cloudwatch.MetricAlarm(`${key}-iterator-age`, {
    ...(region ? { region } : {}),
    namespace: "AWS/Kinesis",
    metricName: "GetRecords.IteratorAgeMilliseconds",
    dimensions: { StreamName: stream.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 60000,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [alarmTopic.arn],
  });
  new aws.cloudwatch.MetricAlarm(`${key}-write-throttled`, {
    ...(region ? { region } : {}),
    namespace: "AWS/Kinesis",
    metricName: "WriteProvisionedThroughputExceeded",
    dimensions: { StreamName: stream.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [alarmTopic.arn],
  });
}
streamAlarms("orders", orders);
streamAlarms("orders-replica", ordersReplica, "us-west-2");
streamAlarms("clickstream", clickstream);

function deliveryAlarm(key: string, ds: aws.kinesis.FirehoseDeliveryStream, metricName: string): void {
  new aws.cloudwatch.MetricAlarm(`${key}-delivery`, {
    namespace: "AWS/Firehose",
    metricName,
    dimensions: { DeliveryStreamName: ds.name },
    statistic: metricName.endsWith("DataFreshness") ? "Maximum" : "Average",
    period: 300,
    evaluationPeriods: 1,
    threshold: metricName.endsWith("DataFreshness") ? 900 : 1,
    comparisonOperator: metricName.endsWith("DataFreshness") ? "GreaterThanThreshold" : "LessThanThreshold",
    alarmActions: [alarmTopic.arn],
  });
}
deliveryAlarm("orders-archive", ordersArchive, "DeliveryToS3.DataFreshness");
deliveryAlarm("clickstream-search", clickstreamSearch, "DeliveryToAmazonOpenSearchService.Success");
deliveryAlarm("audit-to-splunk", auditToSplunk, "DeliveryToSplunk.Success");
deliveryAlarm("metrics-to-http", metricsToHttp, "DeliveryToHttpEndpoint.Success");

// Metric math: the failed-delivery share of the Redshift loads.
new aws.cloudwatch.MetricAlarm("orders-to-redshift-failed-share", {
  comparisonOperator: "GreaterThanThreshold",
  evaluationPeriods: 1,
  threshold: 0.01,
  alarmActions: [alarmTopic.arn],
  metricQueries: [
    { id: "failed", expression: "1 - success", label: "Failed delivery share", returnData: true },
    {
      id: "success",
      metric: {
        namespace: "AWS/Firehose",
        metricName: "DeliveryToRedshift.Success",
        dimensions: { DeliveryStreamName: ordersToRedshift.name },
        period: 300,
        stat: "Average",
      },
    },
  ],
});

export const streamArn = orders.arn;
