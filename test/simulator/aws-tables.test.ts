/**
 * The rules and the simulator each keep their own copy of the AWS facts they share, so a wrong
 * constant in rules/ cannot be copied by the test oracle (issue 12). This test compares the copies:
 * a difference means one side is wrong. Do not make them equal by copying one into the other:
 * open the AWS page cited beside the value (simulator/aws-tables.ts) and fix the side that differs.
 * Checked on 2026-11-29 against the pages cited in simulator/aws-tables.ts: both sides agree with AWS.
 */
import { describe, expect, it } from "vitest";
import { ALL_SHARD_LEVEL_METRICS, DESTINATION_METRIC_PREFIX } from "../../rules/model";
import { FIREHOSE_DELIVERY_METRIC_PREFIX, KINESIS_SHARD_LEVEL_METRICS } from "../../simulator/aws-tables";
import { ALL_SHARD_METRICS } from "../../simulator/scenario";

const sorted = (xs: readonly string[]) => [...xs].sort();

describe("the rules' AWS tables agree with the simulator's", () => {
  it("shard-level (enhanced monitoring) metrics: the same seven names", () => {
    expect(
      sorted(ALL_SHARD_LEVEL_METRICS),
      "rules/model.ts ALL_SHARD_LEVEL_METRICS and simulator/aws-tables.ts KINESIS_SHARD_LEVEL_METRICS differ: one is wrong. " +
        "Check https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnhancedMetrics.html (Valid Values) and fix that side.",
    ).toEqual(sorted(KINESIS_SHARD_LEVEL_METRICS));
    // The API accepts at most 7 items (ALL aside): a longer list means a name that is not a metric.
    expect(KINESIS_SHARD_LEVEL_METRICS).toHaveLength(7);
    // What a scenario's `enhancedMetrics: "ALL"` turns on is the table, not a copy of it.
    expect(ALL_SHARD_METRICS).toBe(KINESIS_SHARD_LEVEL_METRICS);
  });

  it("Firehose DeliveryTo<Destination> metric prefixes: the same destinations, the same prefix each", () => {
    expect(
      sorted(Object.keys(DESTINATION_METRIC_PREFIX)),
      "rules/model.ts and simulator/aws-tables.ts know different Firehose destinations: add the missing one to the other side (with its AWS source)",
    ).toEqual(sorted(Object.keys(FIREHOSE_DELIVERY_METRIC_PREFIX)));
    for (const [dest, prefix] of Object.entries(FIREHOSE_DELIVERY_METRIC_PREFIX)) {
      expect(
        DESTINATION_METRIC_PREFIX[dest as keyof typeof DESTINATION_METRIC_PREFIX],
        `destination ${dest}: rules/model.ts DESTINATION_METRIC_PREFIX and simulator/aws-tables.ts FIREHOSE_DELIVERY_METRIC_PREFIX differ: one is wrong. ` +
          "Check https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html (CloudWatch metrics for data delivery) and fix that side.",
      ).toBe(prefix);
    }
  });

  it("every prefix has the DeliveryTo<Destination> shape AWS uses", () => {
    for (const prefix of Object.values(FIREHOSE_DELIVERY_METRIC_PREFIX)) expect(prefix).toMatch(/^DeliveryTo[A-Z][A-Za-z0-9]+$/);
  });
});
