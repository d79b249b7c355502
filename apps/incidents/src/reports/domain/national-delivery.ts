import type { Actor } from '@vigil/auth';
import type { ReportKind } from './report';

/** One try at handing a report to the national centre. */
export interface DeliveryAttempt {
  at: string;
  outcome: 'delivered' | 'retry' | 'refused';
  httpStatus?: number;
  error?: string;
}

/**
 * A report's way to the national centre (layer 4): queued by a person, sent (signed) by a worker
 * with retries, and acknowledged by the centre (in its answer, or recorded later by the liaison).
 */
export interface NationalDelivery {
  /** The report's id: one delivery per report, sent again only after it failed. */
  id: string;
  reportId: string;
  incidentId: string;
  agencyId: string;
  kind: ReportKind;
  status: 'queued' | 'delivered' | 'failed';
  queuedAt: string;
  queuedBy: Actor;
  deliveredAt?: string;
  attempts: DeliveryAttempt[];
  acknowledged?: { at: string; reference?: string; by?: Actor };
}

/** Attempts kept per delivery: enough to read an outage, bounded however long it lasts. */
export const MAX_ATTEMPTS_KEPT = 50;

/** What the national centre's answer may say: that it has the report, under its own reference. */
export function acknowledgementOf(body: unknown): { reference?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const answer = body as { acknowledged?: unknown; reference?: unknown };
  if (answer.acknowledged !== true) return undefined;
  return typeof answer.reference === 'string' ? { reference: answer.reference.slice(0, 200) } : {};
}
