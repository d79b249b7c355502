import { Inject, Injectable } from '@nestjs/common';
import type { AlertV1 } from '@vigil/contracts';
import { receivedAlert } from '../domain/queue-alert';
import { AlertChanges } from './alert-changes';
import { AlertQueueRepository } from './alert-queue.repository';

/**
 * Alerts from detection into the queue, idempotently: an alert already stored (a redelivery) is
 * left as it is, so triage set by people is never overwritten; the items are recomputed for every
 * alert of the batch all the same, so a crash between the two steps heals on redelivery.
 */
@Injectable()
export class ReceiveAlertsUseCase {
  constructor(
    @Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
  ) {}

  /** Returns the alerts the store refused for good, by position in `alerts`, with why. */
  async execute(alerts: readonly AlertV1[]): Promise<{ failed: { index: number; reason: string }[] }> {
    const now = new Date();
    const received = alerts.map((alert) => receivedAlert(alert, now));
    const written = await this.repository.insertReceived(received);
    const refused = new Map(written.failed.map((failure) => [failure.alertId, failure.reason]));
    const stored = received.filter((alert) => !refused.has(alert.alert.id));
    if (stored.length > 0)
      await this.changes.afterChange(
        stored.map((value) => ({ value, version: '' })),
        'received',
        now,
      );
    return {
      failed: alerts.flatMap((alert, index) => {
        const reason = refused.get(alert.id);
        return reason === undefined ? [] : [{ index, reason }];
      }),
    };
  }
}
