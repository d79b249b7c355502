import { Inject, Injectable } from '@nestjs/common';
import type { AgencyScope } from '@vigil/auth';
import { AlertsError } from '../domain/alerts.error';
import type { QueueAlert, Versioned } from '../domain/queue-alert';
import { AlertQueueRepository } from './alert-queue.repository';

export const MAX_ALERTS_BY_IDS = 1000;

/**
 * For the incidents context (and the queue API): the alerts among `ids` a scope may see. Alerts
 * that do not exist and alerts the scope hides are both simply absent (listed in `missing`), so a
 * caller cannot tell one from the other.
 */
@Injectable()
export class GetAlertsByIdsUseCase {
  constructor(@Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository) {}

  async execute(query: {
    ids: readonly string[];
    scope: AgencyScope;
  }): Promise<{ alerts: Versioned<QueueAlert>[]; missing: string[] }> {
    const ids = [...new Set(query.ids)];
    if (ids.length > MAX_ALERTS_BY_IDS)
      throw AlertsError.invalidRequest('ids', `at most ${MAX_ALERTS_BY_IDS} alerts at a time`);
    const alerts = ids.length === 0 ? [] : await this.repository.getAlerts(ids, query.scope);
    const found = new Set(alerts.map((alert) => alert.value.alert.id));
    return { alerts, missing: ids.filter((id) => !found.has(id)) };
  }
}
