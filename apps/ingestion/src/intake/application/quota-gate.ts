import { IngestionError, IngestionErrorCode } from '../../common/domain/ingestion.error';
import type { Agency, AgencyQuotas } from '../../directory/domain/agency';
import type { IngestInput } from './ingest-lines.use-case';
import { intakeMetrics } from './intake.metrics';

export type QuotaDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Per-agency events/s and bytes/s, enforced across every ingestion instance and every input. */
export abstract class QuotaGate {
  abstract take(
    agencyId: string,
    quotas: AgencyQuotas,
    cost: { events: number; bytes: number },
  ): Promise<QuotaDecision>;

  /**
   * Takes the cost from the agency's quota or throws quota_exceeded with the seconds after which
   * retrying makes sense: HTTP answers 429, a syslog stream stops reading, UDP drops and counts.
   */
  async admit(agency: Agency, input: IngestInput, cost: { events: number; bytes: number }): Promise<void> {
    const decision = await this.take(agency.id, agency.quotas, cost);
    if (decision.allowed) return;
    intakeMetrics.quotaRejections.inc({ agency: agency.id, input });
    throw new IngestionError(
      IngestionErrorCode.QuotaExceeded,
      `agency "${agency.id}" is over its quota (${agency.quotas.eventsPerSecond} events/s, ${agency.quotas.bytesPerSecond} bytes/s)`,
      { retry_after_seconds: decision.retryAfterSeconds },
      decision.retryAfterSeconds,
    );
  }
}
