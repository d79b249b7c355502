import { Inject, Injectable } from '@nestjs/common';
import type { AlertV1 } from '@vigil/contracts';
import { ALL_AGENCIES } from '@vigil/auth';
import { mergeRepeat, receivedAlert } from '../domain/queue-alert';
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
    await this.mergeRepeats(alerts.filter((alert) => (alert.count ?? 1) > 1 && !refused.has(alert.id)));
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

  /**
   * Repeats folded into an alert by detection's suppression arrive as the same alert with a higher
   * count: the stored one (already there, perhaps triaged) takes the count, written only if no one
   * changed it meanwhile, else read again and merged again.
   */
  private async mergeRepeats(repeats: readonly AlertV1[]): Promise<void> {
    let pending = latestPerId(repeats);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MERGE_ATTEMPTS)
        throw new Error(`alert repeats still contended after ${MERGE_ATTEMPTS} attempts`);
      const stored = await this.repository.getAlerts(
        pending.map((alert) => alert.id),
        ALL_AGENCIES,
      );
      const merges = stored.flatMap((current) => {
        const delivered = pending.find((alert) => alert.id === current.value.alert.id);
        const merged = delivered === undefined ? undefined : mergeRepeat(current.value, delivered);
        return merged === undefined ? [] : [{ alert: merged, version: current.version }];
      });
      const versions = await this.repository.saveAlerts(merges);
      const lost = new Set(
        merges.filter((_, index) => versions[index] === undefined).map((merge) => merge.alert.alert.id),
      );
      pending = pending.filter((alert) => lost.has(alert.id));
    }
  }
}

const MERGE_ATTEMPTS = 5;

/** Of several deliveries of one alert in a batch, the one with the highest count. */
function latestPerId(alerts: readonly AlertV1[]): AlertV1[] {
  const byId = new Map<string, AlertV1>();
  for (const alert of alerts) {
    const seen = byId.get(alert.id);
    if (seen === undefined || (alert.count ?? 1) > (seen.count ?? 1)) byId.set(alert.id, alert);
  }
  return [...byId.values()];
}
