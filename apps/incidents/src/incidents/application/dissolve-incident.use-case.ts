import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@vigil/auth';
import type { Incident } from '../domain/incident';
import { IncidentsError, IncidentsErrorCode } from '../domain/incidents.error';
import { authorOf, IncidentChanges } from './incident-changes';
import { isAgencyStaff } from './incident-view';

/**
 * Undoes an automatic grouping as a whole: an incident a grouping rule created is dissolved (kept
 * for the record, out of lists and of grouping), its alerts released so no rule regroups them.
 * Only incidents the rules made; others leave through the workflow (not an incident, duplicate).
 */
@Injectable()
export class DissolveIncidentUseCase {
  constructor(@Inject(IncidentChanges) private readonly changes: IncidentChanges) {}

  async execute(
    id: string,
    command: { version: number; reason: string },
    principal: Principal,
  ): Promise<Incident> {
    const author = authorOf(principal);
    return this.changes.apply(id, author, command.version, (incident, now) => {
      if (isAgencyStaff(principal)) throw IncidentsError.forbidden('only the SOC dissolves incidents');
      if (incident.source !== 'grouping')
        throw new IncidentsError(
          IncidentsErrorCode.NotDissolvable,
          `incident "${id}" was not made by a grouping rule; close it through the workflow instead`,
        );
      incident.releasedAlertIds.push(...incident.linkedAlerts.map((link) => link.id));
      incident.linkedAlerts = [];
      incident.groupingKeys = [];
      incident.dissolved = { at: now.toISOString(), by: author.actor, reason: command.reason };
      return { action: 'dissolved', reason: command.reason };
    });
  }
}
