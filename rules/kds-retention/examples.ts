/** kds-retention: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts, docs/rules.md). */
import { awsStream, pulumiStream, type RuleExample } from "../lib/examples";

const examples: readonly RuleExample[] = [
  {
    title: "the default 24 h retention is fine",
    pulumi: [pulumiStream("orders", { retentionPeriod: 24 })],
    aws: { streams: [awsStream("orders", { RetentionPeriodHours: 24 })] },
    flagged: [],
  },
  {
    title: "7 days (168 h, the threshold) is flagged; just below is not",
    pulumi: [pulumiStream("audit-log", { retentionPeriod: 168 }), pulumiStream("replay", { retentionPeriod: 167 })],
    aws: { streams: [awsStream("audit-log", { RetentionPeriodHours: 168 }), awsStream("replay", { RetentionPeriodHours: 167 })] },
    flagged: ["audit-log"],
  },
  {
    title: "a justification tag exempts a long retention (e.g. Security Hub Kinesis.3)",
    pulumi: [pulumiStream("audit-log", { retentionPeriod: 168, tags: { RetentionJustification: "Kinesis.3" } })],
    aws: { streams: [awsStream("audit-log", { RetentionPeriodHours: 168 }, { RetentionJustification: "Kinesis.3" })] },
    flagged: [],
  },
  {
    title: "the threshold is a setting (maxRetentionHours: 48)",
    config: { maxRetentionHours: 48 },
    pulumi: [pulumiStream("events", { retentionPeriod: 72 })],
    aws: { streams: [awsStream("events", { RetentionPeriodHours: 72 })] },
    flagged: ["events"],
  },
];
export default examples;
