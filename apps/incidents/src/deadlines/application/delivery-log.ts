import type { AgencyScope } from '@vigil/auth';

export type DeliveryChannel = 'webhook' | 'email';

/** One attempt to deliver a breach on one channel. */
export interface DeliveryAttempt {
  readonly deliveryId: string;
  readonly channel: DeliveryChannel;
  readonly deadlineId: string;
  readonly organizationId: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'failed' | 'gave-up';
  /** The HTTP status or message id on success, the error otherwise. */
  readonly detail: string;
}

/** The delivery log (Elasticsearch): every attempt, for whoever asks why a page never came. */
export abstract class DeliveryLog {
  abstract record(attempt: DeliveryAttempt): Promise<void>;
  /** A deadline's attempts in order, within the scope (none outside it). */
  abstract forDeadline(deadlineId: string, scope: AgencyScope): Promise<DeliveryAttempt[]>;
}
