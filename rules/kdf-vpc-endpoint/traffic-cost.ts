/**
 * kdf-vpc-endpoint with measured traffic (the live audit's deliveryTrafficCost hook): Firehose's own
 * writes do not pass through the customer's NAT gateway, so nothing is counted as a saving. The NAT
 * processing that producers would pay if they ran in that VPC and reached the service through a NAT
 * gateway (https://aws.amazon.com/vpc/pricing/) minus an interface endpoint's per-GB charge
 * (https://aws.amazon.com/privatelink/pricing/) is shown as a conditional figure
 * (`data.conditionalMonthlyUsd`, `data.conditionalOn`), never in `monthlyImpactUsd`; none when the
 * VPC has that service's interface endpoint.
 */
import type { DeliveryStreamConfig, Finding } from "../model";
import { GIB, usd, type Pricing } from "../pricing";

/** The Kinesis service a delivery stream's producers write to: Firehose directly, or the source stream. */
function producerService(d: DeliveryStreamConfig): { endpoint: string; producers: string } {
  return d.source.type === "KinesisStreamAsSource"
    ? { endpoint: "kinesis-streams", producers: "the producers of its source stream" }
    : { endpoint: "kinesis-firehose", producers: "its producers" };
}

export function vpcEndpointTrafficCost(f: Finding, d: DeliveryStreamConfig, bytes: number, pricing: Pricing): Finding {
  const gb = bytes / GIB;
  const vpcId = String(f.data?.vpcId ?? d.vpc?.vpcId ?? "");
  const present = Array.isArray(f.data?.interfaceEndpoints) ? (f.data.interfaceEndpoints as readonly unknown[]) : [];
  const { endpoint, producers } = producerService(d);
  const { monthlyImpactUsd: _claimed, ...rest } = f; // never a claimed saving: see the header
  if (present.includes(endpoint)) {
    return {
      ...rest,
      details: `${f.details} VPC ${vpcId} has a ${endpoint} interface endpoint, so producers in it reach the service without a NAT gateway.`,
      data: { ...f.data, monthlyGb: gb },
    };
  }
  const nat = gb * pricing.natGb;
  const viaEndpoint = gb * pricing.interfaceEndpointGb;
  const conditional = usd(Math.max(0, nat - viaEndpoint));
  const premise = `${producers} run in VPC ${vpcId} and reach ${endpoint} through a NAT gateway`;
  return {
    ...rest,
    details:
      `${f.details} Conditional, not counted in estimated savings: if ${premise}, its measured ${gb.toFixed(1)} GB/month costs about $${nat.toFixed(2)}/month of NAT processing; ` +
      `an interface endpoint (com.amazonaws.${String(d.region ?? "<region>")}.${endpoint}) would charge $${viaEndpoint.toFixed(2)}/month for the same bytes plus $${pricing.interfaceEndpointAzHour}/hour per AZ, so up to $${conditional.toFixed(2)}/month less.`,
    data: { ...f.data, monthlyGb: gb, natMonthlyUsd: usd(nat), conditionalMonthlyUsd: conditional, conditionalOn: premise },
  };
}
