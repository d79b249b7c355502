import { Inject, Injectable } from '@nestjs/common';
import { ALL_AGENCIES, type Actor, type AgencyScope } from '@vigil/auth';
import { SOC_ORGANIZATION_ID } from '@vigil/contracts';
import { AlertsError, AlertsErrorCode } from '../domain/alerts.error';
import type { QueueAlert, Versioned } from '../domain/queue-alert';
import { AlertChanges } from './alert-changes';
import { AlertQueueRepository } from './alert-queue.repository';

export interface MarkAlertsEscalatedCommand {
  readonly alertIds: readonly string[];
  readonly incidentId: string;
  /** The incident's agency; every alert must be that agency's ('*': SOC-only alerts only). */
  readonly organizationId: string;
  readonly actor: Actor;
  /** The scope of the person escalating (a hidden alert is "not found"); the service's own work: all. */
  readonly scope?: AgencyScope;
  readonly reason?: string;
}

/**
 * For the incidents context: marks alerts escalated to an incident (state `escalated`, holding the
 * incident id), audited and fed like any triage change. All or nothing as far as checks go: a
 * missing alert, one of another agency, or one closed or escalated elsewhere refuses the whole
 * call before anything is written. Escalating again to the same incident changes nothing.
 */
@Injectable()
export class MarkAlertsEscalatedUseCase {
  constructor(
    @Inject(AlertQueueRepository) private readonly repository: AlertQueueRepository,
    @Inject(AlertChanges) private readonly changes: AlertChanges,
  ) {}

  async execute(command: MarkAlertsEscalatedCommand): Promise<Versioned<QueueAlert>[]> {
    const ids = [...new Set(command.alertIds)];
    if (ids.length === 0) throw AlertsError.invalidRequest('alertIds', 'at least one alert');
    const scope = command.scope ?? ALL_AGENCIES;
    const found = await this.repository.getAlerts(ids, scope);
    const byId = new Map(found.map((alert) => [alert.value.alert.id, alert]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new AlertsError(AlertsErrorCode.AlertNotFound, `alerts not found: ${missing.join(', ')}`, {
        alert_ids: missing,
      });
    const foreign = found.filter((alert) => !belongsTo(alert.value, command.organizationId));
    if (foreign.length > 0)
      throw new AlertsError(
        AlertsErrorCode.AgencyMismatch,
        `alerts of another agency than the incident's ("${command.organizationId}"): ${foreign
          .map((alert) => alert.value.alert.id)
          .join(', ')}`,
        { alert_ids: foreign.map((alert) => alert.value.alert.id) },
      );
    const results = await this.changes.apply(
      found.map((current) => ({ current })),
      { kind: 'escalate', incidentId: command.incidentId, reason: command.reason },
      command.actor,
      scope,
    );
    const failed = results.flatMap((result) => (result.status === 'failed' ? [result] : []));
    // Checks above make this rare (a concurrent close): the caller learns which and why.
    if (failed.length > 0)
      throw new AlertsError(
        AlertsErrorCode.InvalidTransition,
        failed.map((result) => `${result.alertId}: ${result.error.message}`).join('; '),
        { alert_ids: failed.map((result) => result.alertId) },
      );
    return results.flatMap((result) => (result.status === 'failed' ? [] : [result.alert]));
  }
}

/** A SOC-only alert belongs only to a SOC incident; an agency alert to its agency's incidents. */
function belongsTo(alert: QueueAlert, organizationId: string): boolean {
  if (alert.alert.scope === 'soc') return organizationId === SOC_ORGANIZATION_ID;
  return alert.alert.organization.id === organizationId;
}
