/** aws:ec2/vpcEndpoint:VpcEndpoint props -> VpcEndpointConfig (vpcEndpointType defaults to Gateway). */
import type { VpcEndpointConfig } from "../../rules/model";
import { toPlain } from "./plain";
import { at, orDefault, str } from "./read";
import { depsOf, type PulumiResource } from "./resource";
import { regionOf } from "./stream";

export function vpcEndpointFromPulumi(r: PulumiResource): VpcEndpointConfig {
  const { props } = toPlain(r.props);
  const req = <T>(v: T | undefined, def: T): T => (v === undefined ? def : v);
  return {
    kind: "vpcEndpoint",
    id: { ref: r.urn, displayName: r.name, type: r.type },
    vpcId: req(str(at(props, "vpcId")), ""),
    serviceName: req(str(at(props, "serviceName")), ""),
    endpointType: orDefault(str(at(props, "vpcEndpointType")), "Gateway"),
    region: regionOf(str(at(props, "region")), r.providerRegion, str(at(props, "arn"))),
    dependsOn: depsOf(r, "vpcId"),
  };
}
