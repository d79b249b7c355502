import type { AgencyScope } from '@vigil/auth';
import type { NationalDelivery } from '../domain/national-delivery';

/** The national centre's endpoint: POSTs a signed JSON document over HTTPS. */
export abstract class NationalLink {
  /** True when an endpoint and a signing key are configured. */
  abstract readonly configured: boolean;
  abstract send(body: string, signature: string): Promise<{ status: number; body: unknown }>;
}

/** Signs what leaves for the national centre: a detached JWS over the exact body bytes. */
export abstract class ReportSigner {
  abstract sign(body: string): Promise<string>;
}

/** Deliveries waiting to be sent (a BullMQ queue: retried with backoff, survives restarts). */
export abstract class DeliveryQueue {
  abstract enqueue(deliveryId: string): Promise<void>;
}

/** The delivery log (Elasticsearch). */
export abstract class DeliveryLog {
  abstract get(id: string, scope: AgencyScope): Promise<NationalDelivery | undefined>;
  abstract put(delivery: NationalDelivery): Promise<void>;
}

/** A failure that retrying cannot fix (the centre refused the document): no more tries. */
export class PermanentDeliveryFailure extends Error {}

export const REQUIRE_ACKNOWLEDGEMENT = Symbol('vigil.incidents.require-acknowledgement');
