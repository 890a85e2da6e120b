/**
 * kds-alarms: every stream needs alarms on iterator age and write throttling
 * (namespace AWS/Kinesis, dimension StreamName;
 * https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html).
 * One finding per stream listing the missing metrics, most important first.
 */
import type { Finding, Inventory } from "../model";
import type { RuleContext } from "../types";
import { finding, judged } from "../static/finding";
import { AlarmIndex } from "./alarm-index";

const ID = "kds-alarms";

/** Recommended alarm per metric (statistic, threshold, period) for the remediation text. */
const RECOMMENDED: Readonly<Record<string, string>> = {
  "GetRecords.IteratorAgeMilliseconds": "Maximum > 60000 ms over 5 min",
  WriteProvisionedThroughputExceeded: "Sum > 0 over 5 min",
  ReadProvisionedThroughputExceeded: "Sum > 0 over 5 min",
};

export function kdsAlarms(inv: Inventory, { config }: RuleContext): Finding[] {
  const required = (config.requiredMetrics ?? []) as string[];
  const index = new AlarmIndex(inv.alarms, (ns, name) => (ns === "AWS/Kinesis" ? name : undefined), { targets: new Set(inv.streams.map((s) => s.id.ref)) });
  const out: Finding[] = [];
  for (const s of inv.streams) {
    if (!judged(ID, s.name, s.tags, config)) continue;
    const states = required.map((m) =>
      index.coverage({ region: s.region, namespace: "AWS/Kinesis", metricKey: m, dimensionName: "StreamName", name: s.name, ref: s.id.ref }),
    );
    if (states.includes("unknown")) continue;
    const missing = required.filter((_, i) => states[i] === "missing");
    if (missing.length === 0) continue;
    out.push(
      finding(ID, {
        resource: s.id,
        property: "CloudWatch alarms (AWS/Kinesis, StreamName)",
        found: `no alarm on ${missing.join(", ")}`,
        expected: `alarms on ${required.join(", ")}`,
        details: `Stream "${s.id.displayName}" has no CloudWatch alarm on ${missing.join(" or ")}; consumers falling behind or producers being throttled go unnoticed.`,
        remediation:
          "Add aws.cloudwatch.MetricAlarm resources with namespace AWS/Kinesis and dimensions { StreamName: stream.name }: " +
          missing.map((m) => `${m} (${RECOMMENDED[m] ?? "a threshold that fits"})`).join("; ") +
          ".",
        data: { missingMetrics: missing },
      }),
    );
  }
  return out;
}
