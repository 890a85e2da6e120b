/**
 * Fuzz-style robustness: seeded random and mutated inputs (config files, snapshots, Pulumi props).
 * The only acceptable failures are the clean input errors (ConfigError, SnapshotError); anything
 * else (TypeError, RangeError, a crash in a rule or a template) is a bug. Seeded: a failure
 * prints the seed and case and reproduces exactly.
 */
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../live-checks/config-file";
import { ConfigError } from "../../rules/config";
import { analyzeSnapshot } from "../../live-checks/analyze";
import { defaultConfig } from "../../live-checks/config-file";
import { renderReports } from "../../live-checks/report/write-reports";
import { parseSnapshot, SnapshotError } from "../../live-checks/snapshot-io";
import { inventoryFromPulumi } from "../../adapters/pulumi/inventory";
import { evaluateInventory } from "../../rules/index";
import { pricingFor } from "../../rules/pricing";
import { RULE_IDS } from "../../rules/catalog";
import { fixtureSnapshot } from "../fixtures/analysis/fleet";

/** mulberry32: small, seedable, good enough to pick mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, -0, NaN, "", "x", "24", "KMS", "<script>", "../..", true, false, [], [1, "a"], {}, { a: { b: null } }, "\u0000", "=1+1", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** All [container, key] pairs of a JSON value. */
function slots(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): [Record<string, unknown> | unknown[], string | number][] {
  if (Array.isArray(v)) {
    v.forEach((e, i) => {
      out.push([v, i]);
      slots(e, out);
    });
  } else if (v && typeof v === "object") {
    for (const [k, e] of Object.entries(v)) {
      out.push([v as Record<string, unknown>, k]);
      slots(e, out);
    }
  }
  return out;
}

/** Mutate a JSON document in place: replace, delete or retype a few random slots. */
function mutate(doc: unknown, r: () => number, n: number): void {
  for (let i = 0; i < n; i++) {
    const all = slots(doc);
    if (all.length === 0) return;
    const [c, k] = pick(r, all);
    const roll = r();
    if (roll < 0.5) (c as Record<string, unknown>)[k as string] = structuredClone(pick(r, ODD_VALUES));
    else if (roll < 0.75 && !Array.isArray(c)) delete (c as Record<string, unknown>)[k as string];
    else {
      const cur = (c as Record<string, unknown>)[k as string];
      (c as Record<string, unknown>)[k as string] = typeof cur === "number" ? String(cur) : typeof cur === "string" ? Number(cur) : Array.isArray(cur) ? {} : cur === null ? [] : null;
    }
  }
}

const SEEDS = 150;

describe("config files", () => {
  const base = { all: "advisory", "kds-retention": { maxRetentionHours: 200, exemptTagKeys: ["Keep"] }, "kds-encryption": { appliesTo: "all" }, "kinesis-guard": { windowDays: 7, regions: ["us-east-1"], failOn: "medium", healthScore: { high: 20 } } };
  it(`${SEEDS} mutated configs: parsed or a ConfigError, nothing else`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(seed);
      const doc = structuredClone(base) as Record<string, unknown>;
      if (r() < 0.3) doc[pick(r, [...RULE_IDS, "kds-retentoin", "ALL", "__proto__", "constructor"])] = pick(r, ODD_VALUES);
      mutate(doc, r, 1 + Math.floor(r() * 4));
      let text = JSON.stringify(doc);
      if (r() < 0.2) text = text.slice(0, Math.floor(r() * text.length)); // truncated
      try {
        parseConfigText(text, `fuzz-${seed}.json`);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw new Error(`seed ${seed}: ${String(e)}\n${text}`);
        expect((e as Error).message, `seed ${seed}`).toContain(`fuzz-${seed}.json`);
      }
    }
  });
});

describe("snapshots", () => {
  const base = JSON.stringify(fixtureSnapshot());
  it(`${SEEDS} mutated snapshots: refused with a SnapshotError, or analyzed and rendered without a crash`, () => {
    let accepted = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(1000 + seed);
      const doc = JSON.parse(base) as Record<string, unknown>;
      // Half the cases mutate anywhere (mostly refused by validation); half only the resource
      // configs, where a hand edit is most likely to pass validation and reach the rules.
      if (r() < 0.5) mutate(doc, r, 1 + Math.floor(r() * 3));
      else mutate(doc[pick(r, ["streams", "deliveryStreams", "consumers", "alarms"])], r, 1 + Math.floor(r() * 2));
      let text = JSON.stringify(doc);
      if (r() < 0.1) text = text.slice(0, Math.floor(r() * text.length));
      let snap;
      try {
        snap = parseSnapshot(text, `fuzz-${seed}.json`);
      } catch (e) {
        if (!(e instanceof SnapshotError)) throw new Error(`seed ${seed}: parseSnapshot threw ${String(e)}`);
        continue;
      }
      accepted++;
      try {
        const a = analyzeSnapshot(snap, defaultConfig());
        renderReports(a, { outDir: "fuzz-out" });
      } catch (e) {
        throw new Error(`seed ${seed}: an accepted snapshot crashed the analysis or the reports: ${(e as Error).stack ?? String(e)}`);
      }
    }
    // The mutations must leave some snapshots valid, or the analysis half of this test tests nothing.
    expect(accepted).toBeGreaterThanOrEqual(5);
  });
});

describe("Pulumi props", () => {
  const STREAM = "aws:kinesis/stream:Stream";
  const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
  const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
  const streamProps = () => ({ name: "orders", shardCount: 2, retentionPeriod: 168, encryptionType: "NONE", shardLevelMetrics: ["IncomingBytes"], streamModeDetails: { streamMode: "PROVISIONED" }, tags: { DataClassification: "pii", Tier: "critical" } });
  const firehoseProps = () => ({
    name: "to-redshift",
    destination: "redshift",
    kinesisSourceConfiguration: { kinesisStreamArn: "arn:aws:kinesis:us-east-1:1:stream/orders", roleArn: "r" },
    redshiftConfiguration: { roleArn: "r", clusterJdbcurl: "jdbc:x", username: "u", password: "p", dataTableName: "t", s3BackupMode: "Disabled", s3Configuration: { roleArn: "r", bucketArn: "b", bufferingSize: 1 }, processingConfiguration: { enabled: true, processors: [{ type: "Lambda", parameters: [{ parameterName: "LambdaArn", parameterValue: "arn" }] }] } },
    serverSideEncryption: { enabled: false },
    tags: { DataClassification: "pii" },
  });
  const alarmProps = () => ({ namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: "orders" }, metricQueries: [{ id: "m", metric: { namespace: "AWS/Kinesis", metricName: "IncomingRecords", dimensions: { StreamName: "orders" } } }] });

  it(`${SEEDS} mutated resource sets: the adapter and every rule run without throwing`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(5000 + seed);
      const resources = [
        { type: STREAM, name: "orders", props: streamProps() },
        { type: FIREHOSE, name: "to-redshift", props: firehoseProps() },
        { type: ALARM, name: "age", props: alarmProps() },
      ].map((x) => {
        mutate(x.props, r, Math.floor(r() * 5));
        return { type: x.type, name: x.name, urn: `urn:pulumi:dev::p::${x.type}::${x.name}`, props: r() < 0.05 ? pick(r, ODD_VALUES) : x.props };
      });
      try {
        const inv = inventoryFromPulumi(resources);
        evaluateInventory(inv, { configs: {}, pricing: (region) => pricingFor(region) });
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).stack ?? String(e)}\n${JSON.stringify(resources)}`);
      }
    }
  });
});
