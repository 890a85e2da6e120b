/** P3's stack builder: copies must be independent (unique URNs and names, references kept within a copy). */
import { describe, expect, it } from "vitest";
import { buildStack, typeBreakdown } from "../../bench/p3-stack";
import type { CapturedProgram, CapturedResource } from "../../test/harness/captured";

const P = "urn:pulumi:dev::ex::";
function res(type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, string[]> = {}): CapturedResource {
  return {
    type,
    name,
    urn: `${P}${type}::${name}`,
    custom: true,
    dependencies: [...new Set(Object.values(deps).flat())],
    propertyDependencies: deps,
    inputs,
    plainInputs: inputs,
    secretPaths: [],
    outputs: { ...inputs, arn: `arn:aws:kinesis:us-east-1:1:stream/${String(inputs.name)}` },
  };
}

const STREAM = "aws:kinesis/stream:Stream";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const program: CapturedProgram = {
  program: "fake",
  resources: [
    res(STREAM, "orders", { name: "orders", tags: { Tier: "tier-1" } }),
    res(STREAM, "orders-replica", { name: "orders-replica", tags: { ReplicaOf: "orders" } }),
    res(ALARM, "orders-age", { namespace: "AWS/Kinesis", dimensions: { StreamName: "orders" }, alarmActions: ["arn:aws:sns:us-east-1:1:orders"] }, {
      dimensions: [`${P}${STREAM}::orders`],
    }),
    res(ENDPOINT, "s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3" }),
  ],
};

describe("buildStack", () => {
  it("makes exactly `size` resources with unique URNs and names, cutting the last copy short", () => {
    const stack = buildStack([program, program], 10);
    expect(stack).toHaveLength(10);
    expect(new Set(stack.map((r) => r.urn)).size).toBe(10);
    expect(typeBreakdown(stack)).toEqual({ [STREAM]: 6, [ALARM]: 2, [ENDPOINT]: 2 });
    const streamNames = stack.filter((r) => r.type === STREAM).map((r) => r.inputs.name);
    expect(new Set(streamNames).size).toBe(streamNames.length);
  });

  it("renames references inside a copy consistently and leaves unrelated strings alone", () => {
    const stack = buildStack([program], 8);
    const second = stack.slice(4);
    const [orders, replica, alarm, endpoint] = second as [CapturedResource, CapturedResource, CapturedResource, CapturedResource];
    expect(orders.inputs.name).toBe("orders-a1");
    expect(orders.outputs.arn).toBe("arn:aws:kinesis:us-east-1:1:stream/orders-a1");
    // The replica's own name wins over the shorter "orders" in its ARN.
    expect(replica.outputs.arn).toBe("arn:aws:kinesis:us-east-1:1:stream/orders-replica-a1");
    expect(replica.inputs.tags).toEqual({ ReplicaOf: "orders-a1" });
    expect(alarm.inputs.dimensions).toEqual({ StreamName: "orders-a1" });
    expect(alarm.propertyDependencies.dimensions).toEqual([orders.urn]);
    expect(alarm.dependencies).toEqual([orders.urn]);
    // Any ARN segment equal to a stream name is renamed too (harmless: consistent within the copy).
    expect(alarm.inputs.alarmActions).toEqual(["arn:aws:sns:us-east-1:1:orders-a1"]);
    expect(endpoint.inputs.vpcId).toBe("vpc-1-a1");
    expect(endpoint.inputs.serviceName).toBe("com.amazonaws.us-east-1.s3");
    expect(orders.inputs.tags).toEqual({ Tier: "tier-1" });
  });

  it("refuses programs without resources instead of looping", () => {
    expect(() => buildStack([{ program: "empty", resources: [] }], 5)).toThrow(/no resources/);
  });
});
