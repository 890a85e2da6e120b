/**
 * A non-compliant Kinesis pipeline: each kinesis-guard policy fires exactly where
 * expected-violations.json says (policy, resource), and nowhere else. Two resources are there to
 * show what must NOT fire: telemetry-stream (long retention, justified by tag) and legacy-stream
 * (exempt from the advisory rules by the kinesis-guard:exempt tag; encryption, mandatory, still fires).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

// ---- Data streams ------------------------------------------------------------------------------

// Sensitive (pii) and unencrypted -> kds-encryption.
const payments = new aws.kinesis.Stream("payments-stream", {
  name: "payments-stream",
  shardCount: 4,
  tags: { DataClassification: "pii", Tier: "tier-3" },
});

// Critical without shard-level metrics -> kds-enhanced-monitoring; no DR replica -> kds-cross-region.
const events = new aws.kinesis.Stream("events-stream", {
  name: "events-stream",
  shardCount: 8,
  encryptionType: "KMS",
  kmsKeyId: "alias/aws/kinesis",
  tags: { DataClassification: "internal", Tier: "tier-1" },
});

// Seven days of retention -> kds-retention; no alarms at all -> kds-alarms.
new aws.kinesis.Stream("audit-log-stream", {
  name: "audit-log-stream",
  shardCount: 2,
  retentionPeriod: 168,
  encryptionType: "KMS",
  tags: { DataClassification: "internal", Tier: "tier-3" },
});

// Long retention with a justification tag: no violation.
const telemetry = new aws.kinesis.Stream("telemetry-stream", {
  name: "telemetry-stream",
  shardCount: 1,
  retentionPeriod: 168,
  tags: { DataClassification: "internal", Tier: "tier-3", RetentionJustification: "Security Hub Kinesis.3" },
});

// Tagged exempt from every rule: no advisory violation (alarms, retention), but encryption is
// mandatory by default and the tag does not silence it (that needs "allowTagExemption": true in
// kds-encryption's config, or an exemption with a reason in the CLI's config).
new aws.kinesis.Stream("legacy-stream", {
  name: "legacy-customer-stream",
  shardCount: 1,
  retentionPeriod: 240,
  tags: { DataClassification: "pii", Tier: "tier-1", "kinesis-guard:exempt": "all" },
});

// ---- Shared plumbing ---------------------------------------------------------------------------

const firehoseRole = new aws.iam.Role("firehose-role", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
});
const transformArn = "arn:aws:lambda:us-east-1:123456789012:function:record-transform:$LATEST";
const lambdaProcessing = {
  enabled: true,
  processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: transformArn }] }],
};
const bucket = new aws.s3.Bucket("delivery-bucket", {});
const s3Staging = { roleArn: firehoseRole.arn, bucketArn: bucket.arn };

// ---- Delivery streams --------------------------------------------------------------------------

// Sensitive DirectPut without SSE -> kdf-encryption; 1 MB / 60 s -> kdf-small-buffers.
const ordersDirect = new aws.kinesis.FirehoseDeliveryStream("orders-direct", {
  name: "orders-direct",
  destination: "extended_s3",
  extendedS3Configuration: {
    roleArn: firehoseRole.arn,
    bucketArn: bucket.arn,
    bufferingSize: 1,
    bufferingInterval: 60,
    processingConfiguration: lambdaProcessing,
  },
  tags: { DataClassification: "pii" },
});

// Fed by the unencrypted payments-stream -> kdf-encryption-source (judged by its source).
const ordersFromStream = new aws.kinesis.FirehoseDeliveryStream("orders-from-stream", {
  name: "orders-from-stream",
  destination: "extended_s3",
  kinesisSourceConfiguration: { kinesisStreamArn: payments.arn, roleArn: firehoseRole.arn },
  extendedS3Configuration: { roleArn: firehoseRole.arn, bucketArn: bucket.arn, processingConfiguration: lambdaProcessing },
  tags: { DataClassification: "pii" },
});

// Redshift without S3 backup -> kdf-s3-backup; password as a plain string -> kdf-plaintext-credentials.
const warehouse = new aws.kinesis.FirehoseDeliveryStream("warehouse-loader", {
  name: "warehouse-loader",
  destination: "redshift",
  serverSideEncryption: { enabled: true },
  redshiftConfiguration: {
    roleArn: firehoseRole.arn,
    clusterJdbcurl: "jdbc:redshift://warehouse.abc123.us-east-1.redshift.amazonaws.com:5439/dw",
    username: "firehose",
    password: "Sup3rS3cret!",
    dataTableName: "events",
    s3Configuration: s3Staging,
    processingConfiguration: lambdaProcessing,
  },
});

// OpenSearch inside a VPC without an S3 gateway endpoint -> kdf-vpc-endpoint. No Lambda processor
// either, but kdf-no-transformation judges only raw-data names by default (appliesTo: raw).
const vpc = new aws.ec2.Vpc("search-vpc", { cidrBlock: "10.30.0.0/16" });
const subnet = new aws.ec2.Subnet("search-a", { vpcId: vpc.id, cidrBlock: "10.30.1.0/24" });
const sg = new aws.ec2.SecurityGroup("search-sg", { vpcId: vpc.id });
const domain = new aws.opensearch.Domain("search", { domainName: "search", engineVersion: "OpenSearch_2.13" });
const searchIndexer = new aws.kinesis.FirehoseDeliveryStream("search-indexer", {
  name: "search-indexer",
  destination: "opensearch",
  serverSideEncryption: { enabled: true },
  opensearchConfiguration: {
    roleArn: firehoseRole.arn,
    domainArn: domain.arn,
    indexName: "events",
    s3Configuration: s3Staging,
    vpcConfig: { vpcId: vpc.id, subnetIds: [subnet.id], securityGroupIds: [sg.id], roleArn: firehoseRole.arn },
  },
});

// HEC token as a plain string -> kdf-plaintext-credentials; no delivery alarm -> kdf-alarms.
new aws.kinesis.FirehoseDeliveryStream("siem-forwarder", {
  name: "siem-forwarder",
  destination: "splunk",
  serverSideEncryption: { enabled: true },
  splunkConfiguration: {
    hecEndpoint: "https://splunk.example.com:8088",
    hecToken: "51D4DA16-C61B-4F5F-8EC7-ED4301342A4A",
    s3Configuration: s3Staging,
    processingConfiguration: lambdaProcessing,
  },
});

// Everything right (secret access key, backup, alarm): no violation.
const partnerWebhook = new aws.kinesis.FirehoseDeliveryStream("partner-webhook", {
  name: "partner-webhook",
  destination: "http_endpoint",
  serverSideEncryption: { enabled: true },
  httpEndpointConfiguration: {
    url: "https://hooks.partner.example.com/ingest",
    accessKey: pulumi.secret("partner-key"),
    roleArn: firehoseRole.arn,
    s3Configuration: s3Staging,
    processingConfiguration: lambdaProcessing,
  },
});

// ---- Alarms (missing for audit-log-stream and siem-forwarder on purpose) ---------------------

function streamAlarms(key: string, stream: aws.kinesis.Stream): void {
  new aws.cloudwatch.MetricAlarm(`${key}-iterator-age`, {
    namespace: "AWS/Kinesis",
    metricName: "GetRecords.IteratorAgeMilliseconds",
    dimensions: { StreamName: stream.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 60000,
    comparisonOperator: "GreaterThanThreshold",
  });
  new aws.cloudwatch.MetricAlarm(`${key}-write-throttled`, {
    namespace: "AWS/Kinesis",
    metricName: "WriteProvisionedThroughputExceeded",
    dimensions: { StreamName: stream.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
  });
}
streamAlarms("payments", payments);
streamAlarms("events", events);
streamAlarms("telemetry", telemetry);

function deliveryAlarm(key: string, ds: aws.kinesis.FirehoseDeliveryStream, metricName: string): void {
  new aws.cloudwatch.MetricAlarm(`${key}-delivery`, {
    namespace: "AWS/Firehose",
    metricName,
    dimensions: { DeliveryStreamName: ds.name },
    statistic: "Average",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
  });
}
deliveryAlarm("orders-direct", ordersDirect, "DeliveryToS3.Success");
deliveryAlarm("orders-from-stream", ordersFromStream, "DeliveryToS3.Success");
deliveryAlarm("search-indexer", searchIndexer, "DeliveryToAmazonOpenSearchService.Success");
deliveryAlarm("partner-webhook", partnerWebhook, "DeliveryToHttpEndpoint.Success");

// Metric math alarm: counts as warehouse-loader's delivery alarm.
new aws.cloudwatch.MetricAlarm("warehouse-loader-failed-share", {
  comparisonOperator: "GreaterThanThreshold",
  evaluationPeriods: 1,
  threshold: 0.01,
  metricQueries: [
    { id: "failed", expression: "1 - success", returnData: true },
    {
      id: "success",
      metric: {
        namespace: "AWS/Firehose",
        metricName: "DeliveryToRedshift.Success",
        dimensions: { DeliveryStreamName: warehouse.name },
        period: 300,
        stat: "Average",
      },
    },
  ],
});
