/**
 * The snapshot's declaration (live-checks/snapshot.ts) describes the model objects it holds
 * structurally, in their JSON form, and types them as the model interfaces (rules/model.ts,
 * rules/metric-requests.ts) the policy pack shares. This file does not compile (npx tsc) when a
 * declaration and its interface disagree: each declaration's static type must be exactly the
 * interface's JSON form - what JSON.stringify writes of a collected object (no UNKNOWN: the AWS
 * adapter never produces it; a field that may be undefined is an optional key).
 */
import type { Static } from "@sinclair/typebox";
import { describe, expectTypeOf, it } from "vitest";
import type { AlarmConfig, ConsumerConfig, DeliveryStreamConfig, StreamConfig, Unknown, VpcEndpointConfig } from "../../rules/model";
import type { MetricSeries } from "../../rules/metric-requests";
import { MODEL_SCHEMAS, type Snapshot } from "../../live-checks/snapshot";

/** Keys of T whose value may be undefined (optional, or `| undefined`): absent in the JSON. */
type MaybeAbsent<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type Flat<T> = { [K in keyof T]: T[K] };
/** A model type as its JSON: UNKNOWN left out, possibly-undefined keys optional, everything read-only. */
type JsonForm<T> = T extends Unknown
  ? never
  : T extends readonly (infer U)[]
    ? readonly JsonForm<U>[]
    : T extends object
      ? Flat<
          { readonly [K in Exclude<keyof T, MaybeAbsent<T>>]: JsonForm<T[K]> } & {
            readonly [K in MaybeAbsent<T>]?: JsonForm<Exclude<T[K], undefined>>;
          }
        >
      : T;
/** A declaration's static type, read-only like the interfaces. */
type Frozen<T> = T extends (infer U)[] ? readonly Frozen<U>[] : T extends object ? Flat<{ readonly [K in keyof T]: Frozen<T[K]> }> : T;
type Declared<K extends keyof typeof MODEL_SCHEMAS> = Frozen<Static<(typeof MODEL_SCHEMAS)[K]>>;

describe("the snapshot's model declarations agree with the model interfaces (compile-time)", () => {
  it("stream, consumer, delivery stream, alarm, VPC endpoint, metric series", () => {
    expectTypeOf<Declared<"stream">>().toEqualTypeOf<JsonForm<StreamConfig>>();
    expectTypeOf<Declared<"consumer">>().toEqualTypeOf<JsonForm<ConsumerConfig>>();
    expectTypeOf<Declared<"deliveryStream">>().toEqualTypeOf<JsonForm<DeliveryStreamConfig>>();
    expectTypeOf<Declared<"alarm">>().toEqualTypeOf<JsonForm<AlarmConfig>>();
    expectTypeOf<Declared<"vpcEndpoint">>().toEqualTypeOf<JsonForm<VpcEndpointConfig>>();
    expectTypeOf<Declared<"metricSeries">>().toEqualTypeOf<JsonForm<MetricSeries>>();
  });

  it("the Snapshot type holds them as the model interfaces", () => {
    expectTypeOf<Snapshot["streams"]>().toEqualTypeOf<readonly StreamConfig[]>();
    expectTypeOf<Snapshot["consumers"]>().toEqualTypeOf<readonly ConsumerConfig[]>();
    expectTypeOf<Snapshot["deliveryStreams"]>().toEqualTypeOf<readonly DeliveryStreamConfig[]>();
    expectTypeOf<Snapshot["alarms"]>().toEqualTypeOf<readonly AlarmConfig[]>();
    expectTypeOf<Snapshot["vpcEndpoints"]>().toEqualTypeOf<readonly VpcEndpointConfig[]>();
    expectTypeOf<Snapshot["metrics"]>().toEqualTypeOf<readonly MetricSeries[]>();
  });
});
