/**
 * kds-cross-region: good and bad inputs with the exact resources flagged (test/rules/examples.test.ts,
 * docs/rules.md). Critical streams (by tag or name) need a replica in a DR region (us-west-2 by
 * default), found by the replica tag or the naming convention.
 */
import { awsStream, pulumiStream, type RuleExample } from "../lib/examples";

const EAST = { region: "us-east-1" };
const WEST = { region: "us-west-2" };
const CRITICAL = { Criticality: "critical" };

const examples: readonly RuleExample[] = [
  {
    title: "critical streams with a replica in us-west-2 (by name suffix, or by the ReplicaOf tag) are fine; a non-critical stream is not judged",
    pulumi: [
      pulumiStream("tenant-events", { ...EAST, tags: CRITICAL }),
      pulumiStream("tenant-events-replica", WEST),
      pulumiStream("ledger", { ...EAST, tags: CRITICAL }),
      pulumiStream("ledger-copy", { ...WEST, tags: { ReplicaOf: "ledger" } }),
      pulumiStream("clickstream", EAST),
    ],
    aws: {
      streams: [awsStream("tenant-events", {}, CRITICAL), awsStream("ledger", {}, CRITICAL), awsStream("clickstream")],
      drStreams: [
        { region: "us-west-2", name: "tenant-events-replica", tags: {} },
        { region: "us-west-2", name: "ledger-copy", tags: { ReplicaOf: "ledger" } },
      ],
    },
    flagged: [],
  },
  {
    title: "a critical stream (by name or tag) without a replica in a DR region is flagged; a look-alike in its own region does not count",
    pulumi: [pulumiStream("payment-events", EAST), pulumiStream("ledger", { ...EAST, tags: CRITICAL }), pulumiStream("ledger-dr", EAST)],
    aws: { streams: [awsStream("payment-events"), awsStream("ledger", {}, CRITICAL), awsStream("ledger-dr")] },
    flagged: ["ledger", "payment-events"],
  },
];
export default examples;
