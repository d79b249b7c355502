import { Inject, Injectable } from '@nestjs/common';
import type { AgencyScope } from '@vigil/auth';
import { GetAlertsByIdsUseCase } from '../../alerts/application/get-alerts-by-ids.use-case';
import { MarkAlertsEscalatedUseCase } from '../../alerts/application/mark-alerts-escalated.use-case';
import { AlertsError, AlertsErrorCode } from '../../alerts/domain/alerts.error';
import {
  AlertEscalation,
  AlertNotInQueueYet,
  type EscalationAlert,
  type MarkEscalated,
} from '../application/alert-escalation';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';

/** The queue's answers that mean "these alerts cannot be escalated to this incident". */
const REFUSALS: ReadonlySet<string> = new Set([
  AlertsErrorCode.AgencyMismatch,
  AlertsErrorCode.InvalidTransition,
  AlertsErrorCode.InvalidRequest,
  AlertsErrorCode.ItemNotFound,
]);

/**
 * AlertEscalation on the alerts context's own use cases (the alert queue in this service):
 * reading by ids within a scope, and marking escalated. Its refusals become incidents' errors.
 */
@Injectable()
export class QueueAlertEscalation extends AlertEscalation {
  constructor(
    @Inject(GetAlertsByIdsUseCase) private readonly getAlerts: GetAlertsByIdsUseCase,
    @Inject(MarkAlertsEscalatedUseCase) private readonly markAlerts: MarkAlertsEscalatedUseCase,
  ) {
    super();
  }

  async readAlerts(
    ids: readonly string[],
    scope: AgencyScope,
  ): Promise<{ alerts: EscalationAlert[]; missing: string[] }> {
    const { alerts, missing } = await this.getAlerts.execute({ ids, scope });
    return {
      alerts: alerts.map(({ value }) => ({
        alert: value.alert,
        state: value.triage.state,
        ...(value.triage.incidentId === undefined ? {} : { incidentId: value.triage.incidentId }),
      })),
      missing,
    };
  }

  async markEscalated(command: MarkEscalated): Promise<void> {
    try {
      await this.markAlerts.execute({
        alertIds: command.alertIds,
        incidentId: command.incidentId,
        organizationId: command.organizationId,
        actor: command.actor,
        ...(command.scope === undefined ? {} : { scope: command.scope }),
        ...(command.reason === undefined ? {} : { reason: command.reason }),
      });
    } catch (error) {
      if (!(error instanceof AlertsError)) throw error;
      if (error.code === AlertsErrorCode.AlertNotFound) {
        // Grouping reads the same topic as the queue and may be ahead of it.
        if (command.scope === undefined) throw new AlertNotInQueueYet(error.message);
        throw new IncidentsError(IncidentsErrorCode.AlertNotFound, error.message, {
          field: 'alert_ids',
          ...error.details,
        });
      }
      if (error.code === AlertsErrorCode.ConcurrentChange)
        throw new IncidentsError(IncidentsErrorCode.VersionConflict, error.message, {
          field: 'alert_ids',
          ...error.details,
        });
      if (REFUSALS.has(error.code)) throw IncidentsError.invalid('alert_ids', error.message);
      // Anything else (the queue's store unavailable …) is transient: the caller retries.
      throw error;
    }
  }
}
