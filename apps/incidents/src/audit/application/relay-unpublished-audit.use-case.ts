import { Inject, Injectable } from '@nestjs/common';
import type { StoredAuditEntry } from '../domain/audit-chain';
import { AuditLog } from './audit-log';
import { ChainedAuditTrail } from './chained-audit-trail';

/** Entries younger than this may still be on their way to Kafka from the instance that wrote them. */
export const RELAY_GRACE_MS = 30_000;
const RELAY_PAGE = 500;

/**
 * Publishes audit entries that were written but never reached Kafka (the writer crashed between
 * the two, or Kafka was down). Any instance may run it; a duplicate is harmless to consumers,
 * which de-duplicate by change id.
 */
@Injectable()
export class RelayUnpublishedAuditUseCase {
  constructor(
    @Inject(AuditLog) private readonly log: AuditLog,
    @Inject(ChainedAuditTrail) private readonly trail: ChainedAuditTrail,
  ) {}

  /** Returns how many entries were sent. */
  async execute(graceMs = RELAY_GRACE_MS): Promise<number> {
    let sent = 0;
    for (let after: StoredAuditEntry | undefined; ;) {
      const pending = await this.log.unpublished(graceMs, RELAY_PAGE, after);
      if (pending.length === 0 || !(await this.trail.publish(pending))) return sent;
      sent += pending.length;
      if (pending.length < RELAY_PAGE) return sent;
      after = pending.at(-1);
    }
  }
}
