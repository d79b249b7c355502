import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import type { Incident } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { authorOf, IncidentChanges } from './incident-changes';
import { isAgencyStaff } from './incident-view';

/**
 * Undoes a grouping (or a mistaken escalation) for one alert: the alert leaves the incident and is
 * remembered as released, so redelivery or a later alert never puts it back by rule.
 */
@Injectable()
export class UnlinkAlertUseCase {
  constructor(@Inject(IncidentChanges) private readonly changes: IncidentChanges) {}

  async execute(
    id: string,
    alertId: string,
    command: { version: number; reason: string },
    principal: Principal,
  ): Promise<Incident> {
    return this.changes.apply(id, authorOf(principal), command.version, (incident) => {
      if (isAgencyStaff(principal)) throw IncidentsError.forbidden('only the SOC unlinks alerts');
      const link = incident.linkedAlerts.find((l) => l.id === alertId);
      if (!link)
        throw new IncidentsError(
          IncidentsErrorCode.AlertNotFound,
          `alert "${alertId}" is not linked to "${id}"`,
        );
      incident.linkedAlerts = incident.linkedAlerts.filter((l) => l.id !== alertId);
      incident.releasedAlertIds.push(alertId);
      const rule = link.grouping ? ` (grouped by rule "${link.grouping.rule}")` : '';
      return { action: 'alert-unlinked', reason: `alert ${alertId}${rule}: ${command.reason}` };
    });
  }
}
