import type { AgencyQuotas } from '../../directory/domain/agency';

export type QuotaDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Per-agency events/s and bytes/s, enforced across every ingestion instance. */
export abstract class QuotaGate {
  abstract take(
    agencyId: string,
    quotas: AgencyQuotas,
    cost: { events: number; bytes: number },
  ): Promise<QuotaDecision>;
}
