/**
 * Every rule's examples (rules/<id>/examples.ts) through both adapters, asserting the exact set of
 * flagged resources: the Pulumi adapter as `pulumi preview --policy-pack` drives it (Remediate and
 * Analyze per resource, AnalyzeStack on all, over the analyzer gRPC protocol), and the AWS adapter
 * as the live audit runs it (adapters/aws on the API responses, then analyzeSnapshot).
 * docs/rules.md renders the same examples.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryStreamDescription } from "@aws-sdk/client-firehose";
import type { Consumer, Shard, StreamDescriptionSummary } from "@aws-sdk/client-kinesis";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { CATALOG, policyNamesOf } from "../../rules/catalog";
import { EXAMPLE_ACCOUNT, EXAMPLE_REGION, EXAMPLE_WINDOW, type RuleExample } from "../../rules/lib/examples";
import { periodSeconds, type MetricSeries } from "../../rules/metric-requests";
import { adaptAlarm, adaptConsumer, adaptDeliveryStream, adaptStream, adaptVpcEndpoint } from "../../adapters/aws";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { parseConfigText } from "../../live-checks/config-file";
import { PackClient, type AnalyzerInput } from "../harness/analyzer";
import { analyzeAsEngine, violationPairs } from "../harness/program";
import { snapshotOf } from "../fixtures/analysis/builders";

const ROOT = path.resolve(__dirname, "../..");

const WITH_EXAMPLES = CATALOG.filter((r) => r.examples.length > 0).map((r) => ({ rule: r, examples: r.examples }));

/** Properties as the engine sends them: an absent property is absent (protobuf has no undefined). */
const wire = (props: Readonly<Record<string, unknown>>): Record<string, unknown> => JSON.parse(JSON.stringify(props)) as Record<string, unknown>;
const urn = (type: string, name: string) => `urn:pulumi:dev::examples::${type}::${name}`;

let pack: PackClient;
beforeAll(async () => {
  pack = await PackClient.start(ROOT);
  await pack.configureStack();
}, 120_000);
afterAll(async () => pack?.close());

/** Names of the resources the rule flags through the pack. */
async function flaggedByPack(ruleId: string, ex: RuleExample): Promise<string[]> {
  const names = policyNamesOf(ruleId);
  await pack.configure(ex.config ? Object.fromEntries(names.map((n) => [n, { ...ex.config }])) : {});
  const inputs = (ex.pulumi ?? []).map((r): AnalyzerInput => ({ type: r.type, name: r.name, urn: urn(r.type, r.name), properties: wire(r.props) }));
  const diags = [];
  for (const input of inputs) diags.push(...(await analyzeAsEngine(pack, input)));
  diags.push(...(await pack.analyzeStack(inputs)));
  const pairs = violationPairs(diags).map((p) => p.split(" ") as [string, string]);
  return [...new Set(pairs.filter(([policy]) => names.includes(policy)).map(([, resource]) => resource))].sort();
}

/** Names of the resources the rule flags in the live audit. */
function flaggedLive(ruleId: string, ex: RuleExample): string[] {
  const aws = ex.aws ?? {};
  const snapshot = snapshotOf({
    streams: (aws.streams ?? []).map((s) =>
      adaptStream(s.summary as unknown as StreamDescriptionSummary, {
        region: EXAMPLE_REGION,
        listedName: String(s.summary.StreamName),
        tags: s.tags,
        ...(s.shards ? { shards: s.shards as unknown as Shard[] } : {}),
      }),
    ),
    deliveryStreams: (aws.deliveryStreams ?? []).map((d) =>
      adaptDeliveryStream(d.description as unknown as DeliveryStreamDescription, { region: EXAMPLE_REGION, listedName: String(d.description.DeliveryStreamName), tags: d.tags }),
    ),
    alarms: (aws.alarms ?? []).flatMap((a) => adaptAlarm(a as unknown as MetricAlarm, EXAMPLE_REGION) ?? []),
    vpcEndpoints: (aws.vpcEndpoints ?? []).flatMap((e) => adaptVpcEndpoint(e as unknown as VpcEndpoint, EXAMPLE_REGION) ?? []),
    drStreams: (aws.drStreams ?? []).map((d) => ({ ...d, arn: `arn:aws:kinesis:${d.region}:${EXAMPLE_ACCOUNT}:stream/${d.name}` })),
    consumers: (aws.consumers ?? []).flatMap((c) => adaptConsumer(c.consumer as unknown as Consumer, c.streamArn) ?? []),
    metrics: (aws.cloudwatch ?? []).map((c): MetricSeries => {
      const step = periodSeconds(c.request, EXAMPLE_WINDOW);
      return { ...c.request, timestamps: c.values.map((_, i) => EXAMPLE_WINDOW.start + i * step), values: c.values, status: c.values.length > 0 ? "ok" : "no-data" };
    }),
    window: { ...EXAMPLE_WINDOW, days: 7 },
    collectedAt: new Date(EXAMPLE_WINDOW.end * 1000).toISOString(),
  });
  const config = parseConfigText(JSON.stringify(ex.config ? { [ruleId]: ex.config } : {}), "example");
  const analysis = analyzeSnapshot(snapshot, config);
  return [...new Set([...analysis.findings, ...(analysis.otherFindings ?? [])].filter((f) => f.ruleId === ruleId).map((f) => f.resource.displayName))].sort();
}

describe.each(WITH_EXAMPLES)("$rule.id examples", ({ rule, examples }) => {
  it("has a good and a bad example", () => {
    expect(examples.some((e) => e.flagged.length === 0), "a good example").toBe(true);
    expect(examples.some((e) => e.flagged.length > 0), "a bad example").toBe(true);
  });
  const packRule = !(rule.scope.length === 1 && rule.scope[0] === "metric");
  for (const ex of examples) {
    if (packRule && ex.pulumi) {
      it(`Pulumi adapter: ${ex.title}`, async () => {
        expect(await flaggedByPack(rule.id, ex)).toEqual([...ex.flagged].sort());
      });
    }
    if (ex.aws) {
      it(`AWS adapter: ${ex.title}`, () => {
        expect(flaggedLive(rule.id, ex)).toEqual([...ex.flagged].sort());
      });
    }
  }
});

it("every rule has examples: static and stack rules for both adapters, metric rules for the live audit", () => {
  const packRule = (r: (typeof CATALOG)[number]) => r.scope.some((x) => x !== "metric");
  const missing = CATALOG.filter((r) => !r.examples.some((e) => e.aws) || (packRule(r) && !r.examples.some((e) => e.pulumi))).map((r) => r.id);
  expect(missing).toEqual([]);
});
