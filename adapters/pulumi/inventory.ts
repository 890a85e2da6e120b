/** A whole stack's resources -> Inventory (one pass; resources of other types are ignored). */
import type { Inventory, StreamConfig, ConsumerConfig, DeliveryStreamConfig, AlarmConfig, VpcEndpointConfig } from "../../rules/model";
import { alarmFromPulumi } from "./alarm";
import { consumerFromPulumi } from "./consumer";
import { deliveryStreamFromPulumi } from "./firehose";
import { TYPES, type PulumiResource } from "./resource";
import { streamFromPulumi } from "./stream";
import { vpcEndpointFromPulumi } from "./vpc-endpoint";

export function inventoryFromPulumi(resources: Iterable<PulumiResource>): Inventory {
  const streams: StreamConfig[] = [];
  const consumers: ConsumerConfig[] = [];
  const deliveryStreams: DeliveryStreamConfig[] = [];
  const alarms: AlarmConfig[] = [];
  const vpcEndpoints: VpcEndpointConfig[] = [];
  for (const r of resources) {
    switch (r.type) {
      case TYPES.stream:
        streams.push(streamFromPulumi(r));
        break;
      case TYPES.consumer:
        consumers.push(consumerFromPulumi(r));
        break;
      case TYPES.deliveryStream:
        deliveryStreams.push(deliveryStreamFromPulumi(r));
        break;
      case TYPES.alarm:
        alarms.push(alarmFromPulumi(r));
        break;
      case TYPES.vpcEndpoint:
        vpcEndpoints.push(vpcEndpointFromPulumi(r));
        break;
    }
  }
  return { streams, consumers, deliveryStreams, alarms, vpcEndpoints };
}
